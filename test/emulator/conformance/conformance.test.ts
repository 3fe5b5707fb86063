/**
 * The emulator against Rekognition's official service model, for every operation it implements: its input shapes
 * are the model's, a request breaking any input constraint is a ValidationException (whether or not the resource it
 * names exists), and every successful answer fits the model's output shape.
 */
import { OPERATION_NAMES } from '../../../local/emulator/operations/registry';
import { INPUT_SHAPES } from '../../../local/emulator/operations/input-shapes';
import { rawCall, startTestEmulator, stopTestEmulator, type TestEmulator } from '../emulator-test-kit';
import { boundaryProbes } from './boundary-probes';
import { modelProblems, type Probe, probesFor } from './model-probes';
import { outputProblems } from './output-check';
import { loadServiceModel, type ServiceModel } from './service-model';
import { shapeDifferences } from './shape-diff';
import { MISSING_RESOURCES, VALID_REQUESTS, WORLD } from './valid-requests';

/** Answers that refuse a request for its parameters (as opposed to the state of what it names). */
const REFUSALS = new Set([
  'ValidationException',
  'SerializationException',
  'InvalidParameterException',
  'ImageTooLargeException',
]);
/** Where the emulator refuses what the model allows, on purpose (local/emulator/README.md, known differences). */
const KNOWN_STRICTER = new Set([
  'ListCollections MaxResults: exactly min 0',
  'ListFaces MaxResults: exactly min 0',
  ...['CreateCollection', 'TagResource', 'CreateProject', 'CreateProjectVersion'].map(
    (name) => `${name} Tags: exactly 200 entries`,
  ),
]);

const source = loadServiceModel();
if (!source.model) {
  console.warn(`SKIPPED: the emulator conformance test needs Rekognition's service model: ${source.reason}`);
}
// Skipped, visibly, on a machine without the model: there is nothing to conform to.
const describeWithModel = source.model ? describe : describe.skip;

describeWithModel('emulator: conformance to the Rekognition service model', () => {
  const model = source.model as ServiceModel;
  const operation = (name: string) => {
    const found = model.operations[name];
    if (!found?.input || !found.output) throw new Error(`the model has no input/output for ${name}`);
    return { input: found.input.shape, output: found.output.shape };
  };
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator({ seed: WORLD });
  });
  afterAll(() => stopTestEmulator(test));

  it('has a valid request, valid by the model, for every operation the emulator implements', () => {
    expect(VALID_REQUESTS.map(([name]) => name).sort()).toEqual(OPERATION_NAMES);
    const problems = VALID_REQUESTS.flatMap(([name, request]) =>
      modelProblems(model, operation(name).input, request).map((problem) => `${name} ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('transcribes every input shape from the model: members, required, min, max, pattern, enum', () => {
    const differences = OPERATION_NAMES.flatMap((name) => {
      const shape = INPUT_SHAPES[name];
      return shape ? shapeDifferences(model, operation(name).input, shape, name) : [`${name}: no input shape`];
    });
    expect(differences).toEqual([]);
  });

  it('answers every valid request with a body that fits the output shape', async () => {
    const problems: string[] = [];
    for (const [name, request] of VALID_REQUESTS) {
      const answer = await rawCall(test.emulator, `RekognitionService.${name}`, JSON.stringify(request));
      if (answer.status !== 200) problems.push(`${name}: ${answer.status} ${JSON.stringify(answer.json)}`);
      else problems.push(...outputProblems(model, operation(name).output, answer.json, name));
    }
    expect(problems).toEqual([]);
  });

  it('refuses every request breaking an input constraint with ValidationException, resource present or not', async () => {
    const mismatches: string[] = [];
    let sent = 0;
    const send = async (name: string, probe: Probe, variant: string) => {
      sent++;
      const answer = await rawCall(test.emulator, `RekognitionService.${name}`, JSON.stringify(probe.request));
      const message = String(answer.json.Message ?? '');
      const namesMember = new RegExp(`['.]${probe.member}'`).test(message);
      if (answer.status !== 400 || answer.json.__type !== 'ValidationException' || !namesMember) {
        mismatches.push(`${name} ${probe.label} (${variant}): ${answer.status} ${answer.json.__type} ${message}`);
      }
    };
    const unprobed: string[] = [];
    for (const [name, request] of VALID_REQUESTS) {
      const missing = { ...request };
      for (const member of Object.keys(MISSING_RESOURCES)) {
        if (member in missing) missing[member] = MISSING_RESOURCES[member];
      }
      for (const [variant, base] of [
        ['resource present', request],
        ['resource missing', missing],
      ] as const) {
        const generated = probesFor(model, operation(name).input, base);
        unprobed.push(...generated.unprobed.map((entry) => `${name} ${entry.label}: ${entry.reason}`));
        for (const probe of generated.probes) await send(name, probe, variant);
      }
    }
    expect(unprobed).toEqual([]);
    expect(mismatches).toEqual([]);
    // A floor, so that a generator that stopped generating cannot pass unnoticed.
    expect(sent).toBeGreaterThan(300);
  });

  it('accepts every value and size exactly at a limit of the model', async () => {
    const refused: string[] = [];
    let sent = 0;
    for (const [name, request] of VALID_REQUESTS) {
      for (const probe of boundaryProbes(model, operation(name).input, request)) {
        sent++;
        const answer = await rawCall(test.emulator, `RekognitionService.${name}`, JSON.stringify(probe.request));
        const label = `${name} ${probe.label}`;
        if (REFUSALS.has(String(answer.json.__type)) && !KNOWN_STRICTER.has(label)) {
          refused.push(`${label}: ${String(answer.json.__type)} ${String(answer.json.Message)}`);
        }
      }
    }
    expect(refused).toEqual([]);
    expect(sent).toBeGreaterThan(60);
  });
});

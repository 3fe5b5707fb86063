import { quotasFromEnv, TPS_QUOTAS_VARIABLE, type TpsQuotas } from '../../../lambdas/core/rates/quotas';
import { type RunningEmulator, startEmulator } from '../../../local/emulator';
import { runWorkflow } from '../../../local/runner';
import { cachedTemplate } from '../../support/cached-template';

/** The stack the suites run has `rekognitionTps: {'*': 50}`: the option must replace it, in the handlers. */
const JOB = { dryRun: true, collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: { collections: [{ id: 'tmp-a' }] } });
});
afterAll(() => emulator.close());

async function quotasSeenByPlan(rekognitionTps?: Record<string, number>): Promise<TpsQuotas[]> {
  const seen: TpsQuotas[] = [];
  const run = await runWorkflow({
    job: JOB,
    template: cachedTemplate(),
    rekognitionEndpoint: emulator.url,
    rekognitionTps,
    hooks: {
      beforeInvoke(call) {
        if (call.stateName === 'Plan') seen.push(quotasFromEnv());
      },
    },
  });
  expect(run.status).toBe('SUCCEEDED');
  return seen;
}

test("without the option, the handlers read the stack's quotas", async () => {
  expect(await quotasSeenByPlan()).toEqual([{ default: 50, perOperation: {} }]);
});

test('rekognitionTps replaces them for the run, and the environment is restored after it', async () => {
  const before = process.env.REKOGNITION_TPS;
  expect(await quotasSeenByPlan({ '*': 3, DeleteFaces: 1.5 })).toEqual([
    { default: 3, perOperation: { DeleteFaces: 1.5 } },
  ]);
  expect(process.env.REKOGNITION_TPS).toBe(before);
});

test('without *, every operation not named gets the default rate, as with the stack setting', async () => {
  expect(await quotasSeenByPlan({ ListFaces: 2 })).toEqual([{ default: 5, perOperation: { ListFaces: 2 } }]);
});

test('a rate the handlers would refuse fails before the run', async () => {
  await expect(quotasSeenByPlan({ DeleteFaces: 0 })).rejects.toThrow(/invalid TPS quota/);
});

test("each invocation sees its function's variables in scope, never merged into process.env", async () => {
  const seenInProcessEnv: (string | undefined)[] = [];
  const run = await runWorkflow({
    job: JOB,
    template: cachedTemplate(),
    rekognitionEndpoint: emulator.url,
    rekognitionTps: { '*': 3 },
    hooks: {
      beforeInvoke(call) {
        if (call.stateName === 'Plan') seenInProcessEnv.push(process.env[TPS_QUOTAS_VARIABLE]);
      },
    },
  });
  expect(run.status).toBe('SUCCEEDED');
  expect(seenInProcessEnv).toEqual([undefined]);
});

import { parseArgs } from 'node:util';
import { ParsedArgs } from '../../../lib/cli/args';
import { jobTargetFrom } from '../../../lib/cli/job-target';
import { parseRekognitionTps } from '../../../lib/cli/rekognition-tps';
import { cliHarness, jobFile, RETENTION_JOB, STATE_MACHINE_ARN } from './support/cli-harness';

const cli = cliHarness();
beforeEach(() => cli.reset());

describe('--rekognition-tps', () => {
  test("parses the emulator's --tps syntax, '*' included", () => {
    expect(parseRekognitionTps('DeleteFaces=5,ListFaces=2.5,*=10')).toEqual({
      DeleteFaces: 5,
      ListFaces: 2.5,
      '*': 10,
    });
  });

  test.each(['', 'DeleteFaces', 'DeleteFaces=', 'DeleteFaces=0', 'DeleteFaces=-1', 'DeleteFaces=abc', 'x=1', 'A=1=2'])(
    'refuses %j',
    (text) => {
      expect(() => parseRekognitionTps(text)).toThrow(/--rekognition-tps expects Operation=n pairs/);
    },
  );

  test('refuses an operation given twice and an infinite rate', () => {
    expect(() => parseRekognitionTps('DeleteFaces=1,DeleteFaces=2')).toThrow('gives DeleteFaces twice');
    expect(() => parseRekognitionTps('*=Infinity')).toThrow(/expects Operation=n/);
  });

  test('reaches the local target that run-local hands to the runner', () => {
    const options = { 'rekognition-tps': { type: 'string' as const }, 'history-out': { type: 'string' as const } };
    const { values } = parseArgs({
      args: ['--rekognition-tps', '*=3,DeleteFaces=1', '--history-out', 'h.json'],
      options,
    });
    expect(jobTargetFrom(new ParsedArgs(values, []))).toMatchObject({
      kind: 'local',
      rekognitionTps: { '*': 3, DeleteFaces: 1 },
      historyOut: 'h.json',
    });
  });

  test.each([
    ['run', '--input', jobFile(RETENTION_JOB)],
    ['plan', '--input', jobFile(RETENTION_JOB)],
    ['erase', '--user-id', 'u-1'],
  ])('%s: a bad value is one line on stderr and exit code 2, before anything runs', async (...command) => {
    const result = await cli.run([
      ...command,
      '--rekognition-endpoint',
      'http://127.0.0.1:1',
      '--rekognition-tps',
      'DeleteFaces=fast',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'rekognition-cleanup: --rekognition-tps expects Operation=n pairs separated by commas, each n above 0 (e.g. DeleteFaces=5,*=10), got "DeleteFaces=fast"',
    ]);
    expect(result.stdout).toBe('');
    expect(cli.awsCalls()).toBe(0);
  });
});

describe('local-only options on a deployed run', () => {
  test.each([
    ['run', '--rekognition-tps', '*=5'],
    ['plan', '--history-out', 'history.json'],
    ['run', '--history-out', 'history.json'],
  ])('%s %s is a usage error', async (command, option, value) => {
    const result = await cli.run([
      command,
      '--input',
      jobFile(RETENTION_JOB),
      '--state-machine-arn',
      STATE_MACHINE_ARN,
      option,
      value,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${option} applies to local runs only`);
    expect(cli.awsCalls()).toBe(0);
  });

  test('erase --history-out on a deployed run is a usage error too (local erasures take it)', async () => {
    const result = await cli.run([
      'erase',
      '--user-id',
      'u-1',
      '--state-machine-arn',
      STATE_MACHINE_ARN,
      '--history-out',
      'history.json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--history-out applies to local runs only');
    expect(cli.awsCalls()).toBe(0);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { World } from '../../local/emulator';
import { runCli, writeJobFile } from './support/cli';
import { e2eSuite } from './support/e2e-env';
import { facesOf } from '../support/world-faces';

/**
 * `plan --history-out` writes the local execution's history as `aws stepfunctions get-execution-history` prints it,
 * and `--rekognition-tps` sets the quotas the workflow paces itself to: both through a real child process.
 */
const suite = e2eSuite({ warmUp: false });
const CLI_TIMEOUT_MS = 120_000;

const WORLD: World = { collections: [{ id: 'tmp-old', createdDaysAgo: 40, faces: facesOf(0x7, 3) }] };
const PURGE = { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] };

interface HistoryFile {
  events: {
    id: number;
    previousEventId: number;
    type: string;
    timestamp: string;
    stateEnteredEventDetails?: { name: string; input: string };
    stateExitedEventDetails?: { name: string; output: string };
    executionSucceededEventDetails?: { output: string };
  }[];
}

test(
  'plan --history-out writes {"events": [...]} with JSON-text inputs and outputs, and the quotas given',
  async () => {
    const env = await suite.start({ seed: WORLD });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-history-')), 'history.json');
    const cli = await runCli([
      'plan',
      '--input',
      writeJobFile(PURGE),
      '--rekognition-endpoint',
      env.emulator.url,
      '--rekognition-tps',
      '*=1',
      '--history-out',
      file,
      '--json',
    ]);
    expect(cli.code).toBe(0);
    const history = JSON.parse(readFileSync(file, 'utf8')) as HistoryFile;
    const { events } = history;
    expect(Object.keys(history)).toEqual(['events']);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'ExecutionStarted', previousEventId: 0 });
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.every((e) => !Number.isNaN(Date.parse(e.timestamp)))).toBe(true);

    const planEntered = events.find(
      (e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === 'Plan',
    );
    expect(JSON.parse(planEntered!.stateEnteredEventDetails!.input)).toEqual({
      job: { ...PURGE, dryRun: true },
      planning: { done: false, invocations: 0 },
    });
    expect(events[planEntered!.id]).toMatchObject({
      type: 'LambdaFunctionScheduled',
      previousEventId: planEntered!.id,
    });
    const planExited = events.find((e) => e.type === 'TaskStateExited' && e.stateExitedEventDetails?.name === 'Plan');
    // The Plan paces the workflow from the quotas it reads: at the stack's 5 TPS most shares would be above 1.
    const { rates } = JSON.parse(planExited!.stateExitedEventDetails!.output) as {
      rates: Record<string, { tps: Record<string, number> }>;
    };
    const shares = Object.values(rates).flatMap((rate) => Object.values(rate.tps));
    expect(shares.length).toBeGreaterThan(0);
    expect(Math.max(...shares)).toBeLessThanOrEqual(1);
  },
  CLI_TIMEOUT_MS,
);

test(
  "erase --history-out: the history file and the report hold none of the subject's ids (the job is stored)",
  async () => {
    const userId = 'customer-4711042';
    const image = 'customer-4711042-passport.jpg';
    const env = await suite.start({
      seed: {
        collections: [
          {
            id: 'kyc-eu',
            faces: [...facesOf(0x8, 2, () => ({ userId })), ...facesOf(0x9, 1, () => ({ externalImageId: image }))],
          },
        ],
      },
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-history-')), 'history.json');
    const cli = await runCli([
      'erase',
      '--user-id',
      userId,
      '--external-image-id',
      image,
      '--request-id',
      'gdpr-4711',
      '--rekognition-endpoint',
      env.emulator.url,
      '--history-out',
      file,
      '--yes',
      '--json',
    ]);
    expect(cli.code).toBe(0);
    const history = readFileSync(file, 'utf8');
    expect(JSON.parse(history).events.length).toBeGreaterThan(10);
    for (const text of [history, cli.stdout, cli.stderr]) {
      expect(text).not.toContain(userId);
      expect(text).not.toContain(image);
    }
    // It did erase: the report (stdout) counts the three faces.
    expect(JSON.parse(cli.stdout).deleted.faces).toBe(3);
  },
  CLI_TIMEOUT_MS,
);

test(
  'run --rekognition-tps set 5x above the real quota: the same closed loop finds the real one',
  async () => {
    const env = await suite.start({
      seed: { collections: [{ id: 'tmp-big', createdDaysAgo: 40, faces: [{ generate: { count: 40_960 } }] }] },
      tps: { '*': 2 },
    });
    const cli = await runCli([
      'run',
      '--input',
      writeJobFile(PURGE),
      '--rekognition-endpoint',
      env.emulator.url,
      '--rekognition-tps',
      '*=10',
      '--yes',
      '--json',
    ]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).deleted.faces).toBe(40_960);
    const { calls, throttled } = env.emulator.stats().total;
    // Told too much, it met the quota. Learning it costs about five refusals per operation, a large part of a run
    // of some 60 calls (the bench measures long runs); an open loop at 10 TPS against 2 would see most refused.
    expect(throttled).toBeGreaterThan(0);
    expect(throttled / calls).toBeLessThan(0.4);
  },
  CLI_TIMEOUT_MS,
);

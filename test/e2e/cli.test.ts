import type { CleanupReport } from '../../lambdas/core/report/types';
import type { World } from '../../local/emulator';
import { type CliResult, reportIn, runCli, writeJobFile } from './support/cli';
import { type E2eEnv, e2eSuite } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, type WorldDiff } from './support/world-state';
import { faceIdsOf, facesOf } from '../support/world-faces';

/**
 * `rekognition-cleanup run --rekognition-endpoint <emulator> --json` as a user or a script runs it: a real child
 * process, the report on stdout, and the documented exit codes (0 done, 1 failed or partly failed, 2 invalid job).
 */
// The command runs in its own process: nothing to warm up in this one.
const suite = e2eSuite({ warmUp: false });
const CLI_TIMEOUT_MS = 120_000;

const WORLD: World = {
  collections: [
    { id: 'tmp-old', createdDaysAgo: 40, faces: facesOf(0x1, 30, (n) => (n <= 2 ? { userId: 'trainee' } : {})) },
    { id: 'keep', createdDaysAgo: 40, faces: facesOf(0x2, 5) },
    // 1,001 faces share one ExternalImageId: a camera id, not a person.
    { id: 'lobby', faces: facesOf(0x3, 1001, () => ({ externalImageId: 'lobby-cam-7' })) },
  ],
};
const PURGE = { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] };
const PURGED = onlyChanges({
  facesDeleted: { 'tmp-old': faceIdsOf(0x1, 30) },
  usersDeleted: { 'tmp-old': ['trainee'] },
});

const runJobFile = (env: E2eEnv, job: unknown) =>
  runCli(['run', '--input', writeJobFile(job), '--rekognition-endpoint', env.emulator.url, '--json']);

describe('rekognition-cleanup run --json against the emulator', () => {
  describe('a job that completes', () => {
    // One command, two tests: the exit code and report, and the stdout contract (which has its own bug).
    let cli: CliResult;
    let changes: WorldDiff;
    beforeAll(async () => {
      const env = await suite.start({ seed: WORLD });
      const before = captureWorld(env.emulator);
      cli = await runJobFile(env, PURGE);
      changes = diffWorlds(before, captureWorld(env.emulator));
    }, CLI_TIMEOUT_MS);

    test('exits 0 and prints the report; exactly the job was done', () => {
      expect(cli.code).toBe(0);
      const report = reportIn(cli.stdout) as CleanupReport;
      expect(report).toMatchObject({ status: 'SUCCEEDED', dryRun: false });
      expect(report.deleted).toMatchObject({ faces: 30, users: 1 });
      expect(report.collections.map((c) => [c.collectionId, c.outcome])).toEqual([['tmp-old', 'EMPTIED']]);
      expect(changes).toEqual(PURGED);
    });

    // Fixed bug: the Report handler's CloudWatch EMF metrics went to the command's stdout in local mode; the local
    // runner now disables Powertools metrics output.
    test('--json prints the report and nothing else on stdout', () => {
      expect(cli.code).toBe(0);
      expect((JSON.parse(cli.stdout) as CleanupReport).status).toBe('SUCCEEDED');
    });
  });

  test(
    'an invalid job file: exit 2, the field in stderr, and not one call to Rekognition',
    async () => {
      const env = await suite.start({ seed: WORLD });
      const job = { collections: [{ select: { prefix: '*' }, action: 'DELETE_FACES' }] };

      const cli = await runJobFile(env, job);

      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain('collections[0].select.prefix');
      expect(cli.stdout).toBe('');
      expect(env.emulator.stats().total.calls).toBe(0);
    },
    CLI_TIMEOUT_MS,
  );

  test(
    'a job with a too-broad erasure is refused whole: exit 1, the error named, and nothing deleted, not even the purge',
    async () => {
      const env = await suite.start({ seed: WORLD });
      const before = captureWorld(env.emulator);
      // An identifier shared by 1,001 faces: over the request bound, so FinalizePlan refuses the job before any delete.
      const job = { ...PURGE, subjects: [{ externalImageIds: ['lobby-cam-7'], collectionIds: ['lobby'] }] };

      const cli = await runJobFile(env, job);

      expect(cli.code).toBe(1);
      expect(`${cli.stdout}\n${cli.stderr}`).toContain('SubjectTooBroadError');
      expect(`${cli.stdout}\n${cli.stderr}`).not.toContain('lobby-cam-7');
      expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    },
    CLI_TIMEOUT_MS,
  );
});

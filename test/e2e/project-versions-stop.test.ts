import {
  DeleteProjectVersionCommand,
  StartProjectVersionCommand,
  StopProjectVersionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-rekognition';
import { parseRetentionPolicies } from '../../lib/config/retention-policies';
import { formatReport } from '../../lib/cli/format-report';
import { localProgressLine } from '../../lib/cli/local-progress';
import type { EventLog } from '../../local/runner';
import { e2eSuite, mutatingOperations, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';

/**
 * Issue 15: `projectVersions[].action: "STOP"` through the synthesized state machine and the real handlers, on the
 * emulator. A stopped version is kept; the report and the progress say "stopped", never "deleted".
 */
const suite = e2eSuite();

const LAB_SEED = {
  projects: [
    {
      name: 'lab',
      createdDaysAgo: 400,
      versions: [
        {
          name: 'e-running',
          createdDaysAgo: 30,
          status: 'RUNNING' as const,
          minInferenceUnits: 2,
          tags: { stage: 'experiment' },
        },
        { name: 'e-stopped', createdDaysAgo: 40, status: 'STOPPED' as const, tags: { stage: 'experiment' } },
        { name: 'e-trained', createdDaysAgo: 50, status: 'TRAINING_COMPLETED' as const, tags: { stage: 'experiment' } },
        { name: 'e-failed', createdDaysAgo: 60, status: 'FAILED' as const, tags: { stage: 'experiment' } },
        {
          name: 'prod',
          createdDaysAgo: 90,
          status: 'RUNNING' as const,
          minInferenceUnits: 1,
          tags: { stage: 'production' },
        },
      ],
    },
  ],
};

/** "Stop every experiment model at 20:00", as a retention policy in cdk.json would say it. */
function nightlyStopPolicy(projectArn: string, dryRun = false) {
  const [policy] = parseRetentionPolicies([
    {
      name: 'stop-experiments',
      schedule: 'cron(0 20 * * ? *)',
      timeZone: 'Europe/Berlin',
      dryRun,
      job: { projectVersions: [{ select: { projectArn, tags: { stage: 'experiment' } }, action: 'STOP' }] },
    },
  ]);
  if (policy === undefined) throw new Error('no policy');
  return policy;
}

function progressLines() {
  const lines: string[] = [];
  const onEvent = (event: EventLog) => {
    const line = localProgressLine(event);
    if (line !== undefined) lines.push(line);
  };
  return { lines, onEvent };
}

const operations = <T extends { operation: string }>(calls: readonly T[], ...names: string[]): T[] =>
  calls.filter((c) => names.includes(c.operation));

describe('STOP as a scheduled policy: "stop every experiment model at 20:00"', () => {
  test('stops the running experiment, keeps it, leaves production and the models at rest alone', async () => {
    const env = await suite.start({ seed: LAB_SEED });
    const before = captureWorld(env.emulator);
    const running = versionArnIn(env.emulator, 'lab', 'e-running');
    const policy = nightlyStopPolicy(projectArnIn(env.emulator, 'lab'));
    // What EventBridge Scheduler starts the state machine with: the policy's validated job.
    expect(policy.job).toMatchObject({ dryRun: false, projectVersions: [{ action: 'STOP' }] });
    const progress = progressLines();
    const { run, report, calls } = await runJob(env, policy.job, { onEvent: progress.onEvent });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ versionsChanged: ['lab/e-running: RUNNING -> STOPPED'] }),
    );
    const stops = operations(calls, 'StopProjectVersion');
    expect(stops.map((c) => [c.input.ProjectVersionArn, c.observed])).toEqual([[running, 'RUNNING']]);
    expect(operations(calls, 'DeleteProjectVersion', 'DeleteProject')).toEqual([]);

    expect(report?.status).toBe('SUCCEEDED');
    expect(report?.planned).toMatchObject({ plannedDeletions: 0, projectVersions: 0, projectVersionStops: 1 });
    expect(report?.deleted).toMatchObject({ projectVersions: 0, projects: 0 });
    expect(report?.stopped).toEqual({ projectVersions: 1 });
    expect(report?.projectVersions).toEqual([
      expect.objectContaining({ versionArn: running, action: 'STOP', outcome: 'STOPPED', lastStatus: 'STOPPED' }),
    ]);
    expect(report?.notes).toEqual([
      expect.stringMatching(/^projectVersions\[0\]: nothing to stop, 3 selected versions do not run: /),
    ]);

    // What a person reads: "stopped", never "deleted", for a version that was stopped and kept.
    const text = formatReport(report ?? (undefined as never));
    expect(text).toContain('  stopped: 1 project versions (kept)');
    expect(text).toContain(`${running}  STOPPED  (was RUNNING; `);
    expect(text).not.toMatch(/DELETED|WOULD_DELETE/);
    expect(progress.lines).toContain(
      'plan checked: 0 deletions planned (0 faces, 0 collections, 0 project versions), 1 project version to stop (kept)',
    );
    expect(progress.lines.some((line) => /waiting for 1 to stop \(poll \d+, \d+ s so far\)/.test(line))).toBe(true);
    expect(progress.lines.filter((line) => /delet/i.test(line) && !line.startsWith('plan checked: 0'))).toEqual([]);
  });

  test('dry run: says what would be stopped, and touches nothing', async () => {
    const env = await suite.start({ seed: LAB_SEED });
    const before = captureWorld(env.emulator);
    const policy = nightlyStopPolicy(projectArnIn(env.emulator, 'lab'), true);
    const { run, report, stats } = await runJob(env, policy.job);

    expect(run.status).toBe('SUCCEEDED');
    expect(mutatingOperations(stats)).toEqual([]);
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    expect(report?.projectVersions.map((v) => [v.versionArn, v.outcome])).toEqual([
      [versionArnIn(env.emulator, 'lab', 'e-running'), 'WOULD_STOP'],
    ]);
    const text = formatReport(report ?? (undefined as never));
    expect(text).toContain('DRY RUN (nothing was deleted or stopped)');
    expect(text).toContain('; 1 project versions to stop (kept)');
    expect(text).not.toContain('WOULD_DELETE');
  });

  test('run again: nothing is running any more, so nothing is stopped, and the plan says why', async () => {
    const env = await suite.start({ seed: LAB_SEED });
    const policy = nightlyStopPolicy(projectArnIn(env.emulator, 'lab'));
    await runJob(env, policy.job);
    const before = captureWorld(env.emulator);
    const { run, report, calls } = await runJob(env, policy.job);

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    expect(operations(calls, 'StopProjectVersion', 'DeleteProjectVersion')).toEqual([]);
    expect(report?.projectVersions).toEqual([]);
    expect(report?.stopped).toEqual({ projectVersions: 0 });
    expect(report?.notes).toEqual([
      expect.stringContaining(
        'nothing to stop, 4 selected versions do not run: "e-running" (STOPPED: already stopped)',
      ),
    ]);
  });
});

describe('STOP, exact at act time', () => {
  const seed = {
    projects: [
      {
        name: 'bench',
        createdDaysAgo: 100,
        versions: ['gone', 'restarted', 'stopped-by-someone', 'protected-later', 'plain'].map((name, i) => ({
          name,
          createdDaysAgo: 10 + i,
          status: 'RUNNING' as const,
          minInferenceUnits: 1,
        })),
      },
    ],
  };

  test('deleted, re-started, stopped by someone or protected between plan and act: each handled as it is then', async () => {
    const env = await suite.start({ seed, transitionMs: 50 });
    // Read now: a version deleted during the run is no longer in the emulator to ask.
    const arns = new Map(
      seed.projects[0]?.versions.map(({ name }) => [name, versionArnIn(env.emulator, 'bench', name)]) ?? [],
    );
    const arn = (name: string) => arns.get(name) ?? '';
    const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
    let changed = false;
    const { run, report, calls } = await runJob(
      env,
      { projectVersions: [{ select: { projectArn: projectArnIn(env.emulator, 'bench') }, action: 'STOP' }] },
      {
        hooks: {
          async beforeInvoke(call) {
            // After the plan, before the versions lane's first poll.
            if (call.stateName !== 'AdvanceProjectVersions' || changed) return;
            changed = true;
            for (const name of ['gone', 'restarted', 'stopped-by-someone']) {
              await env.reader.send(new StopProjectVersionCommand({ ProjectVersionArn: arn(name) }));
            }
            await settle();
            await env.reader.send(new DeleteProjectVersionCommand({ ProjectVersionArn: arn('gone') }));
            await env.reader.send(
              new StartProjectVersionCommand({ ProjectVersionArn: arn('restarted'), MinInferenceUnits: 1 }),
            );
            await env.reader.send(
              new TagResourceCommand({ ResourceArn: arn('protected-later'), Tags: { 'cleanup:protect': 'true' } }),
            );
            await settle();
          },
        },
      },
    );

    expect(changed).toBe(true);
    expect(run.status).toBe('SUCCEEDED');
    // The job's own stops: only what ran when it came to it, and nothing protected.
    expect(
      operations(calls, 'StopProjectVersion')
        .map((c) => c.input.ProjectVersionArn)
        .sort(),
    ).toEqual([arn('plain'), arn('restarted')].sort());
    expect(operations(calls, 'DeleteProjectVersion')).toEqual([]);
    const outcomes = Object.fromEntries(report?.projectVersions.map((v) => [v.versionArn, v.outcome]) ?? []);
    expect(outcomes).toEqual({
      [arn('gone')]: 'ALREADY_ABSENT',
      [arn('restarted')]: 'STOPPED',
      [arn('stopped-by-someone')]: 'NOT_RUNNING',
      [arn('protected-later')]: 'SKIPPED_PROTECTED',
      [arn('plain')]: 'STOPPED',
    });
    expect(report?.stopped).toEqual({ projectVersions: 2 });
    const world = captureWorld(env.emulator).projects.bench?.versions ?? {};
    expect(Object.fromEntries(Object.entries(world).map(([name, v]) => [name, v.status]))).toEqual({
      restarted: 'STOPPED',
      'stopped-by-someone': 'STOPPED',
      'protected-later': 'RUNNING',
      plain: 'STOPPED',
    });
  });

  test('a project emptied by a DELETE section keeps the versions a STOP section stopped, and is not deleted', async () => {
    const env = await suite.start({ seed: LAB_SEED });
    const before = captureWorld(env.emulator);
    const projectArn = projectArnIn(env.emulator, 'lab');
    const { run, report } = await runJob(env, {
      projectVersions: [
        { select: { projectArn, tags: { stage: 'production' } }, action: 'STOP' },
        { select: { projectArn, tags: { stage: 'experiment' } }, stopRunning: true, deleteProjectWhenEmpty: true },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        versionsDeleted: ['lab/e-running', 'lab/e-stopped', 'lab/e-trained', 'lab/e-failed'],
        versionsChanged: ['lab/prod: RUNNING -> STOPPED'],
      }),
    );
    expect(report?.projects).toEqual([{ projectArn, outcome: 'NOT_EMPTY', remainingVersions: 1 }]);
    expect(report?.deleted).toMatchObject({ projectVersions: 4, projects: 0 });
    expect(report?.stopped).toEqual({ projectVersions: 1 });
  });
});

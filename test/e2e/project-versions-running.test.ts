import { StartProjectVersionCommand } from '@aws-sdk/client-rekognition';
import { e2eSuite, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';

/**
 * Issue 10, case 5, through the synthesized state machine and the real handlers: keepLatest counts only usable
 * versions, and a selector stops a serving model only when its section says `stopRunning: true`.
 */
const suite = e2eSuite();

const nameOf = (versionArn: string) => versionArn.split('/')[3] ?? versionArn;

describe('the running production model', () => {
  test('olderThanDays 90, keepLatest 2, the two newest TRAINING_FAILED: production is neither stopped nor deleted', async () => {
    const env = await suite.start({
      seed: {
        projects: [
          {
            name: 'door-cam',
            createdDaysAgo: 400,
            versions: [
              { name: 'v-oldest', createdDaysAgo: 300, status: 'STOPPED' },
              { name: 'v-previous', createdDaysAgo: 200, status: 'STOPPED' },
              { name: 'v-production', createdDaysAgo: 120, status: 'RUNNING', minInferenceUnits: 1 },
              { name: 'v-failed-1', createdDaysAgo: 10, status: 'TRAINING_FAILED' },
              { name: 'v-failed-2', createdDaysAgo: 5, status: 'TRAINING_FAILED' },
            ],
          },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    // stopRunning: true, so that keepLatest alone keeps production: the RUNNING skip cannot hide a wrong count.
    const { run, report, calls } = await runJob(env, {
      projectVersions: [
        {
          select: { projectArn: projectArnIn(env.emulator, 'door-cam'), olderThanDays: 90, keepLatest: 2 },
          stopRunning: true,
        },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ versionsDeleted: ['door-cam/v-oldest'] }),
    );
    expect(env.emulator.world.versionByArn(versionArnIn(env.emulator, 'door-cam', 'v-production'))?.status).toBe(
      'RUNNING',
    );
    expect(calls.filter((c) => c.operation === 'StopProjectVersion')).toEqual([]);
    expect(report?.projectVersions.map((v) => nameOf(v.versionArn))).toEqual(['v-oldest']);
    expect(report?.skipped).toEqual([]);
    expect(report?.notes).toEqual([
      expect.stringContaining(
        'keeps the 2 latest usable versions of project "door-cam": "v-production", "v-previous"; ' +
          'not counted: "v-failed-2" (TRAINING_FAILED), "v-failed-1" (TRAINING_FAILED)',
      ),
    ]);
  });
});

describe('stopRunning', () => {
  const seed = {
    projects: [
      {
        name: 'kiosk',
        createdDaysAgo: 400,
        versions: [
          { name: 'k-running', createdDaysAgo: 200, status: 'RUNNING' as const, minInferenceUnits: 1 },
          { name: 'k-stopped', createdDaysAgo: 150, status: 'STOPPED' as const },
        ],
      },
    ],
  };

  test('without it, a selector skips a RUNNING version with reason RUNNING and deletes the rest', async () => {
    const env = await suite.start({ seed });
    const before = captureWorld(env.emulator);
    const running = versionArnIn(env.emulator, 'kiosk', 'k-running');
    const { run, report, calls } = await runJob(env, {
      projectVersions: [{ select: { projectArn: projectArnIn(env.emulator, 'kiosk'), olderThanDays: 90 } }],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ versionsDeleted: ['kiosk/k-stopped'] }),
    );
    expect(report?.skipped).toEqual([
      {
        kind: 'project-version',
        id: running,
        reason: 'RUNNING',
        detail: expect.stringContaining('does not say "stopRunning": true'),
      },
    ]);
    expect(calls.filter((c) => c.operation === 'StopProjectVersion')).toEqual([]);
    expect(env.emulator.world.versionByArn(running)?.status).toBe('RUNNING');
  });

  test('with stopRunning: true, the RUNNING version is stopped, then deleted once STOPPED', async () => {
    const env = await suite.start({ seed });
    const before = captureWorld(env.emulator);
    const running = versionArnIn(env.emulator, 'kiosk', 'k-running');
    const { run, report, calls } = await runJob(env, {
      projectVersions: [
        { select: { projectArn: projectArnIn(env.emulator, 'kiosk'), olderThanDays: 90 }, stopRunning: true },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ versionsDeleted: ['kiosk/k-running', 'kiosk/k-stopped'] }),
    );
    expect(report?.skipped).toEqual([]);
    const stops = calls.filter((c) => c.operation === 'StopProjectVersion');
    const deletes = calls.filter(
      (c) => c.operation === 'DeleteProjectVersion' && c.input.ProjectVersionArn === running,
    );
    expect(stops.map((c) => [c.input.ProjectVersionArn, c.observed])).toEqual([[running, 'RUNNING']]);
    expect(deletes.map((c) => c.observed)).toEqual(['STOPPED']);
    expect(report?.projectVersions.find((v) => v.versionArn === running)).toMatchObject({
      outcome: 'DELETED',
      stopped: true,
    });
  });

  test('a version started by someone after the plan is not stopped by a selector without stopRunning', async () => {
    const env = await suite.start({ seed, transitionMs: 50 });
    const stopped = versionArnIn(env.emulator, 'kiosk', 'k-stopped');
    const running = versionArnIn(env.emulator, 'kiosk', 'k-running');
    let started = false;
    const { run, report, calls } = await runJob(
      env,
      { projectVersions: [{ select: { projectArn: projectArnIn(env.emulator, 'kiosk'), olderThanDays: 90 } }] },
      {
        hooks: {
          async beforeInvoke(call) {
            // Before the lane's first poll, which is the version's first look.
            if (call.stateName !== 'AdvanceProjectVersions' || started) return;
            started = true;
            await env.reader.send(new StartProjectVersionCommand({ ProjectVersionArn: stopped, MinInferenceUnits: 1 }));
          },
        },
      },
    );

    expect(started).toBe(true);
    expect(run.status).toBe('SUCCEEDED');
    // Still on its way up, or up: whichever, someone else's model is serving and was left to.
    expect(['STARTING', 'RUNNING']).toContain(env.emulator.world.versionByArn(stopped)?.status);
    expect(calls.filter((c) => c.operation === 'StopProjectVersion' || c.operation === 'DeleteProjectVersion')).toEqual(
      [],
    );
    expect(report?.projectVersions.map((v) => [v.versionArn, v.statusAtPlan, v.outcome])).toEqual([
      [stopped, 'STOPPED', 'SKIPPED_RUNNING'],
    ]);
    expect(report?.skipped.map((item) => [item.id, item.reason, item.detail])).toEqual([
      [running, 'RUNNING', expect.stringContaining('does not say "stopRunning": true')],
      [stopped, 'RUNNING', 'started after planning; the section does not say "stopRunning": true'],
    ]);
    expect(report?.deleted.projectVersions).toBe(0);
  });
});

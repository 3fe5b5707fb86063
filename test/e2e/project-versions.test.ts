import {
  CreateProjectVersionCommand,
  DeleteProjectVersionCommand,
  StartProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import type { ProjectVersionReport } from '../../lambdas/core/report/types';
import type { RecordedCall } from './support/call-log';
import { e2eSuite, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';
import { PROTECT_TAG } from '../support/world-faces';

/**
 * Model decommissioning: whatever status a version is in, it ends deleted (or untouched when protected or kept), a
 * running model is stopped and only deleted once STOPPED, and empty projects go when asked.
 */
const suite = e2eSuite();

const nameOf = (versionArn: string) => versionArn.split('/')[3] ?? versionArn;
const byName = (versions: ProjectVersionReport[] = []) =>
  Object.fromEntries(versions.map((v) => [nameOf(v.versionArn), v]));

/** The status each DescribeProjectVersions answer gave for `arn`, as the product saw them, with the call order. */
function describedStatuses(calls: RecordedCall[], arn: string): { seq: number; status: string }[] {
  return calls
    .filter((call) => call.operation === 'DescribeProjectVersions')
    .flatMap((call) => {
      const descriptions = (call.output?.ProjectVersionDescriptions ?? []) as {
        ProjectVersionArn?: string;
        Status?: string;
      }[];
      const mine = descriptions.find((d) => d.ProjectVersionArn === arn);
      return mine?.Status === undefined ? [] : [{ seq: call.seq, status: mine.Status }];
    });
}

describe('versions in every status', () => {
  test('running and starting versions are stopped, then deleted only once STOPPED; the rest are deleted or waited for', async () => {
    // Transitions of 2 s, started right before the product looks: every transitional status outlives the first
    // polls, whatever the load on the machine.
    const env = await suite.start({
      transitionMs: 2000,
      seed: {
        projects: [
          {
            name: 'door-cam',
            createdDaysAgo: 300,
            versions: [
              { name: 'v-running', createdDaysAgo: 200, status: 'RUNNING' },
              { name: 'v-starting', createdDaysAgo: 190, status: 'STOPPED' },
              { name: 'v-deleting', createdDaysAgo: 180, status: 'STOPPED' },
              { name: 'v-stopped', createdDaysAgo: 170, status: 'STOPPED' },
              { name: 'v-failed', createdDaysAgo: 160, status: 'FAILED' },
              { name: 'v-training-failed', createdDaysAgo: 150, status: 'TRAINING_FAILED' },
              { name: 'v-golden', createdDaysAgo: 250, status: 'STOPPED', tags: PROTECT_TAG },
            ],
          },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    const projectArn = projectArnIn(env.emulator, 'door-cam');
    const arn = (name: string) => versionArnIn(env.emulator, 'door-cam', name);
    const running = arn('v-running');
    const starting = arn('v-starting');
    const deleting = arn('v-deleting');
    let training = '';
    const firstPolls = new Set<string>();

    const { run, report, calls } = await runJob(
      env,
      { projectVersions: [{ select: { projectArn }, stopRunning: true }] },
      {
        hooks: {
          async beforeInvoke(call) {
            // Other people's work in progress: a model being trained when the job plans; a model being started
            // and one being deleted by someone else when the job first looks at them.
            if (call.stateName === 'Plan') {
              const created = await env.reader.send(
                new CreateProjectVersionCommand({
                  ProjectArn: projectArn,
                  VersionName: 'v-training',
                  OutputConfig: { S3Bucket: 'models', S3KeyPrefix: 'door-cam/' },
                }),
              );
              training = created.ProjectVersionArn ?? '';
            }
            // The lane polls every version at once: its first poll is every version's first look.
            if (call.stateName !== 'AdvanceProjectVersions' || firstPolls.has('lane')) return;
            firstPolls.add('lane');
            await env.reader.send(
              new StartProjectVersionCommand({ ProjectVersionArn: starting, MinInferenceUnits: 1 }),
            );
            await env.reader.send(new DeleteProjectVersionCommand({ ProjectVersionArn: deleting }));
          },
        },
      },
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        versionsDeleted: [
          'door-cam/v-running',
          'door-cam/v-starting',
          'door-cam/v-deleting',
          'door-cam/v-stopped',
          'door-cam/v-failed',
          'door-cam/v-training-failed',
        ],
      }),
    );

    const versions = byName(report?.projectVersions);
    const summary = Object.fromEntries(
      Object.entries(versions).map(([name, v]) => [name, [v.statusAtPlan, v.outcome, v.stopped]]),
    );
    expect(summary).toEqual({
      'v-running': ['RUNNING', 'DELETED', true],
      'v-starting': ['STOPPED', 'DELETED', true],
      'v-training': ['TRAINING_IN_PROGRESS', 'DELETED', false],
      // Someone else's deletion: waited for until gone, and reported as already absent, not as ours.
      'v-deleting': ['STOPPED', 'ALREADY_ABSENT', false],
      'v-stopped': ['STOPPED', 'DELETED', false],
      'v-failed': ['FAILED', 'DELETED', false],
      'v-training-failed': ['TRAINING_FAILED', 'DELETED', false],
    });
    expect(versions['v-deleting']).toMatchObject({ lastStatus: 'DELETING' });
    expect(versions['v-deleting']?.polls).toBeGreaterThanOrEqual(2);
    expect(report?.skipped).toEqual([expect.objectContaining({ id: arn('v-golden'), reason: 'PROTECTED' })]);
    expect(report?.deleted.projectVersions).toBe(6);
    expect(report?.counts.alreadyAbsent).toBe(1);

    // Never a DeleteProjectVersion the service would refuse, and each one only in a deletable status.
    const deletes = calls.filter((c) => c.operation === 'DeleteProjectVersion');
    expect(deletes.filter((c) => c.error !== undefined)).toEqual([]);
    expect(Object.fromEntries(deletes.map((c) => [nameOf(String(c.input.ProjectVersionArn)), c.observed]))).toEqual({
      'v-running': 'STOPPED',
      'v-starting': 'STOPPED',
      'v-training': 'TRAINING_COMPLETED',
      'v-stopped': 'STOPPED',
      'v-failed': 'FAILED',
      'v-training-failed': 'TRAINING_FAILED',
    });
    const stops = calls.filter((c) => c.operation === 'StopProjectVersion');
    expect(stops.map((c) => [nameOf(String(c.input.ProjectVersionArn)), c.observed]).sort()).toEqual([
      ['v-running', 'RUNNING'],
      ['v-starting', 'STARTING'],
    ]);
    for (const stopped of [running, starting]) {
      const stop = stops.find((c) => c.input.ProjectVersionArn === stopped)!;
      const del = deletes.find((c) => c.input.ProjectVersionArn === stopped)!;
      expect(stop.seq).toBeLessThan(del.seq);
      // The product itself saw STOPPING, then STOPPED, between its stop and its delete.
      const seen = describedStatuses(calls, stopped).filter((d) => d.seq > stop.seq && d.seq < del.seq);
      expect(seen.map((d) => d.status)).toContain('STOPPING');
      expect(seen.at(-1)?.status).toBe('STOPPED');
    }
    // Training is waited for, then deleted. The lane polls every version together, at the shortest wait any of them
    // needs: here the others were still stopping while it trained (test/unit/lanes/poll-lane.test.ts: the long poll).
    expect(training).not.toBe('');
    expect(run.stats.statesEntered.AdvanceProjectVersionsWaitShort).toBeGreaterThanOrEqual(1);
    expect(describedStatuses(calls, training).map((d) => d.status)).toContain('TRAINING_IN_PROGRESS');
  });
});

describe('keepLatest and deleteProjectWhenEmpty', () => {
  test('keepLatest keeps the N newest usable versions, running or not, and deletes the rest', async () => {
    const env = await suite.start({
      seed: {
        projects: [
          {
            name: 'kiosk',
            versions: [
              { name: 'k1', createdDaysAgo: 50, status: 'STOPPED' },
              { name: 'k2', createdDaysAgo: 40, status: 'TRAINING_COMPLETED' },
              { name: 'k3', createdDaysAgo: 30, status: 'STOPPED' },
              { name: 'k4', createdDaysAgo: 20, status: 'STOPPED' },
              { name: 'k5', createdDaysAgo: 10, status: 'RUNNING' },
            ],
          },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    const { run, report, calls } = await runJob(env, {
      projectVersions: [{ select: { projectArn: projectArnIn(env.emulator, 'kiosk'), keepLatest: 2 } }],
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ versionsDeleted: ['kiosk/k1', 'kiosk/k2', 'kiosk/k3'] }),
    );
    expect(Object.keys(byName(report?.projectVersions)).sort()).toEqual(['k1', 'k2', 'k3']);
    expect(report?.notes).toEqual([
      expect.stringMatching(/keeps the 2 latest usable versions of project "kiosk": "k5", "k4"/),
    ]);
    expect(calls.filter((c) => c.operation === 'StopProjectVersion')).toEqual([]);
  });

  test('deleteProjectWhenEmpty deletes a project its job emptied, and keeps one where a protected version remains', async () => {
    const env = await suite.start({
      seed: {
        projects: [
          {
            name: 'empty-me',
            versions: [
              { name: 'e1', createdDaysAgo: 50, status: 'STOPPED' },
              { name: 'e2', createdDaysAgo: 40, status: 'FAILED' },
            ],
          },
          {
            name: 'keep-me',
            versions: [
              { name: 'm1', createdDaysAgo: 50, status: 'STOPPED' },
              { name: 'm-golden', createdDaysAgo: 40, status: 'STOPPED', tags: PROTECT_TAG },
            ],
          },
          { name: 'bystander', versions: [{ name: 'b1', createdDaysAgo: 50, status: 'STOPPED' }] },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    const emptyMe = projectArnIn(env.emulator, 'empty-me');
    const keepMe = projectArnIn(env.emulator, 'keep-me');

    const { run, report } = await runJob(env, {
      projectVersions: [
        { select: { projectArn: emptyMe }, deleteProjectWhenEmpty: true },
        { select: { projectArn: keepMe }, deleteProjectWhenEmpty: true },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        projectsDeleted: ['empty-me'],
        versionsDeleted: ['empty-me/e1', 'empty-me/e2', 'keep-me/m1'],
      }),
    );
    expect(report?.projects).toEqual([
      { projectArn: emptyMe, outcome: 'DELETED' },
      { projectArn: keepMe, outcome: 'NOT_EMPTY', remainingVersions: 1 },
    ]);
    expect(report?.deleted).toMatchObject({ projectVersions: 3, projects: 1 });
  });
});

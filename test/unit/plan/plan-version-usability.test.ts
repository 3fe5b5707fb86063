import type { WorldProject, WorldProjectVersion } from '../../../local/emulator';
import { isVersionStatus } from '../../../local/emulator/model/version-lifecycle';
import { planJob } from '../../../lambdas/core/plan/plan-job';
import type { TestRekognition } from '../../support/in-process-rekognition';
import {
  type PlanWorld,
  PROTECT_TAG,
  PROTECTION,
  planAccount,
  projectArn,
  STARTED_AT,
  versionArnIn,
} from './plan-world';

/** keepLatest counts usable versions only; a selector leaves serving versions alone unless told to stop them. */

async function plan(
  projectVersions: unknown[],
  account: PlanWorld,
  prepare: (rekognition: TestRekognition) => void = () => {},
) {
  const rekognition = planAccount(account);
  prepare(rekognition);
  const state = await planJob(
    rekognition.client,
    { job: { projectVersions }, executionId: 'e', startedAt: STARTED_AT },
    PROTECTION,
  );
  return state.plan;
}
const names = (result: Awaited<ReturnType<typeof plan>>) => result.projectVersions.map((v) => v.versionName);
const project = (versions: WorldProjectVersion[]): WorldProject => ({
  name: 'door-cam',
  createdAt: '2024-01-01T00:00:00Z',
  versions,
});
const arnIn = versionArnIn;

/** Rewrites the status DescribeProjectVersions gives one version. */
function answerStatus(rekognition: TestRekognition, versionArn: string, status: string): void {
  rekognition.rewriteAnswers('DescribeProjectVersions', (output) => ({
    ...output,
    ProjectVersionDescriptions: (output.ProjectVersionDescriptions as Record<string, unknown>[]).map((version) =>
      version.ProjectVersionArn === versionArn ? { ...version, Status: status } : version,
    ),
  }));
}

describe('keepLatest counts only usable versions', () => {
  // The case: startedAt is 2026-03-01, so 90 days before it is 2025-12-01.
  const doorCam = project([
    { name: 'older', createdAt: '2025-01-01T00:00:00Z', status: 'STOPPED' },
    { name: 'previous', createdAt: '2025-03-01T00:00:00Z', status: 'STOPPED' },
    { name: 'production', createdAt: '2025-06-01T00:00:00Z', status: 'RUNNING' },
    { name: 'failed-1', createdAt: '2026-02-20T00:00:00Z', status: 'TRAINING_FAILED' },
    { name: 'failed-2', createdAt: '2026-02-25T00:00:00Z', status: 'TRAINING_FAILED' },
  ]);

  test('two failed trainings on top do not push the running production model out of the kept set', async () => {
    // stopRunning: true, so that only keepLatest stands between the production model and a stop.
    const result = await plan(
      [{ select: { projectArn: projectArn(doorCam), olderThanDays: 90, keepLatest: 2 }, stopRunning: true }],
      { projects: [doorCam] },
    );
    expect(names(result)).toEqual(['older']);
    expect(result.skipped).toEqual([]);
    expect(result.notes).toEqual([
      'projectVersions[0]: keeps the 2 latest usable versions of project "door-cam": "production", "previous"; ' +
        'not counted: "failed-2" (TRAINING_FAILED), "failed-1" (TRAINING_FAILED)',
    ]);
  });

  test('failed versions passed over are still deleted when the other criteria match', async () => {
    const result = await plan([{ select: { projectArn: projectArn(doorCam), keepLatest: 1 }, stopRunning: true }], {
      projects: [doorCam],
    });
    expect(names(result)).toEqual(['failed-2', 'failed-1', 'previous', 'older']);
  });

  // The newest version is in `status`; below it, one STOPPED version. keepLatest: 1 keeps exactly one usable.
  test.each([
    ['TRAINING_COMPLETED', 'counts', ['base']],
    ['COPYING_COMPLETED', 'counts', ['base']],
    ['STARTING', 'counts', ['base']],
    ['RUNNING', 'counts', ['base']],
    ['STOPPING', 'counts', ['base']],
    ['STOPPED', 'counts', ['base']],
    ['TRAINING_FAILED', 'passed over', ['newest']],
    ['COPYING_FAILED', 'passed over', ['newest']],
    ['FAILED', 'passed over', ['newest']],
    ['EXPIRED', 'passed over', ['newest']],
    ['DEPRECATED', 'passed over', ['newest']],
    ['DELETING', 'passed over', ['newest']],
    ['TRAINING_IN_PROGRESS', 'kept, not counted', []],
    ['COPYING_IN_PROGRESS', 'kept, not counted', []],
    ['A_STATUS_THIS_SDK_DOES_NOT_KNOW', 'kept, not counted', []],
  ])('%s %s', async (status, _standing, selected) => {
    // A status the model does not have (one the service adds later) is given by rewriting the answer.
    const seeded = isVersionStatus(status) ? status : 'STOPPED';
    const p = project([
      { name: 'base', createdAt: '2025-01-01T00:00:00Z', status: 'STOPPED' },
      { name: 'newest', createdAt: '2025-02-01T00:00:00Z', status: seeded },
    ]);
    const result = await plan(
      [{ select: { projectArn: projectArn(p), keepLatest: 1 }, stopRunning: true }],
      { projects: [p] },
      (rekognition) => {
        if (seeded !== status) answerStatus(rekognition, arnIn(p, 'newest'), status);
      },
    );
    expect(names(result)).toEqual(selected);
  });

  test('a training older than every kept version cannot become one of them, so it is selected', async () => {
    const p = project([
      { name: 'stale-training', createdAt: '2025-01-01T00:00:00Z', status: 'TRAINING_IN_PROGRESS' },
      { name: 'kept', createdAt: '2025-02-01T00:00:00Z', status: 'STOPPED' },
      { name: 'new-training', createdAt: '2025-03-01T00:00:00Z', status: 'COPYING_IN_PROGRESS' },
    ]);
    const result = await plan([{ select: { projectArn: projectArn(p), keepLatest: 1 } }], { projects: [p] });
    expect(names(result)).toEqual(['stale-training']);
    expect(result.notes).toEqual([
      'projectVersions[0]: keeps the 1 latest usable version of project "door-cam": "kept"; ' +
        'also keeps "new-training" (COPYING_IN_PROGRESS), not finished yet',
    ]);
  });

  test('says when fewer versions are usable than asked, and when none is', async () => {
    const few = project([
      { name: 'only', createdAt: '2025-01-01T00:00:00Z', status: 'STOPPED' },
      { name: 'broken', createdAt: '2025-02-01T00:00:00Z', status: 'EXPIRED' },
      { name: 'training', createdAt: '2025-03-01T00:00:00Z', status: 'TRAINING_IN_PROGRESS' },
    ]);
    const none = project([
      { name: 'a', createdAt: '2025-01-01T00:00:00Z', status: 'TRAINING_FAILED' },
      { name: 'b', createdAt: '2025-02-01T00:00:00Z', status: 'DEPRECATED' },
    ]);
    const fewPlan = await plan([{ select: { projectArn: projectArn(few), keepLatest: 3 } }], { projects: [few] });
    const nonePlan = await plan([{ select: { projectArn: projectArn(none), keepLatest: 1 } }], { projects: [none] });
    expect(names(fewPlan)).toEqual(['broken']);
    expect(fewPlan.notes).toEqual([
      'projectVersions[0]: keeps the 1 latest usable version of project "door-cam": "only"; keepLatest is 3 but ' +
        'only 1 is usable; also keeps "training" (TRAINING_IN_PROGRESS), not finished yet; not counted: "broken" (EXPIRED)',
    ]);
    expect(names(nonePlan)).toEqual(['b', 'a']);
    expect(nonePlan.notes).toEqual([
      'projectVersions[0]: no version of project "door-cam" is usable; ' +
        'not counted: "b" (DEPRECATED), "a" (TRAINING_FAILED)',
    ]);
  });
});

describe('a selector never stops a serving version unless the section says stopRunning', () => {
  const doorCam = project([
    { name: 'running', createdAt: '2025-01-01T00:00:00Z', status: 'RUNNING' },
    { name: 'starting', createdAt: '2025-01-02T00:00:00Z', status: 'STARTING' },
    { name: 'stopping', createdAt: '2025-01-03T00:00:00Z', status: 'STOPPING' },
    { name: 'stopped', createdAt: '2025-01-04T00:00:00Z', status: 'STOPPED' },
    { name: 'golden', createdAt: '2025-01-05T00:00:00Z', status: 'RUNNING', tags: PROTECT_TAG },
  ]);
  const account = { projects: [doorCam] };
  const select = { projectArn: projectArn(doorCam), olderThanDays: 30 };

  test('RUNNING and STARTING are skipped with reason RUNNING; STOPPING is already on its way down', async () => {
    const result = await plan([{ select }], account);
    expect(names(result)).toEqual(['stopped', 'stopping']);
    expect(result.skipped).toEqual([
      {
        kind: 'project-version',
        id: arnIn(doorCam, 'golden'),
        reason: 'PROTECTED',
        detail: expect.stringContaining('protect tag'),
      },
      {
        kind: 'project-version',
        id: arnIn(doorCam, 'starting'),
        reason: 'RUNNING',
        detail:
          'projectVersions[0]: version of project "door-cam", created 2025-01-02T00:00:00.000Z, older than 30 days; ' +
          'the version is STARTING and the section does not say "stopRunning": true',
      },
      {
        kind: 'project-version',
        id: arnIn(doorCam, 'running'),
        reason: 'RUNNING',
        detail: expect.stringContaining('the version is RUNNING'),
      },
    ]);
  });

  test('stopRunning: true selects them; the protect tag still wins', async () => {
    const result = await plan([{ select, stopRunning: true }], account);
    expect(names(result)).toEqual(['stopped', 'stopping', 'starting', 'running']);
    expect(result.skipped.map((item) => [item.id, item.reason])).toEqual([[arnIn(doorCam, 'golden'), 'PROTECTED']]);
  });

  test('stopRunning: false is the default, said out loud', async () => {
    const result = await plan([{ select, stopRunning: false }], account);
    expect(names(result)).toEqual(['stopped', 'stopping']);
  });

  test('the targets of a selector without stopRunning say so, for the worker to check again at act time', async () => {
    const stopped = arnIn(doorCam, 'stopped');
    const leave = await plan([{ select }], account);
    const stop = await plan([{ select, stopRunning: true }], account);
    const both = await plan([{ select }, { select: { arns: [stopped] } }], account);
    const target = (result: typeof leave) => result.projectVersions.find((v) => v.versionArn === stopped);
    expect(target(leave)?.leaveRunning).toBe(true);
    expect(target(stop)).not.toHaveProperty('leaveRunning');
    expect(target(both)).not.toHaveProperty('leaveRunning');
    expect(target(both)?.reasons).toHaveLength(2);
  });

  test('explicit arns still stop what they name, even when another section leaves it alone', async () => {
    const running = arnIn(doorCam, 'running');
    const result = await plan([{ select }, { select: { arns: [running] } }], account);
    expect(result.projectVersions.find((v) => v.versionArn === running)).toMatchObject({
      statusAtPlan: 'RUNNING',
      reasons: ['projectVersions[1]: listed by ARN'],
    });
    expect(result.skipped.map((item) => [item.id, item.reason])).toEqual([
      [arnIn(doorCam, 'golden'), 'PROTECTED'],
      [arnIn(doorCam, 'starting'), 'RUNNING'],
    ]);
  });
});

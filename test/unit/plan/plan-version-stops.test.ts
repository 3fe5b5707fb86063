import type { WorldProject } from '../../../local/emulator';
import { planJob } from '../../../lambdas/core/plan/plan-job';
import { at, PROTECT_TAG, PROTECTION, planAccount, projectArn, STARTED_AT, versionArnIn } from './plan-world';

/** `action: "STOP"` at plan time: which versions it selects (the decision table's plan column) and what it says. */
const LAB: WorldProject = {
  name: 'lab',
  createdAt: at(1714550000000),
  versions: [
    {
      name: 'e-running',
      createdAt: '2025-01-01T00:00:00Z',
      tags: { stage: 'experiment' },
      status: 'RUNNING',
    },
    {
      name: 'e-starting',
      createdAt: '2025-01-02T00:00:00Z',
      tags: { stage: 'experiment' },
      status: 'STARTING',
    },
    {
      name: 'e-stopping',
      createdAt: '2025-01-03T00:00:00Z',
      tags: { stage: 'experiment' },
      status: 'STOPPING',
    },
    {
      name: 'e-stopped',
      createdAt: '2025-01-04T00:00:00Z',
      tags: { stage: 'experiment' },
      status: 'STOPPED',
    },
    {
      name: 'e-training',
      createdAt: '2025-01-05T00:00:00Z',
      tags: { stage: 'experiment' },
      status: 'TRAINING_IN_PROGRESS',
    },
    {
      name: 'e-failed',
      createdAt: '2025-01-06T00:00:00Z',
      tags: { stage: 'experiment' },
      status: 'FAILED',
    },
    {
      name: 'e-guarded',
      createdAt: '2025-01-07T00:00:00Z',
      tags: { stage: 'experiment', ...PROTECT_TAG },
      status: 'RUNNING',
    },
    {
      name: 'prod',
      createdAt: '2025-01-08T00:00:00Z',
      tags: { stage: 'production' },
      status: 'RUNNING',
    },
  ],
};
const PROJECT_ARN = projectArn(LAB);
const arnOf = (name: string) => versionArnIn(LAB, name);

async function plan(projectVersions: unknown[]) {
  const rekognition = planAccount({ pageSize: 3, projects: [LAB] });
  const state = await planJob(
    rekognition.client,
    { job: { projectVersions }, executionId: 'e', startedAt: STARTED_AT },
    PROTECTION,
  );
  return { rekognition, plan: state.plan };
}
const EXPERIMENTS = { projectArn: PROJECT_ARN, tags: { stage: 'experiment' } };

describe('STOP at plan time', () => {
  test('selects what runs, starts or stops; notes what is at rest (training cannot be stopped); skips protected', async () => {
    const { plan: result, rekognition } = await plan([{ select: EXPERIMENTS, action: 'STOP' }]);
    expect(result.projectVersions.map((v) => [v.versionName, v.statusAtPlan, v.action])).toEqual([
      ['e-stopping', 'STOPPING', 'STOP'],
      ['e-starting', 'STARTING', 'STOP'],
      ['e-running', 'RUNNING', 'STOP'],
    ]);
    // A STOP target is never "leave running": stopping it is the point.
    expect(result.projectVersions.every((v) => v.leaveRunning === undefined)).toBe(true);
    expect(result.skipped).toEqual([expect.objectContaining({ id: arnOf('e-guarded'), reason: 'PROTECTED' })]);
    expect(result.notes).toEqual([
      'projectVersions[0]: nothing to stop, 3 selected versions do not run: ' +
        '"e-failed" (FAILED: failed to start or to keep running: not serving), ' +
        '"e-training" (TRAINING_IN_PROGRESS: training, which cannot be stopped; the trained model runs only once someone starts it), ' +
        '"e-stopped" (STOPPED: already stopped)',
    ]);
    // Planning is read-only: nothing was stopped.
    expect(rekognition.callsOf('StopProjectVersion')).toHaveLength(0);
    expect(rekognition.world.versionByArn(arnOf('e-running'))?.status).toBe('RUNNING');
  });

  test('by ARN: the same table; a version at rest is noted, not absent', async () => {
    const { plan: result } = await plan([{ select: { arns: [arnOf('prod'), arnOf('e-stopped')] }, action: 'STOP' }]);
    expect(result.projectVersions.map((v) => [v.versionName, v.action])).toEqual([['prod', 'STOP']]);
    expect(result.absent).toEqual([]);
    expect(result.notes).toEqual([
      'projectVersions[0]: nothing to stop, 1 selected version does not run: "e-stopped" (STOPPED: already stopped)',
    ]);
  });

  test('DELETE wins over STOP for a version both select, as deleting it stops it first; the reasons say so', async () => {
    const { plan: result } = await plan([
      { select: { arns: [arnOf('e-running')] }, action: 'STOP' },
      { select: { arns: [arnOf('e-running')] } },
    ]);
    expect(result.projectVersions).toHaveLength(1);
    expect(result.projectVersions[0]?.action).toBeUndefined();
    expect(result.projectVersions[0]?.reasons).toEqual([
      'projectVersions[0]: listed by ARN',
      'projectVersions[1]: listed by ARN',
      'DELETE (projectVersions[1]) wins over STOP (projectVersions[0]): deleting the version stops it first',
    ]);
  });

  test("a DELETE selector's RUNNING skip stands when a STOP section selects the version: stopped, not deleted", async () => {
    const { plan: result } = await plan([
      { select: { projectArn: PROJECT_ARN, tags: { stage: 'production' } } },
      { select: { projectArn: PROJECT_ARN, tags: { stage: 'production' } }, action: 'STOP' },
    ]);
    expect(result.projectVersions.map((v) => [v.versionName, v.action])).toEqual([['prod', 'STOP']]);
    expect(result.skipped).toEqual([expect.objectContaining({ id: arnOf('prod'), reason: 'RUNNING' })]);
  });

  test('deleteProjectWhenEmpty elsewhere in the job: the plan says the stopped versions keep the project', async () => {
    const { plan: result } = await plan([
      { select: { projectArn: PROJECT_ARN, tags: { stage: 'production' } }, action: 'STOP' },
      { select: { projectArn: PROJECT_ARN, tags: { stage: 'experiment' } }, deleteProjectWhenEmpty: true },
    ]);
    expect(result.projects).toEqual([{ projectArn: PROJECT_ARN, source: 'projectVersions[1]' }]);
    expect(result.notes).toContainEqual(
      `projectVersions[1]: deleteProjectWhenEmpty on ${PROJECT_ARN}, where this job stops and keeps "prod": ` +
        'the project is deleted only if nothing is left in it when the versions are done',
    );
  });
});

import type { WorldProject } from '../../../local/emulator';
import { planJob } from '../../../lambdas/core/plan/plan-job';
import {
  at,
  type PlanWorld,
  PROTECT_TAG,
  PROTECTION,
  planAccount,
  projectArn,
  SCOPE,
  STARTED_AT,
  versionArn,
  versionArnIn,
} from './plan-world';

/**
 * `deleteProjectWhenEmpty` with explicit version ARNs: the plan finds each version's project (by name, then its
 * own ARN) and targets it for DeleteEmptiedProjects, which deletes it only if nothing is left in it then.
 */
const DOOR_CAM: WorldProject = {
  name: 'door-cam',
  createdAt: at(1714550000000),
  versions: [
    { name: 'v1', createdAt: '2024-05-02T00:00:00Z', status: 'STOPPED' },
    { name: 'v2', createdAt: '2024-05-03T00:00:00Z', status: 'STOPPED' },
    { name: 'golden', createdAt: '2024-05-04T00:00:00Z', status: 'STOPPED', tags: PROTECT_TAG },
  ],
};
const KIOSK: WorldProject = {
  name: 'kiosk',
  createdAt: at(1714560000000),
  versions: [{ name: 'k1', createdAt: '2024-05-05T00:00:00Z', status: 'STOPPED' }],
};
const ACCOUNT: PlanWorld = { pageSize: 2, projects: [DOOR_CAM, KIOSK] };
const door = (name: string) => versionArnIn(DOOR_CAM, name);
const kiosk = versionArnIn(KIOSK, 'k1');

async function plan(projectVersions: unknown[], account: PlanWorld = ACCOUNT) {
  const { client } = planAccount(account);
  const job = { projectVersions };
  return (await planJob(client, { job, executionId: 'e', startedAt: STARTED_AT }, PROTECTION)).plan;
}

describe('deleteProjectWhenEmpty with arns', () => {
  test('targets the versions’ project once, by its own ARN (not derived from the version ARN)', async () => {
    const result = await plan([{ select: { arns: [door('v1'), door('v2')] }, deleteProjectWhenEmpty: true }]);
    expect(result.projects).toEqual([{ projectArn: projectArn(DOOR_CAM), source: 'projectVersions[0]' }]);
    expect(result.projectVersions.map((v) => v.versionName)).toEqual(['v1', 'v2']);
  });

  test('versions of several projects: each project is targeted, in the order the ARNs name them', async () => {
    const result = await plan([{ select: { arns: [kiosk, door('v1')] }, deleteProjectWhenEmpty: true }]);
    expect(result.projects).toEqual([
      { projectArn: projectArn(KIOSK), source: 'projectVersions[0]' },
      { projectArn: projectArn(DOOR_CAM), source: 'projectVersions[0]' },
    ]);
  });

  test('without deleteProjectWhenEmpty, or with false, no project is targeted', async () => {
    expect((await plan([{ select: { arns: [door('v1')] } }])).projects).toEqual([]);
    expect((await plan([{ select: { arns: [door('v1')] }, deleteProjectWhenEmpty: false }])).projects).toEqual([]);
  });

  test('a protected listed version is skipped, and its project is still targeted: the delete-time check keeps it', async () => {
    const result = await plan([{ select: { arns: [door('golden')] }, deleteProjectWhenEmpty: true }]);
    expect(result.projectVersions).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ id: door('golden'), reason: 'PROTECTED' })]);
    expect(result.projects).toEqual([{ projectArn: projectArn(DOOR_CAM), source: 'projectVersions[0]' }]);
  });

  test('a project of that name holding none of the listed versions may be a re-created one: kept, with a note', async () => {
    const recreated = versionArn(DOOR_CAM, { name: 'v1', createdAt: '2024-06-01T00:00:00Z' });
    const result = await plan([{ select: { arns: [recreated] }, deleteProjectWhenEmpty: true }]);
    expect(result.projects).toEqual([]);
    expect(result.absent).toEqual([{ kind: 'project-version', id: recreated, source: 'projectVersions[0]' }]);
    expect(result.notes).toEqual([
      `projectVersions[0]: project "door-cam" (${projectArn(DOOR_CAM)}) holds none of the listed versions, so it ` +
        'may not be theirs (a project re-created under the same name); it is not deleted',
    ]);
  });

  test('a missing project, or one of that name in another region, is never targeted', async () => {
    const orphan = `${SCOPE}project/gone/version/v1/5`;
    const elsewhere = 'arn:aws:rekognition:us-east-1:123456789012:project/door-cam/version/v1/101';
    const result = await plan([{ select: { arns: [orphan, elsewhere] }, deleteProjectWhenEmpty: true }]);
    expect(result.projects).toEqual([]);
    expect(result.absent.map((item) => item.id)).toEqual([orphan, elsewhere]);
  });

  test('the same project asked for by arns and by projectArn is targeted once, with both sources', async () => {
    const result = await plan([
      { select: { arns: [door('v1')] }, deleteProjectWhenEmpty: true },
      { select: { projectArn: projectArn(DOOR_CAM) }, deleteProjectWhenEmpty: true },
    ]);
    expect(result.projects).toEqual([
      { projectArn: projectArn(DOOR_CAM), source: 'projectVersions[0], projectVersions[1]' },
    ]);
  });
});

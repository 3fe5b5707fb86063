import type { WorldProject } from '../../../local/emulator';
import { planJob } from '../../../lambdas/core/plan/plan-job';
import type { TestRekognition } from '../../support/in-process-rekognition';
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

/** startedAt is 2026-03-01: 90 days before it is 2025-12-01. */
const DOOR_CAM: WorldProject = {
  name: 'door-cam',
  createdAt: at(1714550000000),
  versions: [
    { name: 'v1', createdAt: '2025-01-01T00:00:00Z', tags: { owner: 'vision' }, status: 'STOPPED' },
    { name: 'v2', createdAt: '2025-02-01T00:00:00Z', tags: { owner: 'other' }, status: 'STOPPED' },
    { name: 'v3', createdAt: '2025-03-01T00:00:00Z', tags: { owner: 'vision', ...PROTECT_TAG }, status: 'STOPPED' },
    { name: 'v4', createdAt: '2025-04-01T00:00:00Z', tags: { owner: 'vision' }, status: 'RUNNING' },
    { name: 'v5', createdAt: '2025-12-15T00:00:00Z', tags: { owner: 'vision' }, status: 'STOPPED' },
    { name: 'v6', createdAt: '2025-05-01T00:00:00Z', tags: { owner: 'vision' }, status: 'STOPPED' },
    { name: 'v7', createdAt: '2025-06-01T00:00:00Z', tags: { owner: 'vision' }, status: 'STOPPED' },
  ],
};
const PROJECT_ARN = projectArn(DOOR_CAM);
const arnOf = (name: string) => versionArnIn(DOOR_CAM, name);
/** v1 deleted and trained again under the same name: another creation time, so another ARN. */
const RECREATED_V1 = versionArn(DOOR_CAM, { name: 'v1', createdAt: '2025-07-01T00:00:00Z' });
const ACCOUNT: PlanWorld = { pageSize: 2, projects: [DOOR_CAM] };

async function plan(
  projectVersions: unknown[],
  account: PlanWorld = ACCOUNT,
  prepare: (rekognition: TestRekognition) => void = () => {},
) {
  const rekognition = planAccount(account);
  prepare(rekognition);
  const state = await planJob(
    rekognition.client,
    { job: { projectVersions }, executionId: 'e', startedAt: STARTED_AT },
    PROTECTION,
  );
  return { rekognition, plan: state.plan };
}
const names = (result: Awaited<ReturnType<typeof plan>>) => result.plan.projectVersions.map((v) => v.versionName);

describe('project versions by projectArn', () => {
  test('every version, all pages, newest first; protected and running ones skipped', async () => {
    const result = await plan([{ select: { projectArn: PROJECT_ARN } }]);
    expect(names(result)).toEqual(['v5', 'v7', 'v6', 'v2', 'v1']);
    expect(result.plan.skipped).toEqual([
      {
        kind: 'project-version',
        id: arnOf('v4'),
        reason: 'RUNNING',
        detail: expect.stringContaining('projectVersions[0]'),
      },
      {
        kind: 'project-version',
        id: arnOf('v3'),
        reason: 'PROTECTED',
        detail: expect.stringContaining('projectVersions[0]'),
      },
    ]);
    const calls = result.rekognition.callsOf('DescribeProjectVersions');
    expect(calls.length).toBe(4);
    for (const input of calls) expect(input.MaxResults).toBeLessThanOrEqual(100);
  });

  test('targets carry project, name, status at plan, creation time and reason', async () => {
    const result = await plan([
      { select: { projectArn: PROJECT_ARN, olderThanDays: 90, tags: { owner: 'vision' } }, stopRunning: true },
    ]);
    expect(result.plan.projectVersions.find((v) => v.versionName === 'v4')).toEqual({
      versionArn: arnOf('v4'),
      projectArn: PROJECT_ARN,
      versionName: 'v4',
      statusAtPlan: 'RUNNING',
      createdAt: '2025-04-01T00:00:00.000Z',
      reasons: [
        'projectVersions[0]: version of project "door-cam", created 2025-04-01T00:00:00.000Z, older than 90 days, tagged "owner"="vision"',
      ],
    });
  });

  test.each([
    ['olderThanDays', { olderThanDays: 90 }, ['v7', 'v6', 'v4', 'v2', 'v1']],
    ['tags', { tags: { owner: 'vision' } }, ['v5', 'v7', 'v6', 'v4', 'v1']],
    ['keepLatest', { keepLatest: 2 }, ['v6', 'v4', 'v2', 'v1']],
    [
      'keepLatest + olderThanDays + tags',
      { keepLatest: 2, olderThanDays: 90, tags: { owner: 'vision' } },
      ['v6', 'v4', 'v1'],
    ],
    ['keepLatest beyond the count', { keepLatest: 50 }, []],
  ])('%s', async (_name, criteria, expected) => {
    const result = await plan([{ select: { projectArn: PROJECT_ARN, ...criteria }, stopRunning: true }]);
    expect(names(result)).toEqual(expected);
  });

  test('keepLatest keeps the newest even when they match every other criterion, and says which', async () => {
    const result = await plan([
      { select: { projectArn: PROJECT_ARN, keepLatest: 3, olderThanDays: 90 }, stopRunning: true },
    ]);
    // v5 is too young anyway; v7 and v6 are old enough but among the 3 latest.
    expect(names(result)).toEqual(['v4', 'v2', 'v1']);
    expect(result.plan.notes).toEqual([
      'projectVersions[0]: keeps the 3 latest usable versions of project "door-cam": "v5", "v7", "v6"',
    ]);
  });

  test('a version without a creation time counts as the newest and never matches an age', async () => {
    const project: WorldProject = {
      name: 'undated',
      createdAt: '2023-01-01T00:00:00Z',
      versions: [
        { name: 'old', createdAt: '2024-01-01T00:00:00Z', status: 'STOPPED' },
        // Older still, but the service leaves its CreationTimestamp out: the plan must not guess it.
        { name: 'unknown', createdAt: '2023-06-01T00:00:00Z', status: 'STOPPED' },
      ],
    };
    const account = { projects: [project] };
    const undated = (rekognition: TestRekognition) =>
      rekognition.rewriteAnswers('DescribeProjectVersions', (output) => ({
        ...output,
        ProjectVersionDescriptions: (output.ProjectVersionDescriptions as Record<string, unknown>[]).map(
          ({ CreationTimestamp, ...version }) =>
            String(version.ProjectVersionArn).includes('/version/unknown/')
              ? version
              : { CreationTimestamp, ...version },
        ),
      }));
    const kept = await plan([{ select: { projectArn: projectArn(project), keepLatest: 1 } }], account, undated);
    const aged = await plan([{ select: { projectArn: projectArn(project), olderThanDays: 1 } }], account, undated);
    expect(names(kept)).toEqual(['old']);
    expect(names(aged)).toEqual(['old']);
  });

  test('a missing project is absent (kind project) and is not planned for deletion', async () => {
    const missing = `${SCOPE}project/nope/1`;
    const result = await plan([{ select: { projectArn: missing }, deleteProjectWhenEmpty: true }]);
    expect(result.plan.absent).toEqual([{ kind: 'project', id: missing, source: 'projectVersions[0]' }]);
    expect(result.plan.projects).toEqual([]);
    expect(result.plan.projectVersions).toEqual([]);
  });

  test('deleteProjectWhenEmpty adds the project once, after its versions', async () => {
    const result = await plan([
      { select: { projectArn: PROJECT_ARN, olderThanDays: 90 }, deleteProjectWhenEmpty: true },
      { select: { projectArn: PROJECT_ARN, keepLatest: 1 }, deleteProjectWhenEmpty: true },
      { select: { projectArn: PROJECT_ARN, tags: { owner: 'x' } } },
    ]);
    expect(result.plan.projects).toEqual([
      { projectArn: PROJECT_ARN, source: 'projectVersions[0], projectVersions[1]' },
    ]);
  });
});

describe('project versions by ARN', () => {
  test('finds the project ARN (with its own timestamp) by name, then the exact versions', async () => {
    const result = await plan([{ select: { arns: [arnOf('v2'), arnOf('v4')] } }]);
    expect(result.plan.projectVersions).toEqual([
      expect.objectContaining({
        versionArn: arnOf('v2'),
        projectArn: PROJECT_ARN,
        versionName: 'v2',
        statusAtPlan: 'STOPPED',
      }),
      expect.objectContaining({
        versionArn: arnOf('v4'),
        projectArn: PROJECT_ARN,
        versionName: 'v4',
        statusAtPlan: 'RUNNING',
      }),
    ]);
    expect(result.plan.projectVersions[0]?.reasons).toEqual(['projectVersions[0]: listed by ARN']);
    const lookup = result.rekognition.callsOf('DescribeProjects');
    expect(lookup.map((input) => input.ProjectNames)).toEqual([['door-cam']]);
  });

  test('a missing version, a re-created version (same name, other ARN) and a missing project are absent', async () => {
    const v9 = versionArn(DOOR_CAM, { name: 'v9', createdAt: '2025-09-01T00:00:00Z' });
    const orphan = `${SCOPE}project/deleted-project/version/v1/5`;
    const result = await plan([{ select: { arns: [v9, RECREATED_V1, orphan, arnOf('v1')] } }]);
    expect(result.plan.absent).toEqual([
      { kind: 'project-version', id: v9, source: 'projectVersions[0]' },
      { kind: 'project-version', id: RECREATED_V1, source: 'projectVersions[0]' },
      { kind: 'project-version', id: orphan, source: 'projectVersions[0]' },
    ]);
    expect(names(result)).toEqual(['v1']);
  });

  test('a re-created version is absent even when its tags can be read: only the exact ARN counts', async () => {
    const { plan: result } = await plan([{ select: { arns: [RECREATED_V1] } }], ACCOUNT, (rekognition) =>
      // The emulator finds no tags for an ARN it does not hold; this account answers for it all the same.
      rekognition.client.middlewareStack.add(
        (next, context) => async (args) =>
          context.commandName === 'ListTagsForResourceCommand' &&
          (args.input as { ResourceArn?: string }).ResourceArn === RECREATED_V1
            ? { output: { Tags: {}, $metadata: {} }, response: {} }
            : next(args),
        { step: 'initialize', name: 'testTagsOfRecreated', priority: 'low' },
      ),
    );
    expect(result.projectVersions).toEqual([]);
    expect(result.absent).toEqual([{ kind: 'project-version', id: RECREATED_V1, source: 'projectVersions[0]' }]);
  });

  test('an ARN in another region is absent even if a project of that name exists here', async () => {
    const elsewhere = `arn:aws:rekognition:us-east-1:123456789012:project/door-cam/version/v1/101`;
    const result = await plan([{ select: { arns: [elsewhere] } }]);
    expect(result.plan.projectVersions).toEqual([]);
    expect(result.plan.absent).toEqual([{ kind: 'project-version', id: elsewhere, source: 'projectVersions[0]' }]);
    expect(result.plan.notes).toEqual([expect.stringContaining(PROJECT_ARN)]);
    expect(result.rekognition.callsOf('DescribeProjectVersions')).toHaveLength(0);
  });

  test('an explicit ARN is still a selection: a protected version is skipped', async () => {
    const result = await plan([{ select: { arns: [arnOf('v3')] } }]);
    expect(result.plan.projectVersions).toEqual([]);
    expect(result.plan.skipped).toEqual([
      {
        kind: 'project-version',
        id: arnOf('v3'),
        reason: 'PROTECTED',
        detail: expect.stringContaining('listed by ARN'),
      },
    ]);
  });

  test('asks for at most 10 version names per call', async () => {
    const versions = Array.from({ length: 23 }, (_, i) => ({
      name: `m${i}`,
      createdAt: '2025-01-01T00:00:00Z',
      status: 'STOPPED' as const,
    }));
    const many: WorldProject = { name: 'many', createdAt: '2024-01-01T00:00:00Z', versions };
    const arns = versions.map((version) => versionArn(many, version));
    const result = await plan([{ select: { arns } }], { pageSize: 100, projects: [many] });
    expect(result.plan.projectVersions).toHaveLength(23);
    const calls = result.rekognition.callsOf('DescribeProjectVersions');
    expect(calls.map((input) => (input.VersionNames as string[] | undefined)?.length)).toEqual([10, 10, 3]);
  });

  test('the same version selected by two sections is planned once, with both reasons', async () => {
    const result = await plan([
      { select: { arns: [arnOf('v1')] } },
      { select: { projectArn: PROJECT_ARN, olderThanDays: 400 } },
    ]);
    expect(names(result)).toEqual(['v1']);
    expect(result.plan.projectVersions[0]?.reasons).toEqual([
      'projectVersions[0]: listed by ARN',
      'projectVersions[1]: version of project "door-cam", created 2025-01-01T00:00:00.000Z, older than 400 days',
    ]);
  });
});

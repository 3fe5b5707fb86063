import { InvalidJobError } from '../../../lambdas/core/errors';
import { planJob } from '../../../lambdas/core/plan/plan-job';
import { BAD_JOBS } from '../../fixtures/bad-jobs';
import { GOOD_JOBS } from '../../fixtures/good-jobs';
import { at, type PlanWorld, PROTECT_TAG, PROTECTION, planAccount, STARTED_AT } from './plan-world';

const EXECUTION_ID = 'arn:aws:states:eu-west-1:123456789012:execution:cleanup:run-1';

function run(job: unknown, account: PlanWorld = {}) {
  const rekognition = planAccount(account);
  const result = planJob(rekognition.client, { job, executionId: EXECUTION_ID, startedAt: STARTED_AT }, PROTECTION);
  return { rekognition, result };
}

const MIXED_ACCOUNT: PlanWorld = {
  collections: [
    { id: 'zeta', createdAt: '2025-01-01T00:00:00Z', tags: PROTECT_TAG },
    { id: 'tmp-b', createdAt: '2025-02-01T00:00:00Z' },
    { id: 'kyc-eu', createdAt: '2024-01-01T00:00:00Z', faces: [{ faceId: '0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99' }] },
    { id: 'tmp-a', createdAt: '2025-03-01T00:00:00Z' },
  ],
  projects: [
    {
      name: 'door-cam',
      // The project ARN the job names ends in this time.
      createdAt: at(1_700_000_000_000),
      versions: [
        { name: 'v1', createdAt: '2024-01-01T00:00:00Z', status: 'STOPPED' },
        { name: 'v2', createdAt: '2024-02-01T00:00:00Z', status: 'STOPPED' },
      ],
    },
  ],
};

const MIXED_JOB = {
  requestId: 'mixed-1',
  maxDeletions: 10,
  collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }],
  faces: [{ collectionId: 'kyc-eu', faceIds: ['0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99'] }],
  subjects: [{ userId: 'customer-8841' }],
  projectVersions: [
    {
      select: { projectArn: 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1700000000000' },
      deleteProjectWhenEmpty: true,
    },
  ],
};

describe('planJob: validation first', () => {
  test.each(BAD_JOBS.map((bad) => [bad.name, bad]))(
    'an invalid job (%s) throws InvalidJobError before any Rekognition call',
    async (_name, bad) => {
      const { rekognition, result } = run(bad.job, MIXED_ACCOUNT);
      await expect(result).rejects.toBeInstanceOf(InvalidJobError);
      await expect(result).rejects.toMatchObject({ field: bad.field });
      expect(rekognition.calls).toHaveLength(0);
    },
  );

  test('a createdBefore later than the execution start is invalid, whatever the clock says', async () => {
    const job = { collections: [{ select: { createdBefore: '2026-03-02T00:00:00Z' }, action: 'DELETE_FACES' }] };
    const { rekognition, result } = run(job, MIXED_ACCOUNT);
    await expect(result).rejects.toBeInstanceOf(InvalidJobError);
    expect(rekognition.calls).toHaveLength(0);
  });

  test.each(GOOD_JOBS.map((good) => [good.name, good.job]))('a good job plans: %s', async (_name, job) => {
    const { result } = run(job, MIXED_ACCOUNT);
    await expect(result).resolves.toMatchObject({ executionId: EXECUTION_ID, startedAt: STARTED_AT });
  });
});

describe('planJob: the job state', () => {
  test('carries the job settings and every plan array, but not the raw sections', async () => {
    const state = await run(MIXED_JOB, MIXED_ACCOUNT).result;
    expect(Object.keys(state).sort()).toEqual([
      'dryRun',
      'executionId',
      'maxDeletions',
      'maxDeletionsSource',
      'plan',
      'rates',
      'requestId',
      'startedAt',
    ]);
    expect(state).toMatchObject({ requestId: 'mixed-1', maxDeletions: 10, maxDeletionsSource: 'job', dryRun: false });
    expect(Object.keys(state.plan).sort()).toEqual(
      [
        'absent',
        'collections',
        'faceGroups',
        'notes',
        'planFailures',
        'projectVersions',
        'projects',
        'skipped',
        'subjectErasures',
        'subjectSummaries',
        'subjectSearches',
      ].sort(),
    );
    for (const value of Object.values(state.plan)) expect(Array.isArray(value)).toBe(true);
    expect(state.plan.subjectErasures).toEqual([]);
    expect(state.plan.planFailures).toEqual([]);
    expect(state.plan.collections.map((c) => c.collectionId)).toEqual(['tmp-a', 'tmp-b']);
    expect(state.plan.faceGroups).toHaveLength(1);
    // One search per collection, whatever the number of subjects searched there.
    expect(state.plan.subjectSearches).toHaveLength(4);
    expect(state.plan.projectVersions.map((v) => v.versionName)).toEqual(['v2', 'v1']);
    expect(state.plan.projects).toEqual([
      { projectArn: MIXED_JOB.projectVersions[0]?.select.projectArn, source: 'projectVersions[0]' },
    ]);
  });

  test('dryRun is carried when given and omitted keys stay omitted', async () => {
    const state = await run({ dryRun: true, faces: MIXED_JOB.faces }, MIXED_ACCOUNT).result;
    expect(state.dryRun).toBe(true);
    expect(state).not.toHaveProperty('requestId');
    expect(state).not.toHaveProperty('maxDeletions');
  });

  test('a selector job without maxDeletions gets the default cap; explicit faces alone get none', async () => {
    const { maxDeletions: _given, ...uncapped } = MIXED_JOB;
    const selectors = await run(uncapped, MIXED_ACCOUNT).result;
    expect(selectors).toMatchObject({ maxDeletions: 100_000, maxDeletionsSource: 'default' });
    const facesOnly = await run({ faces: MIXED_JOB.faces }, MIXED_ACCOUNT).result;
    expect(facesOnly).not.toHaveProperty('maxDeletions');
  });

  test('is deterministic: the same account yields the same plan, whatever order it lists collections in', async () => {
    const first = await run(MIXED_JOB, MIXED_ACCOUNT).result;
    const again = await run(MIXED_JOB, MIXED_ACCOUNT).result;
    // The emulator lists in id order; the service promises no order, so this account lists them backwards.
    const backwards = run(MIXED_JOB, { ...MIXED_ACCOUNT, pageSize: 100 });
    const listed: unknown[] = [];
    backwards.rekognition.rewriteAnswers('ListCollections', (output) => {
      const ids = [...(output.CollectionIds as string[])].reverse();
      listed.push(...ids);
      return {
        ...output,
        CollectionIds: ids,
        FaceModelVersions: [...(output.FaceModelVersions as string[])].reverse(),
      };
    });
    const shuffled = await backwards.result;
    expect(listed).toEqual(['zeta', 'tmp-b', 'tmp-a', 'kyc-eu']);
    expect(again).toEqual(first);
    expect(shuffled).toEqual(first);
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(first));
  });

  test('makes read-only calls only', async () => {
    const { rekognition, result } = run(MIXED_JOB, MIXED_ACCOUNT);
    await result;
    const operations = rekognition.calls.map((call) => call.name);
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(operation).toMatch(/^(List|Describe)[A-Za-z]+$/);
  });

  test('reads each collection description and tags once, however many sections ask', async () => {
    const job = {
      collections: [
        { select: { prefix: 'tmp-' }, action: 'DELETE_FACES' },
        { select: { ids: ['tmp-a'] }, action: 'DELETE_COLLECTION' },
      ],
      subjects: [{ userId: 'u-1' }, { externalImageIds: ['img-1'] }],
    };
    const { rekognition, result } = run(job, MIXED_ACCOUNT);
    await result;
    const described = rekognition.callsOf('DescribeCollection').map((input) => input.CollectionId);
    const tagged = rekognition
      .callsOf('ListTagsForResource')
      .map((input) => String(input.ResourceArn).split('/').pop());
    // Each collection at most once, whatever the number of sections naming it.
    expect(new Set(described).size).toBe(described.length);
    expect(new Set(tagged).size).toBe(tagged.length);
    // Tags are read for selection and protection (the collections sections); subjects read theirs during the search.
    expect(tagged.every((id) => id?.startsWith('tmp-'))).toBe(true);
    expect(tagged.length).toBeGreaterThan(0);
  });
});

import { planJob } from '../../../lambdas/core/plan/plan-job';
import { type PlanWorld, PROTECT_TAG, PROTECTION, planAccount, STARTED_AT } from './plan-world';

const ARN = 'arn:aws:rekognition:eu-west-1:123456789012:collection/';
const face = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

const faces = (...numbers: number[]) => numbers.map((n) => ({ faceId: face(n) }));

const ACCOUNT: PlanWorld = {
  pageSize: 2,
  collections: [
    { id: 'store-entrance', createdAt: '2025-01-01T00:00:00Z', faces: faces(1, 2, 3, 4, 5) },
    { id: 'kyc-eu', createdAt: '2025-01-01T00:00:00Z', faces: faces(9), tags: PROTECT_TAG },
    { id: 'archive', createdAt: '2025-01-01T00:00:00Z' },
  ],
};

async function plan(job: unknown, account: PlanWorld = ACCOUNT) {
  const rekognition = planAccount(account);
  const state = await planJob(rekognition.client, { job, executionId: 'exec-1', startedAt: STARTED_AT }, PROTECTION);
  return { rekognition, plan: state.plan };
}

describe('faces', () => {
  test('one target per entry, with every listed id and the count that exists (ListFaces read to the end)', async () => {
    const faceIds = [face(1), face(2), face(3), face(4), face(5), face(77)];
    const { plan: result, rekognition } = await plan({ faces: [{ collectionId: 'store-entrance', faceIds }] });
    expect(result.faceGroups).toEqual([
      { collectionId: 'store-entrance', faceIds, source: 'faces[0]', existingFaceCount: 5, collectionProtected: false },
    ]);
    const calls = rekognition.callsOf('ListFaces');
    expect(calls.length).toBe(3);
    for (const input of calls) expect(input.FaceIds).toEqual(faceIds);
    expect(result.notes).toEqual([]);
  });

  test('a missing collection is absent (kind faces), with no target', async () => {
    const { plan: result } = await plan({
      faces: [
        { collectionId: 'nowhere', faceIds: [face(1)] },
        { collectionId: 'archive', faceIds: [face(1)] },
      ],
    });
    expect(result.absent).toEqual([{ kind: 'faces', id: 'nowhere', source: 'faces[0]' }]);
    expect(result.faceGroups).toEqual([
      {
        collectionId: 'archive',
        faceIds: [face(1)],
        source: 'faces[1]',
        existingFaceCount: 0,
        collectionProtected: false,
      },
    ]);
  });

  test('explicit faces in a protected collection are planned, flagged, and explained in a note', async () => {
    const { plan: result } = await plan({ faces: [{ collectionId: 'kyc-eu', faceIds: [face(9)] }] });
    expect(result.faceGroups).toEqual([
      {
        collectionId: 'kyc-eu',
        faceIds: [face(9)],
        source: 'faces[0]',
        existingFaceCount: 1,
        collectionProtected: true,
      },
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/^faces\[0\]: collection "kyc-eu" .*not blocked/)]);
  });
});

describe('subjects', () => {
  test('without collectionIds: one search per collection of the account, in a stable order', async () => {
    const { plan: result } = await plan({ subjects: [{ userId: 'customer-8841' }] });
    const subject = { subjectIndex: 0, userId: 'customer-8841' };
    expect(result.subjectSearches).toEqual([
      { collectionId: 'archive', collectionArn: `${ARN}archive`, subjects: [subject] },
      { collectionId: 'kyc-eu', collectionArn: `${ARN}kyc-eu`, subjects: [subject] },
      { collectionId: 'store-entrance', collectionArn: `${ARN}store-entrance`, subjects: [subject] },
    ]);
    expect(result.subjectErasures).toEqual([]);
  });

  test('with collectionIds: those only; a missing one is a NOT_FOUND failure, not a silent absence', async () => {
    const { plan: result } = await plan({
      subjects: [
        { externalImageIds: ['selfie-1.jpg'], collectionIds: ['store-entrance', 'gone'] },
        { userId: 'u-2', externalImageIds: ['x'], collectionIds: ['archive'] },
      ],
    });
    expect(result.subjectSearches).toEqual([
      {
        collectionId: 'store-entrance',
        collectionArn: `${ARN}store-entrance`,
        subjects: [{ subjectIndex: 0, externalImageIds: ['selfie-1.jpg'] }],
      },
      {
        collectionId: 'archive',
        collectionArn: `${ARN}archive`,
        subjects: [{ subjectIndex: 1, userId: 'u-2', externalImageIds: ['x'] }],
      },
    ]);
    expect(result.absent).toEqual([]);
    expect(result.planFailures).toEqual([
      expect.objectContaining({ kind: 'subject', id: 'gone', source: 'subjects[0]', error: 'NOT_FOUND' }),
    ]);
  });

  test('a protected collection does not block legal erasure: planned (the search reads its tags), no skip', async () => {
    const { plan: result } = await plan({ subjects: [{ userId: 'customer-8841', collectionIds: ['kyc-eu'] }] });
    expect(result.subjectSearches).toEqual([
      {
        collectionId: 'kyc-eu',
        collectionArn: `${ARN}kyc-eu`,
        subjects: [{ subjectIndex: 0, userId: 'customer-8841' }],
      },
    ]);
    expect(result.skipped).toEqual([]);
  });

  test('several subjects share one search per collection, each subject once, in job order', async () => {
    const { plan: result } = await plan({
      subjects: [
        { userId: 'u-1', collectionIds: ['kyc-eu', 'archive'] },
        { externalImageIds: ['x'] },
        { userId: 'u-3', collectionIds: ['kyc-eu', 'kyc-eu'] },
      ],
    });
    expect(result.subjectSearches.map((s) => [s.collectionId, s.subjects.map((q) => q.subjectIndex)])).toEqual([
      ['kyc-eu', [0, 1, 2]],
      ['archive', [0, 1]],
      ['store-entrance', [1]],
    ]);
  });

  test('costs one DescribeCollection for the whole account, not one per collection', async () => {
    const { rekognition } = await plan({ subjects: [{ userId: 'customer-8841' }] });
    const describes = rekognition.callsOf('DescribeCollection');
    const tagReads = rekognition.callsOf('ListTagsForResource');
    expect(describes).toHaveLength(1);
    expect(tagReads).toHaveLength(0);
  });
});

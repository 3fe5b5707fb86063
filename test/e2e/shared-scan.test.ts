import { e2eSuite, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges } from './support/world-state';
import { faceId } from '../support/world-faces';

/**
 * Issue 13: within one job, every subject that needs an ExternalImageId scan of a collection shares one scan of it,
 * and each subject keeps its own results: its faces, its kept matches, its own place in the report.
 */
const suite = e2eSuite();

const A = (n: number) => faceId(0xa11ce, n);
const B = (n: number) => faceId(0xb0b, n);
const G = (n: number) => faceId(0x6a0, n);

const world = {
  collections: [
    {
      id: 'archive',
      faces: [
        { faceId: A(1), externalImageId: 'alice-selfie' },
        { generate: { count: 5000, externalImageIdPrefix: 'visit-' } },
        { faceId: B(1), externalImageId: 'bob-badge' },
        { faceId: B(2), userId: 'bob' },
        // Both claim the group photo, which labels two unattributed faces: ambiguous for each, erased for neither.
        { faceId: G(1), externalImageId: 'group.jpg' },
        { faceId: G(2), externalImageId: 'group.jpg' },
      ],
    },
    { id: 'lobby', faces: [{ faceId: A(2), externalImageId: 'alice-selfie' }] },
  ],
};

describe('several subjects searched in one job', () => {
  test('share one scan of each collection, and each gets only its own faces, in its own report entry', async () => {
    const env = await suite.start({ seed: world });
    const before = captureWorld(env.emulator);

    const { run, report, calls } = await runJob(env, {
      requestId: 'dsar-batch',
      subjects: [
        { externalImageIds: ['alice-selfie', 'group.jpg'] },
        { userId: 'bob', externalImageIds: ['bob-badge', 'group.jpg'] },
        { externalImageIds: ['nobody.jpg'] },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('NEEDS_REVIEW');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: { archive: [A(1), B(1), B(2)].sort(), lobby: [A(2)] },
        usersDeleted: { archive: ['bob'] },
      }),
    );

    // One scan per collection for the three subjects: archive's 5,006 faces take 2 pages, lobby's 1.
    const scans = calls.filter(
      (c) => c.operation === 'ListFaces' && c.input.FaceIds === undefined && c.input.UserId === undefined,
    );
    expect(scans.filter((c) => c.input.CollectionId === 'archive')).toHaveLength(2);
    expect(scans.filter((c) => c.input.CollectionId === 'lobby')).toHaveLength(1);

    const entry = (subject: number, collectionId: string) =>
      report?.subjects[subject]?.collections.find((c) => c.collectionId === collectionId);
    expect(report?.subjects.map((s) => [s.source, s.collectionsSearched])).toEqual([
      ['subjects[0]', 2],
      ['subjects[1]', 2],
      ['subjects[2]', 2],
    ]);
    expect(entry(0, 'archive')).toMatchObject({ faceIds: [A(1)], needsReview: [G(1), G(2)] });
    expect(entry(0, 'lobby')).toMatchObject({ outcome: 'DELETED', faceIds: [A(2)] });
    expect(entry(1, 'archive')).toMatchObject({ userOutcome: 'DELETED', needsReview: [G(1), G(2)] });
    expect([...(entry(1, 'archive')?.faceIds ?? [])].sort()).toEqual([B(1), B(2)].sort());
    // Bob is absent from lobby: searched by UserId there, then DeleteUser finds nobody; nothing of alice's is his.
    expect(entry(1, 'lobby')).toMatchObject({ outcome: 'ALREADY_ABSENT', userOutcome: 'ALREADY_ABSENT', faceIds: [] });
    expect(report?.subjects[2]?.collections).toEqual([]);
    expect(report?.subjects[2]?.facesFound).toBe(0);
  });
});

import { ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-rekognition';
import type { CollectionSearch, SubjectFindProgress, SubjectQuery, WorkItem } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { findSubjectFacesStep } from '../../../lambdas/core/subjects/find-subject-faces-step';
import { REQUEST_IMAGE_MATCH_LIMIT } from '../../../lambdas/core/subjects/subject-too-broad-error';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { inProcessEmulator, type WorldFace } from '../../../local/emulator';
import { faceId, facesOf, PROTECT_TAG } from '../../support/world-faces';

const COLLECTION = 'visitors';
const ARN = `arn:aws:rekognition:us-east-1:123456789012:collection/${COLLECTION}`;
const PROTECTION = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };

/** A search of the collection for these subjects (subject i has index 3 + i in the job). */
function search(...subjects: Array<Omit<SubjectQuery, 'subjectIndex'>>): CollectionSearch {
  return {
    collectionId: COLLECTION,
    collectionArn: ARN,
    subjects: subjects.map((subject, i) => ({ subjectIndex: 3 + i, ...subject })),
  };
}

function item(
  target: CollectionSearch,
  progress: SubjectFindProgress | { done: false } = { done: false },
): WorkItem<CollectionSearch, SubjectFindProgress> {
  return { target, executionId: 'exec-1', dryRun: false, progress };
}

/** Other people's faces, with and without users, spread over pages around the subjects'. */
function crowd(group: number, count: number): WorldFace[] {
  return facesOf(group, count, (n) => (n % 3 === 0 ? { userId: `user-${group}-${n}` } : { externalImageId: `x-${n}` }));
}

function emulatorWith(faces: WorldFace[], tags: Record<string, string> = {}) {
  return inProcessEmulator({ seed: { collections: [{ id: COLLECTION, faces, tags }] } });
}

/** A budget spent from the start: each invocation makes its one call. */
function expired(): TimeBudget {
  return new TimeBudget(0, 0, () => 0);
}

const A = (n: number) => faceId(0xa11ce, n);
const B = (n: number) => faceId(0xb0b, n);
const C = (n: number) => faceId(0xca11, n);

describe('findSubjectFacesStep: one subject', () => {
  it("finds the user's faces and the faces of its images across pages, and only those", async () => {
    const emulator = emulatorWith([
      ...crowd(0x1, 5000),
      { faceId: A(1), userId: 'alice', externalImageId: 'alice.jpg' },
      { faceId: A(2), userId: 'alice' },
      ...crowd(0x2, 4000),
      { faceId: A(3), externalImageId: 'alice.jpg' },
      { faceId: A(4), externalImageId: 'badge-42' },
      { faceId: A(5), externalImageId: 'ALICE.JPG' },
      ...crowd(0x3, 100),
    ]);
    const before = emulator.world.collection(COLLECTION)?.faceCount;

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice', externalImageIds: ['alice.jpg', 'badge-42'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, phase: 'DONE', collectionAbsent: false, pagesScanned: 4 });
    expect(progress.nextToken).toBeUndefined();
    expect(progress.found).toEqual([
      expect.objectContaining({ faceIds: [A(1), A(2), A(3), A(4)], matchedByUserId: 2, imageMatchCount: 2 }),
    ]);
    // Read-only: ListFaces, and (something was found) the collection's tags for the report's protection note.
    expect(new Set(emulator.calls.map((call) => call.name))).toEqual(new Set(['ListFaces', 'ListTagsForResource']));
    expect(progress.collectionProtected).toBe(false);
    const lists = emulator.callsOf('ListFaces');
    expect(lists[0]).toMatchObject({ UserId: 'alice', MaxResults: 4096 });
    expect(lists.slice(1).map((input) => [input.UserId, input.NextToken === undefined])).toEqual([
      [undefined, true],
      [undefined, false],
      [undefined, false],
    ]);
    expect(emulator.world.collection(COLLECTION)?.faceCount).toBe(before);
  });

  it('stops between calls when the budget runs out and resumes from nextToken without repeating a page', async () => {
    const emulator = emulatorWith([
      { faceId: A(1), externalImageId: 'me-1' },
      ...crowd(0x1, 4095),
      { faceId: A(2), externalImageId: 'me-2' },
      ...crowd(0x2, 4095),
      { faceId: A(3), externalImageId: 'me-3' },
    ]);
    const target = search({ externalImageIds: ['me-1', 'me-2', 'me-3'] });

    const first = await findSubjectFacesStep(emulator.client, item(target), expired(), PROTECTION);
    expect(first).toMatchObject({ done: false, phase: 'EXTERNAL_IMAGE_SCAN', pagesScanned: 1 });
    expect(first.nextToken).toEqual(expect.any(String));
    // Not yet erasable: a later page could show that me-1 labels someone else's face too.
    expect(first.found[0]?.faceIds).toEqual([]);
    expect(first.found[0]?.imageMatches).toEqual([{ faceId: A(1), image: 0, heldByOtherUser: false }]);

    let progress = first;
    const tokens = [first.nextToken];
    while (!progress.done) {
      progress = await findSubjectFacesStep(emulator.client, item(target, progress), expired(), PROTECTION);
      tokens.push(progress.nextToken);
    }

    expect(progress.found[0]?.faceIds).toEqual([A(1), A(2), A(3)]);
    expect(progress.pagesScanned).toBe(3);
    // Every page once: the scan's calls carry each token once, then the tags are read.
    const scanTokens = emulator.callsOf('ListFaces').map((input) => input.NextToken);
    expect(scanTokens).toHaveLength(3);
    expect(new Set(scanTokens).size).toBe(3);
    expect(emulator.callsOf('ListTagsForResource')).toHaveLength(1);
  });

  it('reports collectionAbsent when the collection is gone', async () => {
    const emulator = inProcessEmulator();

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice', externalImageIds: ['img'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, phase: 'DONE', collectionAbsent: true });
    expect(emulator.callsOf('ListTagsForResource')).toEqual([]);
  });

  it('does not mistake an unknown user (ResourceNotFoundException) for a missing collection', async () => {
    const emulator = emulatorWith([{ faceId: A(1), externalImageId: 'img' }]);
    // Where the service answers an unknown UserId with ResourceNotFoundException instead of an empty page.
    emulator.beforeCall = (call) => {
      if (call.name === 'ListFaces' && call.input.UserId !== undefined) {
        throw new ResourceNotFoundException({ message: 'user not found', $metadata: {} });
      }
    };

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'nobody', externalImageIds: ['img'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, collectionAbsent: false });
    expect(progress.found[0]).toMatchObject({ faceIds: [A(1)], matchedByUserId: 0 });
  });

  it('keeps a face matched both ways once, as USER_ID', async () => {
    const emulator = emulatorWith([{ faceId: A(1), userId: 'alice', externalImageId: 'alice.jpg' }]);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice', externalImageIds: ['alice.jpg'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.found[0]).toMatchObject({ faceIds: [A(1)], matchedByUserId: 1 });
  });

  it('skips the scan for a subject without ExternalImageIds', async () => {
    const emulator = emulatorWith([{ faceId: A(1), userId: 'alice' }, ...crowd(0x1, 10)]);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice' })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(emulator.callsOf('ListFaces')).toHaveLength(1);
    expect(progress.found[0]).toMatchObject({ faceIds: [A(1)], matchedByUserId: 1 });
  });

  it('costs one call where the person is absent: no tag read, since the tag has nothing to apply to', async () => {
    const emulator = emulatorWith(crowd(0x1, 10), PROTECT_TAG);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice' })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({
      done: true,
      collectionAbsent: false,
      found: [{ faceIds: [], matchedByUserId: 0 }],
    });
    expect(progress.collectionProtected).toBeUndefined();
    expect(emulator.calls.map((call) => call.name)).toEqual(['ListFaces']);
  });

  it('reads the tags where something was found, and says the collection is protected', async () => {
    const emulator = emulatorWith([{ faceId: A(1), userId: 'alice' }], PROTECT_TAG);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice' })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.collectionProtected).toBe(true);
    expect(emulator.calls.map((call) => call.name)).toEqual(['ListFaces', 'ListTagsForResource']);
  });

  it('makes no call for a subject with nothing to look for, or a search already done', async () => {
    const emulator = emulatorWith([]);

    const nothing = await findSubjectFacesStep(
      emulator.client,
      item(search({ externalImageIds: [] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );
    const again = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'a' }), nothing),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(nothing).toMatchObject({ done: true, found: [{ faceIds: [] }] });
    expect(again).toBe(nothing);
    expect(emulator.calls).toEqual([]);
  });

  it('stops a scan whose image matches alone exceed the request bound, keeping the count and no ids', async () => {
    const shared = facesOf(0xca, REQUEST_IMAGE_MATCH_LIMIT + 1, () => ({ externalImageId: 'lobby-camera' }));
    const emulator = emulatorWith([...shared, ...crowd(0x1, 5000)]);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ externalImageIds: ['lobby-camera'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, tooBroad: true });
    expect(progress.found[0]).toMatchObject({ tooBroad: true, imageMatchCount: REQUEST_IMAGE_MATCH_LIMIT + 1 });
    expect(progress.found[0]?.faceIds).toEqual([]);
    expect(progress.found[0]?.imageMatches).toBeUndefined();
    // The first page (4,096 faces) already holds every match: the scan does not read the second.
    expect(emulator.callsOf('ListFaces')).toHaveLength(1);
  });

  it('independent subjects (an erasure batch): one over its bound is stopped alone, the scan goes on for the others', async () => {
    const shared = facesOf(0xca, REQUEST_IMAGE_MATCH_LIMIT + 1, () => ({ externalImageId: 'lobby-camera' }));
    // On a later page than the camera's faces: found only if the scan goes on after the camera's subject stopped.
    const passport = { faceId: A(9), externalImageId: 'dave-passport' };
    const emulator = emulatorWith([...shared, ...crowd(0x1, 5000), passport]);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item({
        ...search({ externalImageIds: ['lobby-camera'] }, { externalImageIds: ['dave-passport'] }),
        independentSubjects: true,
      }),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true });
    expect(progress.tooBroad).toBeUndefined();
    expect(progress.found[0]).toMatchObject({ tooBroad: true, imageMatchCount: REQUEST_IMAGE_MATCH_LIMIT + 1 });
    expect(progress.found[0]?.imageMatches).toBeUndefined();
    expect(progress.found[1]?.faceIds).toEqual([A(9)]);
    expect(emulator.callsOf('ListFaces')).toHaveLength(2);
  });

  it('keeps exactly REQUEST_IMAGE_MATCH_LIMIT ambiguous matches for review, erasing none of them', async () => {
    const emulator = emulatorWith(facesOf(0xca, REQUEST_IMAGE_MATCH_LIMIT, () => ({ externalImageId: 'album' })));

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ externalImageIds: ['album'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.tooBroad).toBeUndefined();
    expect(progress.found[0]?.imageMatchCount).toBe(REQUEST_IMAGE_MATCH_LIMIT);
    expect(progress.found[0]?.faceIds).toEqual([]);
    expect(progress.found[0]?.kept?.needsReview).toHaveLength(REQUEST_IMAGE_MATCH_LIMIT);
  });

  it("never erases another user's face; an image id that also labels one makes its unattributed faces ambiguous", async () => {
    const emulator = emulatorWith([
      { faceId: A(1), userId: 'alice', externalImageId: 'photo.jpg' },
      { faceId: A(2), externalImageId: 'alice-passport' },
      { faceId: C(1), externalImageId: 'photo.jpg' },
      ...crowd(0x1, 5000),
      // On a later page: the face that makes photo.jpg ambiguous comes after the unattributed one.
      { faceId: B(1), userId: 'bob', externalImageId: 'photo.jpg' },
    ]);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ userId: 'alice', externalImageIds: ['alice-passport', 'photo.jpg'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect([...(progress.found[0]?.faceIds ?? [])].sort()).toEqual([A(1), A(2)].sort());
    expect(progress.found[0]).toMatchObject({
      matchedByUserId: 1,
      kept: { needsReview: [C(1)], heldByOtherUsers: [B(1)] },
      imageMatchCount: 3,
    });
  });

  it('treats an image id that labels several unattributed faces as ambiguous, and one that labels one as the subject', async () => {
    const emulator = emulatorWith([
      { faceId: C(1), externalImageId: 'cam-7' },
      { faceId: C(2), externalImageId: 'cam-7' },
      { faceId: A(1), externalImageId: 'selfie-01' },
    ]);

    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ externalImageIds: ['cam-7', 'selfie-01'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.found[0]).toMatchObject({
      faceIds: [A(1)],
      kept: { needsReview: [C(1), C(2)], heldByOtherUsers: [] },
    });
  });

  it('decides only at the end of a scan resumed across invocations, never on a partial page set', async () => {
    const emulator = emulatorWith([
      { faceId: C(1), externalImageId: 'photo.jpg' },
      ...crowd(0x1, 5000),
      { faceId: B(1), userId: 'bob', externalImageId: 'photo.jpg' },
    ]);
    const target = search({ externalImageIds: ['photo.jpg'] });

    const first = await findSubjectFacesStep(emulator.client, item(target), expired(), PROTECTION);
    expect(first).toMatchObject({ done: false, found: [{ faceIds: [] }] });
    expect(first.found[0]?.kept).toBeUndefined();
    expect(first.found[0]?.imageMatches).toEqual([{ faceId: C(1), image: 0, heldByOtherUser: false }]);

    const second = await findSubjectFacesStep(emulator.client, item(target, first), expired(), PROTECTION);
    expect(second.found[0]).toMatchObject({ faceIds: [], kept: { needsReview: [C(1)], heldByOtherUsers: [B(1)] } });
  });

  it("keeps a stored search small and free of other people's user ids, even at the bound with the longest ids", async () => {
    const longImage = 'i'.repeat(255);
    const longUser = (n: number) => `u-${n}-`.padEnd(128, 'x');
    const faces = facesOf(0x10, REQUEST_IMAGE_MATCH_LIMIT, (n) => ({
      externalImageId: longImage,
      userId: longUser(n),
    }));
    const emulator = emulatorWith([...faces, ...crowd(0x1, 5000)]);

    // Mid-scan, the matches wait in the progress stored after the page: a DynamoDB item holds at most 400 KB.
    const progress = await findSubjectFacesStep(
      emulator.client,
      item(search({ externalImageIds: [longImage] })),
      expired(),
      PROTECTION,
    );

    expect(progress.done).toBe(false);
    expect(progress.found[0]?.imageMatches).toHaveLength(REQUEST_IMAGE_MATCH_LIMIT);
    const stored = JSON.stringify(progress);
    expect(Buffer.byteLength(stored)).toBeLessThan(100_000);
    expect(stored).not.toContain(longUser(1));
  });

  it('surfaces throttling as RekognitionThrottledError', async () => {
    const emulator = emulatorWith([]);
    emulator.beforeCall = () => {
      throw new ThrottlingException({ message: 'slow down', $metadata: {} });
    };

    await expect(
      findSubjectFacesStep(emulator.client, item(search({ userId: 'alice' })), TimeBudget.unlimited(), PROTECTION),
    ).rejects.toMatchObject({ name: ErrorNames.RekognitionThrottled });
  });
});

describe('findSubjectFacesStep: many subjects in one collection', () => {
  const world = [
    { faceId: A(1), userId: 'alice' },
    { faceId: A(2), externalImageId: 'alice-selfie' },
    ...crowd(0x1, 4500),
    { faceId: B(1), externalImageId: 'bob-badge' },
    // Both claim the group photo: it labels two unattributed faces, so it is ambiguous for each of them.
    { faceId: C(1), externalImageId: 'group.jpg' },
    ...crowd(0x2, 4500),
    { faceId: C(2), externalImageId: 'group.jpg' },
  ];

  it('reads the collection once for every subject that needs a scan, and keeps each subject its own results', async () => {
    const emulator = emulatorWith(world);
    const target = search(
      { userId: 'alice', externalImageIds: ['alice-selfie', 'group.jpg'] },
      { externalImageIds: ['bob-badge', 'group.jpg'] },
      { userId: 'carol' },
      { externalImageIds: ['nobody.jpg'] },
    );

    const progress = await findSubjectFacesStep(emulator.client, item(target), TimeBudget.unlimited(), PROTECTION);

    const lists = emulator.callsOf('ListFaces');
    // Two lookups by UserId, then one scan of 9,005 faces (3 pages) for the three subjects with image ids.
    expect(lists.map((input) => input.UserId)).toEqual(['alice', 'carol', undefined, undefined, undefined]);
    expect(progress).toMatchObject({ done: true, pagesScanned: 5, collectionProtected: false });
    expect(progress.found).toEqual([
      {
        faceIds: [A(1), A(2)],
        matchedByUserId: 1,
        kept: { needsReview: [C(1), C(2)], heldByOtherUsers: [] },
        imageMatchCount: 3,
      },
      {
        faceIds: [B(1)],
        matchedByUserId: 0,
        kept: { needsReview: [C(1), C(2)], heldByOtherUsers: [] },
        imageMatchCount: 3,
      },
      // Carol was looked up by UserId only: the scan does not concern her.
      { faceIds: [], matchedByUserId: 0 },
      { faceIds: [], matchedByUserId: 0, kept: { needsReview: [], heldByOtherUsers: [] }, imageMatchCount: 0 },
    ]);
  });

  it('resumes the lookups and the shared scan across invocations, each call once', async () => {
    const emulator = emulatorWith(world);
    const target = search({ userId: 'alice', externalImageIds: ['alice-selfie'] }, { externalImageIds: ['bob-badge'] });

    let progress: SubjectFindProgress | { done: false } = { done: false };
    let invocations = 0;
    while (!progress.done) {
      progress = await findSubjectFacesStep(emulator.client, item(target, progress), expired(), PROTECTION);
      invocations += 1;
    }

    // One lookup, three scan pages, the tags: one call per invocation.
    expect(invocations).toBe(5);
    expect(emulator.calls.map((call) => call.name)).toEqual([
      'ListFaces',
      'ListFaces',
      'ListFaces',
      'ListFaces',
      'ListTagsForResource',
    ]);
    expect((progress as SubjectFindProgress).found.map((found) => found.faceIds)).toEqual([[A(1), A(2)], [B(1)]]);
  });
});

import type { SubjectFindProgress, SubjectUnit, WorkItem } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { findSubjectFacesStep } from '../../../lambdas/core/subjects/find-subject-faces-step';
import { REQUEST_IMAGE_MATCH_LIMIT } from '../../../lambdas/core/subjects/subject-too-broad-error';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import {
  type FaceSeed,
  FakeCollection,
  FakeRekognition,
  faceIds,
  ManualClock,
  throttled,
} from '../faces/support/fake-rekognition';

const COLLECTION = 'visitors';
const ARN = `arn:aws:rekognition:us-east-1:123456789012:collection/${COLLECTION}`;
const PROTECTION = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };

function unit(subject: Partial<SubjectUnit>): SubjectUnit {
  return { subjectIndex: 3, collectionId: COLLECTION, collectionArn: ARN, ...subject };
}

function item(
  target: SubjectUnit,
  progress: SubjectFindProgress | { done: false } = { done: false },
  dryRun = false,
): WorkItem<SubjectUnit, SubjectFindProgress> {
  return { target, executionId: 'exec-1', dryRun, progress };
}

/** Other people's faces, with and without users, spread over pages around the subject's. */
function crowd(count: number, prefix: string): FaceSeed[] {
  return faceIds(count, prefix).map((faceId, i) =>
    i % 3 === 0 ? { faceId, userId: `${prefix}-user-${i}` } : { faceId, externalImageId: `${prefix}-image-${i}` },
  );
}

describe('findSubjectFacesStep', () => {
  it("finds the user's faces and the faces of its images across pages, and only those", async () => {
    const collection = new FakeCollection(COLLECTION, [
      ...crowd(5000, 'x'),
      { faceId: 'alice-1', userId: 'alice', externalImageId: 'alice.jpg' },
      { faceId: 'alice-2', userId: 'alice' },
      ...crowd(4000, 'y'),
      { faceId: 'alice-photo', externalImageId: 'alice.jpg' },
      { faceId: 'alice-badge', externalImageId: 'badge-42' },
      { faceId: 'not-alice', externalImageId: 'ALICE.JPG' },
      ...crowd(100, 'z'),
    ]);
    const fake = new FakeRekognition([collection]);
    const before = collection.liveFaceIds();

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'alice', externalImageIds: ['alice.jpg', 'badge-42'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, phase: 'DONE', collectionAbsent: false, pagesScanned: 4 });
    expect(progress.nextToken).toBeUndefined();
    expect(progress.faceIds).toEqual(['alice-1', 'alice-2', 'alice-photo', 'alice-badge']);
    expect(progress.matchedByUserId).toBe(2);
    // Read-only: ListFaces, and the collection's tags for the report's protection note.
    expect(new Set(fake.calls.map((call) => call.name))).toEqual(new Set(['ListFaces', 'ListTagsForResource']));
    expect(progress.collectionProtected).toBe(false);
    expect(fake.callsOf('ListFaces')[0]).toMatchObject({ UserId: 'alice', MaxResults: 4096 });
    expect(fake.callsOf('ListFaces').slice(1)).toEqual([
      { CollectionId: COLLECTION, MaxResults: 4096 },
      { CollectionId: COLLECTION, MaxResults: 4096, NextToken: '4096' },
      { CollectionId: COLLECTION, MaxResults: 4096, NextToken: '8192' },
    ]);
    expect(collection.liveFaceIds()).toEqual(before);
  });

  it('runs for dry runs too: it only reads', async () => {
    const fake = new FakeRekognition([new FakeCollection(COLLECTION, [{ faceId: 'a', externalImageId: 'img' }])]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: ['img'] }), { done: false }, true),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.faceIds).toEqual(['a']);
    expect(progress.matchedByUserId).toBe(0);
  });

  it('stops between pages when the budget runs out and resumes from nextToken without repeating a page', async () => {
    const collection = new FakeCollection(COLLECTION, [
      { faceId: 'p1', externalImageId: 'me-1' },
      ...crowd(4096, 'x'),
      { faceId: 'p2', externalImageId: 'me-2' },
      ...crowd(4096, 'y'),
      { faceId: 'p3', externalImageId: 'me-3' },
    ]);
    const fake = new FakeRekognition([collection]);
    const clock = new ManualClock();
    fake.beforeCall = () => {
      clock.now += 1_000;
    };
    const target = unit({ externalImageIds: ['me-1', 'me-2', 'me-3'] });

    const first = await findSubjectFacesStep(fake.client, item(target), new TimeBudget(500, 0, clock.read), PROTECTION);
    expect(first).toMatchObject({ done: false, phase: 'EXTERNAL_IMAGE_SCAN', nextToken: '4096', pagesScanned: 1 });
    // Not yet erasable: a later page could show that me-1 labels someone else's face too.
    expect(first.faceIds).toEqual([]);
    expect(first.imageMatches).toEqual([{ faceId: 'p1', image: 0, heldByOtherUser: false }]);

    let progress = first;
    while (!progress.done) {
      progress = await findSubjectFacesStep(
        fake.client,
        item(target, progress),
        new TimeBudget(500, 0, clock.read),
        PROTECTION,
      );
    }

    expect(progress.faceIds).toEqual(['p1', 'p2', 'p3']);
    expect(progress.pagesScanned).toBe(3);
    expect(fake.callsOf('ListFaces').map((input) => input.NextToken)).toEqual([undefined, '4096', '8192']);
  });

  it('reports collectionAbsent when the collection is gone', async () => {
    const fake = new FakeRekognition([]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'alice', externalImageIds: ['img'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, phase: 'DONE', collectionAbsent: true, faceIds: [] });
  });

  it('does not mistake an unknown user (ResourceNotFoundException) for a missing collection', async () => {
    const collection = new FakeCollection(COLLECTION, [{ faceId: 'photo', externalImageId: 'img' }]);
    const fake = new FakeRekognition([collection], { unknownUserIsNotFound: true });

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'nobody', externalImageIds: ['img'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, collectionAbsent: false });
    expect(progress.faceIds).toEqual(['photo']);
    expect(progress.matchedByUserId).toBe(0);
  });

  it('keeps a face matched both ways once, as USER_ID', async () => {
    const fake = new FakeRekognition([
      new FakeCollection(COLLECTION, [{ faceId: 'both', userId: 'alice', externalImageId: 'alice.jpg' }]),
    ]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'alice', externalImageIds: ['alice.jpg'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.faceIds).toEqual(['both']);
    expect(progress.matchedByUserId).toBe(1);
  });

  it('skips the scan for a subject without ExternalImageIds', async () => {
    const fake = new FakeRekognition([
      new FakeCollection(COLLECTION, [{ faceId: 'a1', userId: 'alice' }, ...crowd(10, 'x')]),
    ]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'alice' })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(fake.callsOf('ListFaces')).toHaveLength(1);
    expect(progress.faceIds).toEqual(['a1']);
    expect(progress.matchedByUserId).toBe(1);
  });

  it('makes no call for a subject with nothing to look for, or a search already done', async () => {
    const fake = new FakeRekognition([new FakeCollection(COLLECTION)]);

    const nothing = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: [] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );
    const again = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'a' }), nothing),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(nothing).toMatchObject({ done: true, faceIds: [] });
    expect(again).toBe(nothing);
    expect(fake.calls).toEqual([]);
  });

  it('stops a scan whose image matches alone exceed the request bound, keeping the count and no ids', async () => {
    const shared = faceIds(REQUEST_IMAGE_MATCH_LIMIT + 1, 'cam').map((faceId) => ({
      faceId,
      externalImageId: 'lobby-camera',
    }));
    const fake = new FakeRekognition([new FakeCollection(COLLECTION, [...shared, ...crowd(5000, 'x')])]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: ['lobby-camera'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, tooBroad: true, imageMatchCount: REQUEST_IMAGE_MATCH_LIMIT + 1 });
    expect(progress.faceIds).toEqual([]);
    expect(progress.imageMatches).toBeUndefined();
    // The first page (4,096 faces) already holds every match: the scan does not read the second.
    expect(fake.callsOf('ListFaces')).toHaveLength(1);
  });

  it('keeps exactly REQUEST_IMAGE_MATCH_LIMIT ambiguous matches for review, erasing none of them', async () => {
    const shared = faceIds(REQUEST_IMAGE_MATCH_LIMIT, 'cam').map((faceId) => ({
      faceId,
      externalImageId: 'family-album',
    }));
    const fake = new FakeRekognition([new FakeCollection(COLLECTION, shared)]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: ['family-album'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.tooBroad).toBeUndefined();
    expect(progress.imageMatchCount).toBe(REQUEST_IMAGE_MATCH_LIMIT);
    expect(progress.faceIds).toEqual([]);
    expect(progress.kept?.needsReview).toHaveLength(REQUEST_IMAGE_MATCH_LIMIT);
  });

  it("never erases another user's face; an image id that also labels one makes its unattributed faces ambiguous", async () => {
    const fake = new FakeRekognition([
      new FakeCollection(COLLECTION, [
        { faceId: 'alice-own', userId: 'alice', externalImageId: 'photo.jpg' },
        { faceId: 'alice-passport', externalImageId: 'alice-passport' },
        { faceId: 'group-unknown', externalImageId: 'photo.jpg' },
        ...crowd(5000, 'x'),
        // On a later page: the face that makes photo.jpg ambiguous comes after the unattributed one.
        { faceId: 'bob-face', userId: 'bob', externalImageId: 'photo.jpg' },
      ]),
    ]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ userId: 'alice', externalImageIds: ['alice-passport', 'photo.jpg'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.faceIds.sort()).toEqual(['alice-own', 'alice-passport']);
    expect(progress.matchedByUserId).toBe(1);
    expect(progress.kept).toEqual({ needsReview: ['group-unknown'], heldByOtherUsers: ['bob-face'] });
    expect(progress.imageMatchCount).toBe(3);
  });

  it('treats an image id that labels several unattributed faces as ambiguous, and one that labels one as the subject', async () => {
    const fake = new FakeRekognition([
      new FakeCollection(COLLECTION, [
        { faceId: 'cam-a', externalImageId: 'cam-7' },
        { faceId: 'cam-b', externalImageId: 'cam-7' },
        { faceId: 'selfie', externalImageId: 'selfie-01' },
      ]),
    ]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: ['cam-7', 'selfie-01'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.faceIds).toEqual(['selfie']);
    expect(progress.kept).toEqual({ needsReview: ['cam-a', 'cam-b'], heldByOtherUsers: [] });
  });

  it('decides only at the end of a scan resumed across invocations, never on a partial page set', async () => {
    const fake = new FakeRekognition([
      new FakeCollection(COLLECTION, [
        { faceId: 'group-unknown', externalImageId: 'photo.jpg' },
        ...crowd(5000, 'x'),
        { faceId: 'dave-face', userId: 'dave', externalImageId: 'photo.jpg' },
      ]),
    ]);
    const target = unit({ externalImageIds: ['photo.jpg'] });
    const expired = new TimeBudget(0, 0, new ManualClock().read);

    const first = await findSubjectFacesStep(fake.client, item(target), expired, PROTECTION);
    expect(first).toMatchObject({ done: false, faceIds: [] });
    expect(first.kept).toBeUndefined();
    expect(first.imageMatches).toEqual([{ faceId: 'group-unknown', image: 0, heldByOtherUser: false }]);

    const second = await findSubjectFacesStep(fake.client, item(target, first), expired, PROTECTION);
    expect(second).toMatchObject({ done: true, faceIds: [] });
    expect(second.kept).toEqual({ needsReview: ['group-unknown'], heldByOtherUsers: ['dave-face'] });
  });

  it("keeps a stored search small and free of other people's user ids, even at the bound with the longest ids", async () => {
    const longImage = 'i'.repeat(255);
    const longUser = (n: number) => `u-${n}-`.padEnd(128, 'x');
    const faces = faceIds(REQUEST_IMAGE_MATCH_LIMIT, 'long').map((faceId, n) => ({
      faceId,
      externalImageId: longImage,
      userId: longUser(n),
    }));
    const fake = new FakeRekognition([new FakeCollection(COLLECTION, [...faces, ...crowd(5000, 'x')])]);
    const expired = new TimeBudget(0, 0, new ManualClock().read);

    // Mid-scan, the matches wait in the progress stored after the page: a DynamoDB item holds at most 400 KB.
    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: [longImage] })),
      expired,
      PROTECTION,
    );

    expect(progress.done).toBe(false);
    expect(progress.imageMatches).toHaveLength(REQUEST_IMAGE_MATCH_LIMIT);
    const stored = JSON.stringify(progress);
    expect(Buffer.byteLength(stored)).toBeLessThan(100_000);
    expect(stored).not.toContain(longUser(0));
  });

  it('surfaces throttling as RekognitionThrottledError', async () => {
    const fake = new FakeRekognition([new FakeCollection(COLLECTION)]);
    fake.beforeCall = () => {
      throw throttled();
    };

    await expect(
      findSubjectFacesStep(fake.client, item(unit({ userId: 'alice' })), TimeBudget.unlimited(), PROTECTION),
    ).rejects.toMatchObject({ name: ErrorNames.RekognitionThrottled });
  });
});

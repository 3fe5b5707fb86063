import type { SubjectFindProgress, SubjectUnit, WorkItem } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { findSubjectFacesStep } from '../../../lambdas/core/subjects/find-subject-faces-step';
import { SUBJECT_FACE_LIMIT, SubjectTooBroadError } from '../../../lambdas/core/subjects/subject-too-broad-error';
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
      { faceId: 'p1', externalImageId: 'me' },
      ...crowd(4096, 'x'),
      { faceId: 'p2', externalImageId: 'me' },
      ...crowd(4096, 'y'),
      { faceId: 'p3', externalImageId: 'me' },
    ]);
    const fake = new FakeRekognition([collection]);
    const clock = new ManualClock();
    fake.beforeCall = () => {
      clock.now += 1_000;
    };
    const target = unit({ externalImageIds: ['me'] });

    const first = await findSubjectFacesStep(fake.client, item(target), new TimeBudget(500, 0, clock.read), PROTECTION);
    expect(first).toMatchObject({ done: false, phase: 'EXTERNAL_IMAGE_SCAN', nextToken: '4096', pagesScanned: 1 });
    expect(first.faceIds).toEqual(['p1']);

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

  it('refuses a subject that matches more than SUBJECT_FACE_LIMIT faces in one collection, without personal data', async () => {
    const shared = faceIds(SUBJECT_FACE_LIMIT + 1, 'cam').map((faceId) => ({
      faceId,
      externalImageId: 'lobby-camera',
    }));
    const fake = new FakeRekognition([new FakeCollection(COLLECTION, shared)]);

    const search = findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: ['lobby-camera'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    await expect(search).rejects.toBeInstanceOf(SubjectTooBroadError);
    await expect(search).rejects.toMatchObject({ name: 'SubjectTooBroadError', subjectIndex: 3 });
    await expect(search).rejects.toHaveProperty('message', expect.not.stringContaining('lobby-camera'));
  });

  it('accepts exactly SUBJECT_FACE_LIMIT matching faces', async () => {
    const shared = faceIds(SUBJECT_FACE_LIMIT, 'cam').map((faceId) => ({ faceId, externalImageId: 'family-album' }));
    const fake = new FakeRekognition([new FakeCollection(COLLECTION, shared)]);

    const progress = await findSubjectFacesStep(
      fake.client,
      item(unit({ externalImageIds: ['family-album'] })),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress.faceIds).toHaveLength(SUBJECT_FACE_LIMIT);
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

import type { CollectionSearchResult, SubjectFound, SubjectQuery } from '../../../lambdas/core/contracts';
import { MaxDeletionsExceededError } from '../../../lambdas/core/errors';
import { subjectRefOf } from '../../../lambdas/core/erasure/fingerprint';
import { finalizePlan, subjectRefs } from '../../../lambdas/core/finalize/finalize-plan';
import {
  REQUEST_IMAGE_MATCH_LIMIT,
  SubjectTooBroadError,
} from '../../../lambdas/core/subjects/subject-too-broad-error';
import { collectionTarget, FACE, faceTarget, jobState, versionTarget } from '../../support/job-state';

/** A finished search of one collection for these subjects, with what it found of each. */
function searched(
  collectionId: string,
  subjects: Array<{ query: SubjectQuery; found: SubjectFound }>,
  extra: Partial<CollectionSearchResult> = {},
): CollectionSearchResult {
  return {
    target: {
      collectionId,
      collectionArn: `arn:aws:rekognition:us-east-1:123456789012:collection/${collectionId}`,
      subjects: subjects.map((subject) => subject.query),
    },
    progress: {
      done: true,
      phase: 'DONE',
      found: subjects.map((subject) => subject.found),
      collectionAbsent: false,
      pagesScanned: subjects.length,
    },
    ...extra,
  };
}

/** subjects[0], known by UserId, with these faces found in the collection. */
function found(collectionId: string, faces: string[], extra: Partial<CollectionSearchResult> = {}) {
  return searched(
    collectionId,
    [{ query: { subjectIndex: 0, userId: 'user-1' }, found: { faceIds: faces, matchedByUserId: faces.length } }],
    extra,
  );
}

describe('finalizePlan', () => {
  test('turns find results into erasure targets that delete the user, and summarises each subject', async () => {
    const units = [found('a', [FACE(1), FACE(2)]), found('b', [])];
    const refs = await subjectRefs(units.map((unit) => unit.target));
    const state = finalizePlan(jobState(), units, undefined, refs);
    expect(state.plan.subjectErasures).toEqual([
      expect.objectContaining({
        collectionId: 'a',
        faceIds: [FACE(1), FACE(2)],
        deleteUserId: 'user-1',
        source: 'subjects[0]',
      }),
      // No face found, but the user may exist without faces: it is still erased.
      expect.objectContaining({ collectionId: 'b', faceIds: [], deleteUserId: 'user-1' }),
    ]);
    expect(state.plan.subjectSearches).toEqual([]);
    expect(state.plan.subjectSummaries).toEqual([
      {
        source: 'subjects[0]',
        // The subject's pseudonym, the same the intake gives its receipt.
        subjectRef: await subjectRefOf({ userId: 'user-1' }),
        collectionsSearched: 2,
        facesFound: 2,
      },
    ]);
    expect(JSON.stringify(state.plan.subjectSummaries)).not.toContain('user-1');
  });

  test('a subject known only by external image ids with no match in a collection yields no target there', () => {
    const none = found('c', []);
    none.target = { ...none.target, subjects: [{ subjectIndex: 0, externalImageIds: ['img-1'] }] };
    expect(finalizePlan(jobState(), [none]).plan.subjectErasures).toEqual([]);
  });

  test('an erasure in a protected collection is planned, flagged, and noted: the tag does not block legal erasure', () => {
    const protectedUnit = found('vault', [FACE(7)]);
    (protectedUnit.progress as { collectionProtected?: boolean }).collectionProtected = true;
    const state = finalizePlan(jobState(), [protectedUnit, found('open', [FACE(8)])]);
    expect(state.plan.subjectErasures.map((e) => [e.collectionId, e.collectionProtected])).toEqual([
      ['vault', true],
      ['open', false],
    ]);
    expect(state.plan.notes).toEqual([
      expect.stringMatching(/^subjects\[0\]: erased in protected collection "vault"; the protect tag does not block/),
    ]);
  });

  test('a vanished collection is reported absent and a failed search is a plan failure', () => {
    const absent = found('gone', []);
    (absent.progress as { collectionAbsent: boolean }).collectionAbsent = true;
    const failed = found('broken', [], {
      progress: { done: false },
      failure: { Error: 'RekognitionThrottledError', Cause: '{}' },
    });
    const state = finalizePlan(jobState(), [absent, failed]);
    expect(state.plan.absent).toEqual([{ kind: 'subject', id: 'gone', source: 'subjects[0]' }]);
    expect(state.plan.planFailures).toEqual([
      expect.objectContaining({
        kind: 'subject',
        id: 'broken',
        source: 'subjects[0]',
        error: 'RekognitionThrottledError',
      }),
    ]);
    expect(state.plan.subjectErasures).toEqual([]);
  });

  test('counts faces (including those of deleted collections), collections and versions', () => {
    const state = finalizePlan(
      jobState({
        collections: [
          collectionTarget('x', { action: 'DELETE_COLLECTION', faceCount: 100 }),
          collectionTarget('y', { faceCount: 50 }),
        ],
        faceGroups: [faceTarget('z', [FACE(1), FACE(2), FACE(3)], { existingFaceCount: 2 })],
        projectVersions: [versionTarget('v1'), versionTarget('v2')],
      }),
      [found('a', [FACE(9)])],
    );
    expect(state.totals).toEqual({
      plannedDeletions: 100 + 50 + 2 + 1 + 1 + 2,
      faces: 153,
      collections: 1,
      users: 5,
      projectVersions: 2,
      projects: 0,
      projectVersionStops: 0,
    });
  });

  test('a version the job stops and keeps is counted apart, never as a deletion, and maxDeletions ignores it', () => {
    const state = finalizePlan(
      jobState(
        { projectVersions: [versionTarget('v1'), { ...versionTarget('v2'), action: 'STOP' as const }] },
        { maxDeletions: 1 },
      ),
      [],
    );
    expect(state.totals).toMatchObject({ plannedDeletions: 1, projectVersions: 1, projectVersionStops: 1 });
  });

  test('a dry run over maxDeletions is not refused: it says the real run would be', () => {
    const plan = { collections: [collectionTarget('x', { faceCount: 10 })] };
    const state = finalizePlan(jobState(plan, { maxDeletions: 9, dryRun: true }), []);
    expect(state.plan.notes).toEqual(['maxDeletions=9: the real run would be refused, the plan deletes 10']);
  });

  test('maxDeletions aborts before anything is deleted, and equal is allowed', () => {
    const plan = { collections: [collectionTarget('x', { faceCount: 10 })] };
    expect(() => finalizePlan(jobState(plan, { maxDeletions: 9 }), [])).toThrow(MaxDeletionsExceededError);
    expect(() => finalizePlan(jobState(plan, { maxDeletions: 9 }), [])).toThrow(
      /deletes 10 resources, more than maxDeletions=9/,
    );
    expect(finalizePlan(jobState(plan, { maxDeletions: 10 }), []).totals?.plannedDeletions).toBe(10);
  });
});

describe('finalizePlan: what an erasure keeps, and the request bound', () => {
  const LIMIT = REQUEST_IMAGE_MATCH_LIMIT;

  function imageSearch(
    collectionId: string,
    subjectIndex: number,
    outcome: {
      erase?: string[];
      needsReview?: string[];
      heldByOtherUsers?: string[];
      matched?: number;
      tooBroad?: boolean;
    },
  ): CollectionSearchResult {
    const erase = outcome.erase ?? [];
    const kept = { needsReview: outcome.needsReview ?? [], heldByOtherUsers: outcome.heldByOtherUsers ?? [] };
    const matched = outcome.matched ?? erase.length + kept.needsReview.length + kept.heldByOtherUsers.length;
    const result: SubjectFound = {
      faceIds: erase,
      matchedByUserId: 0,
      imageMatchCount: matched,
      ...(outcome.tooBroad === true ? { tooBroad: true } : { kept }),
    };
    return searched(collectionId, [{ query: { subjectIndex, externalImageIds: ['photo.jpg'] }, found: result }]);
  }

  test('carries kept faces on the target, deletes only the erasable ones, and counts only those', () => {
    const state = finalizePlan(jobState(), [
      imageSearch('a', 0, { erase: [FACE(1)], needsReview: [FACE(2)], heldByOtherUsers: [FACE(3)] }),
      // Only kept faces here, no user: a target all the same, so the report lists them under this collection.
      imageSearch('b', 0, { needsReview: [FACE(4), FACE(5)] }),
    ]);

    expect(state.plan.subjectErasures).toEqual([
      expect.objectContaining({
        collectionId: 'a',
        faceIds: [FACE(1)],
        subjectErasure: true,
        kept: { needsReview: [FACE(2)], heldByOtherUsers: [FACE(3)] },
      }),
      expect.objectContaining({
        collectionId: 'b',
        faceIds: [],
        kept: { needsReview: [FACE(4), FACE(5)], heldByOtherUsers: [] },
      }),
    ]);
    expect(state.totals).toMatchObject({ plannedDeletions: 1, faces: 1 });
  });

  test('accepts a request whose image matches add up to exactly the bound', () => {
    const half = Math.floor(LIMIT / 2);
    expect(() =>
      finalizePlan(jobState(), [
        imageSearch('a', 0, { matched: half }),
        imageSearch('b', 1, { matched: LIMIT - half }),
      ]),
    ).not.toThrow();
  });

  test('refuses the whole request when matches over every subject and collection exceed the bound', () => {
    // No collection alone is over the bound, and collection a would have been erased: nothing is, the job is refused.
    const third = Math.ceil((LIMIT + 1) / 3);
    const units = [
      imageSearch('a', 0, { erase: [FACE(1)], matched: third }),
      imageSearch('b', 0, { matched: third }),
      imageSearch('c', 2, { matched: third }),
    ];
    const refuse = () => finalizePlan(jobState(), units);

    expect(refuse).toThrow(SubjectTooBroadError);
    expect(refuse).toThrow(expect.objectContaining({ name: 'SubjectTooBroadError', subjectIndexes: [0, 2] }));
    expect(refuse).toThrow(expect.objectContaining({ message: expect.not.stringContaining('photo.jpg') }));
  });

  test('independent subjects (an erasure batch): the bound is each subject’s, and one over it fails alone', () => {
    const third = Math.ceil((LIMIT + 1) / 3);
    // Over the bound together, not alone: nothing is refused.
    const together = [
      imageSearch('a', 0, { erase: [FACE(1)], matched: third }),
      imageSearch('b', 1, { matched: third }),
      imageSearch('c', 2, { erase: [FACE(2)], matched: third }),
    ];
    const batch = jobState({}, { independentSubjects: true });
    expect(() => finalizePlan(batch, together)).not.toThrow();
    expect(() => finalizePlan(jobState(), together)).toThrow(SubjectTooBroadError);

    // subjects[0] over its bound across two collections (one search stopped): it fails there, subjects[2] is planned.
    const state = finalizePlan(batch, [
      imageSearch('a', 0, { erase: [FACE(1)], matched: LIMIT }),
      imageSearch('b', 0, { tooBroad: true, matched: 2 }),
      imageSearch('c', 2, { erase: [FACE(2)] }),
    ]);
    expect(state.plan.subjectErasures.map((e) => [e.source, e.collectionId])).toEqual([['subjects[2]', 'c']]);
    expect(state.plan.planFailures).toEqual([
      expect.objectContaining({ kind: 'subject', id: 'a', source: 'subjects[0]', error: 'SubjectTooBroadError' }),
      expect.objectContaining({ kind: 'subject', id: 'b', source: 'subjects[0]', error: 'SubjectTooBroadError' }),
    ]);
    expect(JSON.stringify(state.plan.planFailures)).not.toContain('photo.jpg');
  });

  test('refuses a request one of whose searches stopped as too broad, dry run included', () => {
    const units = [imageSearch('a', 0, { tooBroad: true, matched: LIMIT + 1 })];
    expect(() => finalizePlan(jobState({}, { dryRun: true }), units)).toThrow(SubjectTooBroadError);
  });

  test("does not count the subject's own UserId matches against the bound", () => {
    const own = found(
      'a',
      Array.from({ length: 100 }, (_, i) => FACE(i + 1)),
    );
    const units = Array.from({ length: 20 }, (_, i) => ({ ...own, target: { ...own.target, collectionId: `c${i}` } }));
    expect(finalizePlan(jobState(), units).totals).toMatchObject({ faces: 2000 });
  });
});

describe('finalizePlan: one search serving several subjects', () => {
  test('splits back per subject, in job order, each with its own targets, summary and bound', () => {
    const alice = { subjectIndex: 0, userId: 'alice' };
    const bob = { subjectIndex: 1, externalImageIds: ['bob.jpg'] };
    const searches = [
      searched('a', [
        { query: alice, found: { faceIds: [FACE(1)], matchedByUserId: 1 } },
        { query: bob, found: { faceIds: [FACE(2)], matchedByUserId: 0, imageMatchCount: 1 } },
      ]),
      searched('b', [
        { query: alice, found: { faceIds: [], matchedByUserId: 0 } },
        { query: bob, found: { faceIds: [], matchedByUserId: 0, imageMatchCount: 0 } },
      ]),
    ];
    const state = finalizePlan(jobState(), searches);

    expect(state.plan.subjectErasures.map((e) => [e.source, e.collectionId, e.faceIds, e.deleteUserId])).toEqual([
      ['subjects[0]', 'a', [FACE(1)], 'alice'],
      // Nothing found, but alice's user may exist without faces there: DeleteUser all the same.
      ['subjects[0]', 'b', [], 'alice'],
      ['subjects[1]', 'a', [FACE(2)], undefined],
    ]);
    expect(state.plan.subjectSummaries.map((s) => [s.source, s.collectionsSearched, s.facesFound])).toEqual([
      ['subjects[0]', 2, 1],
      ['subjects[1]', 2, 1],
    ]);
  });

  test('a search that failed or never finished fails for every subject it served, and erases nothing', () => {
    const subjects = [
      { query: { subjectIndex: 0, userId: 'alice' }, found: { faceIds: [FACE(1)], matchedByUserId: 1 } },
      { query: { subjectIndex: 1, userId: 'bob' }, found: { faceIds: [], matchedByUserId: 0 } },
    ];
    const failed = searched('a', subjects, { failure: { Error: 'AccessDeniedException', Cause: '{}' } });
    const unfinished = searched('b', subjects, { progress: { done: false } });
    const state = finalizePlan(jobState(), [failed, unfinished]);

    expect(state.plan.subjectErasures).toEqual([]);
    expect(state.plan.planFailures.map((f) => [f.source, f.id, f.error])).toEqual([
      ['subjects[0]', 'a', 'AccessDeniedException'],
      ['subjects[0]', 'b', 'NotSearched'],
      ['subjects[1]', 'a', 'AccessDeniedException'],
      ['subjects[1]', 'b', 'NotSearched'],
    ]);
  });
});

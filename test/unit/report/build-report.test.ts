import type {
  ActResults,
  CollectionProgress,
  FaceDeletionProgress,
  VersionProgress,
} from '../../../lambdas/core/contracts';
import { buildReport } from '../../../lambdas/core/report/build-report';
import { MAX_REPORT_CHARS } from '../../../lambdas/core/report/serialize-report';
import {
  collectionTarget,
  FACE,
  faceTarget,
  finishedFaceDeletion,
  jobState,
  versionTarget,
} from '../../support/job-state';

const NOW = new Date('2026-11-22T01:00:00.000Z');

const emptied: CollectionProgress = {
  done: true,
  phase: 'DONE',
  usersDeleted: 2,
  facesDeleted: 10,
  facesAlreadyAbsent: 0,
  facesDisassociated: 0,
  facesRemaining: 0,
  outcome: 'EMPTIED',
  invocations: 1,
};
function faceProgress(overrides: Partial<FaceDeletionProgress>): FaceDeletionProgress {
  return finishedFaceDeletion({ ...overrides });
}
const deletedVersion: VersionProgress = {
  done: true,
  wait: 'NONE',
  polls: 4,
  stopRequested: true,
  deleteRequested: true,
  outcome: 'DELETED',
  lastStatus: 'DELETING',
};

function results(overrides: Partial<ActResults>): ActResults {
  return { collections: [], faceGroups: [], subjectErasures: [], projectVersions: [], projects: [], ...overrides };
}

describe('buildReport', () => {
  test('a dry run reports what would be deleted and why, and deletes nothing', () => {
    const state = jobState(
      {
        collections: [collectionTarget('tmp-1')],
        faceGroups: [faceTarget('c', [FACE(1)])],
        projectVersions: [versionTarget('v1')],
      },
      { dryRun: true },
    );
    const { report } = buildReport(state, NOW);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.dryRun).toBe(true);
    expect(report.collections[0]).toMatchObject({
      outcome: 'WOULD_EMPTY',
      plannedFaces: 10,
      reasons: ['collections[0]: tmp-1'],
    });
    expect(report.faces[0]).toMatchObject({ outcome: 'WOULD_DELETE', requested: 1, deleted: 0 });
    expect(report.projectVersions[0]).toMatchObject({ outcome: 'WOULD_DELETE' });
    expect(report.deleted).toEqual({ faces: 0, collections: 0, users: 0, projectVersions: 0, projects: 0 });
  });

  test('joins results to targets by position and totals what was deleted and already absent', () => {
    const state = jobState(
      {
        collections: [
          collectionTarget('tmp-1'),
          collectionTarget('old', { action: 'DELETE_COLLECTION', faceCount: 7 }),
        ],
        faceGroups: [faceTarget('c', [FACE(1), FACE(2), FACE(3)])],
        projectVersions: [versionTarget('v1')],
      },
      {
        results: results({
          collections: [
            { progress: emptied },
            { progress: { ...emptied, phase: 'DONE', facesDeleted: 7, usersDeleted: 0, outcome: 'DELETED' } },
          ],
          faceGroups: [
            { progress: faceProgress({ deleted: 2, alreadyAbsentCount: 1, alreadyAbsentSample: [FACE(3)] }) },
          ],
          projectVersions: [{ progress: deletedVersion }],
        }),
      },
    );
    const { report } = buildReport(state, NOW);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.deleted).toEqual({ faces: 10 + 7 + 2, collections: 1, users: 2, projectVersions: 1, projects: 0 });
    expect(report.faces[0]).toMatchObject({
      outcome: 'DELETED',
      deleted: 2,
      alreadyAbsent: { count: 1, faceIds: [FACE(3)] },
    });
    expect(report.projectVersions[0]).toMatchObject({ outcome: 'DELETED', polls: 4, stopped: true });
    expect(report.counts.alreadyAbsent).toBe(1);
  });

  test('a failed item makes the job PARTIALLY_FAILED with the reason, never the stack trace', () => {
    const cause = JSON.stringify({
      errorType: 'RekognitionThrottledError',
      errorMessage: 'throttled',
      trace: ['at secret.ts:1'],
    });
    const state = jobState(
      { collections: [collectionTarget('a'), collectionTarget('b')] },
      {
        results: results({
          collections: [
            { progress: emptied },
            { progress: { done: false }, failure: { Error: 'RekognitionThrottledError', Cause: cause } },
          ],
        }),
      },
    );
    const { report, reportJson } = buildReport(state, NOW);
    expect(report.status).toBe('PARTIALLY_FAILED');
    expect(report.collections[1]).toMatchObject({ outcome: 'FAILED', error: 'RekognitionThrottledError: throttled' });
    expect(report.failures).toEqual([{ kind: 'collection', id: 'b', error: 'RekognitionThrottledError: throttled' }]);
    expect(reportJson).not.toContain('secret.ts');
  });

  test('faces that could not be deleted and faces left in an emptied collection are failures', () => {
    const state = jobState(
      { collections: [collectionTarget('a')], faceGroups: [faceTarget('c', [FACE(1)])] },
      {
        results: results({
          collections: [{ progress: { ...emptied, facesRemaining: 3 } }],
          faceGroups: [
            {
              progress: faceProgress({
                failed: [{ faceId: FACE(1), reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'] }],
                failedCount: 1,
              }),
            },
          ],
        }),
      },
    );
    const { report } = buildReport(state, NOW);
    expect(report.collections[0]).toMatchObject({ outcome: 'PARTIALLY_DELETED', facesRemaining: 3 });
    expect(report.faces[0]).toMatchObject({ outcome: 'FAILED', failed: { count: 1 } });
    expect(report.failures).toHaveLength(2);
    expect(report.status).toBe('PARTIALLY_FAILED');
  });

  test('nothing deleted and something failed is FAILED', () => {
    const state = jobState(
      { projectVersions: [versionTarget('v1')] },
      {
        results: results({
          projectVersions: [
            {
              progress: {
                ...deletedVersion,
                outcome: 'FAILED',
                failureReason: 'still TRAINING_IN_PROGRESS after 200 polls',
              },
            },
          ],
        }),
      },
    );
    const { report } = buildReport(state, NOW);
    expect(report.status).toBe('FAILED');
    expect(report.failures[0]).toEqual({
      kind: 'project-version',
      id: versionTarget('v1').versionArn,
      error: 'still TRAINING_IN_PROGRESS after 200 polls',
    });
  });

  test('a protect tag added after planning shows as skipped', () => {
    const state = jobState(
      { collections: [collectionTarget('a')] },
      {
        results: results({
          collections: [{ progress: { ...emptied, facesDeleted: 0, usersDeleted: 0, outcome: 'SKIPPED_PROTECTED' } }],
        }),
      },
    );
    const { report } = buildReport(state, NOW);
    expect(report.skipped).toEqual([
      { kind: 'collection', id: 'a', reason: 'PROTECTED', detail: 'tagged after planning' },
    ]);
    expect(report.status).toBe('SUCCEEDED');
  });

  test('subject reports list deleted face ids per collection, never the subject ids', () => {
    const erasure = faceTarget('c', [FACE(1), FACE(2)], { source: 'subjects[0]', deleteUserId: 'alice' });
    const state = jobState(
      {
        subjectErasures: [erasure],
        subjectSummaries: [{ source: 'subjects[0]', subjectRef: 'sha256:abc', collectionsSearched: 3, facesFound: 2 }],
      },
      {
        results: results({
          subjectErasures: [
            {
              progress: faceProgress({
                deleted: 1,
                userOutcome: 'DELETED',
                alreadyAbsentCount: 1,
                alreadyAbsentSample: [FACE(2)],
              }),
            },
          ],
        }),
      },
    );
    const { report, reportJson } = buildReport(state, NOW);
    expect(report.subjects).toEqual([
      expect.objectContaining({
        subjectRef: 'sha256:abc',
        collectionsSearched: 3,
        collections: [
          expect.objectContaining({
            collectionId: 'c',
            userOutcome: 'DELETED',
            facesDeleted: 1,
            faceIds: [FACE(1)],
            alreadyAbsent: 1,
          }),
        ],
      }),
    ]);
    expect(reportJson).not.toContain('alice');
  });

  test('the serialized report fits a Fail cause even for thousands of items, keeping failures and counts', () => {
    const collections = Array.from({ length: 3000 }, (_, i) => collectionTarget(`collection-with-a-long-name-${i}`));
    const state = jobState(
      { collections },
      {
        results: results({
          collections: collections.map((_, i) =>
            i === 5 ? { progress: { done: false }, failure: { Error: 'Boom' } } : { progress: emptied },
          ),
        }),
      },
    );
    const { report, reportJson } = buildReport(state, NOW);
    expect(JSON.stringify(report).length).toBeGreaterThan(MAX_REPORT_CHARS);
    expect(reportJson.length).toBeLessThanOrEqual(MAX_REPORT_CHARS);
    const parsed = JSON.parse(reportJson);
    expect(parsed.truncated).toBe(true);
    expect(parsed.collections).toEqual([
      expect.objectContaining({ collectionId: 'collection-with-a-long-name-5', outcome: 'FAILED' }),
    ]);
    expect(parsed.deleted.faces).toBe(2999 * 10);
  });
});

describe('buildReport: what erasures kept and read back', () => {
  const kept = { needsReview: [FACE(3)], heldByOtherUsers: [FACE(4)] };
  function erasureState(verifiedAbsent: boolean, withKept = true) {
    const target = faceTarget('kyc', [FACE(1)], {
      source: 'subjects[0]',
      subjectErasure: true,
      ...(withKept ? { kept } : {}),
    });
    const verification = { verifiedAbsent, stillPresent: verifiedAbsent ? [] : [FACE(1)], userFacesPresent: 0 };
    return jobState(
      {
        subjectErasures: [target],
        subjectSummaries: [{ source: 'subjects[0]', subjectRef: 'sha256:x', collectionsSearched: 1, facesFound: 1 }],
      },
      {
        results: {
          collections: [],
          faceGroups: [],
          subjectErasures: [{ progress: finishedFaceDeletion({ nextIndex: 1, deleted: 1, verification }) }],
          projectVersions: [],
          projects: [],
        },
      },
    );
  }

  test('faces kept for review make the report NEEDS_REVIEW and are listed whole, with the read-back', () => {
    const { report } = buildReport(erasureState(true), NOW);
    expect(report.status).toBe('NEEDS_REVIEW');
    expect(report.needsReview).toBe(1);
    expect(report.subjects[0]?.collections).toEqual([
      expect.objectContaining({
        outcome: 'NEEDS_REVIEW',
        facesDeleted: 1,
        needsReview: [FACE(3)],
        heldByOtherUsers: [FACE(4)],
        verifiedAbsent: true,
      }),
    ]);
  });

  test('faces held by other users alone do not call for review', () => {
    const state = erasureState(true, false);
    state.plan.subjectErasures[0]!.kept = { needsReview: [], heldByOtherUsers: [FACE(4)] };
    const { report } = buildReport(state, NOW);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.subjects[0]?.collections[0]).toMatchObject({ outcome: 'DELETED', heldByOtherUsers: [FACE(4)] });
    expect(report).not.toHaveProperty('needsReview');
  });

  test('a read-back that still lists an erased face is a failure, whatever else was kept', () => {
    const { report } = buildReport(erasureState(false), NOW);
    expect(report.status).toBe('PARTIALLY_FAILED');
    expect(report.subjects[0]?.collections[0]).toMatchObject({ outcome: 'PARTIALLY_DELETED', verifiedAbsent: false });
    expect(report.failures).toEqual([
      expect.objectContaining({ kind: 'subject', id: 'subjects[0] kyc', error: expect.stringMatching(/still lists/) }),
    ]);
  });
});

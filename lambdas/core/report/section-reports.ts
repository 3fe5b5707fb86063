import type {
  CollectionProgress,
  CollectionTarget,
  FaceDeletionProgress,
  FaceDeletionTarget,
  ItemResult,
  ProjectProgress,
  ProjectTarget,
  ProjectVersionTarget,
  VersionProgress,
} from '../contracts';
import { failureText } from './failure-text';
import type {
  CollectionReport,
  FaceGroupReport,
  ItemOutcome,
  ProjectReport,
  ProjectVersionReport,
  SubjectCollectionReport,
} from './types';

/** Reports one item of each section from its plan target and, unless it is a dry run, its act result. */

const MAX_IDS_PER_ITEM = 1000;

function finished<T extends { done: boolean }>(result: ItemResult<T> | undefined): T | undefined {
  return result?.progress.done === true ? (result.progress as T) : undefined;
}

export function reportCollection(
  target: CollectionTarget,
  result: ItemResult<CollectionProgress> | undefined,
  dryRun: boolean,
): CollectionReport {
  const base = {
    collectionId: target.collectionId,
    action: target.action,
    plannedFaces: target.faceCount,
    reasons: target.reasons,
  };
  if (dryRun) {
    const outcome = target.action === 'DELETE_COLLECTION' ? 'WOULD_DELETE' : 'WOULD_EMPTY';
    return { ...base, outcome, facesDeleted: 0, usersDeleted: 0, facesAlreadyAbsent: 0, usersAlreadyAbsent: 0 };
  }
  const progress = (result?.progress ?? {}) as Partial<CollectionProgress>;
  const counts = reconcile(target, progress);
  if (result?.failure !== undefined)
    return { ...base, ...counts, outcome: 'FAILED', error: failureText(result.failure) };
  const done = finished(result);
  if (done === undefined) return { ...base, ...counts, outcome: 'FAILED', error: 'no result from the act phase' };
  // A purge that ended with faces left (they kept coming back, or could not be deleted); a collection stopped on
  // purpose (protected, changed, the cap) keeps its faces and says why with its outcome.
  if (!STOPPED_ON_PURPOSE.has(done.outcome) && (done.facesRemaining ?? 0) > 0) {
    return { ...base, ...counts, outcome: 'PARTIALLY_DELETED', error: `${done.facesRemaining} faces remain` };
  }
  return {
    ...base,
    ...counts,
    outcome: done.outcome ?? 'FAILED',
    ...(done.changeDetail === undefined ? {} : { detail: done.changeDetail }),
  };
}

/**
 * A worker's counts die with an invocation that crashes after deleting: its retry finds those faces and users
 * gone and cannot tell who removed them. Once the collection's end state is known (facesRemaining; no user is left
 * after a purge), whatever disappeared without being counted is reported as already absent, so the totals add up.
 */
function reconcile(target: CollectionTarget, progress: Partial<CollectionProgress>) {
  const facesDeleted = progress.facesDeleted ?? 0;
  const usersDeleted = progress.usersDeleted ?? 0;
  let facesAlreadyAbsent = progress.facesAlreadyAbsent ?? 0;
  let usersAlreadyAbsent = 0;
  if (progress.done === true && progress.facesRemaining !== undefined) {
    facesAlreadyAbsent += Math.max(0, target.faceCount - progress.facesRemaining - facesDeleted - facesAlreadyAbsent);
  }
  if (progress.done === true && progress.outcome === 'EMPTIED') {
    usersAlreadyAbsent = Math.max(0, target.userCount - usersDeleted);
  }
  return {
    facesDeleted,
    usersDeleted,
    facesAlreadyAbsent,
    usersAlreadyAbsent,
    ...(progress.facesRemaining !== undefined ? { facesRemaining: progress.facesRemaining } : {}),
  };
}

const STOPPED_ON_PURPOSE: ReadonlySet<string | undefined> = new Set([
  'SKIPPED_PROTECTED',
  'CHANGED_SINCE_PLAN',
  'CAP_REACHED',
]);

function faceOutcome(progress: FaceDeletionProgress, requested: number): ItemOutcome {
  if (progress.failedCount > 0) return progress.deleted > 0 ? 'PARTIALLY_DELETED' : 'FAILED';
  if (progress.capReached === true) return 'CAP_REACHED';
  if (progress.deleted === 0 && (progress.collectionAbsent || progress.alreadyAbsentCount >= requested)) {
    return 'ALREADY_ABSENT';
  }
  return 'DELETED';
}

export function reportFaceGroup(
  target: FaceDeletionTarget,
  result: ItemResult<FaceDeletionProgress> | undefined,
  dryRun: boolean,
): FaceGroupReport {
  const base = {
    source: target.source,
    collectionId: target.collectionId,
    requested: target.faceIds.length,
    collectionProtected: target.collectionProtected,
  };
  const empty = { alreadyAbsent: { count: 0, faceIds: [] }, failed: { count: 0, faces: [] } };
  if (dryRun) return { ...base, ...empty, outcome: 'WOULD_DELETE', deleted: 0 };
  const done = finished(result);
  if (result?.failure !== undefined || done === undefined) {
    const error = result?.failure !== undefined ? failureText(result.failure) : 'no result from the act phase';
    const partial = result?.progress as Partial<FaceDeletionProgress> | undefined;
    return { ...base, ...empty, outcome: 'FAILED', deleted: partial?.deleted ?? 0, error };
  }
  return {
    ...base,
    outcome: faceOutcome(done, target.faceIds.length),
    deleted: done.deleted,
    alreadyAbsent: { count: done.alreadyAbsentCount, faceIds: done.alreadyAbsentSample },
    failed: { count: done.failedCount, faces: done.failed },
  };
}

export function reportSubjectCollection(
  target: FaceDeletionTarget,
  result: ItemResult<FaceDeletionProgress> | undefined,
  dryRun: boolean,
): SubjectCollectionReport {
  const base = {
    collectionId: target.collectionId,
    collectionProtected: target.collectionProtected,
    ...keptLists(target),
  };
  const noFailures = { count: 0, faces: [] };
  if (dryRun) {
    return {
      ...base,
      outcome: 'WOULD_DELETE',
      ...(target.deleteUserId !== undefined
        ? { userOutcome: target.userFound === true ? ('WOULD_DELETE' as const) : ('WOULD_DELETE_IF_PRESENT' as const) }
        : {}),
      facesDeleted: 0,
      faceIds: target.faceIds.slice(0, MAX_IDS_PER_ITEM),
      alreadyAbsent: 0,
      failed: noFailures,
    };
  }
  const done = finished(result);
  if (result?.failure !== undefined || done === undefined) {
    const error = result?.failure !== undefined ? failureText(result.failure) : 'no result from the act phase';
    const partial = result?.progress as Partial<FaceDeletionProgress> | undefined;
    const facesDeleted = partial?.deleted ?? 0;
    return { ...base, outcome: 'FAILED', facesDeleted, faceIds: [], alreadyAbsent: 0, failed: noFailures, error };
  }
  const notDeleted = new Set([...done.alreadyAbsentSample, ...done.failed.map((f) => f.faceId)]);
  const deletedIds = target.faceIds.filter((id) => !notDeleted.has(id)).slice(0, done.deleted);
  // A user without faces: the collection's outcome is the user's.
  const erased =
    target.faceIds.length === 0
      ? done.userOutcome === 'DELETED'
        ? 'DELETED'
        : 'ALREADY_ABSENT'
      : faceOutcome(done, target.faceIds.length);
  // Kept faces call for a person unless something failed, which calls for one more urgently. A read-back that
  // still lists erased faces is such a failure: the erasure did not take.
  const unverified = done.verification?.verifiedAbsent === false ? done.verification : undefined;
  const outcome =
    unverified !== undefined
      ? 'PARTIALLY_DELETED'
      : base.needsReview !== undefined && done.failedCount === 0
        ? 'NEEDS_REVIEW'
        : erased;
  return {
    ...base,
    outcome,
    ...(unverified === undefined
      ? {}
      : {
          error:
            `ListFaces still lists erased faces after the erasure (${unverified.stillPresent.length} listed, ` +
            `${unverified.userFacesPresent} of the user)`,
        }),
    ...(done.userOutcome !== undefined ? { userOutcome: done.userOutcome } : {}),
    ...(done.verification !== undefined ? { verifiedAbsent: done.verification.verifiedAbsent } : {}),
    facesDeleted: done.deleted,
    faceIds: deletedIds.slice(0, MAX_IDS_PER_ITEM),
    alreadyAbsent: done.alreadyAbsentCount,
    failed: { count: done.failedCount, faces: done.failed },
  };
}

/** The faces an erasure keeps, listed whole: the privacy team needs every id to settle them. */
function keptLists(target: FaceDeletionTarget): Pick<SubjectCollectionReport, 'needsReview' | 'heldByOtherUsers'> {
  const { needsReview = [], heldByOtherUsers = [] } = target.kept ?? {};
  return {
    ...(needsReview.length > 0 ? { needsReview } : {}),
    ...(heldByOtherUsers.length > 0 ? { heldByOtherUsers } : {}),
  };
}

export function reportProjectVersion(
  target: ProjectVersionTarget,
  result: ItemResult<VersionProgress> | undefined,
  dryRun: boolean,
): ProjectVersionReport {
  const action = target.action ?? 'DELETE';
  const base = { versionArn: target.versionArn, action, statusAtPlan: target.statusAtPlan, reasons: target.reasons };
  if (dryRun) return { ...base, outcome: action === 'STOP' ? 'WOULD_STOP' : 'WOULD_DELETE', polls: 0, stopped: false };
  const progress = (result?.progress ?? {}) as Partial<VersionProgress>;
  const seen = {
    ...(progress.lastStatus !== undefined ? { lastStatus: progress.lastStatus } : {}),
    polls: progress.polls ?? 0,
    stopped: progress.stopRequested ?? false,
  };
  if (result?.failure !== undefined) return { ...base, ...seen, outcome: 'FAILED', error: failureText(result.failure) };
  const done = finished(result);
  if (done === undefined) return { ...base, ...seen, outcome: 'FAILED', error: 'no result from the act phase' };
  return {
    ...base,
    ...seen,
    outcome: done.outcome ?? 'FAILED',
    ...(done.failureReason !== undefined ? { error: done.failureReason } : {}),
  };
}

export function reportProject(
  target: ProjectTarget,
  result: ItemResult<ProjectProgress> | undefined,
  dryRun: boolean,
): ProjectReport {
  if (dryRun) return { projectArn: target.projectArn, outcome: 'WOULD_DELETE' };
  if (result?.failure !== undefined) {
    return { projectArn: target.projectArn, outcome: 'FAILED', error: failureText(result.failure) };
  }
  const done = finished(result);
  return {
    projectArn: target.projectArn,
    outcome: done?.outcome ?? 'FAILED',
    ...(done?.remainingVersions !== undefined ? { remainingVersions: done.remainingVersions } : {}),
  };
}

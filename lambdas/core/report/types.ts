import type { AbsentItem, MaxDeletionsSource, PlanTotals, SkippedItem, UnsuccessfulFace } from '../contracts';
import type { CollectionAction, VersionAction } from '../job/types';

/**
 * The execution's output: per section, what was deleted, what was already absent, what was skipped and why, and
 * what failed and why. Counts and ids only: never images, and no personal data beyond the ids in the job.
 */
export interface CleanupReport {
  /** The job's id in the job store, where the whole report is kept (the execution's output may be shortened). */
  jobId?: string;
  executionId: string;
  requestId?: string;
  dryRun: boolean;
  /**
   * SUCCEEDED: everything planned is done. NEEDS_REVIEW: likewise, nothing failed, but an erasure kept faces it
   * could not attribute (`subjects[].collections[].needsReview`) for a person to settle with a `faces` job.
   * PARTIALLY_FAILED: some of it. FAILED: nothing could be done.
   */
  status: ReportStatus;
  startedAt: string;
  finishedAt: string;
  planned: PlanTotals;
  deleted: DeletedTotals;
  /** What `action: "STOP"` stopped and kept: never counted as deleted. Absent in reports made before STOP. */
  stopped?: StoppedTotals;
  counts: { alreadyAbsent: number; skipped: number; failed: number };
  collections: CollectionReport[];
  faces: FaceGroupReport[];
  subjects: SubjectReport[];
  projectVersions: ProjectVersionReport[];
  projects: ProjectReport[];
  skipped: SkippedItem[];
  absent: AbsentItem[];
  failures: FailureReport[];
  notes: string[];
  /** Faces erasures kept as ambiguous, in every subject and collection; absent when none. */
  needsReview?: number;
  /** The maxDeletions that applied at act time, where it comes from, and whether the job stopped on it. */
  deletionCap?: { maxDeletions: number; source: MaxDeletionsSource; reached: boolean };
  /** Set when id lists were shortened to keep the report within Step Functions' limits. */
  truncated?: boolean;
}

export type ReportStatus = 'SUCCEEDED' | 'NEEDS_REVIEW' | 'PARTIALLY_FAILED' | 'FAILED';

export interface DeletedTotals {
  faces: number;
  collections: number;
  users: number;
  projectVersions: number;
  projects: number;
}

export interface StoppedTotals {
  projectVersions: number;
}

export type ItemOutcome =
  | 'DELETED'
  /** `action: "STOP"`: this job stopped the version; it is kept. */
  | 'STOPPED'
  /** `action: "STOP"`: the version was found at rest when the job came to it (someone else stopped it). */
  | 'NOT_RUNNING'
  | 'EMPTIED'
  | 'ALREADY_ABSENT'
  | 'SKIPPED_PROTECTED'
  | 'SKIPPED_RUNNING'
  /** Re-created, or no longer selected, when it was about to be deleted: left as it is. */
  | 'CHANGED_SINCE_PLAN'
  /** maxDeletions was used up before this item was done. */
  | 'CAP_REACHED'
  | 'NOT_EMPTY'
  | 'PARTIALLY_DELETED'
  /** A subject's collection where faces were kept as ambiguous (whatever else was erased there). */
  | 'NEEDS_REVIEW'
  | 'FAILED'
  | 'WOULD_DELETE'
  | 'WOULD_EMPTY'
  | 'WOULD_STOP';

export interface CollectionReport {
  collectionId: string;
  action: CollectionAction;
  outcome: ItemOutcome;
  /** Faces (and users) in the collection when the job planned. */
  plannedFaces: number;
  facesDeleted: number;
  usersDeleted: number;
  /**
   * Faces that were gone when this job came to them. Includes faces deleted by an invocation that crashed before
   * answering (its count is lost with it): facesDeleted + facesAlreadyAbsent is exact, the split may not be.
   */
  facesAlreadyAbsent: number;
  /** Likewise for users. */
  usersAlreadyAbsent: number;
  facesRemaining?: number;
  reasons: string[];
  /** CHANGED_SINCE_PLAN: what changed. */
  detail?: string;
  error?: string;
}

export interface FaceGroupReport {
  source: string;
  collectionId: string;
  outcome: ItemOutcome;
  requested: number;
  deleted: number;
  alreadyAbsent: { count: number; faceIds: string[] };
  failed: { count: number; faces: UnsuccessfulFace[] };
  /** The collection carries the protect tag: explicit and legal requests are not blocked by it. */
  collectionProtected: boolean;
  error?: string;
}

export interface SubjectReport {
  source: string;
  /** Hash of the subject's identifiers; receipts and logs use it instead of the raw ids. */
  subjectRef: string;
  collectionsSearched: number;
  /** Faces the search found, in every collection. */
  facesFound: number;
  collections: SubjectCollectionReport[];
}

export interface SubjectCollectionReport {
  collectionId: string;
  outcome: ItemOutcome;
  /** WOULD_DELETE_IF_PRESENT: a dry run where the search found no face of the user, so it may not exist there. */
  userOutcome?: 'DELETED' | 'ALREADY_ABSENT' | 'WOULD_DELETE' | 'WOULD_DELETE_IF_PRESENT';
  facesDeleted: number;
  /** Ids of the faces deleted (or, in a dry run, that would be deleted). */
  faceIds: string[];
  alreadyAbsent: number;
  failed: { count: number; faces: UnsuccessfulFace[] };
  collectionProtected: boolean;
  /**
   * Faces matched only through an ExternalImageId that also labels other people's faces or several unattributed
   * faces: not deleted. Settle them with a `faces` job naming this collection and these ids. Absent when none.
   */
  needsReview?: string[];
  /** Faces matched through an ExternalImageId but held by another user: never deleted by an erasure. */
  heldByOtherUsers?: string[];
  /**
   * After the erasure, ListFaces (FaceIds and UserId filters) found none of the erased faces and no face of the
   * user. Absent in a dry run or when the erasure did not finish.
   */
  verifiedAbsent?: boolean;
  error?: string;
}

export interface ProjectVersionReport {
  versionArn: string;
  /** STOP keeps the version: its outcomes are STOPPED, NOT_RUNNING or WOULD_STOP, never a deletion. */
  action: VersionAction;
  outcome: ItemOutcome;
  statusAtPlan: string;
  lastStatus?: string;
  polls: number;
  stopped: boolean;
  reasons: string[];
  error?: string;
}

export interface ProjectReport {
  projectArn: string;
  outcome: ItemOutcome;
  remainingVersions?: number;
  error?: string;
}

export interface FailureReport {
  kind: string;
  id: string;
  error: string;
  detail?: string;
}

/** What the Report function returns: the report, and the same as a string for the Fail state's cause. */
export interface ReportResult {
  report: CleanupReport;
  reportJson: string;
}

/**
 * The shapes that flow through the state machine: what each Lambda receives and returns. The ASL definition
 * (lib/workflow/definition.ts) moves these around with JSONPath only, so a field renamed here must be renamed there.
 *
 * Flow: Plan -> FindSubjectFaces (Map) -> FinalizePlan -> [dry run? -> Report] -> Act (Parallel of Maps) -> Report.
 * Every loop carries a `progress` object that the worker returns whole (cumulative counts and a cursor), so a
 * retried invocation resumes from the last completed page and the history stays small whatever the size.
 */
import type { CollectionAction, CollectionSelector, VersionAction } from './job/types';
import type { RateKind, WorkKind } from './workers';

/** Id lists carried in the state (absent or failed faces) keep at most this many ids; counts stay exact. */
export const ID_SAMPLE_LIMIT = 100;

// ---------------------------------------------------------------------------------------------------------------
// The plan (output of the `plan` function, normalised by `finalize-plan`)

export interface CollectionTarget {
  collectionId: string;
  collectionArn: string;
  action: CollectionAction;
  /** FaceCount from DescribeCollection at plan time. */
  faceCount: number;
  userCount: number;
  createdAt?: string;
  faceModelVersion?: string;
  /** Why it was selected, one line per matching `collections[i]` section. */
  reasons: string[];
  /**
   * Each section that selected it, with the criteria that can change after the plan: re-checked before every
   * delete batch (clean-collection). Absent on targets stored before they were recorded: identity and protection
   * are still checked.
   */
  selections?: CollectionSelection[];
}

/** One `collections[i]` section that selected a collection: what must still hold for it to be deleted. */
export interface CollectionSelection {
  source: string;
  action: CollectionAction;
  /** ids and prefix are left out: for a given collection id they cannot change. */
  criteria: Pick<CollectionSelector, 'createdBefore' | 'olderThanDays' | 'tags' | 'faceModelVersion'>;
}

/** A list of face ids to delete from one collection: an explicit `faces[i]` group or a subject's faces. */
export interface FaceDeletionTarget {
  collectionId: string;
  faceIds: string[];
  /** For a subject erasure: delete this user too (DeleteUser disassociates its faces; they are then deleted). */
  deleteUserId?: string;
  /**
   * The search found faces of this user, so it exists. Without faces it may or may not exist (Rekognition has no
   * cheap way to ask), so DeleteUser is still called, and a dry run says "if present".
   */
  userFound?: boolean;
  /** Where it comes from in the job, e.g. `faces[2]` or `subjects[0]`. */
  source: string;
  /** Faces that existed at plan time (the rest will be reported as already absent). */
  existingFaceCount: number;
  /** The collection carries the protect tag: recorded because explicit and legal requests are not blocked by it. */
  collectionProtected: boolean;
  /**
   * A subject's erasure: a face found held by another user at delete time is left with them (never
   * disassociated), and once deleted, what was erased is read back (verify-absent.ts).
   */
  subjectErasure?: boolean;
  /** Subject erasures only: what the search matched but the erasure keeps (see SubjectMatchesKept). */
  kept?: SubjectMatchesKept;
}

/**
 * Faces a subject's search matched through an ExternalImageId that an erasure must not delete. Face ids only: the
 * privacy team settles `needsReview` with an explicit `faces` job naming the collection and these ids.
 */
export interface SubjectMatchesKept {
  /** Ambiguous: the ExternalImageId also labels other people's faces, or several unattributed faces. */
  needsReview: string[];
  /** Held by another user (a UserId that is not the subject's): never deleted by an erasure. */
  heldByOtherUsers: string[];
}

/** What one subject is searched by: its index in the job and its identifiers (personal data: never logged). */
export interface SubjectQuery {
  subjectIndex: number;
  userId?: string;
  externalImageIds?: string[];
}

/**
 * One collection to search, for every subject of the job searched there: one ListFaces scan of the collection
 * serves all the subjects that need an ExternalImageId scan, and the UserId lookups run one after the other.
 */
export interface CollectionSearch {
  collectionId: string;
  /** For reading the collection's tags once something of a subject was found there. */
  collectionArn: string;
  /** In job order; each subject appears at most once. */
  subjects: SubjectQuery[];
  /** The job's `independentSubjects`: a subject over the ExternalImageId bound stops only its own matching. */
  independentSubjects?: boolean;
}

export interface ProjectVersionTarget {
  versionArn: string;
  projectArn: string;
  versionName: string;
  statusAtPlan: string;
  createdAt?: string;
  reasons: string[];
  /** Selected by a projectArn selector without `stopRunning: true`: a version found serving at act time is left. */
  leaveRunning?: boolean;
  /** STOP: stopped and kept, never deleted (see stop-decision.ts). Absent for DELETE, the default. */
  action?: VersionAction;
}

export interface ProjectTarget {
  projectArn: string;
  source: string;
}

export type ResourceKind = 'collection' | 'faces' | 'subject' | 'project-version' | 'project';

export interface SkippedItem {
  kind: ResourceKind;
  id: string;
  /**
   * RUNNING: a serving version a selector matched without `stopRunning: true`. CHANGED_SINCE_PLAN: the collection
   * was re-created, or no longer meets its section's criteria, when it was about to be deleted.
   */
  reason: 'PROTECTED' | 'RUNNING' | 'CHANGED_SINCE_PLAN';
  detail: string;
}

/** Something the job named explicitly that does not exist: reported, never an error (re-runs are no-ops). */
export interface AbsentItem {
  kind: ResourceKind;
  id: string;
  source: string;
}

export interface Plan {
  collections: CollectionTarget[];
  faceGroups: FaceDeletionTarget[];
  /** Searched by FindSubjectFaces, one item per collection; finalize-plan turns what was found into erasures. */
  subjectSearches: CollectionSearch[];
  /** Filled by finalize-plan from the subject find results. */
  subjectErasures: FaceDeletionTarget[];
  projectVersions: ProjectVersionTarget[];
  projects: ProjectTarget[];
  skipped: SkippedItem[];
  absent: AbsentItem[];
  /** Filled by finalize-plan: per subject, how many collections were searched and what was found. */
  subjectSummaries: SubjectSummary[];
  /** Failures that happened while planning one item (e.g. a subject scan that kept failing). */
  planFailures: ItemFailureRecord[];
  notes: string[];
}

export interface SubjectSummary {
  /** `subjects[i]`. */
  source: string;
  /** Hash of the subject's identifiers: the report never repeats personal data it does not need. */
  subjectRef: string;
  collectionsSearched: number;
  facesFound: number;
}

export interface PlanTotals {
  /** Everything the plan deletes: faces (including those inside deleted collections), collections and versions. */
  plannedDeletions: number;
  faces: number;
  collections: number;
  users: number;
  /** Versions the plan deletes. */
  projectVersions: number;
  projects: number;
  /** Versions the plan stops and keeps (`action: "STOP"`): not deletions, so outside maxDeletions. */
  projectVersionStops?: number;
}

/** How many workers of one kind run at once, and the TPS each invocation may use per Rekognition operation. */
export interface RateShare {
  concurrency: number;
  tps: Record<string, number>;
}

/** Derived from the quotas and the plan (lambdas/core/rates/rate-plan.ts); the Maps read their concurrency here. */
export type RatePlan = Record<RateKind, RateShare>;

/**
 * What the state machine carries between states once the plan is stored: references, counters and cursors, never
 * the plan's data, so every state stays a few KiB whatever the size of the job.
 */
export interface JobRef {
  jobId: string;
  executionId: string;
  startedAt: string;
  requestId?: string;
  dryRun: boolean;
  /** The job's `independentSubjects` (an erasure batch). */
  independentSubjects?: boolean;
  maxDeletions?: number;
  /** Where maxDeletions comes from: the job, or the stack's default cap for selectors. */
  maxDeletionsSource?: MaxDeletionsSource;
  rates: RatePlan;
  /** Per kind of work, the lane numbers its Map iterates over (one worker loop per lane). */
  lanes: Partial<Record<WorkKind, number[]>>;
  /** Per kind of work, how many items the plan holds; and how many resources it skipped (protected). */
  planned: Partial<Record<WorkKind | 'skipped', number>>;
  /** Set by finalize-plan. */
  totals?: PlanTotals;
}

/** The whole job in memory (plan, and results once acted): what the planning and report functions compute on. */
export interface JobState {
  executionId: string;
  startedAt: string;
  requestId?: string;
  dryRun: boolean;
  /** The job's `independentSubjects`: the ExternalImageId bound is per subject (an erasure batch). */
  independentSubjects?: boolean;
  maxDeletions?: number;
  maxDeletionsSource?: MaxDeletionsSource;
  plan: Plan;
  /** Set by Plan, refined by finalize-plan once the subjects' faces are known. */
  rates: RatePlan;
  /** Set by finalize-plan. */
  totals?: PlanTotals;
  /** Set by the Act state: one array per branch, in plan order. */
  results?: ActResults;
}

/** `job`: the job's maxDeletions (the CLI's --max-deletions sets it); `default`: workflow.defaultMaxDeletions. */
export type MaxDeletionsSource = 'job' | 'default';

// ---------------------------------------------------------------------------------------------------------------
// Lanes: each Map iterates over lane numbers; a lane's worker works through the lane's items (stored in the job
// store) one after the other, saving each item's progress in the store as it goes.

/** Where a lane is: the state's only record of it; each item's own progress is in the store. */
export interface LaneProgress {
  done: boolean;
  /** Index in the lane's item list of the item in progress. */
  position: number;
  /** How many items the lane holds. */
  items: number;
  /** How many of the lane's items failed beyond their retries (counted as they are recorded). */
  failed?: number;
  invocations: number;
  /** Project versions: how long the state machine waits before the lane's next poll. */
  wait?: 'SHORT' | 'MEDIUM' | 'LONG';
  polls?: number;
  /** Project versions: ISO time of the lane's first poll, and the seconds since, as of the latest poll. */
  pollingSince?: string;
  waitedSeconds?: number;
  /** Project versions: how many unsettled versions wait for what, as of the latest poll (see version-waits.ts). */
  waitingFor?: Partial<Record<VersionWait, number>>;
  /**
   * Faces the lane has deleted so far, as the report will count them: its settled items' and the item in progress.
   * A running total for progress displays (lanes of face-deleting work only).
   */
  facesDeleted?: number;
  /** The settled items' part of facesDeleted (the item in progress brings its own count on every invocation). */
  facesSettled?: number;
}

/**
 * What an unsettled version waits for, from what this job did to it rather than from the status it was last
 * described in (a version whose deletion was just requested was last seen TRAINING_COMPLETED, yet is being deleted).
 */
export type VersionWait = 'STOP' | 'DELETION' | 'START' | 'TRAINING' | 'COPYING' | 'KNOWN_STATUS';

/** The input of a lane worker, and (with the new progress, without `failure`) its output. */
export interface LaneInput {
  jobId: string;
  kind: WorkKind;
  lane: number;
  executionId: string;
  startedAt: string;
  dryRun: boolean;
  rates?: RateShare;
  progress: LaneProgress | { done: false };
  /** Set by the loop's Catch: the item at `progress.position` failed beyond its retries; record it and go on. */
  failure?: TaskFailure;
}

// ---------------------------------------------------------------------------------------------------------------
// Work items: a lane's worker calls each item's step with { target, executionId, dryRun, progress } and stores the
// new progress.

export interface WorkItem<TTarget, TProgress> {
  target: TTarget;
  executionId: string;
  /** The execution's start: with executionId, unique per execution even where a name is reused (local runs). */
  startedAt?: string;
  dryRun: boolean;
  /** `{ done: false }` on the first invocation. */
  progress: TProgress | { done: false };
  /** This invocation's share of the Rekognition quotas. */
  rates?: RateShare;
}

/** A Catch inside an iterator records the error instead of failing the job, so the rest goes on. */
export interface TaskFailure {
  Error: string;
  Cause?: string;
}

export interface ItemResult<TProgress> {
  progress: TProgress | { done: false };
  failure?: TaskFailure;
}

export interface ItemFailureRecord {
  kind: ResourceKind;
  id: string;
  /** Where it comes from in the job, e.g. `subjects[0]`. */
  source?: string;
  error: string;
  cause?: string;
}

// find-subject-faces ------------------------------------------------------------------------------------------

export interface SubjectFindProgress {
  done: boolean;
  /**
   * USER_FACES: ListFaces by UserId, one subject after the other (`userPosition`); EXTERNAL_IMAGE_SCAN: one scan of
   * the whole collection for every subject with ExternalImageIds; then the tags, once something was found.
   */
  phase: 'USER_FACES' | 'EXTERNAL_IMAGE_SCAN' | 'TAGS' | 'DONE';
  /** USER_FACES: the index, in the search's `subjects`, of the subject being looked up. */
  userPosition?: number;
  nextToken?: string;
  /** What was found of each subject, aligned with the search's `subjects`. */
  found: SubjectFound[];
  /**
   * The scan's ExternalImageId matches (of every subject) outnumbered what one request may match: the scan stopped,
   * and FinalizePlan refuses the request (SubjectTooBroadError). Each subject that had matches says `tooBroad`.
   */
  tooBroad?: boolean;
  /** The collection no longer exists. */
  collectionAbsent: boolean;
  /**
   * The collection carries the protect tag (legal erasure is not blocked by it; the report says so). Read only where
   * something of a subject was found: where nothing was, there is nothing for the tag to apply to.
   */
  collectionProtected?: boolean;
  /** ListFaces calls made (lookups by UserId and scan pages). */
  pagesScanned: number;
}

/** One subject in one collection: what its search found. */
export interface SubjectFound {
  /**
   * The subject's faces found so far. Bare ids (about 40 bytes each): a collection search's progress holds every
   * subject's, in one job store item.
   */
  faceIds: string[];
  /** How many of faceIds came from the UserId filter; the rest matched an ExternalImageId. */
  matchedByUserId: number;
  /**
   * During the ExternalImageId scan: every face whose ExternalImageId is one of the subject's, with its holder.
   * Whether such a face is the subject's can only be decided once every page was read (the face that makes an id
   * ambiguous may be on a later page), so they are collected here and classified when the scan ends.
   */
  imageMatches?: ImageMatch[];
  /** Set when the scan ended: the matches the erasure keeps (faceIds then holds the faces it erases). */
  kept?: SubjectMatchesKept;
  /** How many faces the ExternalImageIds matched, whoever holds them: what the request's total bound counts. */
  imageMatchCount?: number;
  /** The scan stopped on the request's bound while this subject had matches. */
  tooBroad?: boolean;
}

/**
 * A face one of the subject's ExternalImageIds labels, as compact as the classification allows: the search's stored
 * progress holds up to REQUEST_IMAGE_MATCH_LIMIT of them (a DynamoDB item is capped at 400 KB, an ExternalImageId
 * may be 255 characters), and other people's UserIds are not worth keeping.
 */
export interface ImageMatch {
  faceId: string;
  /** Index of the ExternalImageId in the subject's `externalImageIds`. */
  image: number;
  /** A user other than the subject's holds the face; false for an unattributed face. */
  heldByOtherUser: boolean;
}

/** A collection search as FinalizePlan reads it back from the job store. */
export interface CollectionSearchResult {
  target: CollectionSearch;
  progress: SubjectFindProgress | { done: false };
  failure?: TaskFailure;
}

// clean-collection -------------------------------------------------------------------------------------------

/** CAP_REACHED: maxDeletions was used up before this collection was done (what it deleted before is counted). */
export type CollectionOutcome =
  'DELETED' | 'EMPTIED' | 'ALREADY_ABSENT' | 'SKIPPED_PROTECTED' | 'CHANGED_SINCE_PLAN' | 'CAP_REACHED';

export interface CollectionProgress {
  done: boolean;
  /** DELETE_FACES runs USERS (delete every user, which disassociates faces) then FACES then VERIFY. */
  phase: 'USERS' | 'FACES' | 'VERIFY' | 'DONE';
  nextToken?: string;
  usersDeleted: number;
  facesDeleted: number;
  facesAlreadyAbsent: number;
  facesDisassociated: number;
  /** FaceCount after the purge, from DescribeCollection. */
  facesRemaining?: number;
  /** DescribeCollection checks done after listing ended; faces found there start another pass, up to a limit. */
  verifyRounds?: number;
  outcome?: CollectionOutcome;
  /** CHANGED_SINCE_PLAN: what changed (re-created, or which criterion no longer holds). */
  changeDetail?: string;
  /**
   * The action decided at act time, when it differs from the plan's: a DELETE_COLLECTION target whose deleting
   * section no longer matches, while a DELETE_FACES section still does, is emptied instead.
   */
  action?: CollectionAction;
  invocations: number;
}

// delete-faces -----------------------------------------------------------------------------------------------

export interface UnsuccessfulFace {
  faceId: string;
  reasons: string[];
}

/** What deleting face ids did: one batch's tally, or a face deletion's running total. */
export interface FaceDeletionCounts {
  deleted: number;
  /** Faces that were not there (FACE_NOT_FOUND, or the collection is gone). */
  alreadyAbsentCount: number;
  /** The first ids of those, at most ID_SAMPLE_LIMIT, so the state stays far below 256 KB. */
  alreadyAbsentSample: string[];
  disassociated: number;
  /** Faces that could not be deleted, at most ID_SAMPLE_LIMIT entries; failedCount has the total. */
  failed: UnsuccessfulFace[];
  failedCount: number;
  collectionAbsent: boolean;
}

export interface FaceDeletionProgress extends FaceDeletionCounts {
  done: boolean;
  /** Index in target.faceIds of the first id not yet processed. */
  nextIndex: number;
  /** For subject erasures: DeleteUser runs first. */
  userOutcome?: 'DELETED' | 'ALREADY_ABSENT';
  /** For subject erasures, once every batch ran: ListFaces read back what was erased (see verify-absent.ts). */
  verification?: AbsenceCheck;
  /** maxDeletions was used up: the faces from nextIndex on were not deleted. */
  capReached?: boolean;
  invocations: number;
}

/** What ListFaces found after an erasure in one collection. */
export interface AbsenceCheck {
  /** None of the erased face ids is listed, and the user holds no face. */
  verifiedAbsent: boolean;
  /** Erased face ids that ListFaces still lists (at most ID_SAMPLE_LIMIT). */
  stillPresent: string[];
  /** Faces ListFaces' UserId filter still finds for the erased user. */
  userFacesPresent: number;
}

// advance-project-version ---------------------------------------------------------------------------------------

/** STOPPED: this job stopped it and kept it. NOT_RUNNING: a STOP target found at rest (someone else stopped it). */
export type VersionOutcome =
  | 'DELETED'
  | 'STOPPED'
  | 'NOT_RUNNING'
  | 'ALREADY_ABSENT'
  | 'SKIPPED_PROTECTED'
  | 'SKIPPED_RUNNING'
  | 'CAP_REACHED'
  | 'FAILED';

export interface VersionProgress {
  done: boolean;
  /** How long the state machine should wait before the next poll: SHORT for stop/delete, LONG for training. */
  wait: 'SHORT' | 'LONG' | 'NONE';
  lastStatus?: string;
  polls: number;
  stopRequested: boolean;
  deleteRequested: boolean;
  /** ISO time of the first poll: the duration ceiling counts from here. */
  firstPollAt?: string;
  outcome?: VersionOutcome;
  failureReason?: string;
}

// delete-project ---------------------------------------------------------------------------------------------

export interface ProjectProgress {
  done: boolean;
  outcome?: 'DELETED' | 'ALREADY_ABSENT' | 'NOT_EMPTY';
  remainingVersions?: number;
}

export interface ActResults {
  collections: ItemResult<CollectionProgress>[];
  faceGroups: ItemResult<FaceDeletionProgress>[];
  subjectErasures: ItemResult<FaceDeletionProgress>[];
  projectVersions: ItemResult<VersionProgress>[];
  projects: ItemResult<ProjectProgress>[];
}

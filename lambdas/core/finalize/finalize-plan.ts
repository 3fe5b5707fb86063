import type {
  AbsentItem,
  CollectionSearch,
  CollectionSearchResult,
  FaceDeletionTarget,
  ItemFailureRecord,
  JobState,
  PlanTotals,
  SubjectFindProgress,
  SubjectFound,
  SubjectQuery,
  SubjectSummary,
  TaskFailure,
} from '../contracts';
import { MaxDeletionsExceededError } from '../errors';
import { subjectRefOf } from '../erasure/fingerprint';
import { DEFAULT_QUOTAS, type TpsQuotas } from '../rates/quotas';
import { computeRatePlan } from '../rates/rate-plan';
import { REQUEST_IMAGE_MATCH_LIMIT, SubjectTooBroadError } from '../subjects/subject-too-broad-error';

/**
 * The last planning step, after the subjects' faces were found: turns find results into erasure targets, counts
 * what the plan deletes and enforces `maxDeletions` and the request's bound on ExternalImageId matches
 * (REQUEST_IMAGE_MATCH_LIMIT, over every subject and collection) before anything is deleted. Pure: no AWS calls.
 */
export function finalizePlan(
  state: JobState,
  /** Every collection search of the plan, with what it found (finalize-stored-plan reads them from the store). */
  searches: readonly CollectionSearchResult[],
  quotas: TpsQuotas = DEFAULT_QUOTAS,
  /** Each subject's pseudonym, by its index in the job (subjectRefs computes them). */
  subjectRefs: ReadonlyMap<number, string> = new Map(),
): JobState {
  const found = searches.flatMap(perSubject).sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  const erasures: FaceDeletionTarget[] = [];
  const absent: AbsentItem[] = [...state.plan.absent];
  const failures: ItemFailureRecord[] = [...state.plan.planFailures];
  const summaries = new Map<number, SubjectSummary>();
  const broad = { matched: 0, subjects: new Set<number>() };
  // Independent subjects (an erasure batch): each subject's own bound; one over it fails alone, the others run.
  const refusedAlone = state.independentSubjects === true ? subjectsOverTheirBound(found) : new Map<number, number>();

  for (const { search, subject, outcome } of found) {
    const { collectionId } = search;
    const source = `subjects[${subject.subjectIndex}]`;
    const summary = summaries.get(subject.subjectIndex) ?? {
      source,
      subjectRef: subjectRefs.get(subject.subjectIndex) ?? 'unknown',
      collectionsSearched: 0,
      facesFound: 0,
    };
    summaries.set(subject.subjectIndex, summary);
    summary.collectionsSearched += 1;
    if (outcome === 'COLLECTION_ABSENT') {
      absent.push({ kind: 'subject', id: collectionId, source });
      continue;
    }
    if ('failure' in outcome) {
      const { failure } = outcome;
      failures.push({ kind: 'subject', id: collectionId, source, error: failure.Error, cause: failure.Cause });
      continue;
    }
    const { result, collectionProtected } = outcome;
    const refused = refusedAlone.get(subject.subjectIndex);
    if (refused !== undefined) {
      if ((result.imageMatchCount ?? 0) > 0 || result.tooBroad === true) {
        const error = new SubjectTooBroadError([subject.subjectIndex], refused);
        failures.push({ kind: 'subject', id: collectionId, source, error: error.name, cause: error.message });
      }
      continue;
    }
    summary.facesFound += result.faceIds.length;
    const imageMatches = result.imageMatchCount ?? 0;
    broad.matched += imageMatches;
    if (imageMatches > 0 || result.tooBroad === true) broad.subjects.add(subject.subjectIndex);
    if (result.tooBroad === true) broad.matched = Math.max(broad.matched, REQUEST_IMAGE_MATCH_LIMIT + 1);
    const kept = result.kept !== undefined && keepsAny(result.kept) ? result.kept : undefined;
    // A user id is erased even when no face is associated: the user vector itself is biometric data. A collection
    // where only kept faces matched gets a target too, so that the report and the receipt list them there.
    if (result.faceIds.length === 0 && subject.userId === undefined && kept === undefined) continue;
    erasures.push({
      collectionId,
      faceIds: result.faceIds,
      ...(subject.userId !== undefined ? { deleteUserId: subject.userId, userFound: result.matchedByUserId > 0 } : {}),
      source,
      existingFaceCount: result.faceIds.length,
      collectionProtected,
      subjectErasure: true,
      ...(kept === undefined ? {} : { kept }),
    });
  }
  if (state.independentSubjects !== true && broad.matched > REQUEST_IMAGE_MATCH_LIMIT) {
    // Refused as a whole, dry run or not: the request is mis-addressed, whatever the world holds.
    throw new SubjectTooBroadError(
      [...broad.subjects].sort((a, b) => a - b),
      broad.matched,
    );
  }

  const plan = {
    ...state.plan,
    notes: [...state.plan.notes, ...protectedErasureNotes(erasures)],
    // The searches are done: what they found is in the erasure targets.
    subjectSearches: [],
    subjectErasures: erasures,
    subjectSummaries: [...summaries.values()],
    absent,
    planFailures: failures,
  };
  const finalized: JobState = { ...state, plan };
  const totals = countPlannedDeletions(finalized);
  if (state.maxDeletions !== undefined && totals.plannedDeletions > state.maxDeletions) {
    // A dry run is how you find out: it reports what the real run would refuse instead of refusing itself.
    if (!state.dryRun) throw new MaxDeletionsExceededError(totals.plannedDeletions, state.maxDeletions);
    plan.notes.push(
      `maxDeletions=${state.maxDeletions}: the real run would be refused, the plan deletes ${totals.plannedDeletions.toLocaleString('en-US')}`,
    );
  }
  // Now that the erasures are known, the Act branches' concurrency and quota shares can be exact.
  return { ...finalized, totals, rates: computeRatePlan(plan, quotas) };
}

/**
 * What `maxDeletions` limits: every face (including the faces inside a collection that is deleted whole), every
 * collection and every project version. Users and emptied projects are reported but not counted.
 */
export function countPlannedDeletions(state: JobState): PlanTotals {
  const { plan } = state;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const faces =
    sum(plan.collections.map((c) => c.faceCount)) +
    sum(plan.faceGroups.map((g) => g.existingFaceCount)) +
    sum(plan.subjectErasures.map((e) => e.faceIds.length));
  const collections = plan.collections.filter((c) => c.action === 'DELETE_COLLECTION').length;
  // Only users known to exist: elsewhere DeleteUser is called in case, and may find nothing.
  const users =
    sum(plan.collections.map((c) => c.userCount)) + plan.subjectErasures.filter((e) => e.userFound === true).length;
  // A stopped version is kept: stops are reported beside the deletions, and maxDeletions does not count them.
  const projectVersionStops = plan.projectVersions.filter((v) => v.action === 'STOP').length;
  const projectVersions = plan.projectVersions.length - projectVersionStops;
  return {
    plannedDeletions: faces + collections + projectVersions,
    faces,
    collections,
    users,
    projectVersions,
    projects: plan.projects.length,
    projectVersionStops,
  };
}

/** Legal erasure is not blocked by the protect tag: the report says where that happened. */
function protectedErasureNotes(erasures: FaceDeletionTarget[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const erasure of erasures.filter((e) => e.collectionProtected)) {
    bySource.set(erasure.source, [...(bySource.get(erasure.source) ?? []), erasure.collectionId]);
  }
  return [...bySource].map(
    ([source, ids]) =>
      `${source}: erased in protected ${ids.length === 1 ? 'collection' : 'collections'} ${ids.map((id) => `"${id}"`).join(', ')}; ` +
      'the protect tag does not block a legal erasure request',
  );
}

/** The pseudonym of every subject the searches look for: what the report names them by (pseudonym is async). */
export async function subjectRefs(searches: readonly CollectionSearch[]): Promise<Map<number, string>> {
  const refs = new Map<number, string>();
  for (const subject of searches.flatMap((search) => search.subjects)) {
    if (!refs.has(subject.subjectIndex)) refs.set(subject.subjectIndex, await subjectRefOf(subject));
  }
  return refs;
}

/**
 * The subjects whose ExternalImageIds matched more than REQUEST_IMAGE_MATCH_LIMIT faces over every collection (or
 * whose search stopped on its bound), with at least how many: each is refused alone, before any delete.
 */
function subjectsOverTheirBound(found: readonly SubjectOutcome[]): Map<number, number> {
  const matched = new Map<number, { count: number; stopped: boolean }>();
  for (const { subject, outcome } of found) {
    if (typeof outcome !== 'object' || !('result' in outcome)) continue;
    const known = matched.get(subject.subjectIndex) ?? { count: 0, stopped: false };
    known.count += outcome.result.imageMatchCount ?? 0;
    known.stopped ||= outcome.result.tooBroad === true;
    matched.set(subject.subjectIndex, known);
  }
  const over = new Map<number, number>();
  for (const [index, { count, stopped }] of matched) {
    if (stopped || count > REQUEST_IMAGE_MATCH_LIMIT) over.set(index, count);
  }
  return over;
}

/** What one collection's search says about one subject. */
interface SubjectOutcome {
  search: CollectionSearch;
  subject: SubjectQuery;
  outcome: { failure: TaskFailure } | 'COLLECTION_ABSENT' | { result: SubjectFound; collectionProtected: boolean };
}

/**
 * A collection search, split back per subject, subject by subject in job order (collections in plan order within
 * a subject): each subject keeps its own results, whoever else the scan served.
 */
function perSubject(searched: CollectionSearchResult, index: number) {
  return searched.target.subjects.map((subject, position): SubjectOutcome & { order: [number, number] } => {
    const { target: search, progress, failure } = searched;
    const order: [number, number] = [subject.subjectIndex, index];
    if (failure !== undefined || !progress.done) {
      return { search, subject, order, outcome: { failure: failure ?? NOT_SEARCHED } };
    }
    const done = progress as SubjectFindProgress;
    if (done.collectionAbsent) return { search, subject, order, outcome: 'COLLECTION_ABSENT' };
    const result = done.found[position] ?? { faceIds: [], matchedByUserId: 0 };
    return { search, subject, order, outcome: { result, collectionProtected: done.collectionProtected === true } };
  });
}

/** A search that never finished: nothing may be erased on a guess. */
const NOT_SEARCHED: TaskFailure = { Error: 'NotSearched', Cause: 'the search did not finish' };

function keepsAny(kept: { needsReview: string[]; heldByOtherUsers: string[] }): boolean {
  return kept.needsReview.length > 0 || kept.heldByOtherUsers.length > 0;
}

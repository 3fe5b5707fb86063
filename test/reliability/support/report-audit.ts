import type { CleanupJob } from '../../../lambdas/core/job/types';
import type { CleanupReport } from '../../../lambdas/core/report/types';
import { DEFAULT_PROTECTION, subjectErasure } from './expected-deletions';
import type { Deletions, WorldState } from './world-state';

/**
 * Reads a finished job's report against what really disappeared from the world, item by item.
 *
 * A response lost after Rekognition applied a change (the emulator's faultTiming 'after', or a Lambda that crashed
 * after its work) makes the retry find the resource gone: the report then says ALREADY_ABSENT (or counts the face as
 * already absent) for something this very job deleted. The audit accepts that, and only that: every such item is
 * credited in `lostResponses`, and `reported deleted + lost responses` must equal what actually disappeared.
 */
export interface ReportAudit {
  /** Every way the report disagrees with the world; empty when it is accurate. */
  problems: string[];
  /** Deletions the report counts as already absent (or not at all, for users) because a response was lost. */
  lostResponses: { faces: number; users: number; collections: number; versions: number; projects: number };
  /** Faces a purge deleted and its report counts nowhere (tolerated with `tolerateUncountedPurges`). */
  uncountedPurgeFaces: number;
}

export interface AuditOptions {
  /**
   * The collection report has no "users already absent" count: a lost DeleteUser response leaves a deleted user
   * uncounted. Ask for exact user counts only when no response can be lost.
   * @default false
   */
  exactUserCounts?: boolean;
  /**
   * Accept a DELETE_FACES purge whose facesDeleted + facesAlreadyAbsent falls short of the faces that disappeared:
   * the known bug of a purge invocation that crashed after its work (its counts are lost, and the retry never lists
   * those faces again). Counted in `uncountedPurgeFaces`. Remove once that bug is fixed.
   * @default false
   */
  tolerateUncountedPurges?: boolean;
}

export function auditReport(
  report: CleanupReport,
  before: WorldState,
  actual: Deletions,
  job: CleanupJob,
  options: AuditOptions = {},
): ReportAudit {
  const problems: string[] = [];
  let uncountedPurgeFaces = 0;
  const lost = { faces: 0, users: 0, collections: 0, versions: 0, projects: 0 };
  const problem = (text: string) => problems.push(text);
  const facesGone = (collectionId: string) =>
    actual.collections.includes(collectionId)
      ? new Set(Object.keys(before.collections[collectionId]?.faces ?? {}))
      : new Set(actual.faces[collectionId] ?? []);
  const usersGone = (collectionId: string) =>
    actual.collections.includes(collectionId)
      ? new Set(Object.keys(before.collections[collectionId]?.users ?? {}))
      : new Set(actual.users[collectionId] ?? []);

  // NEEDS_REVIEW exactly when an erasure kept ambiguous faces; nothing else may keep a job from SUCCEEDED here.
  const review = report.subjects.some((s) => s.collections.some((c) => (c.needsReview?.length ?? 0) > 0));
  if (report.status !== (review ? 'NEEDS_REVIEW' : 'SUCCEEDED')) problem(`status ${report.status}`);
  if (report.failures.length > 0) problem(`failures: ${JSON.stringify(report.failures)}`);

  // Collections ------------------------------------------------------------------------------------------------
  const deletedWhole = report.collections.filter((c) => c.action === 'DELETE_COLLECTION');
  const reportedWhole = deletedWhole.map((c) => c.collectionId).sort();
  if (JSON.stringify(reportedWhole) !== JSON.stringify(actual.collections)) {
    problem(`DELETE_COLLECTION targets ${reportedWhole} but ${actual.collections} disappeared`);
  }
  for (const c of deletedWhole) {
    const faceCount = Object.keys(before.collections[c.collectionId]?.faces ?? {}).length;
    if (c.outcome === 'DELETED') {
      if (c.facesDeleted !== faceCount) problem(`${c.collectionId}: facesDeleted ${c.facesDeleted}, held ${faceCount}`);
    } else if (c.outcome === 'ALREADY_ABSENT' && before.collections[c.collectionId] !== undefined) {
      lost.collections += 1;
      lost.faces += faceCount;
    } else problem(`${c.collectionId}: outcome ${c.outcome} for a collection deleted whole`);
  }
  for (const c of report.collections.filter((t) => t.action === 'DELETE_FACES')) {
    const held = before.collections[c.collectionId];
    const faceCount = Object.keys(held?.faces ?? {}).length;
    const userCount = Object.keys(held?.users ?? {}).length;
    if (c.outcome !== 'EMPTIED') problem(`${c.collectionId}: outcome ${c.outcome}, expected EMPTIED`);
    if (c.facesRemaining !== 0) problem(`${c.collectionId}: facesRemaining ${c.facesRemaining}`);
    if (c.plannedFaces !== faceCount) problem(`${c.collectionId}: plannedFaces ${c.plannedFaces}, held ${faceCount}`);
    if (facesGone(c.collectionId).size !== faceCount) problem(`${c.collectionId}: not every face disappeared`);
    const counted = c.facesDeleted + c.facesAlreadyAbsent;
    if (counted < faceCount && options.tolerateUncountedPurges === true) {
      // KNOWN BUG (see "a purge worker that crashes after deleting" in soak.test.ts): recorded, not a problem.
      uncountedPurgeFaces += faceCount - counted;
    } else if (counted !== faceCount) {
      problem(
        `${c.collectionId}: facesDeleted ${c.facesDeleted} + facesAlreadyAbsent ${c.facesAlreadyAbsent} ` +
          `!= ${faceCount} faces that disappeared`,
      );
    }
    lost.faces += c.facesAlreadyAbsent;
    if (c.usersDeleted > userCount) problem(`${c.collectionId}: usersDeleted ${c.usersDeleted} > ${userCount} users`);
    if (options.exactUserCounts === true && c.usersDeleted !== userCount) {
      problem(`${c.collectionId}: usersDeleted ${c.usersDeleted}, held ${userCount}`);
    }
    lost.users += Math.max(0, userCount - c.usersDeleted);
  }

  // Explicit faces -----------------------------------------------------------------------------------------------
  for (const [index, entry] of (job.faces ?? []).entries()) {
    const source = `faces[${index}]`;
    const group = report.faces.find((g) => g.source === source);
    const collection = before.collections[entry.collectionId];
    if (collection === undefined) {
      if (group !== undefined) problem(`${source}: reported for a collection that does not exist`);
      if (!report.absent.some((a) => a.kind === 'faces' && a.source === source)) problem(`${source}: not in absent`);
      continue;
    }
    if (group === undefined) {
      problem(`${source}: missing from the report`);
      continue;
    }
    const requested = [...new Set(entry.faceIds)];
    const existing = requested.filter((id) => id in collection.faces);
    const gone = facesGone(entry.collectionId);
    if (group.requested !== requested.length) problem(`${source}: requested ${group.requested} != ${requested.length}`);
    if (group.deleted + group.alreadyAbsent.count !== requested.length) {
      problem(
        `${source}: deleted ${group.deleted} + alreadyAbsent ${group.alreadyAbsent.count} != ${requested.length}`,
      );
    }
    if (group.alreadyAbsent.faceIds.some((id) => !requested.includes(id)))
      problem(`${source}: absent id not requested`);
    if (existing.some((id) => !gone.has(id))) problem(`${source}: a listed face survived`);
    // Ids reported absent that existed before: deleted by this job, the response lost.
    const lostHere = group.alreadyAbsent.faceIds.filter((id) => id in collection.faces).length;
    if (
      group.alreadyAbsent.count <= group.alreadyAbsent.faceIds.length &&
      group.deleted + lostHere !== existing.length
    ) {
      problem(`${source}: deleted ${group.deleted} + lost ${lostHere} != ${existing.length} existing faces`);
    }
    lost.faces += lostHere;
    const isProtected = collection.tags[DEFAULT_PROTECTION.key]?.trim().toLowerCase() === DEFAULT_PROTECTION.value;
    if (group.collectionProtected !== isProtected)
      problem(`${source}: collectionProtected ${group.collectionProtected}`);
  }

  // Subjects -----------------------------------------------------------------------------------------------------
  for (const [index, subject] of (job.subjects ?? []).entries()) {
    const source = `subjects[${index}]`;
    const entry = report.subjects.find((s) => s.source === source);
    if (entry === undefined) {
      problem(`${source}: missing from the report`);
      continue;
    }
    const searched = (subject.collectionIds ?? Object.keys(before.collections)).filter(
      (id) => id in before.collections,
    );
    if (entry.collectionsSearched !== searched.length) {
      problem(`${source}: collectionsSearched ${entry.collectionsSearched} != ${searched.length}`);
    }
    for (const id of searched) {
      const collection = before.collections[id]!;
      // The oracle's reading of the contract: what the erasure takes, and what it must keep and list.
      const { faces: own, kept } = subjectErasure(subject, collection);
      const hasUser = subject.userId !== undefined && subject.userId in collection.users;
      const item = entry.collections.find((c) => c.collectionId === id);
      if (item === undefined) {
        if (own.length + kept.length > 0 || subject.userId !== undefined)
          problem(`${source} ${id}: missing from the report`);
        continue;
      }
      const gone = facesGone(id);
      if (item.faceIds.some((f) => !own.includes(f)))
        problem(`${source} ${id}: reports a face that is not the subject's`);
      if (item.faceIds.some((f) => !gone.has(f)))
        problem(`${source} ${id}: reports deleted a face that is still there`);
      if (own.some((f) => !gone.has(f))) problem(`${source} ${id}: a face of the subject survived`);
      if (kept.some((f) => gone.has(f))) problem(`${source} ${id}: a face the erasure must keep was deleted`);
      const listed = new Set([...(item.needsReview ?? []), ...(item.heldByOtherUsers ?? [])]);
      if (kept.length !== listed.size || kept.some((f) => !listed.has(f))) {
        problem(`${source} ${id}: kept faces listed ${[...listed].sort()} != ${[...kept].sort()}`);
      }
      if (item.facesDeleted !== item.faceIds.length) problem(`${source} ${id}: facesDeleted != faceIds listed`);
      if (item.facesDeleted + item.alreadyAbsent !== own.length) {
        problem(
          `${source} ${id}: facesDeleted ${item.facesDeleted} + alreadyAbsent ${item.alreadyAbsent} != ${own.length}`,
        );
      }
      lost.faces += item.alreadyAbsent;
      if (subject.userId !== undefined) {
        if (hasUser && !usersGone(id).has(subject.userId)) problem(`${source} ${id}: the user survived`);
        if (!hasUser && item.userOutcome !== 'ALREADY_ABSENT')
          problem(`${source} ${id}: userOutcome ${item.userOutcome}`);
        if (hasUser && item.userOutcome === 'ALREADY_ABSENT') lost.users += 1;
      }
    }
  }

  // Project versions and projects ------------------------------------------------------------------------------------
  const versionTargets = report.projectVersions.map((v) => v.versionArn).sort();
  if (JSON.stringify(versionTargets) !== JSON.stringify(actual.versions)) {
    problem(`version targets ${versionTargets} but ${actual.versions} disappeared`);
  }
  for (const v of report.projectVersions) {
    if (v.outcome === 'ALREADY_ABSENT') lost.versions += 1;
    else if (v.outcome !== 'DELETED') problem(`${v.versionArn}: outcome ${v.outcome}`);
  }
  for (const p of report.projects) {
    const name = Object.entries(before.projects).find(([, project]) => project.arn === p.projectArn)?.[0];
    const gone = name !== undefined && actual.projects.includes(name);
    if (p.outcome === 'DELETED' && !gone) problem(`${p.projectArn}: reported DELETED, still there`);
    if (p.outcome === 'NOT_EMPTY' && gone) problem(`${p.projectArn}: reported NOT_EMPTY, gone`);
    if (p.outcome === 'ALREADY_ABSENT' && gone) lost.projects += 1;
    if (p.outcome === 'FAILED') problem(`${p.projectArn}: FAILED`);
  }
  const projectsDeleted = report.projects.filter((p) => p.outcome === 'DELETED').length;
  if (projectsDeleted + lost.projects !== actual.projects.length) {
    problem(`projects: ${projectsDeleted} deleted + ${lost.projects} lost != ${actual.projects.length} gone`);
  }

  // Absent and skipped name only what did not exist, and what is protected ----------------------------------------
  const versionArns = new Set(
    Object.values(before.projects).flatMap((p) => Object.values(p.versions).map((v) => v.arn)),
  );
  for (const item of report.absent) {
    const existed =
      item.kind === 'project-version'
        ? versionArns.has(item.id)
        : item.kind === 'project'
          ? Object.values(before.projects).some((p) => p.arn === item.id)
          : item.id in before.collections;
    if (existed) problem(`absent ${item.kind} ${item.id} existed`);
  }
  for (const item of report.skipped) {
    const tags =
      item.kind === 'collection'
        ? before.collections[item.id]?.tags
        : Object.values(before.projects)
            .flatMap((p) => Object.values(p.versions))
            .find((v) => v.arn === item.id)?.tags;
    if (tags?.[DEFAULT_PROTECTION.key]?.trim().toLowerCase() !== DEFAULT_PROTECTION.value) {
      problem(`skipped ${item.kind} ${item.id} is not protected`);
    }
  }

  // The totals add up the items ---------------------------------------------------------------------------------
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const subjectItems = report.subjects.flatMap((s) => s.collections);
  const totals = {
    faces:
      sum(report.collections.map((c) => c.facesDeleted)) +
      sum(report.faces.map((g) => g.deleted)) +
      sum(subjectItems.map((s) => s.facesDeleted)),
    collections: report.collections.filter((c) => c.action === 'DELETE_COLLECTION' && c.outcome === 'DELETED').length,
    users:
      sum(report.collections.map((c) => c.usersDeleted)) +
      subjectItems.filter((s) => s.userOutcome === 'DELETED').length,
    projectVersions: report.projectVersions.filter((v) => v.outcome === 'DELETED').length,
    projects: projectsDeleted,
  };
  if (JSON.stringify(totals) !== JSON.stringify(report.deleted)) {
    problem(`deleted totals ${JSON.stringify(report.deleted)} do not add up the items ${JSON.stringify(totals)}`);
  }
  const gone = {
    collections: actual.collections.length,
    versions: actual.versions.length,
  };
  if (report.deleted.collections + lost.collections !== gone.collections) problem('collections do not add up');
  if (report.deleted.projectVersions + lost.versions !== gone.versions) problem('versions do not add up');
  return { problems, lostResponses: lost, uncountedPurgeFaces };
}

/** A report that deleted nothing: what a re-run of a finished job must produce. */
export function deletedNothing(report: CleanupReport | undefined): boolean {
  return report !== undefined && Object.values(report.deleted).every((n) => n === 0);
}

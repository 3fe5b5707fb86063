import type {
  AbsentItem,
  CollectionTarget,
  FaceDeletionTarget,
  ItemFailureRecord,
  Plan,
  ProjectTarget,
  ProjectVersionTarget,
  SkippedItem,
  CollectionSearch,
  SubjectQuery,
} from '../contracts';
import { compareText } from './collection-inventory';

/** A collection one section selects, with the section it comes from (so that merged reasons can name it). */
export interface CollectionPick {
  target: CollectionTarget;
  source: string;
}

/** One subject to search for in one collection, from its `subjects[i]` section. */
export interface SubjectPick {
  collectionId: string;
  collectionArn: string;
  query: SubjectQuery;
}

/** What one section of the job contributes to the plan. Sections are planned apart, then merged in job order. */
export interface PlanFragment {
  collections: CollectionPick[];
  faceGroups: FaceDeletionTarget[];
  subjectPicks: SubjectPick[];
  projectVersions: ProjectVersionTarget[];
  projects: ProjectTarget[];
  skipped: SkippedItem[];
  absent: AbsentItem[];
  /** Asked for and impossible, e.g. an erasure in a collection that does not exist: the job cannot succeed. */
  failures: ItemFailureRecord[];
  notes: string[];
}

export function emptyFragment(): PlanFragment {
  return {
    collections: [],
    faceGroups: [],
    subjectPicks: [],
    projectVersions: [],
    projects: [],
    skipped: [],
    absent: [],
    failures: [],
    notes: [],
  };
}

/**
 * One plan from the fragments, in the order given. A resource selected by several sections appears once with every
 * reason: DELETE_COLLECTION wins over DELETE_FACES, since deleting the collection deletes its faces too.
 */
export function mergeFragments(fragments: readonly PlanFragment[]): Plan {
  const projectVersions = mergeVersions(fragments.flatMap((f) => f.projectVersions));
  // One section leaving a running version alone does not stop another (explicit ARNs, stopRunning) from deleting it.
  // A STOP section does not delete it: the other section's skip stands.
  const targeted = new Set(projectVersions.filter((t) => t.action !== 'STOP').map((target) => target.versionArn));
  const projects = mergeProjects(fragments.flatMap((f) => f.projects));
  const skipped = fragments
    .flatMap((f) => f.skipped)
    .filter((item) => !(item.reason === 'RUNNING' && targeted.has(item.id)));
  return {
    collections: mergeCollections(fragments.flatMap((f) => f.collections)),
    faceGroups: fragments.flatMap((f) => f.faceGroups),
    subjectSearches: searchesByCollection(fragments.flatMap((f) => f.subjectPicks)),
    subjectErasures: [],
    subjectSummaries: [],
    projectVersions,
    projects,
    skipped: mergeSkipped(skipped),
    absent: uniqueBy(
      fragments.flatMap((f) => f.absent),
      (item) => `${item.kind}\n${item.id}\n${item.source}`,
    ),
    planFailures: fragments.flatMap((f) => f.failures),
    notes: [...fragments.flatMap((f) => f.notes), ...keptInProjectNotes(projects, projectVersions)],
  };
}

/**
 * deleteProjectWhenEmpty on a project in which the same job stops and keeps versions: DeleteEmptiedProjects will find
 * it not empty (it checks at act time). Said in the plan, so that a dry run does not read as "the project goes".
 */
function keptInProjectNotes(projects: readonly ProjectTarget[], versions: readonly ProjectVersionTarget[]): string[] {
  return projects.flatMap((project) => {
    const kept = versions.filter((v) => v.action === 'STOP' && v.projectArn === project.projectArn);
    if (kept.length === 0) return [];
    const names = kept.map((v) => `"${v.versionName}"`).join(', ');
    return [
      `${project.source}: deleteProjectWhenEmpty on ${project.projectArn}, where this job stops and keeps ${names}: ` +
        'the project is deleted only if nothing is left in it when the versions are done',
    ];
  });
}

/**
 * One search per collection, for every subject searched there (in job order): one scan of a collection then serves
 * every subject that needs one. Collections in the order they are first asked about.
 */
function searchesByCollection(picks: readonly SubjectPick[]): CollectionSearch[] {
  const byId = new Map<string, CollectionSearch>();
  for (const { collectionId, collectionArn, query } of picks) {
    const search = byId.get(collectionId) ?? { collectionId, collectionArn, subjects: [] };
    if (!search.subjects.some((known) => known.subjectIndex === query.subjectIndex)) search.subjects.push(query);
    byId.set(collectionId, search);
  }
  return [...byId.values()];
}

function mergeCollections(picks: readonly CollectionPick[]): CollectionTarget[] {
  const byId = new Map<string, { target: CollectionTarget; sourcesByAction: Map<string, string[]> }>();
  for (const { target, source } of picks) {
    const { selections: _selections, ...rest } = target;
    const entry = byId.get(target.collectionId) ?? {
      target: { ...rest, reasons: [] } as CollectionTarget,
      sourcesByAction: new Map<string, string[]>(),
    };
    entry.target.reasons.push(...target.reasons);
    // Every section that selected it: at act time it stays eligible while any of them still matches.
    if (target.selections !== undefined) {
      entry.target.selections = [...(entry.target.selections ?? []), ...target.selections];
    }
    if (target.action === 'DELETE_COLLECTION') entry.target.action = 'DELETE_COLLECTION';
    entry.sourcesByAction.set(target.action, [...(entry.sourcesByAction.get(target.action) ?? []), source]);
    byId.set(target.collectionId, entry);
  }
  return [...byId.values()]
    .map(({ target, sourcesByAction }) => {
      const deleters = sourcesByAction.get('DELETE_COLLECTION');
      const emptiers = sourcesByAction.get('DELETE_FACES');
      if (deleters === undefined || emptiers === undefined) return target;
      const wins = `DELETE_COLLECTION (${deleters.join(', ')}) wins over DELETE_FACES (${emptiers.join(', ')}): deleting the collection deletes its faces too`;
      return { ...target, reasons: [...target.reasons, wins] };
    })
    .sort((a, b) => compareText(a.collectionId, b.collectionId));
}

function mergeVersions(targets: readonly ProjectVersionTarget[]): ProjectVersionTarget[] {
  const byArn = new Map<string, ProjectVersionTarget>();
  for (const target of targets) {
    const known = byArn.get(target.versionArn);
    if (known === undefined) byArn.set(target.versionArn, { ...target, reasons: [...target.reasons] });
    else {
      // DELETE wins over STOP, as DELETE_COLLECTION over DELETE_FACES: deleting a version stops it first.
      if (known.action === 'STOP' && target.action !== 'STOP') {
        known.reasons.push(...target.reasons, stopLosesText(known.reasons, target.reasons));
        delete known.action;
        known.statusAtPlan = target.statusAtPlan;
      } else if (known.action !== 'STOP' && target.action === 'STOP') {
        known.reasons.push(...target.reasons, stopLosesText(target.reasons, known.reasons));
      } else known.reasons.push(...target.reasons);
      // A section that may stop it (explicit ARNs, stopRunning, STOP) decides: the others only did not ask to.
      if (target.leaveRunning !== true) delete known.leaveRunning;
    }
  }
  return [...byArn.values()];
}

/** Reasons start with their section (`projectVersions[0]: ...`). */
function stopLosesText(stopReasons: readonly string[], deleteReasons: readonly string[]): string {
  const sources = (reasons: readonly string[]) =>
    [...new Set(reasons.flatMap((r) => /^projectVersions\[\d+\]/.exec(r)?.[0] ?? []))].join(', ');
  return `DELETE (${sources(deleteReasons)}) wins over STOP (${sources(stopReasons)}): deleting the version stops it first`;
}

function mergeProjects(targets: readonly ProjectTarget[]): ProjectTarget[] {
  const byArn = new Map<string, ProjectTarget>();
  for (const target of targets) {
    const known = byArn.get(target.projectArn);
    if (known === undefined) byArn.set(target.projectArn, { ...target });
    else known.source = `${known.source}, ${target.source}`;
  }
  return [...byArn.values()];
}

function mergeSkipped(items: readonly SkippedItem[]): SkippedItem[] {
  const byKey = new Map<string, SkippedItem>();
  for (const item of items) {
    const key = `${item.kind}\n${item.id}`;
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { ...item });
    else known.detail = `${known.detail}; ${item.detail}`;
  }
  return [...byKey.values()];
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(keyOf(item))) byKey.set(keyOf(item), item);
  return [...byKey.values()];
}

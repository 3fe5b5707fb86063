/**
 * The progress line of one finished workflow step, shared by local runs (runner events) and deployed runs
 * (execution history). Every worker returns its cumulative progress, so each line stands on its own.
 *
 * Subject targets carry a user id and external image ids: no line may ever print a target field other than the
 * ones used here (collection ids, `subjects[i]` sources, version names, project ARNs).
 */

type Fields = Record<string, unknown>;
export type CountFormat = (value: unknown) => string;

/** Local runs print counts as they always have. */
export const plainCount: CountFormat = (value) => `${value}`;
/** `40,960`: deployed jobs run long and big; grouped digits read at a glance. */
export const groupedCount: CountFormat = (value) =>
  typeof value === 'number' ? value.toLocaleString('en-US') : `${value}`;

/** The worker states whose per-item failure the Pass state `<name>Failed` records (the version loop is named apart). */
const FAILURE_STATES: Record<string, string> = {
  CleanCollectionFailed: 'CleanCollection',
  DeleteFaceGroupFailed: 'DeleteFaceGroup',
  EraseSubjectFailed: 'EraseSubject',
  FindSubjectFacesPageFailed: 'FindSubjectFacesPage',
  ProjectVersionFailed: 'AdvanceProjectVersion',
  DeleteProjectIfEmptyFailed: 'DeleteProjectIfEmpty',
};

/** Steps whose error messages may quote a subject's identifiers: only the error name is shown. */
const SUBJECT_STEPS = new Set(['FindSubjectFacesPage', 'EraseSubject']);

export function stepProgressLine(
  name: string,
  input: unknown,
  output: unknown,
  n: CountFormat = plainCount,
): string | undefined {
  const out = asFields(output);
  const progress = asFields(out.progress);
  // In a worker loop the result lands in $.progress, so the target is in the output too (history has no input).
  const target = asFields(asFields(input).target ?? out.target);
  const done = progress.done === true;
  switch (name) {
    case 'Plan': {
      const plan = asFields(out.plan);
      const count = (key: string) => n(Array.isArray(plan[key]) ? plan[key].length : 0);
      return `planned: ${count('collections')} collections, ${count('faceGroups')} face lists, ${count('subjectUnits')} subject searches, ${count('projectVersions')} project versions, ${count('skipped')} skipped (protected)`;
    }
    case 'FinalizePlan': {
      const t = asFields(out.totals);
      return `plan checked: ${n(t.plannedDeletions ?? 0)} deletions planned (${n(t.faces ?? 0)} faces)`;
    }
    case 'CleanCollection':
      return `  ${targetLabel(name, target)}: ${progress.phase ?? ''} ${n(progress.facesDeleted ?? 0)} faces, ${n(progress.usersDeleted ?? 0)} users deleted${done ? ` -> ${progress.outcome}` : ''}`;
    case 'DeleteFaceGroup':
    case 'EraseSubject':
      return `  ${targetLabel(name, target)}: ${n(progress.deleted ?? 0)} faces deleted${done ? ' (done)' : ''}`;
    case 'FindSubjectFacesPage': {
      const found = Array.isArray(progress.faceIds)
        ? progress.faceIds
        : Array.isArray(progress.faces)
          ? progress.faces
          : [];
      return done ? `  searched ${target.collectionId}: ${n(found.length)} faces found` : undefined;
    }
    case 'AdvanceProjectVersion':
      return `  ${targetLabel(name, target)}: ${progress.lastStatus ?? ''}${done ? ` -> ${progress.outcome}` : ', waiting'}`;
    case 'DeleteProjectIfEmpty':
      return `  ${targetLabel(name, target)}: ${progress.outcome ?? ''}`;
    default:
      return undefined;
  }
}

/**
 * The line for an item the workflow gave up on: the catch's Pass state gets the item with `failure` added.
 * `message` turns the failure's cause into one short line.
 */
export function stepFailureLine(
  passStateName: string,
  input: unknown,
  message: (cause: string) => string,
): string | undefined {
  const step = FAILURE_STATES[passStateName];
  if (step === undefined) return undefined;
  const item = asFields(input);
  const failure = asFields(item.failure);
  const error = typeof failure.Error === 'string' ? failure.Error : 'unknown error';
  const cause = typeof failure.Cause === 'string' && !SUBJECT_STEPS.has(step) ? `: ${message(failure.Cause)}` : '';
  return `  ${targetLabel(step, asFields(item.target))}: FAILED ${error}${cause}`;
}

function targetLabel(step: string, target: Fields): string {
  switch (step) {
    case 'CleanCollection':
      return `collection ${target.collectionId}`;
    case 'DeleteFaceGroup':
    case 'EraseSubject':
      return `${target.source} in ${target.collectionId}`;
    case 'FindSubjectFacesPage':
      return `subject search in ${target.collectionId}`;
    case 'AdvanceProjectVersion':
      return `version ${String(target.versionName)}`;
    case 'DeleteProjectIfEmpty':
      return `project ${target.projectArn}`;
    default:
      return step;
  }
}

function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

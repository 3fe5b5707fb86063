/**
 * The progress line of one finished workflow step, shared by local runs (runner events) and deployed runs
 * (execution history). The state carries references and counters only (the data is in the job store), so the lines
 * say how far each lane is, never what an item holds: no line can print a subject's identifiers.
 */

import { versionLaneTail } from './version-wait-text';

type Fields = Record<string, unknown>;
export type CountFormat = (value: unknown) => string;

/** Local runs print counts as they always have. */
export const plainCount: CountFormat = (value) => `${value}`;
/** `40,960`: deployed jobs run long and big; grouped digits read at a glance. */
export const groupedCount: CountFormat = (value) =>
  typeof value === 'number' ? value.toLocaleString('en-US') : `${value}`;

/** The lane loops, by the name of their worker state, and what their items are. */
const LANE_STEPS: Record<string, { items: string; verb: string }> = {
  FindSubjectFacesPage: { items: 'subject searches', verb: 'searched' },
  CleanCollection: { items: 'collections', verb: 'cleaned' },
  DeleteFaceGroup: { items: 'face lists', verb: 'deleted' },
  EraseSubject: { items: 'subject erasures', verb: 'erased' },
  AdvanceProjectVersions: { items: 'project versions', verb: 'settled' },
  DeleteProjectIfEmpty: { items: 'projects', verb: 'checked' },
};

/** The Pass state a lane loop enters when an item failed beyond its retries (`<worker>RecordFailure`). */
const FAILURE_SUFFIXES = ['RecordFailure', 'Abandoned'] as const;

export function stepProgressLine(
  name: string,
  _input: unknown,
  output: unknown,
  n: CountFormat = plainCount,
): string | undefined {
  const out = asFields(output);
  if (name === 'Plan') {
    const planning = asFields(out.planning);
    if (planning.done !== true) {
      return `planning: the account is big, the Plan goes on (invocation ${n(planning.invocations ?? 1)})`;
    }
    const planned = asFields(out.planned);
    const count = (key: string) => n(typeof planned[key] === 'number' ? planned[key] : 0);
    return `planned: ${count('collections')} collections, ${count('faceGroups')} face lists, ${count('find')} subject searches, ${count('projectVersions')} project versions, ${count('skipped')} skipped (protected)`;
  }
  if (name === 'FinalizePlan') {
    const t = asFields(out.totals);
    const stops = typeof t.projectVersionStops === 'number' && t.projectVersionStops > 0 ? t.projectVersionStops : 0;
    const stopText = stops > 0 ? `, ${n(stops)} project versions to stop (kept)` : '';
    return `plan checked: ${n(t.plannedDeletions ?? 0)} deletions planned (${n(t.faces ?? 0)} faces)${stopText}`;
  }
  const lane = LANE_STEPS[name];
  if (lane === undefined) return undefined;
  const progress = asFields(out.progress);
  const position = typeof progress.position === 'number' ? progress.position : 0;
  const items = typeof progress.items === 'number' ? progress.items : position;
  const waiting = progress.done !== true && typeof progress.wait === 'string' ? `, waiting (${progress.wait})` : '';
  // The position counts every settled item: those that failed are not "cleaned" or "erased".
  const failedCount = typeof progress.failed === 'number' ? progress.failed : 0;
  const failed = failedCount > 0 ? `, ${n(failedCount)} failed` : '';
  const succeeded = n(Math.max(0, position - failedCount));
  // The versions lane says what it waits for, for how long and after how many polls (version-wait-text.ts).
  const tail =
    name === 'AdvanceProjectVersions' ? versionLaneTail(progress, n) : progress.done === true ? ' (done)' : waiting;
  return `  ${lane.items} lane ${String(out.lane)}: ${succeeded} of ${n(items)} ${lane.verb}${failed}${tail}`;
}

/**
 * The line for an item the workflow gave up on: the lane's failure Pass state gets the lane with `caught` added.
 * `message` turns the failure's cause into one short line; causes of subject steps are never shown (they may quote
 * identifiers).
 */
export function stepFailureLine(
  passStateName: string,
  input: unknown,
  message: (cause: string) => string,
): string | undefined {
  const suffix = FAILURE_SUFFIXES.find((s) => passStateName.endsWith(s));
  if (suffix === undefined) return undefined;
  const step = passStateName.slice(0, -suffix.length);
  const lane = LANE_STEPS[step];
  if (lane === undefined) return undefined;
  const state = asFields(input);
  const failure = asFields(state.caught);
  const error = typeof failure.Error === 'string' ? failure.Error : 'unknown error';
  const subjects = step === 'FindSubjectFacesPage' || step === 'EraseSubject';
  const cause = typeof failure.Cause === 'string' && !subjects ? `: ${message(failure.Cause)}` : '';
  const what = suffix === 'Abandoned' ? 'lane stopped' : 'item failed';
  return `  ${lane.items} lane ${String(state.lane)}: ${what}, ${error}${cause}`;
}

function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

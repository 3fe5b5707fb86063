/**
 * What one workflow step says about the job's progress, typed: read from a finished state's output (local runs get
 * it from the runner's events, deployed runs from the execution history). States are recognised by the names the
 * definition is built with (lib/workflow/state-names.ts), never by strings of their own. The state carries
 * references and counters only (the data is in the job store), so nothing here can hold a subject's identifiers.
 */
import type { LaneProgress, PlanTotals } from '../../lambdas/core/contracts';
import type { WorkKind } from '../../lambdas/core/store/job-store';
import { laneStateRole, STATE } from '../workflow/state-names';

export type StepProgress =
  /** The Plan ran out of time on a big account and goes on (what it learnt is stored). */
  | { type: 'planning'; invocation: number }
  | { type: 'planned'; planned: Partial<Record<WorkKind | 'skipped', number>> }
  | { type: 'planChecked'; totals: PlanTotals }
  /** The Plan or FinalizePlan refused the job (invalid, over maxDeletions, too broad): nothing was deleted. */
  | { type: 'planRefused'; error: string; cause?: string }
  | { type: 'lane'; kind: WorkKind; lane: number; progress: LaneProgress }
  /** An item failed beyond its retries (recorded; the lane goes on), or recording it failed too (the lane stops). */
  | { type: 'itemFailed' | 'laneStopped'; kind: WorkKind; lane: number; error: string; cause?: string };

/** Everything a progress display is told: the steps, and what only a deployed execution's history says. */
export type ProgressEvent =
  | StepProgress
  | { type: 'attemptFailed'; state: string; error: string }
  | { type: 'executionEnded'; status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT'; error?: string };

type Fields = Record<string, unknown>;

/** The progress of a finished Task state, from its output; undefined for states that report none. */
export function stepProgressOf(stateName: string, output: unknown): StepProgress | undefined {
  const out = asFields(output);
  if (stateName === STATE.plan || stateName === STATE.finalizePlan) {
    // A Catch keeps the state and adds the error: the step refused the job, it did not plan zero deletions.
    const caught = asFields(out.error);
    if (typeof caught.Error === 'string') {
      return {
        type: 'planRefused',
        error: caught.Error,
        ...(typeof caught.Cause === 'string' ? { cause: caught.Cause } : {}),
      };
    }
  }
  if (stateName === STATE.plan) {
    const planning = asFields(out.planning);
    if (planning.done !== true) return { type: 'planning', invocation: numberOr(planning.invocations, 1) };
    return { type: 'planned', planned: numbers(out.planned) };
  }
  if (stateName === STATE.finalizePlan) {
    const totals = asFields(out.totals);
    if (typeof totals.plannedDeletions !== 'number') return undefined;
    const total = (key: keyof PlanTotals) => numberOr(totals[key], 0);
    return {
      type: 'planChecked',
      totals: {
        plannedDeletions: total('plannedDeletions'),
        faces: total('faces'),
        collections: total('collections'),
        users: total('users'),
        projectVersions: total('projectVersions'),
        projects: total('projects'),
        projectVersionStops: total('projectVersionStops'),
      },
    };
  }
  const role = laneStateRole(stateName);
  if (role?.role !== 'worker') return undefined;
  return { type: 'lane', kind: role.kind, lane: numberOr(out.lane, 0), progress: laneProgress(out.progress) };
}

/** A lane's failure Pass state, entered with the failure in `caught`. */
export function stepFailureOf(passStateName: string, input: unknown): StepProgress | undefined {
  const role = laneStateRole(passStateName);
  if (role === undefined || role.role === 'worker') return undefined;
  const state = asFields(input);
  const failure = asFields(state.caught);
  return {
    type: role.role === 'abandoned' ? 'laneStopped' : 'itemFailed',
    kind: role.kind,
    lane: numberOr(state.lane, 0),
    error: typeof failure.Error === 'string' ? failure.Error : 'unknown error',
    ...(typeof failure.Cause === 'string' ? { cause: failure.Cause } : {}),
  };
}

function laneProgress(value: unknown): LaneProgress {
  const p = asFields(value);
  const position = numberOr(p.position, 0);
  const optional = (key: keyof LaneProgress) => (typeof p[key] === 'number' ? { [key]: p[key] } : {});
  return {
    done: p.done === true,
    position,
    items: numberOr(p.items, position),
    invocations: numberOr(p.invocations, 0),
    ...optional('failed'),
    ...optional('polls'),
    ...optional('facesDeleted'),
    ...optional('facesSettled'),
    ...optional('waitedSeconds'),
    ...(typeof p.pollingSince === 'string' ? { pollingSince: p.pollingSince } : {}),
    ...(typeof p.waitingFor === 'object' && p.waitingFor !== null
      ? { waitingFor: p.waitingFor as LaneProgress['waitingFor'] }
      : {}),
    ...(p.wait === 'SHORT' || p.wait === 'MEDIUM' || p.wait === 'LONG' ? { wait: p.wait } : {}),
  };
}

function numbers(value: unknown): Record<string, number> {
  return Object.fromEntries(Object.entries(asFields(value)).filter(([, v]) => typeof v === 'number')) as Record<
    string,
    number
  >;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

import { versionLaneTail } from './version-wait-text';
import type { PlanTotals } from '../../lambdas/core/contracts';
import { lambdaErrorMessage } from '../../lambdas/core/report/failure-text';
import type { WorkKind } from '../../lambdas/core/store/job-store';
import { count, counted, duration } from './format-numbers';
import type { ProgressEvent, StepProgress } from './step-progress';

/** What a lane's items are and what is done to them, as a person reads it. */
const LANE_TEXT: Readonly<Record<WorkKind, { item: string; items: string; verb: string }>> = {
  find: { item: 'subject search', items: 'subject searches', verb: 'searched' },
  collections: { item: 'collection', items: 'collections', verb: 'cleaned' },
  faceGroups: { item: 'face list', items: 'face lists', verb: 'deleted' },
  subjects: { item: 'subject erasure', items: 'subject erasures', verb: 'erased' },
  projectVersions: { item: 'project version', items: 'project versions', verb: 'settled' },
  projects: { item: 'project', items: 'projects', verb: 'checked' },
};

/** Lanes whose failure causes may quote a subject's identifiers: only the error name is ever shown. */
const SUBJECT_KINDS: ReadonlySet<WorkKind> = new Set(['find', 'subjects']);

/** What a polling lane's wait means: the worker waits long only for versions that train or copy (hours). */
const WAITING_FOR = {
  SHORT: 'waiting for the others to stop or be deleted',
  MEDIUM: 'waiting for the others to stop or be deleted',
  LONG: 'waiting for the others to finish training or copying',
} as const;

export interface LineContext {
  /** How long this lane has been waiting, as the display measured it (its clock, not the workflow's). */
  waitingMs?: number;
  /** Turns a failure's cause (Lambda's JSON error document) into one short line. */
  message: (cause: string) => string;
}

export function laneItems(kind: WorkKind, value: number): string {
  const text = LANE_TEXT[kind];
  return counted(value, text.item, text.items);
}

/** The plain line of one progress event; undefined for events that say nothing a person needs. */
export function progressLine(event: ProgressEvent, context: LineContext): string | undefined {
  switch (event.type) {
    case 'planning':
      return `planning: the account is big, the plan goes on (invocation ${count(event.invocation)})`;
    case 'planned': {
      const p = (key: WorkKind | 'skipped') => event.planned[key] ?? 0;
      return `planned: ${laneItems('collections', p('collections'))}, ${laneItems('faceGroups', p('faceGroups'))}, ${laneItems('find', p('find'))}, ${laneItems('projectVersions', p('projectVersions'))}, ${count(p('skipped'))} skipped (protected)`;
    }
    case 'planChecked':
      return `plan checked: ${totalsText(event.totals)}`;
    case 'planRefused':
      return `plan refused, nothing was deleted: ${event.error}${event.cause === undefined ? '' : `: ${context.message(event.cause)}`}`;
    case 'lane':
      return laneLine(event, context);
    case 'itemFailed':
    case 'laneStopped': {
      const cause =
        event.cause !== undefined && !SUBJECT_KINDS.has(event.kind) ? `: ${context.message(event.cause)}` : '';
      const what = event.type === 'laneStopped' ? 'lane stopped' : 'item failed';
      return `  ${LANE_TEXT[event.kind].items} lane ${event.lane}: ${what}, ${event.error}${cause}`;
    }
    case 'attemptFailed':
      // The error name only: causes of subject steps may quote identifiers, and the retry usually fixes it anyway.
      return `  ${event.state}: attempt failed (${event.error}); retried or recorded per the workflow's policy`;
    case 'executionEnded':
      return executionEndedLine(event.status, event.error);
  }
}

/** `3,000 deletions planned (2,990 faces, 10 collections, 0 project versions)`: what maxDeletions counts. */
export function totalsText(totals: PlanTotals): string {
  const users = totals.users > 0 ? `; and ${counted(totals.users, 'user')}` : '';
  const stops =
    (totals.projectVersionStops ?? 0) > 0
      ? `, ${counted(totals.projectVersionStops ?? 0, 'project version')} to stop (kept)`
      : '';
  return `${counted(totals.plannedDeletions, 'deletion')} planned (${counted(totals.faces, 'face')}, ${counted(totals.collections, 'collection')}, ${counted(totals.projectVersions, 'project version')}${users})${stops}`;
}

function laneLine(event: Extract<StepProgress, { type: 'lane' }>, context: LineContext): string {
  const { progress } = event;
  const failedCount = progress.failed ?? 0;
  // The position counts every settled item: those that failed are not "cleaned" or "erased".
  const succeeded = Math.max(0, progress.position - failedCount);
  const failed = failedCount > 0 ? `, ${count(failedCount)} failed` : '';
  const faces = progress.facesDeleted !== undefined ? `, ${counted(progress.facesDeleted, 'face')} deleted` : '';
  const head = `  ${LANE_TEXT[event.kind].items} lane ${event.lane}: ${count(succeeded)} of ${count(progress.items)} ${LANE_TEXT[event.kind].verb}${failed}${faces}`;
  // The versions lane says what it waits for, for how long and after how many polls (version-wait-text.ts).
  // Older states (and deployed stacks of an older version) lack them: then the display's own wait is shown.
  const workerWaits = progress.waitingFor !== undefined || progress.waitedSeconds !== undefined;
  if (event.kind === 'projectVersions' && workerWaits)
    return `${head}${versionLaneTail({ ...progress }, (value) => count(Number(value)))}`;
  if (progress.done) return `${head} (done)`;
  if (progress.wait === undefined) return head;
  const polls = progress.polls !== undefined ? `poll ${count(progress.polls)}` : undefined;
  const waited = context.waitingMs !== undefined ? `${duration(context.waitingMs)} so far` : undefined;
  const detail = [polls, waited].filter(Boolean).join(', ');
  return `${head}, ${WAITING_FOR[progress.wait]}${detail === '' ? '' : ` (${detail})`}`;
}

function executionEndedLine(status: string, error: string | undefined): string {
  switch (status) {
    case 'SUCCEEDED':
      return 'execution succeeded';
    case 'ABORTED':
      return 'execution aborted (stopped by someone)';
    case 'TIMED_OUT':
      return 'execution timed out';
    default:
      return `execution failed: ${error ?? 'unknown error'}`;
  }
}

const MAX_MESSAGE = 200;

/** A failure's cause (Lambda's JSON error document) as one line of at most MAX_MESSAGE characters. */
export function shortMessage(cause: string): string {
  const message = (lambdaErrorMessage(cause).split('\n')[0] ?? '').trim();
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
}

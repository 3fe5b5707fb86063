import type { VersionWait } from '../../lambdas/core/contracts';

type CountFormat = (value: unknown) => string;

/** What the versions lane waits for, in the words of its progress line. */
const WAIT_WORDS: Record<VersionWait, string> = {
  STOP: 'to stop',
  DELETION: 'to be deleted',
  START: 'to finish starting',
  TRAINING: 'to finish training',
  COPYING: 'to finish copying',
  KNOWN_STATUS: 'to reach a status this tool knows',
};
const WAIT_ORDER: readonly VersionWait[] = ['STOP', 'DELETION', 'START', 'TRAINING', 'COPYING', 'KNOWN_STATUS'];

/**
 * The tail of the versions lane's progress line, from its LaneProgress: `; waiting for 1 to stop, 2 to be deleted
 * (poll 4, 2 min 05 s so far)`, or ` (done after 6 polls, 3 min 10 s)`. A state written before the lane recorded
 * what it waits for gives `, waiting` alone.
 */
export function versionLaneTail(progress: Record<string, unknown>, n: CountFormat): string {
  const polls = typeof progress.polls === 'number' ? progress.polls : undefined;
  const seconds = typeof progress.waitedSeconds === 'number' ? progress.waitedSeconds : undefined;
  const elapsed = seconds === undefined ? [] : [durationText(seconds)];
  if (progress.done === true) {
    const after = [...(polls === undefined ? [] : [`${n(polls)} ${polls === 1 ? 'poll' : 'polls'}`]), ...elapsed];
    return after.length === 0 ? ' (done)' : ` (done after ${after.join(', ')})`;
  }
  const waitingFor = asCounts(progress.waitingFor);
  const what = WAIT_ORDER.filter((wait) => (waitingFor[wait] ?? 0) > 0).map(
    (wait) => `${n(waitingFor[wait])} ${WAIT_WORDS[wait]}`,
  );
  if (what.length === 0) return ', waiting';
  const sofar = [...(polls === undefined ? [] : [`poll ${n(polls)}`]), ...elapsed.map((text) => `${text} so far`)];
  return `; waiting for ${what.join(', ')}${sofar.length === 0 ? '' : ` (${sofar.join(', ')})`}`;
}

/** `45 s`, `2 min 05 s`, `1 h 02 min`: the scale of a model's stop (minutes) and training (hours). */
export function durationText(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

function asCounts(value: unknown): Partial<Record<VersionWait, number>> {
  return typeof value === 'object' && value !== null ? (value as Partial<Record<VersionWait, number>>) : {};
}

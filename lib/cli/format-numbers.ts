/**
 * How every number a person reads is written, in progress lines, the live display and the report alike: one format,
 * so the figure of a progress line can be found again in the report.
 */

/** `40,960`: grouped digits read at a glance. */
export function count(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** `1 collection`, `2,048 face lists`. */
export function counted(value: number, singular: string, plural = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : plural}`;
}

/**
 * `850 ms`, `42 s`, `3 min 05 s`, `2 h 07 min`: the scale of a purge (seconds) and of a model's stop or training
 * (minutes, hours). The versions lane's progress (version-wait-text.ts on main) writes durations the same way.
 */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `1,020/s`, `3.4/s`, `0.2/s`: two significant digits below ten, where a rounded integer would say nothing. */
export function rate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0/s';
  return perSecond >= 10 ? `${count(perSecond)}/s` : `${perSecond.toPrecision(2)}/s`;
}

import type { AdaptiveResults, ClosedLoopRun } from './adaptive-scenario';

const WIDTH = 760;
const PANEL = 230;
const MARGIN = { left: 60, right: 20, top: 44, bottom: 40 };

/**
 * The closed loop's runs, rate against time: DeleteFaces calls per second that deleted this purge's faces (pages of
 * 4096, measured from outside), the real quota as a line, the configured one dashed, and a red tick per throttle.
 */
export function adaptiveChart(results: AdaptiveResults): string {
  const adaptive = panel(results.adaptive, 0, {
    title: `Told ${results.adaptive.configuredTps} TPS, the emulator allows ${results.adaptive.realTps}: ${results.adaptive.ratioToCeiling.toFixed(2)} of the real ceiling, ${pct(results.adaptive.throttledShare)} of calls throttled`,
    lines: [
      { tps: results.adaptive.realTps, label: `real quota (${results.adaptive.realTps} TPS)`, dash: '' },
      { tps: results.adaptive.configuredTps, label: `configured (${results.adaptive.configuredTps} TPS)`, dash: '6,4' },
    ],
  });
  const shared = results.shared;
  const left = shared.ceilingFacesPerSecond / 4096;
  const sharedPanel = panel(shared, PANEL + MARGIN.top, {
    title: `Another client uses ${shared.other.tps} of DeleteFaces' ${shared.realTps} TPS: ${shared.ratioToCeiling.toFixed(2)} of what is left, ${pct(shared.accountThrottledShare)} of the account's calls throttled`,
    lines: [
      { tps: left, label: `left by the other client (${left} TPS)`, dash: '' },
      { tps: shared.realTps, label: `quota (${shared.realTps} TPS, configured)`, dash: '6,4' },
    ],
  });
  const height = 2 * (PANEL + MARGIN.top) + MARGIN.bottom;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${adaptive}
${sharedPanel}
<text x="${(WIDTH + MARGIN.left) / 2}" y="${height - 8}" text-anchor="middle">seconds since the first deletion; blue: DeleteFaces calls per second (pages of 4096 faces deleted); red ticks: throttled DeleteFaces calls</text>
</svg>
`;
}

function panel(
  run: ClosedLoopRun,
  top: number,
  options: { title: string; lines: Array<{ tps: number; label: string; dash: string }> },
): string {
  const firstActive = run.timeline.findIndex((s) => s.pages > 0);
  const timeline = run.timeline.slice(Math.max(0, firstActive));
  const seconds = Math.max(1, timeline.length);
  const maxY = Math.max(...options.lines.map((l) => l.tps), ...timeline.map((s) => s.pages)) * 1.1;
  const plotTop = top + MARGIN.top;
  const x = (second: number) => MARGIN.left + (second / seconds) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (tps: number) => plotTop + PANEL - MARGIN.bottom / 2 - (tps / maxY) * (PANEL - MARGIN.bottom / 2);
  const path = timeline
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${x(i + 0.5).toFixed(1)},${y(s.pages).toFixed(1)}`)
    .join(' ');
  const ticks = timeline.flatMap((s, i) =>
    Array.from(
      { length: s.throttled },
      (_, k) =>
        `<line x1="${(x(i) + 3 * k + 2).toFixed(1)}" x2="${(x(i) + 3 * k + 2).toFixed(1)}" y1="${y(0)}" y2="${y(0) - 8}" stroke="#d62728" stroke-width="2"/>`,
    ),
  );
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * maxY);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => Math.round(t * seconds));
  return `<text x="${MARGIN.left}" y="${top + 24}" font-size="13">${options.title}</text>
${yTicks.map((v) => `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${MARGIN.left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`).join('\n')}
${xTicks.map((t) => `<text x="${x(t)}" y="${y(0) + 16}" text-anchor="middle">${t} s</text>`).join('\n')}
${options.lines.map((l) => `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(l.tps)}" y2="${y(l.tps)}" stroke="#555"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/><text x="${WIDTH - MARGIN.right - 4}" y="${y(l.tps) - 4}" text-anchor="end" fill="#555">${l.label}</text>`).join('\n')}
<path d="${path}" stroke="#1f77b4" stroke-width="2.5" fill="none"/>
${ticks.join('\n')}`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

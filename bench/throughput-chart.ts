import type { BenchScale } from './bench-scale';
import type { PurgeResults } from './purge-scenario';

/** Faces deleted over time, workflow vs naive loop vs the quota ceiling: an SVG the README embeds. */
export function throughputChart(purge: PurgeResults, scale: BenchScale): string {
  const width = 720;
  const height = 360;
  const margin = { left: 70, right: 20, top: 30, bottom: 45 };
  const maxT = Math.max(purge.ours.elapsedMs, purge.baseline.elapsedMs) / 1000;
  const maxY = scale.purgeFaces;
  const x = (seconds: number) => margin.left + (seconds / maxT) * (width - margin.left - margin.right);
  const y = (faces: number) => height - margin.bottom - (faces / maxY) * (height - margin.top - margin.bottom);
  const line = (samples: Array<[number, number]>) =>
    samples
      .map(([ms, faces], i) => `${i === 0 ? 'M' : 'L'}${x(ms / 1000).toFixed(1)},${y(faces).toFixed(1)}`)
      .join(' ');
  const ceilingEnd = Math.min(maxT, maxY / purge.ceilingFacesPerSecond);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${margin.left}" y="18" font-size="14">Purging ${maxY.toLocaleString('en-US')} faces at ${scale.tps} TPS per operation (emulator enforcing the quota)</text>
${ticks.map((t) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t * maxY)}" y2="${y(t * maxY)}" stroke="#eee"/><text x="${margin.left - 8}" y="${y(t * maxY) + 4}" text-anchor="end">${Math.round(t * maxY).toLocaleString('en-US')}</text>`).join('\n')}
${ticks.map((t) => `<text x="${x(t * maxT)}" y="${height - margin.bottom + 16}" text-anchor="middle">${Math.round(t * maxT)} s</text>`).join('\n')}
<text x="${(width + margin.left) / 2}" y="${height - 8}" text-anchor="middle">elapsed time</text>
<path d="M${x(0)},${y(0)} L${x(ceilingEnd)},${y(ceilingEnd * purge.ceilingFacesPerSecond)}" stroke="#999" stroke-dasharray="5,4" fill="none"/>
<path d="${line(purge.ours.samples)}" stroke="#1f77b4" stroke-width="2.5" fill="none"/>
<path d="${line(purge.baseline.samples)}" stroke="#d62728" stroke-width="2.5" fill="none"/>
<g transform="translate(${margin.left + 15},${margin.top + 10})">
<line x1="0" x2="24" y1="0" y2="0" stroke="#999" stroke-dasharray="5,4"/><text x="30" y="4">quota ceiling (${purge.ceilingFacesPerSecond.toLocaleString('en-US')} faces/s)</text>
<line x1="0" x2="24" y1="18" y2="18" stroke="#1f77b4" stroke-width="2.5"/><text x="30" y="22">workflow: ${purge.ours.ratioToCeiling.toFixed(2)} of ceiling</text>
<line x1="0" x2="24" y1="36" y2="36" stroke="#d62728" stroke-width="2.5"/><text x="30" y="40">naive list/delete loop: ${purge.baseline.ratioToCeiling.toFixed(2)} of ceiling</text>
</g>
</svg>
`;
}

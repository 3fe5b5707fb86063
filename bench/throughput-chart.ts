import type { BenchScale } from './bench-scale';
import type { PurgeResults } from './purge-scenario';

interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  samples: Array<[number, number]>;
}

/**
 * Faces deleted over time: the workflow and the naive loop, without and with per-call latency, against the quota
 * ceiling. An SVG the README embeds.
 */
export function throughputChart(purge: PurgeResults, scale: BenchScale): string {
  const width = 760;
  const height = 380;
  const margin = { left: 70, right: 20, top: 30, bottom: 45 };
  const latency = purge.withLatency;
  const series: Series[] = [
    {
      label: `workflow: ${purge.ours.ratioToCeiling.toFixed(2)} of ceiling`,
      color: '#1f77b4',
      samples: purge.ours.samples,
    },
    {
      label: `naive loop: ${purge.baseline.ratioToCeiling.toFixed(2)}`,
      color: '#d62728',
      samples: purge.baseline.samples,
    },
    {
      label: `workflow, ${latency.latencyMs} ms per call: ${latency.ours.ratioToCeiling.toFixed(2)}`,
      color: '#1f77b4',
      dashed: true,
      samples: latency.ours.samples,
    },
    {
      label: `naive loop, ${latency.latencyMs} ms per call: ${latency.baseline.ratioToCeiling.toFixed(2)}`,
      color: '#d62728',
      dashed: true,
      samples: latency.baseline.samples,
    },
  ];
  const maxT = Math.max(...series.flatMap((s) => s.samples.map(([ms]) => ms))) / 1000;
  const maxY = scale.purgeFaces;
  const x = (seconds: number) => margin.left + (seconds / maxT) * (width - margin.left - margin.right);
  const y = (faces: number) => height - margin.bottom - (faces / maxY) * (height - margin.top - margin.bottom);
  const path = (samples: Array<[number, number]>) =>
    samples
      .map(([ms, faces], i) => `${i === 0 ? 'M' : 'L'}${x(ms / 1000).toFixed(1)},${y(faces).toFixed(1)}`)
      .join(' ');
  const ceilingEnd = Math.min(maxT, maxY / purge.ceilingFacesPerSecond);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const dash = (s: Series) => (s.dashed ? ' stroke-dasharray="8,4"' : '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${margin.left}" y="18" font-size="14">Purging ${maxY.toLocaleString('en-US')} faces (${scale.latencyPurgeFaces.toLocaleString('en-US')} with latency) at ${scale.tps} TPS per operation (emulator enforcing the quota)</text>
${ticks.map((t) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t * maxY)}" y2="${y(t * maxY)}" stroke="#eee"/><text x="${margin.left - 8}" y="${y(t * maxY) + 4}" text-anchor="end">${Math.round(t * maxY).toLocaleString('en-US')}</text>`).join('\n')}
${ticks.map((t) => `<text x="${x(t * maxT)}" y="${height - margin.bottom + 16}" text-anchor="middle">${Math.round(t * maxT)} s</text>`).join('\n')}
<text x="${(width + margin.left) / 2}" y="${height - 8}" text-anchor="middle">elapsed time (faces deleted so far)</text>
<path d="M${x(0)},${y(0)} L${x(ceilingEnd)},${y(ceilingEnd * purge.ceilingFacesPerSecond)}" stroke="#999" stroke-dasharray="2,3" fill="none"/>
${series.map((s) => `<path d="${path(s.samples)}" stroke="${s.color}" stroke-width="2.5"${dash(s)} fill="none"/>`).join('\n')}
<g transform="translate(${x(maxT) - 300},${y(maxY * 0.45)})">
<line x1="0" x2="24" y1="0" y2="0" stroke="#999" stroke-dasharray="2,3"/><text x="30" y="4">quota ceiling (${purge.ceilingFacesPerSecond.toLocaleString('en-US')} faces/s)</text>
${series.map((s, i) => `<line x1="0" x2="24" y1="${18 * (i + 1)}" y2="${18 * (i + 1)}" stroke="${s.color}" stroke-width="2.5"${dash(s)}/><text x="30" y="${18 * (i + 1) + 4}">${s.label}</text>`).join('\n')}
</g>
</svg>
`;
}

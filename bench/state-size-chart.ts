import { STATE_BYTES_TARGET } from './state-size';
import type { SizedRun, StateSizeResults } from './state-size-scenario';

interface Series {
  label: string;
  color: string;
  runs: SizedRun[];
}

/**
 * The largest state against the account size, for the erasure and the purge, under the 64 KiB target: the lines
 * should be flat, since states carry references only. Collections on a log scale (10 to 10,000); bytes on a linear
 * one from 0 to the target, so that any growth shows against the bound it would break.
 */
export function stateSizeChart(sizes: StateSizeResults): string {
  const width = 760;
  const height = 380;
  const margin = { left: 80, right: 30, top: 30, bottom: 45 };
  const series: Series[] = [
    { label: 'erasure of one person (userId), searched everywhere', color: '#1f77b4', runs: sizes.erasure },
    { label: 'retention purge, prefix matching every collection', color: '#ff7f0e', runs: sizes.purge },
  ];
  const counts = [...new Set(series.flatMap((s) => s.runs.map((r) => r.collections)))].sort((a, b) => a - b);
  const minX = Math.log10(counts[0] ?? 10);
  const maxX = Math.max(Math.log10(counts[counts.length - 1] ?? 100), minX + 1);
  const maxY = Math.max(STATE_BYTES_TARGET, ...series.flatMap((s) => s.runs.map((r) => r.largestStateBytes))) * 1.1;
  const x = (collections: number) =>
    margin.left + ((Math.log10(collections) - minX) / (maxX - minX)) * (width - margin.left - margin.right);
  const y = (bytes: number) => height - margin.bottom - (bytes / maxY) * (height - margin.top - margin.bottom);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
  const line = (runs: SizedRun[]) =>
    runs
      .map((r, i) => `${i === 0 ? 'M' : 'L'}${x(r.collections).toFixed(1)},${y(r.largestStateBytes).toFixed(1)}`)
      .join(' ');
  const yTicks = [0, 16, 32, 48, 64].map((k) => k * 1024);
  const points = (s: Series) =>
    s.runs
      .map(
        (r) =>
          `<circle cx="${x(r.collections).toFixed(1)}" cy="${y(r.largestStateBytes).toFixed(1)}" r="3.5" fill="${s.color}"><title>${r.collections} collections: ${r.largestStateBytes} B (${r.largestStateWhere}), ${r.historyEvents} history events</title></circle>`,
      )
      .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${margin.left}" y="18" font-size="14">Largest state input or output against job size (emulator at ${sizes.tps.toLocaleString('en-US')} TPS)</text>
${yTicks.map((b) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(b)}" y2="${y(b)}" stroke="#eee"/><text x="${margin.left - 8}" y="${y(b) + 4}" text-anchor="end">${b / 1024} KiB</text>`).join('\n')}
${counts.map((c) => `<text x="${x(c)}" y="${height - margin.bottom + 16}" text-anchor="middle">${c.toLocaleString('en-US')}</text>`).join('\n')}
<text x="${(width + margin.left) / 2}" y="${height - 8}" text-anchor="middle">collections in the account (log scale)</text>
<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(STATE_BYTES_TARGET)}" y2="${y(STATE_BYTES_TARGET)}" stroke="#d62728" stroke-dasharray="6,4"/>
<text x="${width - margin.right}" y="${y(STATE_BYTES_TARGET) - 6}" text-anchor="end" fill="#d62728">target: ${kib(STATE_BYTES_TARGET)} (Step Functions fails at 256 KiB)</text>
${series.map((s) => `<path d="${line(s.runs)}" stroke="${s.color}" stroke-width="2.5" fill="none"/>\n${points(s)}`).join('\n')}
<g transform="translate(${margin.left + 20},${y(STATE_BYTES_TARGET * 0.55)})">
${series.map((s, i) => `<line x1="0" x2="24" y1="${18 * i}" y2="${18 * i}" stroke="${s.color}" stroke-width="2.5"/><text x="30" y="${18 * i + 4}">${s.label}: at most ${kib(Math.max(...s.runs.map((r) => r.largestStateBytes)))}</text>`).join('\n')}
</g>
</svg>
`;
}

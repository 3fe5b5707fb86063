import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { World } from '../local/emulator';
import type { WorkflowRun } from '../local/runner';
import type { BenchScale } from './bench-scale';
import { openSession } from './emulator-session';
import { largestState, measuredRun, recordLargestState } from './state-size';

/** One job at one size: its largest state and its history, the two figures that must not grow with the job. */
export interface SizedRun {
  collections: number;
  largestStateBytes: number;
  largestStateWhere: string;
  historyEvents: number;
  lambdaInvocations: number;
  elapsedMs: number;
}

export interface StateSizeResults {
  /** The quota the emulator enforces and the stack is configured with here: high, so pacing does not dominate. */
  tps: number;
  erasure: SizedRun[];
  purge: SizedRun[];
}

/** Collections that hold the person in the erasure: a handful, spread over the account. */
const HOLDING = 5;
const SUBJECT = 'alice';

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
const aliceFace = (collection: number, n: number) =>
  `a11ce000-${collection.toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * The two jobs whose state grew with the account before the job store (issue 9), at every size of the scale: an
 * erasure of one person (userId only) searched in every collection, and a retention purge whose prefix matches every
 * collection. Each size runs in its own emulator, so neither job meets the other's collections.
 */
export async function benchStateSizes(scale: BenchScale): Promise<StateSizeResults> {
  const results: StateSizeResults = { tps: scale.stateSizeTps, erasure: [], purge: [] };
  for (const size of scale.stateSizeCollections) {
    if (size < IN_PARALLEL_FROM) {
      results.erasure.push(await erasureAt(scale, size));
      results.purge.push(await purgeAt(scale, size));
      continue;
    }
    const [erasure, purge] = await Promise.all([erasureAt(scale, size), inChildProcess(scale, 'purge', size)]);
    recordLargestState(purge.largestStateBytes, `bench-size-purge-${size}: ${purge.largestStateWhere}`);
    results.erasure.push(erasure);
    results.purge.push(purge);
  }
  return results;
}

/**
 * From this size on, the purge runs in a child process while the erasure runs here. Both are CPU-bound in one
 * thread (handlers, emulator and store all run in-process), so this uses the second core and halves the wall time;
 * they share no state and what is measured is bytes and events, not time. Smaller sizes are not worth a second
 * process (which synthesizes the stack again).
 */
const IN_PARALLEL_FROM = 1_000;

export type SizedJob = 'erasure' | 'purge';

export function sizedJob(scale: BenchScale, job: SizedJob, size: number): Promise<SizedRun> {
  return job === 'erasure' ? erasureAt(scale, size) : purgeAt(scale, size);
}

function inChildProcess(scale: BenchScale, job: SizedJob, size: number): Promise<SizedRun> {
  const child = path.join(__dirname, 'state-size-child.ts');
  // process.execArgv carries tsx's loader (`npm run bench` runs under tsx), so the child runs TypeScript too.
  const args = [...process.execArgv, child, scale.name, job, String(size)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${job} at ${size} collections failed in its child process: ${stderr || error}`));
      else resolve(JSON.parse(stdout) as SizedRun);
    });
  });
}

async function erasureAt(scale: BenchScale, size: number): Promise<SizedRun> {
  const every = Math.max(1, Math.floor(size / HOLDING));
  const holds = (i: number) => i % every === 0 && i / every < HOLDING;
  const names = ids('kyc-', size);
  const held = names.filter((_, i) => holds(i)).length;
  const world: World = {
    collections: names.map((id, i) => ({
      id,
      faces: [
        { generate: { count: 1 } }, // someone else, so every collection has a face to search past
        ...(holds(i) ? [1, 2].map((n) => ({ faceId: aliceFace(i, n), userId: SUBJECT })) : []),
      ],
    })),
  };
  const job = { requestId: `bench-size-erasure-${size}`, subjects: [{ userId: SUBJECT }] };
  return sized(scale, world, job, size, (run) => {
    const report = run.report;
    return report?.deleted.faces === held * 2 && report.subjects[0]?.collectionsSearched === size;
  });
}

async function purgeAt(scale: BenchScale, size: number): Promise<SizedRun> {
  const world: World = { collections: ids('tmp-', size).map((id) => ({ id, faces: [{ generate: { count: 1 } }] })) };
  const job = {
    requestId: `bench-size-purge-${size}`,
    collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }],
  };
  return sized(scale, world, job, size, (run) => run.report?.deleted.faces === size);
}

async function sized(
  scale: BenchScale,
  world: World,
  job: { requestId: string },
  size: number,
  converged: (run: WorkflowRun) => boolean,
): Promise<SizedRun> {
  const session = await openSession({ ...scale, tps: scale.stateSizeTps }, world);
  try {
    const started = Date.now();
    const run = await measuredRun({
      job,
      rekognition: session.rekognition,
      template: session.template,
      timeScale: scale.timeScale,
    });
    const elapsedMs = Date.now() - started;
    // A figure from a job that did not do its work would flatter the chart.
    if (run.status !== 'SUCCEEDED' || !converged(run)) {
      throw new Error(`${job.requestId} did not converge: ${run.status} ${run.error ?? ''} ${run.cause ?? ''}`);
    }
    const largest = largestState(run);
    return {
      collections: size,
      largestStateBytes: largest.bytes,
      largestStateWhere: largest.where,
      historyEvents: run.stats.historyEvents,
      lambdaInvocations: run.stats.lambdaInvocations,
      elapsedMs,
    };
  } finally {
    await session.close();
  }
}

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BENCH_KEYS } from '../../bench/bench-results';
import { SMOKE_SCALE } from '../../bench/bench-scale';
import { runBench } from '../../bench/run-bench';
import { BENCH_SCENARIOS } from '../../bench/scenarios';
import { STATE_BYTES_TARGET } from '../../bench/state-size';

/**
 * The benchmark's small version: proves that `npm run bench` works end to end and writes every figure the README
 * and the issue compare across runs. It asserts shapes and invariants, never speed: performance claims live in the
 * full benchmark's results.
 */
const OUT = path.join(__dirname, '..', '..', '.tmp', 'bench-smoke-test');

test('the benchmark runs every scenario and writes comparable results', async () => {
  const results = await runBench(SMOKE_SCALE, OUT);

  const written = JSON.parse(readFileSync(path.join(OUT, 'results.json'), 'utf8'));
  for (const key of [
    'purgeRatioToCeiling',
    'baselineRatioToCeiling',
    'purgeRatioToCeilingWithLatency',
    'adaptiveRatioToCeiling',
    'sharedQuotaRatio',
    'sharedQuotaThrottledShare',
    'transitionsPerMillionFaces',
    'lambdaInvocationsPerMillionFaces',
    'projectedHistoryEvents20M',
    'erasureCallsPerCollection',
    'batchedScanPagesRatio',
    'maxStateBytes',
    'stateBytesAt10000Collections',
    'historyEventsAt10000Collections',
  ]) {
    expect(typeof written[key]).toBe('number');
    expect(Number.isFinite(written[key])).toBe(true);
  }
  // Every key of the list, the and the older ones alike (runBench fails without one; this is the file).
  expect(BENCH_KEYS.filter((key) => !Number.isFinite(written[key]))).toEqual([]);
  // Every registered scenario ran, in the list's order.
  expect(Object.keys(written.details.wallSeconds.byScenario)).toEqual(BENCH_SCENARIOS.map((scenario) => scenario.name));
  expect(existsSync(path.join(OUT, 'results.md'))).toBe(true);
  expect(readFileSync(path.join(OUT, 'purge-throughput.svg'), 'utf8')).toMatch(/^<svg /);
  expect(readFileSync(path.join(OUT, 'state-size.svg'), 'utf8')).toMatch(/^<svg /);
  expect(readFileSync(path.join(OUT, 'adaptive-rate.svg'), 'utf8')).toMatch(/^<svg /);
  expect(readFileSync(path.join(OUT, 'results.md'), 'utf8')).toContain('(state-size.svg)');

  // Invariants that hold whatever the machine's speed.
  expect(results.details.purge.ours.throttledCalls).toBe(0); // the rate shares keep every call under the quota
  expect(results.projectedHistoryEvents20M).toBeLessThan(5_000);
  // The closed loop really met a wrong configuration (it was throttled) and another client (which kept calling).
  const { adaptive, shared } = results.details.adaptive;
  expect(adaptive.configuredTps).toBe(5 * adaptive.realTps);
  expect(adaptive.throttled).toBeGreaterThan(0);
  expect(shared.other.admitted).toBeGreaterThan(0);
  expect(results.details.purge.ours.workerInvocations).toBeGreaterThanOrEqual(1);
  expect(results.details.purge.calibration.workerInvocations).toBeGreaterThan(1); // the short timeout forced continuations
  // The big collection among small ones is not split evenly with them (workers chosen from sizes: here one).
  expect(results.details.mixedRetention.collectionsAtOnce).toBe(1);
  // ListFaces by UserId and DeleteUser in every collection, at least: the floor of an erasure by UserId.
  expect(results.erasureCallsPerCollection).toBeGreaterThanOrEqual(2);
  // The requests of one window run as one execution, each settled into its own receipt, and one scan serves them all.
  const batched = results.details.batchedScan;
  expect(batched.executions).toBe(Math.ceil(batched.requests / batched.maxBatchMembers));
  expect(batched.receiptsCompleted).toBe(batched.requests);
  expect(batched.listFacesByFilter.scan).toBe(batched.pagesOfOneScan);
  expect(batched.listFacesPages).toBeGreaterThanOrEqual(batched.pagesOfOneScan);
  expect(results.details.decommission.pollsPerVersion).toBeGreaterThanOrEqual(1);
  // States carry references (issue 9): every run of every scenario stays under the bound, whatever the job's size.
  expect(results.maxStateBytes).toBeGreaterThan(0);
  expect(results.maxStateBytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);
  expect(results.maxStateBytes).toBeGreaterThanOrEqual(results.stateBytesAt10000Collections);
  expect(results.details.stateSize.erasure.map((run) => run.collections)).toEqual(SMOKE_SCALE.stateSizeCollections);
}, 180_000);

import { adaptiveChart } from './adaptive-chart';
import { benchAdaptive } from './adaptive-scenario';
import { benchBatchedScan } from './batched-scan-scenario';
import { benchCliStartup } from './cli-startup-scenario';
import { round, type ScenarioPart, type SizedFigures } from './bench-results';
import type { BenchScale } from './bench-scale';
import { benchDecommission } from './decommission-scenario';
import { benchErasure } from './erasure-scenario';
import { benchMixedRetention } from './mixed-retention-scenario';
import { benchPurge } from './purge-scenario';
import { stateSizeChart } from './state-size-chart';
import { benchStateSizes, type SizedRun } from './state-size-scenario';
import { throughputChart } from './throughput-chart';

/** One entry of the bench: what it prints before it starts, and the part of the results it measures. */
export interface BenchScenario {
  /** `npm run bench:scenario -- <name>` runs it alone. */
  name: string;
  describe(scale: BenchScale): string;
  run(scale: BenchScale): Promise<ScenarioPart>;
}

const faces = (count: number) => count.toLocaleString('en-US');
const withoutSamples = <T extends { samples: unknown }>({ samples: _samples, ...rest }: T) => rest;
const withoutTimeline = <T extends { timeline: unknown }>({ timeline: _timeline, ...rest }: T) => rest;

/**
 * Every scenario of `npm run bench`, run one after the other in this order (the timed ones must not share the
 * machine with each other). To add a figure, add a scenario here and its keys to BENCH_KEYS.
 */
export const BENCH_SCENARIOS: BenchScenario[] = [
  {
    name: 'purge',
    describe: (s) =>
      `purge: ${faces(s.purgeFaces)} faces at ${s.tps} TPS (workflow and the naive loop, ABBA order), then ${faces(s.latencyPurgeFaces)} with ${s.latencyMs} ms per call...`,
    async run(scale) {
      const purge = await benchPurge(scale);
      const perMillion = (count: number) => round((count / scale.purgeFaces) * 1_000_000);
      return {
        keys: {
          purgeRatioToCeiling: round(purge.ours.ratioToCeiling),
          baselineRatioToCeiling: round(purge.baseline.ratioToCeiling),
          purgeRatioToCeilingWithLatency: round(purge.withLatency.ours.ratioToCeiling),
          baselineRatioToCeilingWithLatency: round(purge.withLatency.baseline.ratioToCeiling),
          purgeWithLatencyToBaseline: round(purge.withLatency.oursToBaseline),
          transitionsPerMillionFaces: perMillion(purge.ours.stateTransitions),
          lambdaInvocationsPerMillionFaces: perMillion(purge.ours.lambdaInvocations),
          rekognitionCallsPerMillionFaces: perMillion(purge.ours.rekognitionCalls),
          projectedHistoryEvents20M: purge.projectedHistoryEvents20M,
        },
        details: {
          purge: {
            ...purge,
            ours: withoutSamples(purge.ours),
            baseline: withoutSamples(purge.baseline),
            withLatency: {
              ...purge.withLatency,
              ours: withoutSamples(purge.withLatency.ours),
              baseline: withoutSamples(purge.withLatency.baseline),
            },
          },
        },
        charts: { 'purge-throughput.svg': throughputChart(purge, scale) },
      };
    },
  },
  {
    name: 'adaptive',
    describe: (s) =>
      `closed loop: ${faces(s.adaptiveFaces)} faces with 5x the real quota configured, then ${faces(s.sharedFaces)} beside another client...`,
    async run(scale) {
      const adaptive = await benchAdaptive(scale);
      return {
        keys: {
          adaptiveRatioToCeiling: round(adaptive.adaptive.ratioToCeiling),
          sharedQuotaRatio: round(adaptive.shared.ratioToCeiling),
          sharedQuotaThrottledShare: round(adaptive.shared.accountThrottledShare),
        },
        details: {
          adaptive: { adaptive: withoutTimeline(adaptive.adaptive), shared: withoutTimeline(adaptive.shared) },
        },
        charts: { 'adaptive-rate.svg': adaptiveChart(adaptive) },
      };
    },
  },
  {
    name: 'mixed-retention',
    describe: (s) =>
      `mixed retention: one ${faces(s.mixedBigFaces)}-face collection and ${s.mixedSmallCollections} small ones...`,
    async run(scale) {
      const mixedRetention = await benchMixedRetention(scale);
      return {
        keys: { mixedRetentionRatioToCeiling: round(mixedRetention.ratioToCeiling) },
        details: { mixedRetention },
      };
    },
  },
  {
    name: 'erasure',
    describe: (s) => `erasure: one subject across ${s.erasureCollections} collections...`,
    async run(scale) {
      const erasure = await benchErasure(scale);
      return {
        keys: {
          erasureCallsPerCollection: round(erasure.callsPerCollection),
          erasureElapsedToQuotaFloor: round(erasure.elapsedToFloorRatio),
        },
        details: { erasure },
      };
    },
  },
  {
    name: 'batched-scan',
    describe: ({ batchedScan: b }) =>
      `batched scan: ${b.requests} erasure requests by ExternalImageId on the bus, over ${b.collections} collections of ${faces(b.facesPerCollection)} faces...`,
    async run(scale) {
      const batchedScan = await benchBatchedScan(scale);
      return { keys: { batchedScanPagesRatio: round(batchedScan.ratio) }, details: { batchedScan } };
    },
  },
  {
    name: 'decommission',
    describe: (s) => `decommission: ${s.versions} project versions...`,
    async run(scale) {
      const decommission = await benchDecommission(scale);
      return {
        keys: {
          pollsPerVersion: round(decommission.pollsPerVersion),
          transitionsPerVersion: round(decommission.transitionsPerVersion),
        },
        details: { decommission },
      };
    },
  },
  {
    name: 'state-size',
    describe: (s) => `state sizes: an erasure and a purge over ${s.stateSizeCollections.join(', ')} collections...`,
    async run(scale) {
      const stateSize = await benchStateSizes(scale);
      const erasure = lastOf(stateSize.erasure);
      const purge = lastOf(stateSize.purge);
      const figures = (run: SizedRun): SizedFigures => ({
        stateBytes: run.largestStateBytes,
        historyEvents: run.historyEvents,
      });
      return {
        keys: {
          stateBytesAt10000Collections: Math.max(erasure.largestStateBytes, purge.largestStateBytes),
          historyEventsAt10000Collections: Math.max(erasure.historyEvents, purge.historyEvents),
        },
        details: {
          stateSize: {
            ...stateSize,
            // Filled in by runBench once every scenario has run: the largest state of them all.
            maxStateWhere: '',
            atLargest: { collections: erasure.collections, erasure: figures(erasure), purge: figures(purge) },
          },
        },
        charts: { 'state-size.svg': stateSizeChart(stateSize) },
      };
    },
  },
  {
    name: 'cli-startup',
    describe: () => 'CLI startup: rekognition-cleanup --help (the compiled CLI) against node -e 0...',
    async run() {
      const cliStartup = await benchCliStartup();
      return { keys: { cliHelpRatioToNode: cliStartup.ratio }, details: { cliStartup } };
    },
  },
];

function lastOf(runs: SizedRun[]): SizedRun {
  const last = runs[runs.length - 1];
  if (last === undefined) throw new Error('the bench scale lists no state-size collections');
  return last;
}

import '../local/polyfills';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type BatchedScanResults, benchBatchedScan } from './batched-scan-scenario';
import { benchCliStartup, type CliStartupResults } from './cli-startup-scenario';
import { adaptiveChart } from './adaptive-chart';
import { type AdaptiveResults, benchAdaptive } from './adaptive-scenario';
import type { BenchScale } from './bench-scale';
import { benchDecommission, type DecommissionResults } from './decommission-scenario';
import { benchErasure, type ErasureResults } from './erasure-scenario';
import { formatResultsTable } from './format-results';
import { benchMixedRetention, type MixedRetentionResults } from './mixed-retention-scenario';
import { benchPurge, type PurgeResults } from './purge-scenario';
import { largestStateSeen, resetStateSizes } from './state-size';
import { stateSizeChart } from './state-size-chart';
import { benchStateSizes, type SizedRun, type StateSizeResults } from './state-size-scenario';
import { throughputChart } from './throughput-chart';

/** The figures compared across runs: ratios and counts measured in one run, never absolute times alone. */
export interface BenchResults {
  scale: BenchScale['name'];
  measuredAt: string;
  node: string;
  purgeRatioToCeiling: number;
  baselineRatioToCeiling: number;
  /** The same comparison with a network-like latency on every call (see BenchScale.latencyMs). */
  purgeRatioToCeilingWithLatency: number;
  baselineRatioToCeilingWithLatency: number;
  /** Purge with the stack told 5x the emulator's quota: the closed loop against the real ceiling. */
  adaptiveRatioToCeiling: number;
  /** Purge while another client uses half of DeleteFaces' quota: against what it leaves. */
  sharedQuotaRatio: number;
  /** Of every call the account received in that run (both clients), the share throttled. */
  sharedQuotaThrottledShare: number;
  transitionsPerMillionFaces: number;
  lambdaInvocationsPerMillionFaces: number;
  rekognitionCallsPerMillionFaces: number;
  projectedHistoryEvents20M: number;
  /** A purge matching one big and several small collections, against the quota floor of all their pages. */
  mixedRetentionRatioToCeiling: number;
  erasureCallsPerCollection: number;
  erasureElapsedToQuotaFloor: number;
  /** ListFaces scan pages of many ExternalImageId erasures in one job, against one full scan of the collections. */
  batchedScanPagesRatio: number;
  pollsPerVersion: number;
  transitionsPerVersion: number;
  /** The largest state input or output of every workflow run the bench made (job input states aside). */
  maxStateBytes: number;
  /** The larger of the erasure's and the purge's, at the scale's largest account (10,000 collections in full). */
  stateBytesAt10000Collections: number;
  historyEventsAt10000Collections: number;
  /** `rekognition-cleanup --help` (the compiled CLI) against `node -e 0`, median wall times: target under 3. */
  cliHelpRatioToNode: number;
  details: {
    purge: Omit<PurgeResults, 'ours' | 'baseline' | 'withLatency'> & {
      ours: Omit<PurgeResults['ours'], 'samples'>;
      baseline: Omit<PurgeResults['baseline'], 'samples'>;
      withLatency: {
        latencyMs: number;
        ours: Omit<PurgeResults['withLatency']['ours'], 'samples'>;
        baseline: Omit<PurgeResults['withLatency']['baseline'], 'samples'>;
      };
    };
    adaptive: {
      adaptive: Omit<AdaptiveResults['adaptive'], 'timeline'>;
      shared: Omit<AdaptiveResults['shared'], 'timeline'>;
    };
    mixedRetention: MixedRetentionResults;
    erasure: ErasureResults;
    batchedScan: BatchedScanResults;
    cliStartup: CliStartupResults;
    decommission: DecommissionResults;
    stateSize: StateSizeResults & {
      maxStateWhere: string;
      /** Both jobs at the largest size: the figures behind the two `...At10000Collections` keys. */
      atLargest: { collections: number; erasure: SizedFigures; purge: SizedFigures };
    };
  };
}

interface SizedFigures {
  stateBytes: number;
  historyEvents: number;
}

export async function runBench(
  scale: BenchScale,
  outDir: string,
  log: (line: string) => void = () => {},
): Promise<BenchResults> {
  resetStateSizes();
  log(
    `purge: ${scale.purgeFaces.toLocaleString('en-US')} faces at ${scale.tps} TPS (workflow and the naive loop, ABBA order, then with ${scale.latencyMs} ms per call)...`,
  );
  const purge = await benchPurge(scale);
  log(
    `closed loop: ${scale.adaptiveFaces.toLocaleString('en-US')} faces with 5x the real quota configured, then ${scale.sharedFaces.toLocaleString('en-US')} beside another client...`,
  );
  const adaptive = await benchAdaptive(scale);
  log(
    `mixed retention: one ${scale.mixedBigFaces.toLocaleString('en-US')}-face collection and ${scale.mixedSmallCollections} small ones...`,
  );
  const mixedRetention = await benchMixedRetention(scale);
  log(`erasure: one subject across ${scale.erasureCollections} collections...`);
  const erasure = await benchErasure(scale);
  const { subjects, collections, facesPerCollection } = scale.batchedScan;
  log(
    `batched scan: ${subjects} erasures by ExternalImageId over ${collections} collections of ${facesPerCollection.toLocaleString('en-US')} faces...`,
  );
  const batchedScan = await benchBatchedScan(scale);
  log(`decommission: ${scale.versions} project versions...`);
  const decommission = await benchDecommission(scale);
  log(`state sizes: an erasure and a purge over ${scale.stateSizeCollections.join(', ')} collections...`);
  const stateSize = await benchStateSizes(scale);
  log('CLI startup: rekognition-cleanup --help against node -e 0...');
  const cliStartup = await benchCliStartup();
  const largestErasure = lastOf(stateSize.erasure);
  const largestPurge = lastOf(stateSize.purge);
  const figures = (run: SizedRun): SizedFigures => ({
    stateBytes: run.largestStateBytes,
    historyEvents: run.historyEvents,
  });
  const maxState = largestStateSeen();

  const perMillion = (count: number) => (count / scale.purgeFaces) * 1_000_000;
  const withoutSamples = <T extends { samples: unknown }>({ samples: _samples, ...rest }: T) => rest;
  const withoutTimeline = <T extends { timeline: unknown }>({ timeline: _timeline, ...rest }: T) => rest;
  const results: BenchResults = {
    scale: scale.name,
    measuredAt: new Date().toISOString(),
    node: process.version,
    purgeRatioToCeiling: round(purge.ours.ratioToCeiling),
    baselineRatioToCeiling: round(purge.baseline.ratioToCeiling),
    purgeRatioToCeilingWithLatency: round(purge.withLatency.ours.ratioToCeiling),
    baselineRatioToCeilingWithLatency: round(purge.withLatency.baseline.ratioToCeiling),
    adaptiveRatioToCeiling: round(adaptive.adaptive.ratioToCeiling),
    sharedQuotaRatio: round(adaptive.shared.ratioToCeiling),
    sharedQuotaThrottledShare: round(adaptive.shared.accountThrottledShare),
    transitionsPerMillionFaces: round(perMillion(purge.ours.stateTransitions)),
    lambdaInvocationsPerMillionFaces: round(perMillion(purge.ours.lambdaInvocations)),
    rekognitionCallsPerMillionFaces: round(perMillion(purge.ours.rekognitionCalls)),
    projectedHistoryEvents20M: purge.projectedHistoryEvents20M,
    mixedRetentionRatioToCeiling: round(mixedRetention.ratioToCeiling),
    erasureCallsPerCollection: round(erasure.callsPerCollection),
    erasureElapsedToQuotaFloor: round(erasure.elapsedToFloorRatio),
    batchedScanPagesRatio: round(batchedScan.ratio),
    pollsPerVersion: round(decommission.pollsPerVersion),
    transitionsPerVersion: round(decommission.transitionsPerVersion),
    maxStateBytes: maxState.bytes,
    stateBytesAt10000Collections: Math.max(largestErasure.largestStateBytes, largestPurge.largestStateBytes),
    historyEventsAt10000Collections: Math.max(largestErasure.historyEvents, largestPurge.historyEvents),
    cliHelpRatioToNode: cliStartup.ratio,
    details: {
      purge: {
        ...purge,
        ours: withoutSamples(purge.ours),
        baseline: withoutSamples(purge.baseline),
        withLatency: {
          latencyMs: purge.withLatency.latencyMs,
          ours: withoutSamples(purge.withLatency.ours),
          baseline: withoutSamples(purge.withLatency.baseline),
        },
      },
      adaptive: { adaptive: withoutTimeline(adaptive.adaptive), shared: withoutTimeline(adaptive.shared) },
      mixedRetention,
      erasure,
      batchedScan,
      cliStartup,
      decommission,
      stateSize: {
        ...stateSize,
        maxStateWhere: maxState.where,
        atLargest: {
          collections: largestErasure.collections,
          erasure: figures(largestErasure),
          purge: figures(largestPurge),
        },
      },
    },
  };

  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), `${formatResultsTable(results)}\n`);
  writeFileSync(path.join(outDir, 'purge-throughput.svg'), throughputChart(purge, scale));
  writeFileSync(path.join(outDir, 'state-size.svg'), stateSizeChart(stateSize));
  writeFileSync(path.join(outDir, 'adaptive-rate.svg'), adaptiveChart(adaptive));
  return results;
}

function lastOf(runs: SizedRun[]): SizedRun {
  const last = runs[runs.length - 1];
  if (last === undefined) throw new Error('the bench scale lists no state-size collections');
  return last;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

import type { BatchedScanResults } from './batched-scan-scenario';
import type { CliStartupResults } from './cli-startup-scenario';
import type { AdaptiveResults } from './adaptive-scenario';
import type { BenchScale } from './bench-scale';
import type { DecommissionResults } from './decommission-scenario';
import type { ErasureResults } from './erasure-scenario';
import type { MixedRetentionResults } from './mixed-retention-scenario';
import type { PurgeResults } from './purge-scenario';
import type { StateSizeResults } from './state-size-scenario';

/**
 * The figures compared across runs (ratios and counts measured in one run, never absolute times alone): the
 * top-level keys of bench/results.json. One list, so that the bench can check it wrote every one of them.
 */
export const BENCH_KEYS = [
  'purgeRatioToCeiling',
  'baselineRatioToCeiling',
  /** The same comparison with a network-like latency on every call (see BenchScale.latencyMs). */
  'purgeRatioToCeilingWithLatency',
  'baselineRatioToCeilingWithLatency',
  /** The one over the other: the target is 2.5x. */
  'purgeWithLatencyToBaseline',
  /** Purge with the stack told 5x the emulator's quota: the closed loop against the real ceiling. */
  'adaptiveRatioToCeiling',
  /** Purge while another client uses half of DeleteFaces' quota: against what it leaves. */
  'sharedQuotaRatio',
  /** Of every call the account received in that run (both clients), the share throttled. */
  'sharedQuotaThrottledShare',
  'transitionsPerMillionFaces',
  'lambdaInvocationsPerMillionFaces',
  'rekognitionCallsPerMillionFaces',
  'projectedHistoryEvents20M',
  /** A purge matching one big and several small collections, against the quota floor of all their pages. */
  'mixedRetentionRatioToCeiling',
  'erasureCallsPerCollection',
  'erasureElapsedToQuotaFloor',
  /**
   * ListFaces pages served for many ExternalImageId erasure requests taken by the batched intake, against one full
   * scan of the collections.
   */
  'batchedScanPagesRatio',
  'pollsPerVersion',
  'transitionsPerVersion',
  /** The largest state input or output of every workflow run the bench made (job input states aside). */
  'maxStateBytes',
  /** The larger of the erasure's and the purge's, at the scale's largest account (10,000 collections in full). */
  'stateBytesAt10000Collections',
  'historyEventsAt10000Collections',
  /** `rekognition-cleanup --help` (the compiled CLI) against `node -e 0`, median wall times: target under 3. */
  'cliHelpRatioToNode',
] as const;

export type BenchKey = (typeof BENCH_KEYS)[number];
export type BenchKeys = Record<BenchKey, number>;

type WithoutSamples<T> = Omit<T, 'samples'>;

export interface BenchDetails {
  purge: Omit<PurgeResults, 'ours' | 'baseline' | 'withLatency'> & {
    ours: WithoutSamples<PurgeResults['ours']>;
    baseline: WithoutSamples<PurgeResults['baseline']>;
    withLatency: Omit<PurgeResults['withLatency'], 'ours' | 'baseline'> & {
      ours: WithoutSamples<PurgeResults['withLatency']['ours']>;
      baseline: WithoutSamples<PurgeResults['withLatency']['baseline']>;
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
}

export interface SizedFigures {
  stateBytes: number;
  historyEvents: number;
}

export type BenchResults = { scale: BenchScale['name']; measuredAt: string; node: string } & BenchKeys & {
    details: BenchDetails & {
      /** Wall time of the whole bench and of each scenario: the bench must stay short, not a performance figure. */
      wallSeconds: { total: number; byScenario: Record<string, number> };
    };
  };

/** What one scenario adds to the results: some of the keys, its details, and the charts it draws (file -> SVG). */
export interface ScenarioPart {
  keys: Partial<BenchKeys>;
  details: Partial<BenchDetails>;
  charts?: Record<string, string>;
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

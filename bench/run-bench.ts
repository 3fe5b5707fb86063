import '../local/polyfills';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchScale } from './bench-scale';
import { benchDecommission, type DecommissionResults } from './decommission-scenario';
import { benchErasure, type ErasureResults } from './erasure-scenario';
import { formatResultsTable } from './format-results';
import { benchMixedRetention, type MixedRetentionResults } from './mixed-retention-scenario';
import { benchPurge, type PurgeResults } from './purge-scenario';
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
  transitionsPerMillionFaces: number;
  lambdaInvocationsPerMillionFaces: number;
  rekognitionCallsPerMillionFaces: number;
  projectedHistoryEvents20M: number;
  /** A purge matching one big and several small collections, against the quota floor of all their pages. */
  mixedRetentionRatioToCeiling: number;
  erasureCallsPerCollection: number;
  erasureElapsedToQuotaFloor: number;
  pollsPerVersion: number;
  transitionsPerVersion: number;
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
    mixedRetention: MixedRetentionResults;
    erasure: ErasureResults;
    decommission: DecommissionResults;
  };
}

export async function runBench(
  scale: BenchScale,
  outDir: string,
  log: (line: string) => void = () => {},
): Promise<BenchResults> {
  log(
    `purge: ${scale.purgeFaces.toLocaleString('en-US')} faces at ${scale.tps} TPS (workflow and the naive loop, ABBA order, then with ${scale.latencyMs} ms per call)...`,
  );
  const purge = await benchPurge(scale);
  log(
    `mixed retention: one ${scale.mixedBigFaces.toLocaleString('en-US')}-face collection and ${scale.mixedSmallCollections} small ones...`,
  );
  const mixedRetention = await benchMixedRetention(scale);
  log(`erasure: one subject across ${scale.erasureCollections} collections...`);
  const erasure = await benchErasure(scale);
  log(`decommission: ${scale.versions} project versions...`);
  const decommission = await benchDecommission(scale);

  const perMillion = (count: number) => (count / scale.purgeFaces) * 1_000_000;
  const withoutSamples = <T extends { samples: unknown }>({ samples: _samples, ...rest }: T) => rest;
  const results: BenchResults = {
    scale: scale.name,
    measuredAt: new Date().toISOString(),
    node: process.version,
    purgeRatioToCeiling: round(purge.ours.ratioToCeiling),
    baselineRatioToCeiling: round(purge.baseline.ratioToCeiling),
    purgeRatioToCeilingWithLatency: round(purge.withLatency.ours.ratioToCeiling),
    baselineRatioToCeilingWithLatency: round(purge.withLatency.baseline.ratioToCeiling),
    transitionsPerMillionFaces: round(perMillion(purge.ours.stateTransitions)),
    lambdaInvocationsPerMillionFaces: round(perMillion(purge.ours.lambdaInvocations)),
    rekognitionCallsPerMillionFaces: round(perMillion(purge.ours.rekognitionCalls)),
    projectedHistoryEvents20M: purge.projectedHistoryEvents20M,
    mixedRetentionRatioToCeiling: round(mixedRetention.ratioToCeiling),
    erasureCallsPerCollection: round(erasure.callsPerCollection),
    erasureElapsedToQuotaFloor: round(erasure.elapsedToFloorRatio),
    pollsPerVersion: round(decommission.pollsPerVersion),
    transitionsPerVersion: round(decommission.transitionsPerVersion),
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
      mixedRetention,
      erasure,
      decommission,
    },
  };

  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), `${formatResultsTable(results)}\n`);
  writeFileSync(path.join(outDir, 'purge-throughput.svg'), throughputChart(purge, scale));
  return results;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

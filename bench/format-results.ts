import type { BenchResults } from './bench-results';

const n = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The table the README's Performance section shows. */
export function formatResultsTable(r: BenchResults): string {
  const purge = r.details.purge;
  const { ours, baseline } = purge;
  const e = r.details.erasure;
  const b = r.details.batchedScan;
  const m = r.details.mixedRetention;
  const { adaptive, shared } = r.details.adaptive;
  const d = r.details.decommission;
  const sizes = r.details.stateSize;
  const at = sizes.atLargest;
  const rows: Array<[string, string, string]> = [
    [
      'Purge throughput, workflow',
      `${n(r.purgeRatioToCeiling, 3)} of the quota ceiling`,
      `mean of 2 runs (${ours.runs.join(', ')}), ${n(ours.faces)} faces each, first to last deletion; ceiling = ${n(purge.ceilingFacesPerSecond)} faces/s (min(DeleteFaces, ListFaces) TPS x 4096); ${ours.throttledCalls} calls throttled`,
    ],
    [
      'Purge throughput, naive loop (same run)',
      `${n(r.baselineRatioToCeiling, 3)} of the quota ceiling`,
      `mean of 2 runs (${baseline.runs.join(', ')}), in ABBA order with the workflow's; list a page, delete it, repeat, SDK defaults; ${n(baseline.throttledCalls, 1)} calls throttled per run, ${baseline.errors} failed after the SDK's retries`,
    ],
    [
      `Purge throughput with ${purge.withLatency.latencyMs} ms per call, workflow`,
      `${n(r.purgeRatioToCeilingWithLatency, 3)} of the quota ceiling`,
      `${n(purge.withLatency.ours.faces)} faces; ${n(r.purgeWithLatencyToBaseline, 2)}x the naive loop (target 2.5x); ListFaces pages chain (each needs the last one's token): one page per ListFaces round trip (${n(purge.withLatency.listFacesMs)} ms) bounds any purge of one collection at ${n(purge.withLatency.listChainBound, 3)}, ${n(purge.withLatency.listChainBoundToBaseline, 2)}x the naive loop`,
    ],
    [
      `Purge throughput with ${purge.withLatency.latencyMs} ms per call, naive loop`,
      `${n(r.baselineRatioToCeilingWithLatency, 3)} of the quota ceiling`,
      `one call at a time: every round trip adds up; ${n(purge.withLatency.baseline.throttledCalls)} calls throttled`,
    ],
    [
      `Closed loop: purge with ${adaptive.configuredTps} TPS configured, ${adaptive.realTps} real`,
      `${n(r.adaptiveRatioToCeiling, 3)} of the real ceiling`,
      `${n(adaptive.faces)} faces, first to last deletion; ${adaptive.throttled} of ${adaptive.calls} calls throttled (${n(adaptive.throttledShare * 100, 1)}%)`,
    ],
    [
      `Closed loop: purge beside another client using ${shared.other.tps} of DeleteFaces' ${shared.realTps} TPS`,
      `${n(r.sharedQuotaRatio, 3)} of what is left`,
      `${n(shared.faces)} faces; ${n(r.sharedQuotaThrottledShare * 100, 1)}% of the account's calls throttled (${shared.accountThrottled} of ${shared.accountCalls}; ours ${shared.throttled} of ${shared.calls}, the other client's ${shared.other.throttled} of ${shared.other.admitted + shared.other.throttled})`,
    ],
    [
      'State transitions per million faces',
      n(r.transitionsPerMillionFaces, 1),
      `${ours.stateTransitions} for the whole job`,
    ],
    [
      'Lambda invocations per million faces',
      n(r.lambdaInvocationsPerMillionFaces, 1),
      `${ours.workerInvocations} of them by the purge worker`,
    ],
    [
      'Rekognition calls per million faces',
      n(r.rekognitionCallsPerMillionFaces, 1),
      'ListFaces + DeleteFaces pages of 4096, plus the plan',
    ],
    [
      'Projected history events, 20,000,000 faces',
      n(r.projectedHistoryEvents20M),
      `limit 25,000; ${n(purge.historyEventsPerContinuation, 1)} events per continuation, ${n(purge.facesPerDeployedInvocation)} faces per 14-minute invocation`,
    ],
    [
      `Purge of one ${n(m.bigFaces)}-face collection and ${m.smallCollections} small ones, one job`,
      `${n(r.mixedRetentionRatioToCeiling, 3)} of the quota ceiling`,
      `${m.collectionsAtOnce} collection(s) at once, chosen from their sizes; an even split would have left the big one ${n(m.evenSplitShare, 2)} of the quota`,
    ],
    [
      `Erasure of one subject in ${e.collections} collections (present in ${e.presentIn}): calls per collection`,
      n(r.erasureCallsPerCollection, 2),
      Object.entries(e.callsByOperation)
        .map(([op, c]) => `${op} ${c}`)
        .join(', '),
    ],
    [
      'Erasure elapsed time / quota floor',
      n(r.erasureElapsedToQuotaFloor, 2),
      `floor = busiest operation's calls / its TPS, search then erasure = ${n(e.quotaFloorMs / 1000, 1)} s`,
    ],
    [
      `${b.requests} erasure requests by ExternalImageId through the batched intake, ${b.collections} collections of ${n(b.facesPerCollection)} faces: ListFaces pages / one full scan`,
      n(r.batchedScanPagesRatio, 2),
      `${b.executions} execution(s), ${b.receiptsCompleted} receipts COMPLETED; ${n(b.listFacesPages)} ListFaces pages served (scan ${n(b.listFacesByFilter.scan)}, read-back by FaceIds ${n(b.listFacesByFilter.faceIds)}), ${n(b.pagesOfOneScan)} in one scan of every collection`,
    ],
    [
      `Decommission of ${d.versions} versions: polls per version`,
      n(r.pollsPerVersion, 1),
      `statuses: ${[...new Set(d.statuses)].join(', ')}`,
    ],
    [
      'Decommission: state transitions per version',
      n(r.transitionsPerVersion, 1),
      `${n(d.lambdaInvocationsPerVersion, 1)} Lambda invocations per version`,
    ],
    [
      'Largest state input or output, every run of the bench',
      `${n(r.maxStateBytes)} B`,
      `target 65,536 B (Step Functions fails at 262,144); at ${sizes.maxStateWhere}`,
    ],
    [
      `Largest state at ${n(at.collections)} collections`,
      `${n(r.stateBytesAt10000Collections)} B`,
      `erasure of one person ${n(at.erasure.stateBytes)} B, retention purge ${n(at.purge.stateBytes)} B; at ${n(sizes.tps)} TPS`,
    ],
    [
      `History events at ${n(at.collections)} collections`,
      n(r.historyEventsAt10000Collections),
      `target under 5,000 (limit 25,000); erasure ${n(at.erasure.historyEvents)}, purge ${n(at.purge.historyEvents)}`,
    ],
    [
      '`rekognition-cleanup --help` / `node -e 0`',
      n(r.cliHelpRatioToNode, 2),
      `target under 3; medians of ${r.details.cliStartup.runs} alternating runs: ${n(r.details.cliStartup.cliHelpMs)} ms against ${n(r.details.cliStartup.nodeMs)} ms`,
    ],
  ];
  return [
    `Benchmark (${r.scale}), ${r.measuredAt}, Node ${r.node}, every operation at ${n(purge.ceilingFacesPerSecond / 4096)} TPS`,
    '',
    '| measure | result | notes |',
    '| --- | --- | --- |',
    ...rows.map(([measure, result, notes]) => `| ${measure} | ${result} | ${notes} |`),
    '',
    '![Closed loop: rate against time, with the real quota](adaptive-rate.svg)',
    '',
    `![Largest state against job size, ${sizes.erasure.map((run) => n(run.collections)).join(', ')} collections](state-size.svg)`,
  ].join('\n');
}

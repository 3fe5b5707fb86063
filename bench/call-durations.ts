import type { RekognitionClient } from '@aws-sdk/client-rekognition';

/** Mean wall time of each operation's calls through one client, from send to parsed answer (retries included). */
export interface CallDurations {
  meanMs(operation: string): number;
}

/**
 * Times every call the client makes from now on. The latency comparison uses it to measure the round trip of one
 * ListFaces page: a purge lists one page per round trip (each page needs the last one's token), so that round trip
 * bounds what any purge of one collection can reach, measured in the same run as the purges.
 */
export function timeCalls(client: RekognitionClient): CallDurations {
  const totals = new Map<string, { ms: number; calls: number }>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = Date.now();
      try {
        return await next(args);
      } finally {
        const operation = String(context.commandName ?? '').replace(/Command$/, '');
        const total = totals.get(operation) ?? { ms: 0, calls: 0 };
        total.ms += Date.now() - started;
        total.calls += 1;
        totals.set(operation, total);
      }
    },
    { step: 'initialize', name: 'benchCallDurations' },
  );
  return {
    meanMs: (operation) => {
      const total = totals.get(operation);
      return total === undefined ? Number.NaN : total.ms / total.calls;
    },
  };
}

/** Call counters, per operation and in total: what benchmarks and tests read to see how a run behaved. */

export interface OperationStats {
  /** Requests received for the operation (whatever their outcome). */
  calls: number;
  /** Refused with ProvisionedThroughputExceededException by a `tps` quota. */
  throttled: number;
  /** Answered with an injected ThrottlingException or InternalServerError. */
  faults: number;
  /** Answered with any other error (validation, not found, in use...). */
  errors: number;
}

export interface EmulatorStats {
  total: OperationStats;
  operations: Record<string, OperationStats>;
}

export type Outcome = 'throttled' | 'faults' | 'errors';

function empty(): OperationStats {
  return { calls: 0, throttled: 0, faults: 0, errors: 0 };
}

export class StatsRecorder {
  private total = empty();
  private operations = new Map<string, OperationStats>();

  call(operation: string): void {
    this.total.calls++;
    this.entry(operation).calls++;
  }

  outcome(operation: string, outcome: Outcome): void {
    this.total[outcome]++;
    this.entry(operation)[outcome]++;
  }

  snapshot(): EmulatorStats {
    const operations: Record<string, OperationStats> = {};
    for (const [name, stats] of [...this.operations].sort(([a], [b]) => a.localeCompare(b))) {
      operations[name] = { ...stats };
    }
    return { total: { ...this.total }, operations };
  }

  reset(): void {
    this.total = empty();
    this.operations = new Map();
  }

  private entry(operation: string): OperationStats {
    let stats = this.operations.get(operation);
    if (!stats) {
      stats = empty();
      this.operations.set(operation, stats);
    }
    return stats;
  }
}

/**
 * Stopping a local run the way a person means Ctrl-C: the invocations in flight find their time budget spent, so
 * each saves its progress after the Rekognition call in flight and returns; no new invocation starts; once none is
 * running the execution is aborted. What was done is in the job store, as after any crash, and the same job again
 * plans from what is left.
 */
export class GracefulStop {
  private inFlight = 0;
  private settle: () => void = () => undefined;
  private readonly idle = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => this.settleIfIdle(), { once: true });
  }

  get requested(): boolean {
    return this.signal?.aborted === true;
  }

  /** Resolves once a stop was asked for and no invocation runs: the moment to abort the execution. */
  get stopped(): Promise<void> {
    return this.idle;
  }

  /** Runs an invocation, unless a stop was asked for: then it never starts (the abort ends the run). */
  async run<T>(invocation: () => Promise<T>): Promise<T> {
    if (this.requested) return new Promise<T>(() => undefined);
    this.inFlight += 1;
    try {
      return await invocation();
    } finally {
      this.inFlight -= 1;
      this.settleIfIdle();
    }
  }

  private settleIfIdle(): void {
    if (this.requested && this.inFlight === 0) this.settle();
  }
}

/**
 * Virtual time for the closed loop's tests: `sleep` only returns when the driver moves the clock, so a minute of
 * paced calls takes milliseconds and every run is the same.
 */
export class VirtualTime {
  private current = 0;
  private sequence = 0;
  private readonly timers: Array<{ at: number; sequence: number; resolve: () => void }> = [];

  readonly now = (): number => this.current;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.current + Math.max(0, ms), sequence: this.sequence++, resolve });
    });

  /** Runs every sleeper due up to `until` (ms), in time order, letting each one's continuation run before the next. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.sequence - b.sequence);
      const next = this.timers[0];
      if (next === undefined || next.at > until) break;
      this.timers.shift();
      this.current = next.at;
      next.resolve();
    }
    this.current = Math.max(this.current, until);
  }
}

/** Lets every pending promise continuation run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

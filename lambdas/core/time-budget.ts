/**
 * How long a worker may keep going in one invocation. Workers stop starting new pages when less than the reserve is
 * left, then return a continuation token: the state machine calls them again. Working for most of the Lambda's
 * timeout keeps invocations and state transitions per million faces low.
 */
export class TimeBudget {
  private readonly deadline: number;

  constructor(
    remainingMs: number,
    /** Time kept back for in-flight calls and returning the result. */
    private readonly reserveMs: number,
    private readonly now: () => number = Date.now,
    /** What the invocation itself says is left, asked at every check (a local run that is stopped says 0). */
    private readonly left?: () => number,
  ) {
    this.deadline = this.now() + Math.max(0, remainingMs - reserveMs);
  }

  /** From a Lambda context: keep back a quarter of what is left, at least 5 s and at most 60 s. */
  static fromLambdaContext(context: { getRemainingTimeInMillis(): number }): TimeBudget {
    const remaining = context.getRemainingTimeInMillis();
    const reserve = Math.min(60_000, Math.max(5_000, remaining / 4));
    return new TimeBudget(remaining, Math.min(reserve, remaining / 2), Date.now, () =>
      context.getRemainingTimeInMillis(),
    );
  }

  /** A budget that never runs out (tests, CLI tools). */
  static unlimited(): TimeBudget {
    return new TimeBudget(Number.MAX_SAFE_INTEGER / 2, 0);
  }

  remainingMs(): number {
    const own = this.deadline - this.now();
    const left = this.left === undefined ? own : Math.min(own, this.left() - this.reserveMs);
    return Math.max(0, left);
  }

  expired(): boolean {
    return this.remainingMs() === 0;
  }
}

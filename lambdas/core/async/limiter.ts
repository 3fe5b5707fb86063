/**
 * Bounds the calls in flight, e.g. while planning reads a whole account (every collection's description and tags,
 * every version's tags). Wrap single SDK calls only, never a task that itself waits on the limiter, or the slots
 * can all be held by waiters. (How fast calls start is the rate share's job: lambdas/core/rates.)
 */
export type Limiter = <T>(call: () => Promise<T>) => Promise<T>;

export function createLimiter(maxInFlight: number): Limiter {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (inFlight < maxInFlight) {
      inFlight += 1;
      return;
    }
    // The releasing call hands its slot over directly, so a newcomer can never overtake a waiter.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) inFlight -= 1;
    else next();
  };
  return async <T>(call: () => Promise<T>): Promise<T> => {
    await acquire();
    try {
      return await call();
    } finally {
      release();
    }
  };
}

/** No limit: for workers that make one call at a time. */
export const unlimited: Limiter = (call) => call();

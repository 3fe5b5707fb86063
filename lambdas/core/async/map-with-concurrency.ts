/**
 * Runs `task` on every item with at most `limit` running at once, results in item order. On a failure no new item
 * starts, the running ones finish (so no call is left dangling when the Lambda returns), then the first error is
 * thrown. `stopStarting` (checked before each item but the first) ends early, e.g. when a time budget runs out:
 * items never started have no result (undefined).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  stopStarting: () => boolean = () => false,
): Promise<Array<R | undefined>> {
  const results: Array<R | undefined> = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length && (next === 0 || !stopStarting())) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

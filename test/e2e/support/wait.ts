/**
 * Waits until `condition` holds: for preconditions that the emulator reaches on its own clock (a project finishing
 * its deletion), never as an assertion. Fails loudly instead of waiting forever.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

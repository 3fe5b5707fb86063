import '../../../local/polyfills';
import { createRekognitionClient, useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { type RunningEmulator, startEmulator } from '../../../local/emulator';
import type { LocalFunction } from '../../../local/runner';
import { guardTimedOutInvocations } from '../../../local/runner/invocation-scope';
import { LambdaInvoker } from '../../../local/runner/lambda-invoker';

const FN: LocalFunction = {
  logicalId: 'KeepsListing',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:KeepsListing',
  entry: 'test/fixtures/handlers/keeps-listing.ts',
  timeoutSeconds: 1,
  memoryMb: 128,
  environment: {},
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
  const client = createRekognitionClient({ endpoint: emulator.url, maxAttempts: 1 });
  guardTimedOutInvocations(client);
  useRekognitionClient(client);
});
afterAll(async () => {
  useRekognitionClient(undefined);
  await emulator.close();
});

test('a timed-out invocation fails as Sandbox.Timedout and can make no further Rekognition call, like a killed Lambda', async () => {
  const invoker = new LambdaInvoker({ timeoutMs: () => 150 });
  await expect(invoker.invoke(FN, 'State', { calls: 50 })).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
  const callsAtTimeout = emulator.stats().total.calls;
  expect(callsAtTimeout).toBeGreaterThan(0);
  expect(callsAtTimeout).toBeLessThan(50);
  // Long enough for the abandoned handler to have made several more calls had it not been cut off.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(emulator.stats().total.calls).toBeLessThanOrEqual(callsAtTimeout + 1);
});

test('an invocation within its timeout runs to the end and returns through JSON', async () => {
  const invoker = new LambdaInvoker({ timeoutMs: () => 5_000 });
  emulator.resetStats();
  await expect(invoker.invoke(FN, 'State', { calls: 3 })).resolves.toBe(3);
  expect(emulator.stats().total.calls).toBe(3);
});

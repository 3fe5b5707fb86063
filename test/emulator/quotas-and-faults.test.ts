import {
  CreateCollectionCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DescribeCollectionCommand,
  InternalServerError,
  ListCollectionsCommand,
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-rekognition';
import type { RunningEmulator } from '../../local/emulator';
import { clientFor, startTestEmulator, stopTestEmulator, type TestEmulator } from './emulator-test-kit';

/** Sends `count` DescribeCollection calls one after the other and names each outcome. */
async function outcomes(test: TestEmulator, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      await test.client.send(new DescribeCollectionCommand({ CollectionId: 'c' }));
      names.push('ok');
    } catch (error) {
      names.push((error as Error).name);
    }
  }
  return names;
}

describe('emulator: quotas', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator({ tps: { CreateCollection: 1, ListCollections: 5 } });
  });
  afterAll(() => stopTestEmulator(test));

  it('refuses calls over the quota with ProvisionedThroughputExceededException (a client fault)', async () => {
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => test.client.send(new ListCollectionsCommand({}))),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const refused = results.filter((result) => result.status === 'rejected');
    // The bucket starts with one second of tokens (5) and refills at 5 a second while the burst is in flight.
    expect(20 - refused.length).toBeLessThanOrEqual(5 + Math.ceil(5 * elapsedSeconds));
    expect(refused.length).toBeGreaterThan(0);
    for (const result of refused) {
      expect(result.reason).toBeInstanceOf(ProvisionedThroughputExceededException);
      expect(result.reason.$metadata.httpStatusCode).toBe(400);
    }
    expect(test.emulator.stats().operations.ListCollections).toMatchObject({ calls: 20, throttled: refused.length });
  });

  it('applies nothing for a refused call', async () => {
    await test.client.send(new CreateCollectionCommand({ CollectionId: 'first' }));
    const refused = test.client.send(new CreateCollectionCommand({ CollectionId: 'second' }));
    await expect(refused).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(test.emulator.world.collection('second')).toBeUndefined();
  });

  it('can change quotas while running; operations without a quota are never refused', async () => {
    test.emulator.setTps({ DescribeCollection: 0 });
    await test.client.send(new ListCollectionsCommand({}));
    await expect(test.client.send(new DescribeCollectionCommand({ CollectionId: 'first' }))).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
    test.emulator.setTps({});
    await expect(test.client.send(new DescribeCollectionCommand({ CollectionId: 'first' }))).resolves.toBeDefined();
  });
});

describe('emulator: injected faults', () => {
  const seed = { collections: [{ id: 'c' }] };
  let fixed: TestEmulator;
  beforeAll(async () => {
    fixed = await startTestEmulator({ faultRate: 0.3, randomSeed: 7, seed });
  });
  afterAll(() => stopTestEmulator(fixed));

  it('injects ThrottlingException and InternalServerError (server faults, 500) at the configured rate', async () => {
    const seen = await outcomes(fixed, 200);
    const faults = seen.filter((name) => name !== 'ok');
    expect(faults.length).toBeGreaterThan(35);
    expect(faults.length).toBeLessThan(85);
    expect(new Set(faults)).toEqual(new Set(['ThrottlingException', 'InternalServerError']));
    expect(fixed.emulator.stats().operations.DescribeCollection).toEqual({
      calls: 200,
      throttled: 0,
      faults: faults.length,
      errors: 0,
    });
    fixed.emulator.resetStats();
    expect(fixed.emulator.stats().total.calls).toBe(0);
  });

  it('repeats the same fault sequence for the same randomSeed', async () => {
    const first = await startTestEmulator({ faultRate: 0.5, randomSeed: 99, seed });
    const second = await startTestEmulator({ faultRate: 0.5, randomSeed: 99, seed });
    try {
      expect(await outcomes(first, 40)).toEqual(await outcomes(second, 40));
    } finally {
      await stopTestEmulator(first);
      await stopTestEmulator(second);
    }
  });

  it('gives errors the SDK classes with their server $fault', async () => {
    const always = await startTestEmulator({ faultRate: 1, randomSeed: 3, seed });
    try {
      const errors = await Promise.allSettled(
        Array.from({ length: 10 }, () => always.client.send(new DescribeCollectionCommand({ CollectionId: 'c' }))),
      );
      for (const result of errors) {
        expect(result.status).toBe('rejected');
        const reason = (result as PromiseRejectedResult).reason;
        expect(reason instanceof ThrottlingException || reason instanceof InternalServerError).toBe(true);
        expect(reason.$fault).toBe('server');
        expect(reason.$metadata.httpStatusCode).toBe(500);
      }
    } finally {
      await stopTestEmulator(always);
    }
  });

  it("with timing 'after', applies the operation and still answers with an error (a lost response)", async () => {
    const lossy = await startTestEmulator({ faultRate: 1, faultTiming: 'after', seed });
    try {
      await expect(lossy.client.send(new CreateCollectionCommand({ CollectionId: 'applied' }))).rejects.toThrow();
      expect(lossy.emulator.world.collection('applied')).toBeDefined();
      expect(lossy.emulator.stats().operations.CreateCollection?.faults).toBe(1);
    } finally {
      await stopTestEmulator(lossy);
    }
  });

  it('lets the SDK with its default retries recover, even from lost responses', async () => {
    const flaky = await startTestEmulator({ faultRate: 0.3, faultTiming: 'mixed', randomSeed: 11, seed });
    const retrying = clientFor(flaky.emulator, 6);
    try {
      for (let i = 0; i < 12; i++) {
        await retrying.send(new CreateUserCommand({ CollectionId: 'c', UserId: `u${i}` }));
        await retrying.send(new DeleteUserCommand({ CollectionId: 'c', UserId: `u${i}` }));
      }
      expect(flaky.emulator.world.collection('c')?.userCount).toBe(0);
      expect(flaky.emulator.stats().total.faults).toBeGreaterThan(0);
      flaky.emulator.setFaultRate(0);
      await expect(retrying.send(new DescribeCollectionCommand({ CollectionId: 'c' }))).resolves.toBeDefined();
    } finally {
      retrying.destroy();
      await stopTestEmulator(flaky);
    }
  });
});

describe('emulator: latency', () => {
  let emulator: RunningEmulator | undefined;
  afterAll(() => emulator?.close());

  it('adds latencyMs to every response', async () => {
    const test = await startTestEmulator({ latencyMs: 120 });
    emulator = test.emulator;
    const started = performance.now();
    await test.client.send(new ListCollectionsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    test.client.destroy();
  });
});

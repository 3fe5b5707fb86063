import { ListCollectionsCommand } from '@aws-sdk/client-rekognition';
import { createRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { currentRates, withRateShare } from '../../../lambdas/core/rates/rate-share';
import { startTestEmulator, stopTestEmulator, type TestEmulator } from '../../emulator/emulator-test-kit';

describe("the client's middleware closes the loop", () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator({ tps: { ListCollections: 2 } });
  });
  afterAll(() => stopTestEmulator(test));

  it('reports every refused attempt, those the SDK retries on its own included, and the calls still succeed', async () => {
    const client = createRekognitionClient({ endpoint: test.emulator.url, maxAttempts: 8 });
    try {
      const summary = await withRateShare({ concurrency: 1, tps: { ListCollections: 20 } }, async () => {
        for (let i = 0; i < 8; i += 1) await client.send(new ListCollectionsCommand({}));
        return currentRates()!.summary();
      });
      const refused = test.emulator.stats().operations.ListCollections?.throttled ?? 0;
      expect(refused).toBeGreaterThan(0);
      // Every refusal the emulator counted reached the loop, though the caller saw none of them.
      expect(summary.ListCollections?.throttles).toBe(refused);
      expect(summary.ListCollections?.cuts).toBeGreaterThan(0);
      expect(summary.ListCollections?.fraction).toBeLessThan(1);
    } finally {
      client.destroy();
    }
  });
});

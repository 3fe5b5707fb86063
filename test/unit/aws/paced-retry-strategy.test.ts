import { PacedRetryStrategy } from '../../../lambdas/core/aws/paced-retry-strategy';
import { withRateShare } from '../../../lambdas/core/rates/rate-share';

const quotaRefusal = Object.assign(new Error('Provisioned rate exceeded'), {
  name: 'ProvisionedThroughputExceededException',
});
const serviceThrottle = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const share = { concurrency: 1, tps: { ListFaces: 5 } };

describe('PacedRetryStrategy', () => {
  const strategy = new PacedRetryStrategy(3, () => 0.5);

  test('under a rate share, an attempt the quota refused is sent again at once: the closed loop paces it', async () => {
    await withRateShare(share, async () => {
      const first = await strategy.acquireInitialRetryToken();
      const retry = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING', error: quotaRefusal });
      expect(retry.getRetryCount()).toBe(1);
      expect(retry.getRetryDelay()).toBe(0);
    });
  });

  test("outside a rate share, and for the service's ThrottlingException, it backs off like the standard mode", async () => {
    const first = await strategy.acquireInitialRetryToken();
    const unpaced = await strategy.refreshRetryTokenForRetry(first, { errorType: 'THROTTLING', error: quotaRefusal });
    expect(unpaced.getRetryDelay()).toBe(250);
    await withRateShare(share, async () => {
      const service = await strategy.refreshRetryTokenForRetry(first, {
        errorType: 'THROTTLING',
        error: serviceThrottle,
      });
      expect(service.getRetryDelay()).toBe(250);
      const transient = await strategy.refreshRetryTokenForRetry(service, { errorType: 'TRANSIENT' });
      expect(transient.getRetryDelay()).toBe(100);
    });
  });

  test('client errors are not retried, and maxAttempts bounds the rest', async () => {
    const first = await strategy.acquireInitialRetryToken();
    await expect(strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
    const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' });
    const third = await strategy.refreshRetryTokenForRetry(second, { errorType: 'TRANSIENT' });
    expect(third.getRetryCount()).toBe(2);
    await expect(strategy.refreshRetryTokenForRetry(third, { errorType: 'TRANSIENT' })).rejects.toThrow();
  });
});

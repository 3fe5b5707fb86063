import { currentRates } from '../rates/rate-share';
import { isQuotaRefusal } from './rekognition-errors';

/** The parts of the SDK's retry contract (RetryStrategyV2 in @smithy/types) this strategy uses. */
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}
interface RetryErrorInfo {
  errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  error?: unknown;
}

/** Full-jitter exponential backoff, as the SDK's standard mode: for 5xx and timeouts, and unpaced throttles. */
const TRANSIENT_BASE_MS = 100;
const THROTTLING_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;

/**
 * The SDK's standard retries (throttles and transient errors, up to maxAttempts), with one difference: an attempt
 * the quota refused under a rate share is sent again without the SDK's backoff. The closed loop has already slowed
 * the operation down when the SDK asks (the client's middleware reports the refusal first), and the next attempt
 * waits for its paced slot; backing off as well would idle the quota twice, and stall a purge's page chain for up to
 * a second per refusal. Outside a rate share nothing paces the retry, so it backs off as the standard mode does, and
 * so does every other throttle (ThrottlingException: the service, not the quota).
 */
export class PacedRetryStrategy {
  readonly mode = 'standard';

  constructor(
    private readonly maxAttempts: number,
    private readonly random: () => number = Math.random,
  ) {}

  acquireInitialRetryToken(): Promise<RetryToken> {
    return Promise.resolve(token(0, 0));
  }

  refreshRetryTokenForRetry(previous: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount() + 1;
    const retryable = errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT';
    // The SDK reads a rejection as "no more retries" and throws the attempt's own error.
    if (!retryable || retries >= this.maxAttempts) return Promise.reject(new Error('No retry token available'));
    if (isQuotaRefusal(errorInfo.error) && currentRates() !== undefined) return Promise.resolve(token(retries, 0));
    const base = errorInfo.errorType === 'THROTTLING' ? THROTTLING_BASE_MS : TRANSIENT_BASE_MS;
    const delay = Math.floor(this.random() * Math.min(MAX_DELAY_MS, base * 2 ** (retries - 1)));
    return Promise.resolve(token(retries, delay));
  }

  recordSuccess(): void {}
}

function token(retryCount: number, retryDelay: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => retryDelay };
}

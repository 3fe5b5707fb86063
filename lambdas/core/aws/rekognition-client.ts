import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { acquireRate, reportThrottle } from '../rates/rate-share';
import { PacedRetryStrategy } from './paced-retry-strategy';
import { functionEnv } from '../function-env';
import { isQuotaRefusal } from './rekognition-errors';

/**
 * One Rekognition client per process, created on first use. Lambda reuses it across invocations; the local runner
 * replaces it (`useRekognitionClient`) so in-process handlers talk to the emulator.
 *
 * REKOGNITION_ENDPOINT points the client at an emulator; REKOGNITION_MAX_ATTEMPTS bounds the SDK's own retries
 * (paced-retry-strategy.ts: the standard mode's, throttles left to the rate share's closed loop) before the state
 * machine takes over.
 */
let shared: RekognitionClient | undefined;

export function rekognitionClient(): RekognitionClient {
  shared ??= createRekognitionClient({
    endpoint: functionEnv().REKOGNITION_ENDPOINT,
    maxAttempts: Number(functionEnv().REKOGNITION_MAX_ATTEMPTS ?? 8),
  });
  return shared;
}

/** Replace the process-wide client (local runner, tests). Pass undefined to go back to the default. */
export function useRekognitionClient(client: RekognitionClient | undefined): void {
  shared = client;
}

export interface RekognitionClientOptions {
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
}

export function createRekognitionClient(options: RekognitionClientOptions = {}): RekognitionClient {
  const local = options.endpoint !== undefined && options.endpoint !== '';
  const client = new RekognitionClient({
    ...(local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : options.region !== undefined
        ? { region: options.region }
        : {}),
    maxAttempts: options.maxAttempts ?? 8,
    retryStrategy: new PacedRetryStrategy(options.maxAttempts ?? 8),
  });
  // Inside the retry middleware, so every attempt (retries too) waits for the invocation's rate share, and every
  // attempt the quota refused reaches the closed loop, including those the SDK retries without the caller knowing.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const ticket = await acquireRate(String(context.commandName ?? '').replace(/Command$/, ''));
      try {
        return await next(args);
      } catch (error) {
        if (ticket !== undefined && isQuotaRefusal(error)) await reportThrottle(ticket);
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'rekognitionCleanupRateShare' },
  );
  return client;
}

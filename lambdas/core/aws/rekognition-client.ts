import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { acquireRate } from '../rates/rate-share';

/**
 * One Rekognition client per process, created on first use. Lambda reuses it across invocations; the local runner
 * replaces it (`useRekognitionClient`) so in-process handlers talk to the emulator.
 *
 * REKOGNITION_ENDPOINT points the client at an emulator; REKOGNITION_MAX_ATTEMPTS bounds the SDK's own retries
 * (standard mode: exponential backoff with full jitter on throttling and 5xx) before the state machine takes over.
 */
let shared: RekognitionClient | undefined;

export function rekognitionClient(): RekognitionClient {
  shared ??= createRekognitionClient({
    endpoint: process.env.REKOGNITION_ENDPOINT,
    maxAttempts: Number(process.env.REKOGNITION_MAX_ATTEMPTS ?? 8),
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
    retryMode: 'standard',
  });
  // Inside the retry middleware, so every attempt (retries too) waits for the invocation's rate share.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await acquireRate(String(context.commandName ?? '').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'rekognitionCleanupRateShare' },
  );
  return client;
}

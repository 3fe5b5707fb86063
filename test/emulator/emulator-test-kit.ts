/** Shared set-up for the emulator tests: a running emulator and a real SDK client pointed at it. */
import { type IncomingHttpHeaders, request } from 'node:http';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../local/emulator';

export interface TestEmulator {
  emulator: RunningEmulator;
  client: RekognitionClient;
}

/** `maxAttempts: 1` by default so an error surfaces as is instead of being retried. */
export function clientFor(emulator: RunningEmulator, maxAttempts = 1): RekognitionClient {
  return new RekognitionClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
  });
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ randomSeed: 42, ...options });
  return { emulator, client: clientFor(emulator) };
}

export async function stopTestEmulator(test: TestEmulator | undefined): Promise<void> {
  test?.client.destroy();
  await test?.emulator.close();
}

/**
 * Raw awsJson1_1 call, for what the SDK cannot send (unknown operations, broken bodies) or to skip its parsing.
 * node:http rather than fetch: undici is several times slower on megabyte-sized ListFaces pages.
 */
export function rawCall(
  emulator: RunningEmulator,
  target: string | undefined,
  body: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; json: Record<string, unknown> }> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}) };
  return new Promise((resolve, reject) => {
    const call = request(emulator.url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, json });
      });
    });
    call.on('error', reject);
    call.end(body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `action` and returns what it threw (fails the test if it did not throw). */
export async function caught(
  action: () => Promise<unknown>,
): Promise<Error & { $fault?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * What the service answers for a request that breaks a model constraint. The SDK has no class for it (it is not in
 * Rekognition's model), so it is matched by name; `member` is the wire path the message must name.
 */
export function expectValidationError(error: Error & { $fault?: string }, member?: string): void {
  expect(error.name).toBe('ValidationException');
  expect(error.$fault).toBe('client');
  if (member !== undefined) expect(error.message).toContain(`at '${member}'`);
}

/**
 * The emulator without a socket: a RekognitionClient whose request handler hands each request to the emulator's
 * request pipeline in the same process. The SDK still serializes and parses every call, and the emulator still
 * validates, pages and answers exactly as over HTTP, so unit tests get the one model of the service at the cost of
 * a function call. Every command is recorded, and a hook may act before one is sent (change the world, throw).
 */
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { EmulatorOptions } from './emulator-options';
import type { EmulatorWorld } from './model/emulator-world';
import type { EmulatorStats } from './service/stats';
import { assembleEmulator } from './start-emulator';

/** One command the client sent (the SDK's own retries of it are not repeated here). */
export interface InProcessCall {
  /** e.g. `ListFaces`. */
  name: string;
  input: Record<string, unknown>;
}

export interface InProcessEmulator {
  client: RekognitionClient;
  world: EmulatorWorld;
  /** Every command sent through `client`, in order. */
  calls: InProcessCall[];
  /** The inputs of every command of one operation, in order. */
  callsOf(name: string): Record<string, unknown>[];
  /**
   * Runs before each command is sent: it may change the world, advance a clock, or throw (the command then fails
   * with that error, as if the service had answered it).
   */
  beforeCall: (call: InProcessCall, index: number) => void | Promise<void>;
  stats(): EmulatorStats;
}

/** The SDK hands a JSON body over as a string or as bytes. */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  return '';
}

export function inProcessEmulator(
  options: Omit<EmulatorOptions, 'port' | 'host' | 'latencyMs'> & {
    /** The SDK's attempts per command. @default 1: an error surfaces as it is */
    maxAttempts?: number;
  } = {},
): InProcessEmulator {
  const { maxAttempts = 1, ...emulatorOptions } = options;
  const core = assembleEmulator({ randomSeed: 42, transitionMs: 0, ...emulatorOptions });
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'];
      const body = bodyText(request.body);
      const result = core.dispatcher.dispatch(target, body);
      const bytes = typeof result.body === 'string' ? Buffer.from(result.body, 'utf8') : result.body;
      return {
        response: {
          statusCode: result.status,
          reason: undefined,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(bytes.length) },
          body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  const client = new RekognitionClient({
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: 'in-process', secretAccessKey: 'in-process' },
    maxAttempts,
    requestHandler,
  });
  const emulator: InProcessEmulator = {
    client,
    world: core.world,
    calls: [],
    callsOf: (name) => emulator.calls.filter((call) => call.name === name).map((call) => call.input),
    beforeCall: () => {},
    stats: () => core.stats.snapshot(),
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const call = {
        name: (context.commandName ?? '').replace(/Command$/, ''),
        input: structuredClone(args.input) as Record<string, unknown>,
      };
      emulator.calls.push(call);
      await emulator.beforeCall(call, emulator.calls.length - 1);
      return next(args);
    },
    { step: 'initialize', name: 'inProcessCallLog' },
  );
  return emulator;
}

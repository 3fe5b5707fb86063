import type { RekognitionClient } from '@aws-sdk/client-rekognition';

/** One command the product sent, in the order it sent them (the SDK's own retries of it are not repeated here). */
export interface RecordedCall {
  seq: number;
  /** When it was sent (epoch ms). */
  at: number;
  /** e.g. `DeleteProjectVersion`. */
  operation: string;
  input: Record<string, unknown>;
  /** Kept only for the operations the log was asked to keep outputs of (outputs of big pages cost memory). */
  output?: Record<string, unknown>;
  /** The error name when the command failed after the SDK's retries. */
  error?: string;
  /** What the probe read from the emulator right before the command was sent. */
  observed?: unknown;
}

export type CallProbe = (operation: string, input: Record<string, unknown>) => unknown;

type Handler = (args: { input: object }) => Promise<{ output: object }>;

/**
 * Every command the handlers send through one client, in order. Recorded by an `initialize` middleware, which runs
 * once per command before the SDK's retry loop: the emulator's stats count attempts, this log counts commands, so
 * `emulator calls > logged commands` proves the SDK retried.
 */
export class CallLog {
  readonly calls: RecordedCall[] = [];

  constructor(
    private readonly keepOutputsOf: ReadonlySet<string> = new Set(['DescribeProjectVersions']),
    private readonly probe?: CallProbe,
  ) {}

  attach(client: RekognitionClient): void {
    const middleware = (next: Handler, context: { commandName?: string }) => async (args: { input: object }) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const input = args.input as Record<string, unknown>;
      const call: RecordedCall = { seq: this.calls.length, at: Date.now(), operation, input };
      if (this.probe !== undefined) call.observed = this.probe(operation, input);
      this.calls.push(call);
      try {
        const result = await next(args);
        if (this.keepOutputsOf.has(operation)) call.output = result.output as Record<string, unknown>;
        return result;
      } catch (error) {
        call.error = error instanceof Error ? error.name : String(error);
        throw error;
      }
    };
    // The SDK's middleware types are generic over every command; this middleware is the same for all of them.
    client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'e2eCallLog', override: true });
  }

  clear(): void {
    this.calls.length = 0;
  }

  of(operation: string): RecordedCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }
}

import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { LocalFunction } from './definition-from-template';
import { withFunctionEnv } from '../../lambdas/core/function-env';
import { runInInvocation } from './invocation-scope';

const PROJECT_ROOT = path.join(__dirname, '..', '..');

export interface InvocationInfo {
  fn: LocalFunction;
  stateName: string;
  payload: unknown;
  /** 1 for the first call of this function in the run, and so on. */
  sequence: number;
}

/** Fault injection points for soak tests: throw to make an invocation fail like a crashed Lambda. */
export interface InvocationHooks {
  /** Before the handler runs: a throw is a Lambda that crashed before doing anything. */
  beforeInvoke?(call: InvocationInfo): void | Promise<void>;
  /** After the handler returned: a throw is a Lambda that did its work and crashed before answering. */
  afterInvoke?(call: InvocationInfo, result: unknown): void | Promise<void>;
}

/** The timeout one invocation runs with (fault injection shortens some). */
export type InvocationTimeout = (fn: LocalFunction, call: InvocationInfo) => number;

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Invokes a handler in-process the way Lambda does: the payload and result go through JSON, the handler gets a
 * Lambda context whose remaining time counts down from the function's timeout, and a thrown error reaches Step
 * Functions with the error type as name and Lambda's JSON error document as cause.
 */
export class LambdaInvoker {
  private readonly handlers = new Map<string, Handler>();
  private readonly sequences = new Map<string, number>();
  readonly invocationsByFunction = new Map<string, number>();

  constructor(
    private readonly options: {
      timeoutMs?: InvocationTimeout;
      hooks?: InvocationHooks;
      /** Once true, every invocation's context says no time is left (a stopped run: see graceful-stop.ts). */
      stopping?: () => boolean;
    } = {},
  ) {}

  async invoke(fn: LocalFunction, stateName: string, payload: unknown): Promise<unknown> {
    const sequence = (this.sequences.get(fn.logicalId) ?? 0) + 1;
    this.sequences.set(fn.logicalId, sequence);
    this.invocationsByFunction.set(fn.logicalId, sequence);
    // Step Functions' size limits on the payload and the result are the run's to check (RunLimits).
    const event = JSON.parse(JSON.stringify(payload ?? null));
    const call: InvocationInfo = { fn, stateName, payload: event, sequence };
    const timeoutMs = this.options.timeoutMs?.(fn, call) ?? fn.timeoutSeconds * 1000;
    // The function's own variables, for this invocation only (hooks included: they act as the Lambda would).
    return withFunctionEnv(fn.environment, async () => {
      try {
        await this.options.hooks?.beforeInvoke?.(call);
        const handler = this.handler(fn);
        const result = await runInInvocation((invocation) =>
          withTimeout(handler(event, lambdaContext(fn, timeoutMs, this.options.stopping)), timeoutMs, () => {
            invocation.timedOut = true;
          }),
        );
        await this.options.hooks?.afterInvoke?.(call, result);
        return JSON.parse(JSON.stringify(result ?? null));
      } catch (error) {
        throw asLambdaError(error);
      }
    });
  }

  private handler(fn: LocalFunction): Handler {
    let handler = this.handlers.get(fn.entry);
    if (handler === undefined) {
      // Loaded on demand, by the path the template records, without its extension: the TypeScript source from the
      // source tree (tsx, jest), the compiled module from the package (dist/lambdas/<fn>/index.js).
      const module = require(path.join(PROJECT_ROOT, fn.entry.replace(/\.ts$/, ''))) as { handler?: Handler };
      if (typeof module.handler !== 'function') throw new Error(`${fn.entry} does not export a handler`);
      handler = module.handler;
      this.handlers.set(fn.entry, handler);
    }
    return handler;
  }
}

function lambdaContext(fn: LocalFunction, timeoutMs: number, stopping?: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => (stopping?.() === true ? 0 : Math.max(0, deadline - Date.now())),
  };
}

class SandboxTimeout extends Error {
  override readonly name = 'Sandbox.Timedout';
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new SandboxTimeout(`Task timed out after ${timeoutMs / 1000} seconds`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What Step Functions sees from a failed Lambda: Error = errorType, Cause = Lambda's JSON error document. */
function asLambdaError(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const cause = JSON.stringify({
    errorType: original.name,
    errorMessage: original.message,
    trace: (original.stack ?? '').split('\n').slice(0, 5),
  });
  const lambdaError = new Error(cause);
  lambdaError.name = original.name;
  return lambdaError;
}

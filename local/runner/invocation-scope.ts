import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Lambda freezes and then discards a function that exceeds its timeout: nothing it had in flight carries on. In
 * process, a timed-out handler's promise cannot be killed, so every Rekognition call it would still make is refused
 * instead. Without this, a timed-out invocation would go on deleting next to its own retry.
 */
interface InvocationScope {
  timedOut: boolean;
}

const scope = new AsyncLocalStorage<InvocationScope>();

export function runInInvocation<T>(work: (invocation: InvocationScope) => Promise<T>): Promise<T> {
  const invocation: InvocationScope = { timedOut: false };
  return scope.run(invocation, () => work(invocation));
}

export class InvocationTerminatedError extends Error {
  override readonly name = 'InvocationTerminatedError';
}

const GUARD = 'localRunnerInvocationGuard';

/** An AWS SDK v3 client, of any service (Rekognition, the job store's DynamoDB). */
interface SdkClient {
  middlewareStack: {
    identify(): string[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- middleware signatures differ per client; this one only forwards.
    add(middleware: (next: any) => (args: any) => Promise<any>, options: Record<string, unknown>): void;
  };
}

/** Refuses calls made on behalf of an invocation that has timed out (every attempt, SDK retries included). */
export function guardTimedOutInvocations(client: SdkClient): void {
  if (client.middlewareStack.identify().some((entry) => entry.startsWith(GUARD))) return;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (scope.getStore()?.timedOut === true) {
        throw new InvocationTerminatedError('the Lambda invocation that made this call has timed out');
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: GUARD },
  );
}

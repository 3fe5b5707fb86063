import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The environment of the function whose invocation is running. In Lambda that is process.env: one function per
 * process. The local runner runs every function in one process, so it gives each invocation its own variables
 * (`withFunctionEnv`) instead of merging them all into process.env, where one function's settings would leak into
 * another's.
 */
const scope = new AsyncLocalStorage<NodeJS.ProcessEnv>();

/** What the core reads its settings from: the running invocation's variables, else process.env. */
export function functionEnv(): NodeJS.ProcessEnv {
  return scope.getStore() ?? process.env;
}

/**
 * Runs `work` with `variables` as the function's environment, over the process's own (the machine's AWS settings,
 * the local key file): what a Lambda sees is its configuration on top of the runtime's variables.
 */
export function withFunctionEnv<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
  return scope.run({ ...process.env, ...variables }, work);
}

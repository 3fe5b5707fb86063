import type { StateMachineDefinition } from '../../../../local/vendor/aws-local-stepfunctions';

/** A JSON object whose UTF-8 JSON text is exactly `bytes` long: `{"p":"xxx…"}`. */
export function sized(bytes: number): { p: string } {
  const value = { p: 'x'.repeat(bytes - 8) };
  if (Buffer.byteLength(JSON.stringify(value)) !== bytes) throw new Error(`cannot make ${bytes} bytes`);
  return value;
}

export const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

export function machine(states: StateMachineDefinition['States'], startAt = Object.keys(states)[0]!) {
  return { StartAt: startAt, States: states } as StateMachineDefinition;
}

/** Task handlers that record each call, by state name. */
export function recordingHandlers(handlers: Record<string, (input: unknown) => unknown>) {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      async (input: unknown) => {
        calls.push(name);
        return handler(input) as never;
      },
    ]),
  );
  return { calls, handlers: wrapped };
}

/**
 * An AWS SDK client whose commands are answered in this process: a middleware at the front of the client's stack
 * returns the local answer, so the real code (the intake, the receipt function) sends real SDK commands, and the
 * errors it matches (ExecutionAlreadyExists, ...) are the SDK's own classes.
 */
type Serve = (commandName: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

interface StackOwner {
  middlewareStack: {
    add(
      middleware: (
        next: unknown,
        context: { commandName?: string },
      ) => (args: { input: Record<string, unknown> }) => Promise<{ output: { $metadata: object }; response: unknown }>,
      options: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
}

export function serveLocally<C>(client: C, serve: Serve): C {
  (client as unknown as StackOwner).middlewareStack.add(
    (_next, context) => async (args) => ({
      output: { $metadata: {}, ...(await serve(context.commandName ?? '', args.input)) },
      response: {},
    }),
    { step: 'initialize', name: 'servedLocally', priority: 'high' },
  );
  return client;
}

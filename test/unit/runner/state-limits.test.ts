import { runDefinition } from '../../../local/runner/execute-machine';
import { RunLimits, STATE_PAYLOAD_LIMIT_BYTES, TerminalError } from '../../../local/runner/state-limits';
import { lambda, machine, recordingHandlers, sized } from './support/definitions';

const KIB = 1024;

/** What AWS does with a state over 256 KiB: the execution fails, naming the state, the direction and the size. */
function expectDataLimit(
  run: Awaited<ReturnType<typeof runDefinition>>,
  stateName: string,
  direction: 'input' | 'output',
) {
  expect(run.status).toBe('FAILED');
  expect(run.error).toBe('States.DataLimitExceeded');
  expect(run.cause).toMatch(new RegExp(`^The ${direction} of state ${stateName} is \\d+ bytes`));
  expect(run.limitViolations).toEqual([{ stateName, direction, bytes: expect.any(Number) }]);
  expect(run.limitViolations[0]!.bytes).toBeGreaterThan(STATE_PAYLOAD_LIMIT_BYTES);
  expect(run.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', Error: 'States.DataLimitExceeded' });
}

describe('256 KiB on every state', () => {
  test('a state of exactly 262,144 bytes passes, and one of 262,145 fails', async () => {
    const definition = machine({ Echo: { Type: 'Pass', End: true } });
    const atLimit = await runDefinition(definition, sized(262_144));
    expect(atLimit.status).toBe('SUCCEEDED');
    expect(atLimit.limitViolations).toEqual([]);

    const over = await runDefinition(definition, sized(262_145));
    expectDataLimit(over, 'Echo', 'input');
    expect(over.limitViolations[0]!.bytes).toBe(262_145);
  });

  test('a Pass output over the limit fails the run', async () => {
    const run = await runDefinition(machine({ Big: { Type: 'Pass', Result: sized(300 * KIB), End: true } }), {});
    expectDataLimit(run, 'Big', 'output');
  });

  test("a Map's results array over the limit fails the Map, though every iteration is under it", async () => {
    const definition = machine({
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: machine({ Item: { Type: 'Pass', Result: sized(100 * KIB), End: true } }),
        End: true,
      },
    });
    const run = await runDefinition(definition, { items: [1, 2, 3] });
    expectDataLimit(run, 'Each', 'output');
    expect(run.events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(3);
  });

  test("a Parallel's output over the limit fails the Parallel", async () => {
    const branch = (name: string) => machine({ [name]: { Type: 'Pass', Result: sized(100 * KIB), End: true } });
    const definition = machine({
      Both: { Type: 'Parallel', Branches: [branch('A'), branch('B'), branch('C')], End: true },
    });
    expectDataLimit(await runDefinition(definition, {}), 'Both', 'output');
  });

  test('a Task result under the limit that ResultPath merges into an input under the limit fails the state', async () => {
    const { calls, handlers } = recordingHandlers({ Fetch: () => sized(150 * KIB) });
    const definition = machine({
      Fetch: { Type: 'Task', Resource: lambda('Fetch'), ResultPath: '$.fetched', End: true },
    });
    const run = await runDefinition(definition, sized(150 * KIB), handlers);
    expectDataLimit(run, 'Fetch', 'output');
    expect(calls).toEqual(['Fetch']);
  });

  test("a Map iteration's input made over the limit by ItemSelector fails before the iteration's task runs", async () => {
    const { calls, handlers } = recordingHandlers({ Work: () => ({}) });
    const definition = machine({
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'a.$': '$.big', 'b.$': '$.big', 'item.$': '$$.Map.Item.Value' },
        // A Pass first: the iteration's input is checked as a state's input, not only as a Task's payload.
        ItemProcessor: machine({
          Enter: { Type: 'Pass', Next: 'Work' },
          Work: { Type: 'Task', Resource: lambda('Work'), End: true },
        }),
        End: true,
      },
    });
    const run = await runDefinition(definition, { items: [1, 2], big: sized(150 * KIB) }, handlers);
    expectDataLimit(run, 'Enter', 'input');
    expect(calls).toEqual([]);
  });

  test("a Choice's input over the limit fails the run, and no state after it runs", async () => {
    const { calls, handlers } = recordingHandlers({ After: () => ({}) });
    const definition = machine({
      Route: { Type: 'Choice', Choices: [{ Variable: '$.p', IsPresent: true, Next: 'After' }], Default: 'After' },
      After: { Type: 'Task', Resource: lambda('After'), End: true },
    });
    const run = await runDefinition(definition, sized(300 * KIB), handlers);
    expectDataLimit(run, 'Route', 'input');
    expect(calls).toEqual([]);
  });

  test('a Catch and a Retry on States.ALL do not handle States.DataLimitExceeded: the catcher never runs', async () => {
    const { calls, handlers } = recordingHandlers({ Produce: () => sized(300 * KIB), Recover: () => ({}) });
    const definition = machine({
      Produce: {
        Type: 'Task',
        Resource: lambda('Produce'),
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3, IntervalSeconds: 1 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
        End: true,
      },
      Recover: { Type: 'Task', Resource: lambda('Recover'), End: true },
    });
    const run = await runDefinition(definition, {}, handlers);
    expectDataLimit(run, 'Produce', 'output');
    expect(calls).toEqual(['Produce']);
    expect(run.events.map((e) => e.type)).not.toContain('StateCaught');
    expect(run.events.map((e) => e.type)).not.toContain('StateRetried');
  });

  test('a Catch on the Map does not handle an iteration over the limit either', async () => {
    const { calls, handlers } = recordingHandlers({ Recover: () => ({}) });
    const definition = machine({
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: machine({ Item: { Type: 'Pass', Result: sized(300 * KIB), End: true } }),
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
        End: true,
      },
      Recover: { Type: 'Task', Resource: lambda('Recover'), End: true },
    });
    const run = await runDefinition(definition, { items: [1] }, handlers);
    expectDataLimit(run, 'Item', 'output');
    expect(calls).toEqual([]);
  });

  test('once a branch breaks the limit, no Task handler starts in another branch still running', async () => {
    const { calls, handlers } = recordingHandlers({
      Slow: () => new Promise((resolve) => setTimeout(() => resolve({}), 100)),
      Then: () => ({}),
    });
    const definition = machine({
      Both: {
        Type: 'Parallel',
        Branches: [
          machine({ Big: { Type: 'Pass', Result: sized(300 * KIB), End: true } }),
          machine({
            Slow: { Type: 'Task', Resource: lambda('Slow'), Next: 'Then' },
            Then: { Type: 'Task', Resource: lambda('Then'), End: true },
          }),
        ],
        End: true,
      },
    });
    const run = await runDefinition(definition, {}, handlers);
    expectDataLimit(run, 'Big', 'output');
    // Long enough for the slow branch to have gone on to its next task, had it not been stopped.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toEqual(['Slow']);
  });
});

/** The run above is stopped by three overlapping means; each is shown here to hold on its own. */
describe('each means of stopping, alone', () => {
  test('a TerminalError thrown by a task is matched by no Retry and no Catch on States.ALL', async () => {
    const { calls, handlers } = recordingHandlers({
      Throw: () => {
        throw new TerminalError('Custom.Terminal', 'stop');
      },
      Recover: () => ({}),
    });
    const definition = machine({
      Throw: {
        Type: 'Task',
        Resource: lambda('Throw'),
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
        End: true,
      },
      Recover: { Type: 'Task', Resource: lambda('Recover'), End: true },
    });
    // Not a limit of the run: nothing but the error's own flags keeps the catcher from running.
    const run = await runDefinition(definition, {}, handlers);
    expect(run.error).toBe('Custom.Terminal');
    expect(calls).toEqual(['Throw']);
  });

  test('after a broken limit, a Task handler refuses to start', async () => {
    const limits = new RunLimits();
    const inner = jest.fn(async () => ({}));
    const guarded = limits.guardTasks({ Task: inner });
    expect(() => limits.checkSize('Big', 'output', sized(300 * KIB))).toThrow(TerminalError);
    await expect(guarded.Task!({})).rejects.toMatchObject({ name: 'States.DataLimitExceeded' });
    expect(inner).not.toHaveBeenCalled();
  });

  test('a broken limit aborts the root execution synchronously, once', () => {
    const limits = new RunLimits();
    const abort = jest.fn();
    limits.attach(abort);
    expect(() => limits.checkSize('Big', 'input', sized(300 * KIB))).toThrow(TerminalError);
    expect(abort).toHaveBeenCalledTimes(1);
    expect(() => limits.checkSize('Other', 'input', sized(300 * KIB))).toThrow(TerminalError);
    expect(abort).toHaveBeenCalledTimes(1);
    expect(limits.violations.map((v) => v.stateName)).toEqual(['Big']);
  });
});

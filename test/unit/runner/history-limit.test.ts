import { awsHistory } from '../../../local/runner/aws-history';
import { runDefinition } from '../../../local/runner/execute-machine';
import { lambda, machine, recordingHandlers } from './support/definitions';

const LIMIT_CAUSE = 'The execution reached the maximum number of history events (25000).';

test('a loop that never ends fails with States.Runtime, its failure being event 25,000, as in AWS', async () => {
  const definition = machine({
    Spin: { Type: 'Pass', Next: 'Again' },
    Again: { Type: 'Choice', Choices: [{ Variable: '$.spin', BooleanEquals: true, Next: 'Spin' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  });
  const run = await runDefinition(definition, { spin: true });
  expect(run).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: LIMIT_CAUSE });
  expect(run.stats.historyEvents).toBe(25_000);
  const { events } = awsHistory(run.events);
  expect(events).toHaveLength(25_000);
  expect(events.at(-1)).toMatchObject({
    id: 25_000,
    previousEventId: 24_999,
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error: 'States.Runtime', cause: LIMIT_CAUSE },
  });
  // Started, then Pass entered/exited and Choice entered/exited in turn: event 24,999 is the 6,250th Pass exit.
  expect(events.at(-2)).toMatchObject({ id: 24_999, type: 'PassStateExited' });
});

test('a polling loop stops calling its task when the history is full', async () => {
  const { calls, handlers } = recordingHandlers({ Poll: () => ({ done: false }) });
  const definition = machine({
    Poll: { Type: 'Task', Resource: lambda('Poll'), Next: 'Done?' },
    'Done?': { Type: 'Choice', Choices: [{ Variable: '$.done', BooleanEquals: false, Next: 'Poll' }], Default: 'End' },
    End: { Type: 'Succeed' },
  });
  const run = await runDefinition(definition, {}, handlers);
  expect(run).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  // Seven events a round (task entered, scheduled, started, succeeded, exited; choice entered, exited). The round
  // whose first three events would pass the limit is not started: the failure is event 24,999, one early.
  expect(run.stats.historyEvents).toBe(24_999);
  expect(calls.length).toBe(Math.ceil((25_000 - 1 - 3) / 7));
  const callsAtEnd = calls.length;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(calls.length).toBe(callsAtEnd);
});

describe('at the boundary (with a smaller limit, same rule)', () => {
  // Started, three Pass states entered and exited, Succeeded: 8 events, 7 of them before the last.
  const definition = machine({
    A: { Type: 'Pass', Next: 'B' },
    B: { Type: 'Pass', Next: 'C' },
    C: { Type: 'Pass', End: true },
  });

  test('a history that ends exactly at the limit succeeds', async () => {
    const run = await runDefinition(definition, {}, {}, { historyEventLimit: 8 });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.stats.historyEvents).toBe(8);
  });

  test('one event more and the failure takes the last place', async () => {
    const run = await runDefinition(definition, {}, {}, { historyEventLimit: 7 });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.Runtime');
    expect(awsHistory(run.events).events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'ExecutionFailed',
    ]);
  });
});

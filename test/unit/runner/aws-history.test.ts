import { awsHistory } from '../../../local/runner/aws-history';
import { runDefinition } from '../../../local/runner/execute-machine';
import { lambda, machine, recordingHandlers } from './support/definitions';

const WORK_ARN = lambda('Work');
const resources: Record<string, string> = { Work: WORK_ARN, Fragile: 'arn:aws:states:::lambda:invoke' };

async function sampleRun(items: number[] = [1, 2]) {
  let workAttempts = 0;
  const { handlers } = recordingHandlers({
    Work: () => {
      workAttempts += 1;
      if (workAttempts === 1) throw Object.assign(new Error('try again'), { name: 'Flaky' });
      return { worked: true };
    },
    Fragile: () => {
      throw Object.assign(new Error('always'), { name: 'Broken' });
    },
  });
  const definition = machine({
    Start: { Type: 'Pass', Next: 'Work' },
    Work: {
      Type: 'Task',
      Resource: WORK_ARN,
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 1 }],
      ResultPath: '$.work',
      Next: 'Route',
    },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.work.worked', BooleanEquals: true, Next: 'Fanout' }] },
    Fanout: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: machine({ Item: { Type: 'Pass', End: true } }),
      ResultPath: '$.mapped',
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      Branches: [machine({ InBranch: { Type: 'Pass', End: true } })],
      ResultPath: null,
      Next: 'Fragile',
    },
    Fragile: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'Fragile' },
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Done' }],
      End: true,
    },
    Done: { Type: 'Succeed' },
  });
  return runDefinition(definition, { items }, handlers);
}

test("the history has AWS's event types in AWS's order, numbered from 1", async () => {
  // One Map iteration: the runner forwards iterations' events late, so those of two iterations can interleave.
  const run = await sampleRun([1]);
  expect(run.status).toBe('SUCCEEDED');
  const { events } = awsHistory(run.events, { resourceOf: (name) => resources[name] });
  expect(events.map((e) => e.type)).toEqual([
    'ExecutionStarted',
    'PassStateEntered',
    'PassStateExited',
    'TaskStateEntered',
    'LambdaFunctionScheduled',
    'LambdaFunctionStarted',
    'LambdaFunctionFailed',
    'LambdaFunctionScheduled',
    'LambdaFunctionStarted',
    'LambdaFunctionSucceeded',
    'TaskStateExited',
    'ChoiceStateEntered',
    'ChoiceStateExited',
    'MapStateEntered',
    'MapStateStarted',
    'MapIterationStarted',
    'PassStateEntered',
    'PassStateExited',
    'MapIterationSucceeded',
    'MapStateSucceeded',
    'MapStateExited',
    'ParallelStateEntered',
    'ParallelStateStarted',
    'PassStateEntered',
    'PassStateExited',
    'ParallelStateSucceeded',
    'ParallelStateExited',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskFailed',
    'TaskStateExited',
    'SucceedStateEntered',
    'SucceedStateExited',
    'ExecutionSucceeded',
  ]);
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  expect(events[0]!.previousEventId).toBe(0);
  // The statistics count the very same events.
  expect(run.stats.historyEvents).toBe(events.length);
});

test('inputs and outputs are JSON text, and failures carry their error and cause, as get-execution-history has them', async () => {
  const run = await sampleRun();
  const { events } = awsHistory(run.events, { resourceOf: (name) => resources[name] });
  const byType = (type: string) => events.filter((e) => e.type === type);

  expect(events[0]).toMatchObject({
    executionStartedEventDetails: { input: '{"items":[1,2]}' },
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  });
  expect(byType('PassStateEntered')[0]).toMatchObject({
    stateEnteredEventDetails: { name: 'Start', input: '{"items":[1,2]}' },
  });
  const workExit = byType('TaskStateExited')[0]!;
  expect(workExit.stateExitedEventDetails).toMatchObject({ name: 'Work' });
  expect(JSON.parse(workExit.stateExitedEventDetails!.output as string)).toEqual({
    items: [1, 2],
    work: { worked: true },
  });
  expect(byType('LambdaFunctionScheduled')[0]!.lambdaFunctionScheduledEventDetails).toMatchObject({
    resource: WORK_ARN,
  });
  expect(byType('LambdaFunctionFailed')[0]!.lambdaFunctionFailedEventDetails).toEqual({
    error: 'Flaky',
    cause: 'try again',
  });
  expect(byType('TaskFailed')[0]!.taskFailedEventDetails).toEqual({ error: 'Broken', cause: 'always' });
  expect(byType('MapIterationStarted').map((e) => e.mapIterationStartedEventDetails)).toEqual([
    { name: 'Fanout', index: 0 },
    { name: 'Fanout', index: 1 },
  ]);
  const output = JSON.parse(events.at(-1)!.executionSucceededEventDetails!.output as string);
  expect(output).toMatchObject({ mapped: [1, 2], error: { Error: 'Broken', Cause: 'always' } });
});

test("a Lambda event names its own state's entry as previous event", async () => {
  const run = await sampleRun();
  const { events } = awsHistory(run.events);
  const entered = events.find((e) => e.stateEnteredEventDetails?.name === 'Work')!;
  expect(events[entered.id]).toMatchObject({ type: 'TaskScheduled', previousEventId: entered.id });
});

test('a failed execution ends with its error and cause', async () => {
  const run = await runDefinition(machine({ Stop: { Type: 'Fail', Error: 'Nope', Cause: 'because' } }), {});
  const { events } = awsHistory(run.events);
  expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  expect(events.at(-1)!.executionFailedEventDetails).toEqual({ error: 'Nope', cause: 'because' });
  expect(run.stats.historyEvents).toBe(3);
});

import './support/skip-builtin-validation';
import { workflowFromTemplate } from '../../local/runner';
import { synthCleanupTemplate } from '../../scripts/synth-template';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ASL state JSON, asserted field by field below.
type State = Record<string, any>;
const { definition } = workflowFromTemplate(synthCleanupTemplate());

function allStates(states: Record<string, State>): Record<string, State> {
  const out: Record<string, State> = {};
  for (const [name, state] of Object.entries(states)) {
    out[name] = state;
    const nested = state.ItemProcessor ?? state.Iterator;
    if (nested) Object.assign(out, allStates(nested.States));
    for (const branch of state.Branches ?? []) Object.assign(out, allStates(branch.States));
  }
  return out;
}
const states = allStates(definition.States as Record<string, State>);

describe('the synthesized definition', () => {
  test('an erasure batch waits out its window and is closed into a stored job; any other input goes to ReadJob', () => {
    expect(definition.StartAt).toBe('ErasureBatch?');
    expect(states['ErasureBatch?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.erasureBatch', IsPresent: true, Next: 'BatchWindow' }],
      Default: 'ReadJob',
    });
    // The default window (RekognitionCleanup's erasureBatchWindow): 180 s.
    expect(states.BatchWindow).toMatchObject({ Type: 'Wait', Seconds: 180, Next: 'CloseErasureBatch' });
    expect(states.CloseErasureBatch).toMatchObject({ Type: 'Task', Next: 'ReadJob' });
    // Its result ({ storedJob }) replaces the state, which ReadJob then wraps like any job.
    expect(states.CloseErasureBatch?.ResultPath).toBeUndefined();
    // An unknown batch is refused like an invalid job.
    expect(states.CloseErasureBatch?.Catch).toEqual([
      { ErrorEquals: ['InvalidJobError'], ResultPath: '$.error', Next: 'JobRejected' },
    ]);
  });

  test('plans, finds subject faces and checks the plan before anything else', () => {
    // Any input, even a string or an array, is wrapped into { job } so the Plan can reject it with InvalidJobError.
    expect(states.ReadJob).toMatchObject({
      Type: 'Pass',
      Parameters: { 'job.$': '$', planning: { done: false, invocations: 0 } },
      Next: 'Plan',
    });
    expect(states.Plan?.Parameters).toMatchObject({ 'job.$': '$.job', 'planning.$': '$.planning' });
    // The Plan works within a time budget and is called again until it has stored the whole plan.
    expect(states.Plan?.Next).toBe('PlanDone?');
    expect(states['PlanDone?']?.Choices[0]).toMatchObject({
      Variable: '$.planning.done',
      BooleanEquals: true,
      Next: 'FindSubjectFaces',
    });
    expect(states['PlanDone?']?.Default).toBe('Plan');
    expect(states.FindSubjectFaces?.Next).toBe('FinalizePlan');
    expect(states.FinalizePlan?.Next).toBe('DryRun?');
    expect(states['DryRun?']?.Choices[0]).toMatchObject({ Variable: '$.dryRun', BooleanEquals: true, Next: 'Report' });
    expect(states['DryRun?']?.Default).toBe('Act');
  });

  test('a report that needs review ends the execution in Done, like one that succeeded', () => {
    const choice = states['JobComplete?']!;
    expect(choice.Choices).toEqual([
      {
        Or: [
          { Variable: '$.report.status', StringEquals: 'SUCCEEDED' },
          { Variable: '$.report.status', StringEquals: 'NEEDS_REVIEW' },
        ],
        Next: 'Done',
      },
    ]);
    expect(choice.Default).toBe('JobIncomplete');
  });

  test('an invalid job, one over maxDeletions or one whose subjects match too many faces is rejected without acting', () => {
    expect(states.Plan?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['InvalidJobError'], Next: 'JobRejected' }),
    ]);
    expect(states.FinalizePlan?.Catch).toEqual([
      expect.objectContaining({
        ErrorEquals: ['MaxDeletionsExceededError', 'SubjectTooBroadError'],
        Next: 'JobRejected',
      }),
    ]);
    expect(states.JobRejected).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  test('project versions loop through Wait + Choice until settled, backing off from 30 s to 2 and 5 min', () => {
    expect(states.AdvanceProjectVersions?.Next).toBe('AdvanceProjectVersionsMoreWork?');
    const settled = states['AdvanceProjectVersionsMoreWork?']!;
    expect(settled.Type).toBe('Choice');
    expect(settled.Choices[0]).toMatchObject({
      Variable: '$.progress.done',
      BooleanEquals: true,
      Next: 'AdvanceProjectVersionsFinished',
    });
    expect(settled.Choices.slice(1).map((c: State) => c.Next)).toEqual([
      'AdvanceProjectVersionsWaitLong',
      'AdvanceProjectVersionsWaitMedium',
    ]);
    expect(settled.Default).toBe('AdvanceProjectVersionsWaitShort');
    const waits = ['Short', 'Medium', 'Long'].map((w) => states[`AdvanceProjectVersionsWait${w}`]);
    expect(waits.map((w) => [w?.Type, w?.Seconds, w?.Next])).toEqual([
      ['Wait', 30, 'AdvanceProjectVersions'],
      ['Wait', 120, 'AdvanceProjectVersions'],
      ['Wait', 300, 'AdvanceProjectVersions'],
    ]);
  });

  test('every Lambda task retries throttling with jittered backoff and Lambda faults, and is bounded in time', () => {
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBe(10);
    for (const [, task] of tasks) {
      expect(task.Retry).toEqual([
        expect.objectContaining({
          ErrorEquals: ['RekognitionThrottledError', 'RekognitionUnavailableError'],
          JitterStrategy: 'FULL',
          BackoffRate: 2,
        }),
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException', 'States.Timeout']),
        }),
      ]);
      expect(task.TimeoutSeconds).toBeGreaterThan(0);
    }
  });

  test('a worker failure is handed back to its lane once, to be recorded, so the rest of the lane goes on', () => {
    for (const name of [
      'CleanCollection',
      'DeleteFaceGroup',
      'EraseSubject',
      'FindSubjectFacesPage',
      'AdvanceProjectVersions',
      'DeleteProjectIfEmpty',
    ]) {
      expect(states[name]?.Catch).toEqual([
        expect.objectContaining({ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: `${name}FailedTwice?` }),
      ]);
      const twice = states[`${name}FailedTwice?`]!;
      expect(twice.Choices[0]).toMatchObject({ Variable: '$.failure', IsPresent: true, Next: `${name}Abandoned` });
      expect(twice.Default).toBe(`${name}RecordFailure`);
      expect(states[`${name}RecordFailure`]).toMatchObject({ Type: 'Pass', Next: name });
      expect(states[`${name}RecordFailure`]?.Parameters['failure.$']).toBe('$.caught');
    }
  });

  test('the state carries references: Maps iterate over lane numbers, and drop their results', () => {
    const maps = Object.values(states).filter((s) => s.Type === 'Map');
    for (const map of maps) {
      expect(map.ItemsPath).toMatch(/^\$\.lanes\.[a-zA-Z]+$/);
      expect(map.ItemSelector).toMatchObject({ 'jobId.$': '$.jobId', 'lane.$': '$$.Map.Item.Value' });
      expect(map.ResultPath).toBeNull();
    }
    expect(states.Act?.ResultPath).toBeNull();
  });

  test("Maps take their concurrency from the plan's quota-derived rates, and hand each item its rate share", () => {
    const maps = Object.values(states).filter((s) => s.Type === 'Map');
    expect(maps).toHaveLength(6);
    for (const map of maps) {
      expect(map.MaxConcurrency).toBeUndefined();
      expect(map.MaxConcurrencyPath).toMatch(
        /^\$\.rates\.(find|collections|faceGroups|subjects|projectVersions)\.concurrency$/,
      );
      const key = map.MaxConcurrencyPath.split('.')[2];
      expect(map.ItemSelector['rates.$']).toBe(`$.rates.${key}`);
    }
  });

  test('uses JSONPath only (no JSONata, no variables): what runs locally is what deploys', () => {
    const text = JSON.stringify(definition);
    expect(text).not.toContain('JSONata');
    expect(text).not.toContain('"Assign"');
    expect(text).not.toContain('ItemReader');
    // aws-local-stepfunctions 3.0.0 writes a key named "$" for an explicit `"ResultPath": "$"`; the default is the same.
    expect(text).not.toContain('"ResultPath":"$"');
  });
});

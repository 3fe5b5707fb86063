import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { HistoryProgress, latestProgressLines } from '../../../lib/cli/history-progress';
import { localProgressEvent, localProgressLine } from '../../../lib/cli/local-progress';
import { LANE_WORKER } from '../../../lib/workflow/state-names';
import type { EventLog } from '../../../local/runner';
import type { LaneProgress } from '../../../lambdas/core/contracts';
import { HistoryBuilder, jobRef, laneState } from './support/fake-execution';

const exited = (name: string, input: unknown, output: unknown) =>
  ({ type: 'StateExited', state: { name, input, output } }) as unknown as EventLog;
const PLANNED = { collections: 2, faceGroups: 1, find: 4, subjects: 7, projectVersions: 5, projects: 6, skipped: 3 };
const lane = laneState;
const at = (position: number, items: number, rest: Partial<LaneProgress> = {}) => ({
  done: position >= items,
  position,
  items,
  invocations: 1,
  ...rest,
});

describe('local runs: the same lines, in the same number format, as deployed runs and the report', () => {
  const cases: [EventLog, string][] = [
    [
      exited('Plan', {}, jobRef(PLANNED, { collections: [0, 1], faceGroups: [0] })),
      'planned: 2 collections, 1 face list, 4 subject searches, 5 project versions, 3 skipped (protected)',
    ],
    [
      exited(
        'FinalizePlan',
        {},
        { ...jobRef(PLANNED, {}), totals: { plannedDeletions: 40960, faces: 40000, collections: 960 } },
      ),
      'plan checked: 40,960 deletions planned (40,000 faces, 960 collections, 0 project versions)',
    ],
    [
      exited('FinalizePlan', {}, { ...jobRef(PLANNED, {}), totals: { plannedDeletions: 0, projectVersionStops: 2 } }),
      'plan checked: 0 deletions planned (0 faces, 0 collections, 0 project versions), 2 project versions to stop (kept)',
    ],
    [
      exited('CleanCollection', lane('collections', 0, { done: false }), lane('collections', 0, at(1200, 4096))),
      '  collections lane 0: 1,200 of 4,096 cleaned',
    ],
    [
      exited('CleanCollection', lane('collections', 3, at(4095, 4096)), lane('collections', 3, at(4096, 4096))),
      '  collections lane 3: 4,096 of 4,096 cleaned (done)',
    ],
    [exited('DeleteFaceGroup', {}, lane('faceGroups', 1, at(1, 2))), '  face lists lane 1: 1 of 2 deleted'],
    [exited('FindSubjectFacesPage', {}, lane('find', 1, at(0, 1))), '  subject searches lane 1: 0 of 1 searched'],
    [exited('EraseSubject', {}, lane('subjects', 0, at(2, 2))), '  subject erasures lane 0: 2 of 2 erased (done)'],
    // What the versions wait for comes from what the job did to them, with the poll count and the time so far.
    [
      exited(
        'AdvanceProjectVersions',
        {},
        lane(
          'projectVersions',
          0,
          at(0, 3, { wait: 'SHORT', polls: 4, waitedSeconds: 125, waitingFor: { DELETION: 2, STOP: 1 } }),
        ),
      ),
      '  project versions lane 0: 0 of 3 settled; waiting for 1 to stop, 2 to be deleted (poll 4, 2 min 05 s so far)',
    ],
    // A state written before the lane recorded what it waits for.
    [
      exited('AdvanceProjectVersions', {}, lane('projectVersions', 0, at(0, 3, { wait: 'SHORT', polls: 1 }))),
      '  project versions lane 0: 0 of 3 settled, waiting for the others to stop or be deleted (poll 1)',
    ],
    [
      exited('AdvanceProjectVersions', {}, lane('projectVersions', 0, at(3, 3, { polls: 9, waitedSeconds: 40 }))),
      '  project versions lane 0: 3 of 3 settled (done after 9 polls, 40 s)',
    ],
    [exited('DeleteProjectIfEmpty', {}, lane('projects', 0, at(1, 1))), '  projects lane 0: 1 of 1 checked (done)'],
    // Failed items are settled too: they are not counted as cleaned.
    [
      exited('CleanCollection', {}, lane('collections', 2, at(5, 5, { failed: 2 }))),
      '  collections lane 2: 3 of 5 cleaned, 2 failed (done)',
    ],
    // A big account: the Plan ran out of time and goes on; nothing is planned yet.
    [
      exited('Plan', {}, { job: {}, executionId: 'e', startedAt: 's', planning: { done: false, invocations: 2 } }),
      'planning: the account is big, the plan goes on (invocation 2)',
    ],
  ];
  test.each(cases.map(([event, line]) => [line, event] as const))('%s', (line, event) => {
    expect(localProgressLine(event)).toBe(line);
  });

  test('a local run shows a recorded failure as a deployed run does, without the cause for subject steps', () => {
    const entered = (name: string, input: unknown) =>
      ({ type: 'StateEntered', state: { name, type: 'Pass', input } }) as unknown as EventLog;
    const cause = JSON.stringify({ errorType: 'AccessDeniedException', errorMessage: 'not authorized' });
    const caught = { ...lane('collections', 1, at(0, 2)), caught: { Error: 'AccessDeniedException', Cause: cause } };
    expect(localProgressLine(entered('CleanCollectionRecordFailure', caught))).toBe(
      '  collections lane 1: item failed, AccessDeniedException: not authorized',
    );
    const subject = { ...lane('subjects', 0, at(0, 1)), caught: { Error: 'X', Cause: '{"errorMessage":"user-1"}' } };
    expect(localProgressLine(entered('EraseSubjectRecordFailure', subject))).toBe(
      '  subject erasures lane 0: item failed, X',
    );
  });

  test('subject lines say how far the lane is, never whose: even identifiers left in a state are not printed', () => {
    // The state should hold none (they are in the job store); the line must not depend on that.
    const stray = { ...lane('find', 1, at(1, 2)), target: { collectionId: 'kiosk', userId: 'user-1' } };
    const line = localProgressLine(exited('FindSubjectFacesPage', stray, stray));
    expect(line).toBe('  subject searches lane 1: 1 of 2 searched');
  });

  test('states without progress print nothing: Maps, loop plumbing, the old per-item names', () => {
    const ref = jobRef(PLANNED, { collections: [0] });
    for (const name of [
      'CleanCollections',
      'CleanCollectionMoreWork?',
      'CleanCollectionFinished',
      'Act',
      'JobComplete?',
    ])
      expect(localProgressLine(exited(name, ref, ref))).toBeUndefined();
    // AdvanceProjectVersion (singular) polled one version; the lane worker is AdvanceProjectVersions.
    const versions = lane('projectVersions', 0, at(0, 3, { wait: 'LONG' }));
    expect(localProgressLine(exited('AdvanceProjectVersion', versions, versions))).toBeUndefined();
    expect(
      localProgressLine({ type: 'StateEntered', state: { name: 'Plan', input: {} } } as unknown as EventLog),
    ).toBeUndefined();
  });
});

describe('deployed history', () => {
  const render = (events: HistoryEvent[]) => {
    const progress = new HistoryProgress();
    return events.map((event) => progress.line(event)).filter((line) => line !== undefined);
  };

  test('the plan and lane progress from the task outputs, with grouped digits', () => {
    const h = new HistoryBuilder();
    const ref = jobRef({ ...PLANNED, collections: 1500, faceGroups: 2048 }, { collections: [0, 1], faceGroups: [0] });
    const lines = render([
      ...h.task('Plan', ref),
      ...h.task('CleanCollection', lane('collections', 0, at(1200, 40960)), lane('collections', 0, { done: false })),
      ...h.task(
        'AdvanceProjectVersions',
        lane(
          'projectVersions',
          2,
          at(1, 3, { wait: 'LONG', polls: 40, waitedSeconds: 7260, waitingFor: { TRAINING: 2 } }),
        ),
        lane('projectVersions', 2, at(1, 3, { wait: 'MEDIUM', polls: 39 })),
      ),
    ]);
    expect(lines).toEqual([
      'planned: 1,500 collections, 2,048 face lists, 4 subject searches, 5 project versions, 3 skipped (protected)',
      '  collections lane 0: 1,200 of 40,960 cleaned',
      '  project versions lane 2: 1 of 3 settled; waiting for 2 to finish training (poll 40, 2 h 01 min so far)',
    ]);
  });

  test('lane Maps and the loop plumbing print nothing: only the workers report', () => {
    const h = new HistoryBuilder();
    const ref = jobRef(PLANNED, { faceGroups: [0] });
    const state = lane('faceGroups', 0, at(2, 2));
    const lines = render(
      h.map('DeleteFaceGroups', ref, [
        [
          ...h.task('DeleteFaceGroup', state, lane('faceGroups', 0, { done: false })),
          ...h.pass('DeleteFaceGroupFinished', state),
        ],
      ]),
    );
    expect(lines).toEqual(['  face lists lane 0: 2 of 2 deleted (done)']);
  });

  test('a failed attempt names its state through the previousEventId chain', () => {
    const h = new HistoryBuilder();
    const lines = render([
      ...h.failedAttempt('CleanCollection', 'RekognitionThrottledError', '{"errorMessage":"slow down"}'),
    ]);
    expect(lines).toEqual([
      "  CleanCollection: attempt failed (RekognitionThrottledError); retried or recorded per the workflow's policy",
    ]);
  });

  test("an item's recorded failure: the message for resources, the error name only for subjects", () => {
    const h = new HistoryBuilder();
    const cause = JSON.stringify({
      errorMessage: 'User: role/x is not authorized to perform: rekognition:DeleteFaces',
    });
    const subjectCause = JSON.stringify({ errorMessage: 'no such user user-1 (photo-1.jpg)' });
    const lines = render([
      ...h.pass('CleanCollectionRecordFailure', {
        ...lane('collections', 0, at(1, 3)),
        caught: { Error: 'AccessDeniedException', Cause: cause },
      }),
      ...h.pass('FindSubjectFacesPageRecordFailure', {
        ...lane('find', 1, at(0, 1)),
        caught: { Error: 'AccessDeniedException', Cause: subjectCause },
      }),
      ...h.pass('EraseSubjectRecordFailure', {
        ...lane('subjects', 0, at(0, 2)),
        caught: { Error: 'RekognitionUnavailableError', Cause: subjectCause },
      }),
      ...h.pass('AdvanceProjectVersionsRecordFailure', {
        ...lane('projectVersions', 0, at(0, 3, { wait: 'SHORT' })),
        caught: { Error: 'States.Timeout' },
      }),
    ]);
    expect(lines).toEqual([
      '  collections lane 0: item failed, AccessDeniedException: User: role/x is not authorized to perform: rekognition:DeleteFaces',
      '  subject searches lane 1: item failed, AccessDeniedException',
      '  subject erasures lane 0: item failed, RekognitionUnavailableError',
      '  project versions lane 0: item failed, States.Timeout',
    ]);
  });

  test('a second failure (recording the first failed too) stops the lane', () => {
    const h = new HistoryBuilder();
    const first = { Error: 'AccessDeniedException', Cause: '{"errorMessage":"not allowed"}' };
    const state = { ...lane('faceGroups', 2, at(0, 4)), failure: first };
    const lines = render([
      ...h.pass('DeleteFaceGroupRecordFailure', { ...lane('faceGroups', 2, at(0, 4)), caught: first }),
      ...h.failedAttempt('DeleteFaceGroup', 'ThrottlingException', '{"errorMessage":"Rate exceeded"}', state),
      ...h.pass('DeleteFaceGroupAbandoned', {
        ...state,
        caught: { Error: 'ThrottlingException', Cause: '{"errorMessage":"Rate exceeded"}' },
      }),
    ]);
    expect(lines).toEqual([
      '  face lists lane 2: item failed, AccessDeniedException: not allowed',
      "  DeleteFaceGroup: attempt failed (ThrottlingException); retried or recorded per the workflow's policy",
      '  face lists lane 2: lane stopped, ThrottlingException: Rate exceeded',
    ]);
  });

  test('how the execution ended', () => {
    const h = new HistoryBuilder();
    expect(render([...h.failed('CleanupIncomplete', '{"status":"PARTIALLY_FAILED"}'), ...h.succeeded({})])).toEqual([
      'execution failed: CleanupIncomplete',
      'execution succeeded',
    ]);
  });

  test('output Step Functions truncated is skipped, not misread', () => {
    const event: HistoryEvent = {
      id: 1,
      type: 'TaskStateExited',
      timestamp: new Date(),
      stateExitedEventDetails: {
        name: 'Plan',
        output: '{"jobId": "5d0c7a1e", "planned": {"collections": 1',
        outputDetails: { truncated: true },
      },
    };
    expect(render([event])).toEqual([]);
  });

  test('latestProgressLines keeps the last few lines, oldest first', () => {
    const h = new HistoryBuilder();
    const events = Array.from({ length: 8 }, (_, i) =>
      h.task('DeleteFaceGroup', lane('faceGroups', 0, at((i + 1) * 1000, 8000))),
    ).flat();
    expect(latestProgressLines(events, 2)).toEqual([
      '  face lists lane 0: 7,000 of 8,000 deleted',
      '  face lists lane 0: 8,000 of 8,000 deleted (done)',
    ]);
  });
});

describe('typed progress', () => {
  test('a refused plan says so: never "0 deletions planned" before "the plan deletes 3,000 resources"', () => {
    const cause = JSON.stringify({
      errorType: 'MaxDeletionsExceededError',
      errorMessage: 'the plan deletes 3,000 resources, more than maxDeletions=100; nothing was deleted',
    });
    const caught = { ...jobRef(PLANNED, {}), error: { Error: 'MaxDeletionsExceededError', Cause: cause } };
    expect(localProgressLine(exited('FinalizePlan', {}, caught))).toBe(
      'plan refused, nothing was deleted: MaxDeletionsExceededError: the plan deletes 3,000 resources, more than maxDeletions=100; nothing was deleted',
    );
  });

  test('a lane that deletes faces carries their running total, as the report counts them', () => {
    const progress = at(1, 3, { facesDeleted: 20480, facesSettled: 4096 });
    expect(localProgressLine(exited('CleanCollection', {}, lane('collections', 0, progress)))).toBe(
      '  collections lane 0: 1 of 3 cleaned, 20,480 faces deleted',
    );
  });

  test('the workers are found by the names the definition is built with', () => {
    for (const [kind, worker] of Object.entries(LANE_WORKER)) {
      const event = localProgressEvent(exited(worker, {}, lane(kind as never, 2, at(0, 1))));
      expect(event).toMatchObject({ type: 'lane', kind, lane: 2 });
    }
  });
});

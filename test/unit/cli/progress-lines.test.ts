import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { HistoryProgress, latestProgressLines } from '../../../lib/cli/history-progress';
import { localProgressLine } from '../../../lib/cli/local-progress';
import type { EventLog } from '../../../local/runner';
import { HistoryBuilder } from './support/fake-execution';

const exited = (name: string, input: unknown, output: unknown) =>
  ({ type: 'StateExited', state: { name, input, output } }) as unknown as EventLog;
const VERSION = { versionName: 'door-cam.v1', versionArn: 'arn:...:version/door-cam.v1/1', projectArn: 'p' };

describe('local runs print what they always printed', () => {
  test.each([
    [
      exited(
        'Plan',
        {},
        { plan: { collections: [1, 2], faceGroups: [1], subjectUnits: [], projectVersions: [1], skipped: [] } },
      ),
      'planned: 2 collections, 1 face lists, 0 subject searches, 1 project versions, 0 skipped (protected)',
    ],
    [
      exited('FinalizePlan', {}, { totals: { plannedDeletions: 40960, faces: 40000 } }),
      'plan checked: 40960 deletions planned (40000 faces)',
    ],
    [
      exited(
        'CleanCollection',
        { target: { collectionId: 'tmp-1' } },
        { progress: { phase: 'FACES', facesDeleted: 40960, usersDeleted: 2, done: false } },
      ),
      '  collection tmp-1: FACES 40960 faces, 2 users deleted',
    ],
    [
      exited(
        'CleanCollection',
        { target: { collectionId: 'tmp-1' } },
        { progress: { phase: 'DONE', facesDeleted: 40960, usersDeleted: 2, done: true, outcome: 'EMPTIED' } },
      ),
      '  collection tmp-1: DONE 40960 faces, 2 users deleted -> EMPTIED',
    ],
    [
      exited(
        'DeleteFaceGroup',
        { target: { source: 'faces[0]', collectionId: 'kiosk' } },
        { progress: { deleted: 4096, done: true } },
      ),
      '  faces[0] in kiosk: 4096 faces deleted (done)',
    ],
    [
      exited('AdvanceProjectVersion', { target: VERSION }, { progress: { lastStatus: 'STOPPING', done: false } }),
      '  version door-cam.v1: STOPPING, waiting',
    ],
    [
      exited(
        'AdvanceProjectVersion',
        { target: VERSION },
        { progress: { lastStatus: 'DELETING', done: true, outcome: 'DELETED' } },
      ),
      '  version door-cam.v1: DELETING -> DELETED',
    ],
    [
      exited('DeleteProjectIfEmpty', { target: { projectArn: 'arn:p' } }, { progress: { outcome: 'NOT_EMPTY' } }),
      '  project arn:p: NOT_EMPTY',
    ],
  ])('%#: %s', (event, line) => {
    expect(localProgressLine(event)).toBe(line);
  });

  test("a subject search reports how many faces it found (the worker's faceIds), never whose", () => {
    const target = { collectionId: 'kiosk', userId: 'user-1', externalImageIds: ['img-1'] };
    expect(
      localProgressLine(exited('FindSubjectFacesPage', { target }, { progress: { done: true, faceIds: ['a', 'b'] } })),
    ).toBe('  searched kiosk: 2 faces found');
    expect(
      localProgressLine(exited('FindSubjectFacesPage', { target }, { progress: { done: false, faceIds: ['a'] } })),
    ).toBeUndefined();
  });

  test('states without progress print nothing', () => {
    expect(localProgressLine(exited('JobComplete?', {}, {}))).toBeUndefined();
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

  test('worker progress from the task outputs, with grouped digits', () => {
    const h = new HistoryBuilder();
    const lines = render([
      ...h.task('CleanCollection', {
        target: { collectionId: 'tmp-1' },
        progress: { done: false, phase: 'FACES', facesDeleted: 40960, usersDeleted: 1200 },
      }),
      ...h.task('AdvanceProjectVersion', {
        target: VERSION,
        progress: { done: false, lastStatus: 'TRAINING_IN_PROGRESS', wait: 'LONG' },
      }),
    ]);
    expect(lines).toEqual([
      '  collection tmp-1: FACES 40,960 faces, 1,200 users deleted',
      '  version door-cam.v1: TRAINING_IN_PROGRESS, waiting',
    ]);
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
    const lines = render([
      ...h.caught('CleanCollectionFailed', {
        target: { collectionId: 'tmp-2' },
        failure: { Error: 'AccessDeniedException', Cause: cause },
      }),
      ...h.caught('FindSubjectFacesPageFailed', {
        target: { collectionId: 'kiosk', userId: 'user-1' },
        failure: { Error: 'AccessDeniedException', Cause: '{"errorMessage":"user-1"}' },
      }),
      ...h.caught('ProjectVersionFailed', { target: VERSION, failure: { Error: 'States.Timeout' } }),
    ]);
    expect(lines).toEqual([
      '  collection tmp-2: FAILED AccessDeniedException: User: role/x is not authorized to perform: rekognition:DeleteFaces',
      '  subject search in kiosk: FAILED AccessDeniedException',
      '  version door-cam.v1: FAILED States.Timeout',
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
        output: '{"plan": {"collections": [',
        outputDetails: { truncated: true },
      },
    };
    expect(render([event])).toEqual([]);
  });

  test('latestProgressLines keeps the last few lines, oldest first', () => {
    const h = new HistoryBuilder();
    const events = Array.from({ length: 8 }, (_, i) =>
      h.task('DeleteFaceGroup', {
        target: { source: 'faces[0]', collectionId: 'c' },
        progress: { deleted: (i + 1) * 1000 },
      }),
    ).flat();
    expect(latestProgressLines(events, 2)).toEqual([
      '  faces[0] in c: 7,000 faces deleted',
      '  faces[0] in c: 8,000 faces deleted',
    ]);
  });
});

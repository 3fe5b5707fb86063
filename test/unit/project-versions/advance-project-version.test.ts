import {
  DeleteProjectVersionCommand,
  DescribeProjectVersionsCommand,
  ListTagsForResourceCommand,
  ProjectVersionStatus,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import type { ProjectVersionTarget, VersionProgress, WorkItem } from '../../../lambdas/core/contracts';
import { RekognitionThrottledError, UnsafeOperationError } from '../../../lambdas/core/errors';
import { advanceProjectVersion } from '../../../lambdas/core/project-versions/advance-project-version';
import {
  NOW,
  PROJECT_ARN,
  VERSION_ARN,
  POLLING,
  PROTECTION,
  calls,
  client,
  describeAs,
  later,
  mock,
  sdkError,
  versionTarget,
  workItem,
} from './support/version-fixtures';

const TARGET = versionTarget();

/** What each status must lead to. A Record, so a status added to the SDK breaks the type check here too. */
const EXPECTED: Record<ProjectVersionStatus, { action: 'STOP' | 'DELETE' | 'NONE'; wait: 'SHORT' | 'LONG' }> = {
  RUNNING: { action: 'STOP', wait: 'SHORT' },
  STARTING: { action: 'STOP', wait: 'SHORT' },
  STOPPING: { action: 'NONE', wait: 'SHORT' },
  DELETING: { action: 'NONE', wait: 'SHORT' },
  TRAINING_IN_PROGRESS: { action: 'NONE', wait: 'LONG' },
  COPYING_IN_PROGRESS: { action: 'NONE', wait: 'LONG' },
  STOPPED: { action: 'DELETE', wait: 'SHORT' },
  TRAINING_COMPLETED: { action: 'DELETE', wait: 'SHORT' },
  TRAINING_FAILED: { action: 'DELETE', wait: 'SHORT' },
  FAILED: { action: 'DELETE', wait: 'SHORT' },
  COPYING_COMPLETED: { action: 'DELETE', wait: 'SHORT' },
  COPYING_FAILED: { action: 'DELETE', wait: 'SHORT' },
  EXPIRED: { action: 'DELETE', wait: 'SHORT' },
  DEPRECATED: { action: 'DELETE', wait: 'SHORT' },
};

const item = (progress?: Parameters<typeof workItem>[1], dryRun?: boolean) => workItem(TARGET, progress, dryRun);
const advance = (work = item(), polling = POLLING, now = NOW) =>
  advanceProjectVersion(client, work, PROTECTION, polling, now);

beforeEach(() => {
  mock.reset();
  mock.on(ListTagsForResourceCommand).resolves({ Tags: { owner: 'vision' } });
  mock.on(StopProjectVersionCommand).resolves({ Status: 'STOPPING' });
  mock.on(DeleteProjectVersionCommand).resolves({ Status: 'DELETING' });
});

describe('every status the SDK knows', () => {
  test.each(Object.values(ProjectVersionStatus))('%s', async (status) => {
    const expected = EXPECTED[status];
    expect(expected).toBeDefined();
    describeAs(status);
    const progress = await advance();
    expect(progress).toMatchObject({ done: false, wait: expected.wait, lastStatus: status, polls: 1 });
    expect(calls(StopProjectVersionCommand)).toBe(expected.action === 'STOP' ? 1 : 0);
    expect(calls(DeleteProjectVersionCommand)).toBe(expected.action === 'DELETE' ? 1 : 0);
    expect(progress.stopRequested).toBe(expected.action === 'STOP');
    expect(progress.deleteRequested).toBe(expected.action === 'DELETE');
    expect(mock.commandCalls(DescribeProjectVersionsCommand)[0]?.args[0].input).toEqual({
      ProjectArn: PROJECT_ARN,
      VersionNames: ['v1'],
    });
  });

  test.each([
    ['a status newer than this SDK', 'ARCHIVED'],
    ['no status', undefined],
  ])('%s is never deleted: wait and poll again', async (_name, status) => {
    describeAs(status);
    const progress = await advance();
    expect(progress).toMatchObject({ done: false, wait: 'SHORT' });
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
    expect(calls(StopProjectVersionCommand)).toBe(0);
  });
});

describe('the way out', () => {
  test('running: stop, wait while stopping, delete once stopped, wait until gone: DELETED', async () => {
    mock
      .on(DescribeProjectVersionsCommand)
      .resolvesOnce({ ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, Status: 'RUNNING' }] })
      .resolvesOnce({ ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, Status: 'STOPPING' }] })
      .resolvesOnce({ ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, Status: 'STOPPED' }] })
      .resolvesOnce({ ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, Status: 'DELETING' }] })
      .resolves({ ProjectVersionDescriptions: [] });
    const seen: VersionProgress[] = [];
    let progress: VersionProgress | { done: false } = { done: false };
    for (let poll = 0; poll < 5; poll += 1) {
      const next = await advance(item(progress));
      seen.push(next);
      progress = next;
    }
    expect(seen.map((p) => [p.lastStatus, p.wait, p.done])).toEqual([
      ['RUNNING', 'SHORT', false],
      ['STOPPING', 'SHORT', false],
      ['STOPPED', 'SHORT', false],
      ['DELETING', 'SHORT', false],
      ['DELETING', 'NONE', true],
    ]);
    expect(seen[4]).toMatchObject({ outcome: 'DELETED', polls: 5, stopRequested: true, deleteRequested: true });
    expect(seen.every((p) => p.firstPollAt === NOW.toISOString())).toBe(true);
    expect(calls(StopProjectVersionCommand)).toBe(1);
    expect(calls(DeleteProjectVersionCommand)).toBe(1);
    expect(mock.commandCalls(DeleteProjectVersionCommand)[0]?.args[0].input).toEqual({
      ProjectVersionArn: VERSION_ARN,
    });
  });

  test('gone from the start: ALREADY_ABSENT, nothing stopped or deleted', async () => {
    mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
    const progress = await advance();
    expect(progress).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT', wait: 'NONE', polls: 1 });
    expect(calls(DeleteProjectVersionCommand) + calls(StopProjectVersionCommand)).toBe(0);
  });

  test('the project is gone: ALREADY_ABSENT', async () => {
    mock.on(DescribeProjectVersionsCommand).rejects(sdkError('ResourceNotFoundException'));
    expect(await advance(item(later()))).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT' });
  });

  test('the version ARN has no tags to read (gone) on the first call: ALREADY_ABSENT without describing it', async () => {
    mock.on(ListTagsForResourceCommand).rejects(sdkError('ResourceNotFoundException'));
    expect(await advance()).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT' });
    expect(calls(DescribeProjectVersionsCommand)).toBe(0);
  });

  test('a version re-created under the same name is not ours: treated as gone, never deleted', async () => {
    describeAs('STOPPED', VERSION_ARN.replace('1714557600000', '1799999999999'));
    expect(await advance()).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT' });
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
  });

  test('restarted by someone after we stopped it: stopped again', async () => {
    describeAs('RUNNING');
    const progress = await advance(item(later({ stopRequested: true, lastStatus: 'STOPPING', polls: 3 })));
    expect(calls(StopProjectVersionCommand)).toBe(1);
    expect(progress).toMatchObject({ stopRequested: true, wait: 'SHORT', polls: 4, done: false });
  });

  test.each([
    ['StopProjectVersion', 'RUNNING', StopProjectVersionCommand, 'stopRequested'],
    ['DeleteProjectVersion', 'STOPPED', DeleteProjectVersionCommand, 'deleteRequested'],
  ] as const)('ResourceInUseException from %s: wait SHORT, not a failure', async (_name, status, command, flag) => {
    describeAs(status);
    mock.on(command).rejects(sdkError('ResourceInUseException'));
    const progress = await advance();
    expect(progress).toMatchObject({ done: false, wait: 'SHORT', [flag]: false });
    expect(progress.outcome).toBeUndefined();
  });

  test('other errors are classified for the state machine', async () => {
    describeAs('STOPPED');
    mock.on(DeleteProjectVersionCommand).rejects(sdkError('ThrottlingException'));
    await expect(advance()).rejects.toBeInstanceOf(RekognitionThrottledError);
  });

  test('a finished progress is returned as is, without any call', async () => {
    const done = later({ done: true, wait: 'NONE', outcome: 'DELETED' });
    expect(await advance(item(done))).toBe(done);
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('ceilings', () => {
  test('the poll count: FAILED, naming the status and the limit, and no new action', async () => {
    describeAs('STOPPED');
    const progress = await advance(item(later({ polls: 4 })), { maxPolls: 5, maxWaitSeconds: 3600 });
    expect(progress).toMatchObject({ done: true, outcome: 'FAILED', wait: 'NONE', polls: 5, lastStatus: 'STOPPED' });
    expect(progress.failureReason).toMatch(/STOPPED.*5 polls.*limit is 5/);
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
  });

  test('the duration since the first poll: FAILED', async () => {
    describeAs('TRAINING_IN_PROGRESS');
    const progress = await advance(item(later({ polls: 2, firstPollAt: '2026-03-01T10:59:59.000Z' })));
    expect(progress).toMatchObject({ done: true, outcome: 'FAILED', lastStatus: 'TRAINING_IN_PROGRESS' });
    expect(progress.failureReason).toMatch(/TRAINING_IN_PROGRESS.*3601 s.*limit is 3600 s/);
  });

  test('just under both ceilings: polls on', async () => {
    describeAs('STOPPING');
    const progress = await advance(item(later({ polls: 3, firstPollAt: '2026-03-01T11:00:01.000Z' })), {
      maxPolls: 5,
      maxWaitSeconds: 3600,
    });
    expect(progress).toMatchObject({ done: false, wait: 'SHORT', polls: 4 });
  });

  test('a version gone at the ceiling is DELETED, not FAILED', async () => {
    mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
    const progress = await advance(item(later({ polls: 9, deleteRequested: true })), {
      maxPolls: 10,
      maxWaitSeconds: 60,
    });
    expect(progress).toMatchObject({ done: true, outcome: 'DELETED' });
  });
});

describe('protection and dry runs', () => {
  test('protected at the first call: SKIPPED_PROTECTED, nothing described, stopped or deleted', async () => {
    mock.on(ListTagsForResourceCommand).resolves({ Tags: { 'cleanup:protect': 'True' } });
    describeAs('RUNNING');
    expect(await advance()).toMatchObject({ done: true, outcome: 'SKIPPED_PROTECTED', wait: 'NONE' });
    expect(calls(DescribeProjectVersionsCommand) + calls(StopProjectVersionCommand)).toBe(0);
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
  });

  test('protected while it was stopping: the tags are read again before deleting, and it is kept', async () => {
    mock.on(ListTagsForResourceCommand).resolves({ Tags: { 'cleanup:protect': 'true' } });
    describeAs('STOPPED');
    const progress = await advance(item(later({ stopRequested: true })));
    expect(progress).toMatchObject({ done: true, outcome: 'SKIPPED_PROTECTED' });
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
  });

  test.each([
    ['dryRun true', true],
    ['dryRun missing', undefined],
  ])('%s: UnsafeOperationError before any call', async (_name, dryRun) => {
    const work = { ...item(), dryRun } as WorkItem<ProjectVersionTarget, VersionProgress>;
    await expect(advance(work)).rejects.toBeInstanceOf(UnsafeOperationError);
    expect(mock.calls()).toHaveLength(0);
  });
});

describe('maxDeletions at act time', () => {
  /** A budget with `left` deletions, counting what it granted and got back. */
  const budgetOf = (left: number) => {
    const ledger = { reserved: 0, released: 0 };
    return {
      ledger,
      budget: {
        cap: left,
        reserve: (count: number) => {
          const granted = Math.min(count, left - ledger.reserved + ledger.released);
          ledger.reserved += granted;
          return Promise.resolve(granted);
        },
        release: (count: number) => {
          ledger.released += count;
          return Promise.resolve();
        },
      },
    };
  };

  test('a deletable version with nothing left of the cap: CAP_REACHED, DeleteProjectVersion never sent', async () => {
    describeAs('STOPPED');
    const { budget } = budgetOf(0);

    const progress = await advanceProjectVersion(client, item(), PROTECTION, POLLING, NOW, budget);

    expect(progress).toMatchObject({ done: true, outcome: 'CAP_REACHED', deleteRequested: false });
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
  });

  test('one deletion is reserved before DeleteProjectVersion, and given back when the call did not delete', async () => {
    describeAs('STOPPED');
    const granted = budgetOf(1);
    await advanceProjectVersion(client, item(), PROTECTION, POLLING, NOW, granted.budget);
    expect(granted.ledger).toEqual({ reserved: 1, released: 0 });
    expect(calls(DeleteProjectVersionCommand)).toBe(1);

    mock.on(DeleteProjectVersionCommand).rejects(sdkError('ResourceInUseException'));
    const busy = budgetOf(1);
    const progress = await advanceProjectVersion(client, item(), PROTECTION, POLLING, NOW, busy.budget);
    expect(progress).toMatchObject({ done: false, deleteRequested: false });
    expect(busy.ledger).toEqual({ reserved: 1, released: 1 });
  });
});

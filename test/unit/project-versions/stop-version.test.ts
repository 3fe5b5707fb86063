import {
  DeleteProjectVersionCommand,
  DescribeProjectVersionsCommand,
  ListTagsForResourceCommand,
  ProjectVersionStatus,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import type { VersionOutcome, VersionProgress } from '../../../lambdas/core/contracts';
import { UnsafeOperationError } from '../../../lambdas/core/errors';
import { advanceProjectVersion } from '../../../lambdas/core/project-versions/advance-project-version';
import { stopRuleFor, type StopStep } from '../../../lambdas/core/project-versions/stop-decision';
import type { DeletionBudget } from '../../../lambdas/core/store/deletion-budget';
import {
  NOW,
  PROJECT_ARN,
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

const TARGET = versionTarget({ action: 'STOP' });

/**
 * The STOP decision table, status by status: what the plan does (select it, or note it as at rest) and what a poll
 * does. A Record, so a status added to the SDK breaks the type check here too until someone decides.
 */
const TABLE: Record<ProjectVersionStatus, { step: StopStep; first: 'STOP' | 'WAIT' | VersionOutcome }> = {
  RUNNING: { step: 'STOP', first: 'STOP' },
  STARTING: { step: 'STOP', first: 'STOP' },
  STOPPING: { step: 'WAIT', first: 'WAIT' },
  STOPPED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  TRAINING_IN_PROGRESS: { step: 'AT_REST', first: 'NOT_RUNNING' },
  TRAINING_COMPLETED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  TRAINING_FAILED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  FAILED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  COPYING_IN_PROGRESS: { step: 'AT_REST', first: 'NOT_RUNNING' },
  COPYING_COMPLETED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  COPYING_FAILED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  EXPIRED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  DEPRECATED: { step: 'AT_REST', first: 'NOT_RUNNING' },
  DELETING: { step: 'AT_REST', first: 'NOT_RUNNING' },
};

const item = (progress?: Parameters<typeof workItem>[1], dryRun?: boolean) => workItem(TARGET, progress, dryRun);
/** A budget that fails the test if a stop ever reserves a deletion. */
const NO_DELETIONS: DeletionBudget = {
  reserve: () => Promise.reject(new Error('a stop reserved a deletion')),
  release: () => Promise.resolve(),
} as unknown as DeletionBudget;
const advance = (work = item(), polling = POLLING, now = NOW) =>
  advanceProjectVersion(client, work, PROTECTION, polling, now, NO_DELETIONS);

beforeEach(() => {
  mock.reset();
  mock.on(ListTagsForResourceCommand).resolves({ Tags: { owner: 'vision' } });
  mock.on(StopProjectVersionCommand).resolves({ Status: 'STOPPING' });
  mock.on(DeleteProjectVersionCommand).rejects(new Error('STOP must never delete'));
});

describe('the STOP decision table', () => {
  test.each(Object.entries(TABLE))('%s: %j', async (status, expected) => {
    expect(stopRuleFor(status).step).toBe(expected.step);
    describeAs(status);
    const progress = await advance();
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
    expect(calls(StopProjectVersionCommand)).toBe(expected.first === 'STOP' ? 1 : 0);
    if (expected.first === 'STOP') {
      expect(progress).toMatchObject({ done: false, stopRequested: true, wait: 'SHORT', lastStatus: status });
    } else if (expected.first === 'WAIT') {
      expect(progress).toMatchObject({ done: false, stopRequested: false, wait: 'SHORT' });
    } else {
      expect(progress).toMatchObject({ done: true, outcome: expected.first, wait: 'NONE', lastStatus: status });
    }
  });

  test('every status says why, for the plan notes and the README', () => {
    for (const status of Object.values(ProjectVersionStatus)) expect(stopRuleFor(status).why).not.toBe('');
  });

  test('a status this SDK does not know is polled, never stopped blind', async () => {
    expect(stopRuleFor('HIBERNATING').step).toBe('WAIT');
    expect(stopRuleFor(undefined).step).toBe('WAIT');
    describeAs('HIBERNATING');
    expect(await advance()).toMatchObject({ done: false, wait: 'SHORT' });
    expect(calls(StopProjectVersionCommand)).toBe(0);
  });
});

describe('STOP, poll by poll', () => {
  test('RUNNING: stop, wait while STOPPING, STOPPED by this job: outcome STOPPED, and the version is kept', async () => {
    const seen: VersionProgress[] = [];
    let work = item();
    for (const status of ['RUNNING', 'STOPPING', 'STOPPED']) {
      describeAs(status);
      const progress = await advance(work);
      seen.push(progress);
      work = item(progress);
    }
    expect(seen.map((p) => [p.lastStatus, p.stopRequested, p.done, p.outcome])).toEqual([
      ['RUNNING', true, false, undefined],
      ['STOPPING', true, false, undefined],
      ['STOPPED', true, true, 'STOPPED'],
    ]);
    expect(calls(StopProjectVersionCommand)).toBe(1);
    expect(calls(DeleteProjectVersionCommand)).toBe(0);
  });

  test('STARTING, and the service refuses the stop mid-start: tried again on the next poll', async () => {
    mock.on(StopProjectVersionCommand).rejectsOnce(sdkError('ResourceInUseException')).resolves({});
    describeAs('STARTING');
    const first = await advance();
    expect(first).toMatchObject({ done: false, stopRequested: false, wait: 'SHORT' });
    const second = await advance(item(first));
    expect(second).toMatchObject({ done: false, stopRequested: true });
    expect(calls(StopProjectVersionCommand)).toBe(2);
  });

  test('stopped by someone else between the plan and this poll: NOT_RUNNING, no StopProjectVersion', async () => {
    describeAs('STOPPED');
    expect(await advance()).toMatchObject({ done: true, outcome: 'NOT_RUNNING', stopRequested: false });
    expect(calls(StopProjectVersionCommand)).toBe(0);
  });

  test('deleted between the plan and this poll: ALREADY_ABSENT, nothing sent', async () => {
    mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
    expect(await advance(item(later()))).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT' });
    expect(calls(StopProjectVersionCommand)).toBe(0);
  });

  test('re-created under the same name (another ARN): not ours, ALREADY_ABSENT, the new one is not stopped', async () => {
    describeAs('RUNNING', `${PROJECT_ARN.split('/1714')[0]}/version/v1/1800000000000`);
    expect(await advance(item(later()))).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT' });
    expect(calls(StopProjectVersionCommand)).toBe(0);
  });

  test('protected after the plan: the tag is read in the poll that would stop it, and it is left', async () => {
    mock.on(ListTagsForResourceCommand).resolves({ Tags: { 'cleanup:protect': 'true' } });
    describeAs('RUNNING');
    expect(await advance(item(later()))).toMatchObject({ done: true, outcome: 'SKIPPED_PROTECTED' });
    expect(calls(StopProjectVersionCommand)).toBe(0);
  });

  test('re-started by someone after this job stopped it: stopped again (the job says it must not run)', async () => {
    describeAs('RUNNING');
    const progress = await advance(item(later({ stopRequested: true, lastStatus: 'STOPPING', polls: 3 })));
    expect(progress).toMatchObject({ done: false, stopRequested: true });
    expect(calls(StopProjectVersionCommand)).toBe(1);
  });

  test('still STOPPING at the poll ceiling: FAILED, saying the stop was sent but never seen through', async () => {
    describeAs('STOPPING');
    const progress = await advance(item(later({ stopRequested: true, polls: 4 })), {
      maxPolls: 5,
      maxWaitSeconds: 3600,
    });
    expect(progress).toMatchObject({ done: true, outcome: 'FAILED' });
    expect(progress.failureReason).toBe('still STOPPING after 5 polls (the limit is 5); not seen STOPPED');
  });

  test('a re-run of a settled item does nothing; a dry run is refused before any call', async () => {
    const settled = later({ done: true, outcome: 'STOPPED', wait: 'NONE' });
    expect(await advance(item(settled))).toBe(settled);
    await expect(advance(item({ done: false }, true))).rejects.toBeInstanceOf(UnsafeOperationError);
    expect(mock.calls()).toHaveLength(0);
  });
});

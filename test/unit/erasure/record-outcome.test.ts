import { takeErasureRequest } from '../../../lambdas/core/erasure/intake';
import { recordErasureOutcome } from '../../../lambdas/core/erasure/record-outcome';
import { ErrorNames } from '../../../lambdas/core/errors';
import {
  erasureReport,
  IMAGE_IDS,
  MISSING_COLLECTION,
  OTHER_USERS_FACE,
  REVIEW_FACE,
  SUBJECT,
  USER_ID,
} from './support/erasure-reports';
import { type FakeAws, fakeAws, requestEvent, STATE_MACHINE_ARN } from '../../support/fake-erasure-aws';

const REQUEST_ID = 'crm-2026-000123';
let aws: FakeAws;
let arn: string;

beforeEach(async () => {
  aws = fakeAws();
  await takeErasureRequest(requestEvent({ requestId: REQUEST_ID, subject: SUBJECT }), aws.deps);
  arn = aws.executionArnOf(REQUEST_ID);
});

/** The status-change event as EventBridge delivers it; input and output are left out, as they may be when large. */
function statusChange(executionArn: string, status: string) {
  return {
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    detail: { executionArn, stateMachineArn: STATE_MACHINE_ARN, status, input: null, output: null },
  };
}

/** Everything the receipt function wrote and published must be free of the subject's raw ids. */
function expectNoRawSubjectIds() {
  const written = JSON.stringify([...aws.receipts.values(), aws.published]);
  for (const id of [USER_ID, ...IMAGE_IDS]) expect(written).not.toContain(id);
}

test('succeeded: COMPLETED receipt with, per collection, the faces deleted and the user outcome', async () => {
  aws.finish(arn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('succeeded', arn).report) });
  const result = await recordErasureOutcome(statusChange(arn, 'SUCCEEDED'), aws.deps);

  expect(result).toMatchObject({ kind: 'RECORDED', requestId: REQUEST_ID, status: 'COMPLETED' });
  const receipt = aws.receiptOf(REQUEST_ID);
  expect(receipt).toMatchObject({
    status: 'COMPLETED',
    reportStatus: 'SUCCEEDED',
    receivedAt: '2026-11-22T09:00:05.000Z',
    legalDeadline: '2026-12-22T09:00:05.000Z',
    startedAt: '2026-11-22T09:00:06.000Z',
    finishedAt: '2026-11-22T09:05:00.000Z',
    executionArn: arn,
    collections: [
      {
        collectionId: 'kyc-eu',
        outcome: 'DELETED',
        facesDeleted: 2,
        faceIds: [expect.any(String), expect.any(String)],
        userOutcome: 'DELETED',
      },
      { collectionId: 'kyc-us', outcome: 'DELETED', facesDeleted: 0, faceIds: [], userOutcome: 'DELETED' },
    ],
    failures: [],
  });
  expect(aws.published).toHaveLength(1);
  expect(aws.published[0]).toMatchObject({
    source: 'rekognition-cleanup',
    detailType: 'ErasureCompleted',
    resources: [arn],
    detail: {
      requestId: REQUEST_ID,
      status: 'COMPLETED',
      receipt: { subjectRef: receipt?.subjectRef, collections: receipt?.collections },
    },
  });
  // The intake's bookkeeping stays in the table.
  expect(aws.published[0]?.detail.receipt).not.toHaveProperty('requestHash');
  expectNoRawSubjectIds();
});

test('partially failed: FAILED receipt listing what was deleted and what failed, error text withheld', async () => {
  const { reportJson } = erasureReport('partially-failed', arn);
  expect(reportJson).toContain(USER_ID); // the raw failure text names the user: the receipt must not
  aws.finish(arn, { status: 'FAILED', error: ErrorNames.JobIncomplete, cause: reportJson });
  const result = await recordErasureOutcome(statusChange(arn, 'FAILED'), aws.deps);

  expect(result).toMatchObject({ status: 'FAILED', reason: { code: 'INCOMPLETE' } });
  const receipt = aws.receiptOf(REQUEST_ID);
  expect(receipt?.reason).toEqual({ code: 'INCOMPLETE', message: expect.stringContaining('PARTIALLY_FAILED') });
  expect(receipt?.reportStatus).toBe('PARTIALLY_FAILED');
  expect(receipt?.collections).toEqual([
    expect.objectContaining({ collectionId: 'kyc-eu', facesDeleted: 2, userOutcome: 'DELETED' }),
    expect.objectContaining({ collectionId: 'kyc-us', outcome: 'FAILED', error: expect.stringMatching(/withheld/) }),
  ]);
  expect(receipt?.failures).toEqual([
    expect.objectContaining({ kind: 'subject', id: 'subjects[0] kyc-us', error: expect.stringMatching(/withheld/) }),
  ]);
  expect(aws.published.map((e) => [e.detailType, e.detail.status])).toEqual([['ErasureFailed', 'FAILED']]);
  expectNoRawSubjectIds();
});

test('a named collection that does not exist: FAILED, reason NOT_FOUND naming it, on the receipt and the event', async () => {
  const { reportJson } = erasureReport('collection-missing', arn);
  aws.finish(arn, { status: 'FAILED', error: ErrorNames.JobIncomplete, cause: reportJson });
  const result = await recordErasureOutcome(statusChange(arn, 'FAILED'), aws.deps);

  // Named once, though two subjects named it.
  const reason = {
    code: 'NOT_FOUND',
    collectionIds: [MISSING_COLLECTION],
    message: `the request names collection "${MISSING_COLLECTION}", not found in this account and region: 2 failures, 2 faces deleted`,
  };
  expect(result).toMatchObject({ status: 'FAILED', reason });
  const receipt = aws.receiptOf(REQUEST_ID);
  expect(receipt).toMatchObject({ status: 'FAILED', reason });
  // What exists was still erased, and the receipt says so.
  expect(receipt?.collections).toEqual([
    expect.objectContaining({ collectionId: 'kyc-eu', facesDeleted: 2, userOutcome: 'DELETED' }),
    expect.objectContaining({ collectionId: 'kyc-us', userOutcome: 'DELETED' }),
  ]);
  expect(receipt?.failures).toEqual([
    { kind: 'subject', id: MISSING_COLLECTION, error: 'NOT_FOUND', detail: 'subjects[0]' },
    { kind: 'subject', id: MISSING_COLLECTION, error: 'NOT_FOUND', detail: 'subjects[1]' },
  ]);
  expect(aws.published).toHaveLength(1);
  expect(aws.published[0]).toMatchObject({
    detailType: 'ErasureFailed',
    detail: { requestId: REQUEST_ID, status: 'FAILED', reason, receipt: { reason } },
  });
  expectNoRawSubjectIds();
});

test('rejected by the workflow: FAILED with the rule, never the value', async () => {
  aws.finish(arn, {
    status: 'FAILED',
    error: 'InvalidJobError',
    cause: 'subjects[0].userId: must match [a-zA-Z0-9_.\\-:]+',
  });
  const result = await recordErasureOutcome(statusChange(arn, 'FAILED'), aws.deps);

  expect(result).toMatchObject({ status: 'FAILED', reason: { code: 'REJECTED_BY_WORKFLOW' } });
  expect(aws.receiptOf(REQUEST_ID)).toMatchObject({
    status: 'FAILED',
    collections: [],
    failures: [
      { kind: 'execution', id: arn, error: 'InvalidJobError', detail: expect.stringContaining('subjects[0].userId') },
    ],
  });
  expectNoRawSubjectIds();
});

test('faces kept for review: a NEEDS_REVIEW receipt that gives the privacy team the collection and the face ids', async () => {
  aws.finish(arn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('needs-review', arn).report) });
  const result = await recordErasureOutcome(statusChange(arn, 'SUCCEEDED'), aws.deps);

  expect(result).toMatchObject({ kind: 'RECORDED', status: 'NEEDS_REVIEW' });
  expect(result).not.toHaveProperty('reason');
  const receipt = aws.receiptOf(REQUEST_ID);
  expect(receipt).toMatchObject({ status: 'NEEDS_REVIEW', reportStatus: 'NEEDS_REVIEW' });
  expect(receipt?.collections).toEqual([
    expect.objectContaining({
      collectionId: 'kyc-eu',
      outcome: 'NEEDS_REVIEW',
      facesDeleted: 2,
      needsReview: [REVIEW_FACE],
      heldByOtherUsers: [OTHER_USERS_FACE],
      verifiedAbsent: true,
    }),
    expect.objectContaining({ collectionId: 'kyc-us', outcome: 'DELETED', verifiedAbsent: true }),
  ]);
  expect(receipt?.collections[1]).not.toHaveProperty('needsReview');
  expect(aws.published.map((e) => [e.detailType, e.detail.status])).toEqual([['ErasureCompleted', 'NEEDS_REVIEW']]);
  expectNoRawSubjectIds();
});

test('too broad: SubjectTooBroadError is a rejection by the workflow, nothing deleted', async () => {
  aws.finish(arn, {
    status: 'FAILED',
    error: ErrorNames.SubjectTooBroad,
    cause: 'subjects[0] match at least 4995 faces through externalImageIds, more than 1000 for the whole request',
  });
  const result = await recordErasureOutcome(statusChange(arn, 'FAILED'), aws.deps);

  expect(result).toMatchObject({ status: 'FAILED', reason: { code: 'REJECTED_BY_WORKFLOW' } });
  expect(aws.receiptOf(REQUEST_ID)).toMatchObject({ status: 'FAILED', collections: [] });
  expectNoRawSubjectIds();
});

test('timed out: FAILED without a report; a cause quoting the input is withheld', async () => {
  aws.finish(arn, { status: 'TIMED_OUT', cause: `input was {"subjects":[{"userId":"${USER_ID}"}]}` });
  const result = await recordErasureOutcome(statusChange(arn, 'TIMED_OUT'), aws.deps);

  expect(result).toMatchObject({ status: 'FAILED', reason: { code: 'TIMED_OUT' } });
  expect(aws.receiptOf(REQUEST_ID)).toMatchObject({
    status: 'FAILED',
    failures: [{ error: 'TIMED_OUT', detail: expect.stringMatching(/withheld/) }],
  });
  expect(aws.published[0]).toMatchObject({ detailType: 'ErasureFailed', detail: { reason: { code: 'TIMED_OUT' } } });
  expectNoRawSubjectIds();
});

test('a dry run is DRY_RUN_COMPLETED, never COMPLETED', async () => {
  const dry = fakeAws();
  await takeErasureRequest(requestEvent({ requestId: 'dry-1', subject: SUBJECT, dryRun: true }), dry.deps);
  const dryArn = dry.executionArnOf('dry-1');
  dry.finish(dryArn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('dry-run', dryArn).report) });
  const result = await recordErasureOutcome(statusChange(dryArn, 'SUCCEEDED'), dry.deps);

  expect(result).toMatchObject({ status: 'DRY_RUN_COMPLETED' });
  expect(dry.receiptOf('dry-1')?.collections[0]).toMatchObject({ outcome: 'WOULD_DELETE', facesDeleted: 0 });
  expect(dry.published[0]).toMatchObject({ detailType: 'ErasureCompleted', detail: { status: 'DRY_RUN_COMPLETED' } });
});

test('a repeated status-change event rewrites the same receipt', async () => {
  aws.finish(arn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('succeeded', arn).report) });
  await recordErasureOutcome(statusChange(arn, 'SUCCEEDED'), aws.deps);
  const first = structuredClone(aws.receiptOf(REQUEST_ID));
  await recordErasureOutcome(statusChange(arn, 'SUCCEEDED'), aws.deps);
  expect(aws.receiptOf(REQUEST_ID)).toEqual(first);
});

describe('executions the intake did not start are ignored', () => {
  test.each([
    ['a retention purge', JSON.stringify({ collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] })],
    [
      'a subject erasure started by hand, without a receipt',
      JSON.stringify({ requestId: 'by-hand', subjects: [SUBJECT] }),
    ],
    [
      'an execution reusing a receipted requestId under another name',
      JSON.stringify({ requestId: REQUEST_ID, subjects: [SUBJECT] }),
    ],
  ])('%s', async (_, input) => {
    const other = aws.executionArn('other-execution');
    aws.executions.set(other, { input, status: 'SUCCEEDED', startDate: new Date(), output: '{}' });
    const result = await recordErasureOutcome(statusChange(other, 'SUCCEEDED'), aws.deps);

    expect(result.kind).toBe('IGNORED');
    expect(aws.receiptOf(REQUEST_ID)?.status).toBe('IN_PROGRESS');
    expect(aws.published).toEqual([]);
  });

  test('an execution that is running again (redriven) waits for its next status change', async () => {
    const result = await recordErasureOutcome(statusChange(arn, 'FAILED'), aws.deps);
    expect(result).toEqual({ kind: 'IGNORED', why: 'the execution is RUNNING' });
    expect(aws.published).toEqual([]);
  });
});

test('a transient AWS error is thrown, so the event is retried', async () => {
  aws.finish(arn, { status: 'SUCCEEDED', output: '{}' });
  aws.sfnMock.rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
  await expect(recordErasureOutcome(statusChange(arn, 'SUCCEEDED'), aws.deps)).rejects.toThrow('Rate exceeded');
  expect(aws.receiptOf(REQUEST_ID)?.status).toBe('IN_PROGRESS');
});

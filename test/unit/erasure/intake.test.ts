import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ExecutionLimitExceeded, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { takeErasureRequest } from '../../../lambdas/core/erasure/intake';
import { ErasurePublishError } from '../../../lambdas/core/erasure/publish';
import { pseudonym } from '../../../lambdas/core/pseudonyms/pseudonym';
import { type FakeAws, fakeAws, nameOf, requestEvent } from '../../support/fake-erasure-aws';

const SUBJECT = {
  userId: 'customer-8841',
  externalImageIds: ['selfie-2.jpg', 'selfie-1.jpg'],
  collectionIds: ['kyc-eu'],
};
const DETAIL = { requestId: 'crm-2026-000123', subject: SUBJECT, requestedAt: '2026-11-20T17:00:00+01:00' };

let aws: FakeAws;
beforeEach(() => {
  aws = fakeAws();
});

const starts = () => aws.sfnMock.commandCalls(StartExecutionCommand);

describe('a valid request', () => {
  test('starts one execution named after the requester and the request id, with the subject as its only job', async () => {
    const outcome = await takeErasureRequest(requestEvent(DETAIL), aws.deps);

    expect(outcome).toMatchObject({ kind: 'STARTED', requestId: 'crm-2026-000123' });
    expect(starts()).toHaveLength(1);
    const input = starts()[0]?.args[0].input;
    expect(input?.name).toBe(nameOf('crm-2026-000123'));
    expect(input?.name).toMatch(/^crm-customers_crm-2026-000123_[0-9a-f]{32}$/);
    expect(input?.stateMachineArn).toBe(aws.deps.stateMachineArn);
    expect(JSON.parse(input?.input ?? '')).toEqual({
      requestId: 'crm-2026-000123',
      dryRun: false,
      // Sorted: the order of ids does not change who is erased, and must not change the fingerprint.
      subjects: [
        { userId: 'customer-8841', externalImageIds: ['selfie-1.jpg', 'selfie-2.jpg'], collectionIds: ['kyc-eu'] },
      ],
    });
    expect(aws.published).toEqual([]);
  });

  test("records an IN_PROGRESS receipt: received by the intake's clock, due after the SLA, legal deadline one month on", async () => {
    await takeErasureRequest(requestEvent(DETAIL), aws.deps);

    const receipt = aws.receiptOf('crm-2026-000123');
    expect(receipt).toMatchObject({
      status: 'IN_PROGRESS',
      receiptKey: nameOf('crm-2026-000123'),
      receivedAt: '2026-11-22T09:00:05.000Z',
      dueAt: '2026-11-23T09:00:05.000Z',
      legalDeadline: '2026-12-22T09:00:05.000Z',
      // Recorded as claimed, used for nothing.
      eventTime: '2026-11-22T09:00:00.000Z',
      requestedAt: '2026-11-20T16:00:00.000Z',
      requestSource: 'crm.customers',
      executionArn: aws.executionArnOf('crm-2026-000123'),
      subjectRef: await pseudonym('customer-8841\nselfie-1.jpg\nselfie-2.jpg'),
      dryRun: false,
    });
    expect(JSON.stringify(receipt)).not.toMatch(/customer-8841|selfie-/);
  });

  test('an event time hours old does not pull the deadlines in', async () => {
    await takeErasureRequest(requestEvent(DETAIL, { time: '2026-11-21T09:00:00Z' }), aws.deps);
    expect(aws.receiptOf('crm-2026-000123')).toMatchObject({
      receivedAt: '2026-11-22T09:00:05.000Z',
      dueAt: '2026-11-23T09:00:05.000Z',
      eventTime: '2026-11-21T09:00:00.000Z',
    });
  });

  test('our own events are ignored without a call', async () => {
    const outcome = await takeErasureRequest(requestEvent(DETAIL, { source: 'rekognition-cleanup' }), aws.deps);
    expect(outcome.kind).toBe('IGNORED');
    expect(starts()).toHaveLength(0);
    expect(aws.dbMock.calls()).toHaveLength(0);
    expect(aws.eventsMock.calls()).toHaveLength(0);
  });
});

describe('the same request delivered twice starts one erasure', () => {
  test('while it runs: the second delivery is a duplicate, not a second execution', async () => {
    await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    const again = await takeErasureRequest(requestEvent(DETAIL, { id: 'redelivered' }), aws.deps);

    expect(again).toMatchObject({ kind: 'DUPLICATE', executionArn: aws.executionArnOf('crm-2026-000123') });
    expect(aws.executions.size).toBe(1);
    expect(aws.published).toEqual([]);
  });

  test('after the execution closed but before its receipt was settled: ExecutionAlreadyExists with the same input', async () => {
    await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    aws.finish(aws.executionArnOf('crm-2026-000123'), { status: 'SUCCEEDED', output: '{}' });
    // Ids in another order are the same subject.
    const reordered = { ...DETAIL, subject: { ...SUBJECT, externalImageIds: ['selfie-1.jpg', 'selfie-2.jpg'] } };
    const again = await takeErasureRequest(requestEvent(reordered), aws.deps);

    expect(again.kind).toBe('DUPLICATE');
    expect(aws.executions.size).toBe(1);
    expect(aws.published).toEqual([]);
  });

  test('after its receipt was settled: nothing is started at all', async () => {
    await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    const receipt = aws.receiptOf('crm-2026-000123');
    if (receipt === undefined) throw new Error('no receipt');
    aws.receipts.set(nameOf('crm-2026-000123'), { ...receipt, status: 'COMPLETED' });
    const again = await takeErasureRequest(requestEvent(DETAIL), aws.deps);

    expect(again.kind).toBe('DUPLICATE');
    expect(starts()).toHaveLength(1);
  });
});

describe('a request id reused', () => {
  test('for a different subject is refused, and the first receipt is left alone', async () => {
    await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    const before = structuredClone(aws.receiptOf('crm-2026-000123'));
    const other = { ...DETAIL, subject: { userId: 'customer-9999' } };
    const outcome = await takeErasureRequest(requestEvent(other, { id: 'second-event' }), aws.deps);

    expect(outcome).toMatchObject({
      kind: 'REJECTED',
      reason: { code: 'REQUEST_ID_CONFLICT', field: 'detail.requestId' },
    });
    expect(starts()).toHaveLength(1);
    expect(aws.receiptOf('crm-2026-000123')).toEqual(before);
    expect(aws.published.map((e) => e.detailType)).toEqual(['ErasureRejected', 'ErasureFailed']);
    expect(aws.published[1]?.detail).toMatchObject({
      requestId: 'crm-2026-000123',
      status: 'REJECTED',
      requestEventId: 'second-event',
    });
    expect(JSON.stringify(aws.published)).not.toContain('customer-9999');
  });

  test('with different options (a dry run, then the real thing) is refused too', async () => {
    await takeErasureRequest(requestEvent({ ...DETAIL, dryRun: true }), aws.deps);
    const outcome = await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    expect(outcome).toMatchObject({ kind: 'REJECTED', reason: { code: 'REQUEST_ID_CONFLICT' } });
    expect(starts()).toHaveLength(1);
  });

  test('as the name of an unrelated execution is refused and the receipt marked REJECTED', async () => {
    aws.executions.set(aws.executionArnOf('crm-2026-000123'), {
      input: JSON.stringify({ collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] }),
      status: 'SUCCEEDED',
      startDate: new Date('2026-11-01T00:00:00Z'),
    });
    const outcome = await takeErasureRequest(requestEvent(DETAIL), aws.deps);

    expect(outcome).toMatchObject({ kind: 'REJECTED', reason: { code: 'EXECUTION_NAME_TAKEN' } });
    expect(aws.receiptOf('crm-2026-000123')).toMatchObject({
      status: 'REJECTED',
      rejection: { code: 'EXECUTION_NAME_TAKEN' },
    });
    expect(aws.published.map((e) => e.detailType)).toEqual(['ErasureRejected', 'ErasureFailed']);
    // Delivered again, it is refused again, without another start.
    const again = await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    expect(again).toMatchObject({ kind: 'REJECTED', reason: { code: 'EXECUTION_NAME_TAKEN' } });
    expect(starts()).toHaveLength(1);
  });
});

describe('AWS errors are thrown, so the event is retried and ends in the dead-letter queue', () => {
  test('the receipts table is throttled: nothing started, nothing published', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    aws.dbMock.on(PutCommand).rejects(throttled);
    await expect(takeErasureRequest(requestEvent(DETAIL), aws.deps)).rejects.toThrow('Rate exceeded');
    expect(starts()).toHaveLength(0);
    expect(aws.published).toEqual([]);
  });

  test('Step Functions refuses to start; the retry then starts it once', async () => {
    aws.sfnMock
      .on(StartExecutionCommand)
      .rejectsOnce(new ExecutionLimitExceeded({ message: 'too many executions', $metadata: {} }));
    await expect(takeErasureRequest(requestEvent(DETAIL), aws.deps)).rejects.toBeInstanceOf(ExecutionLimitExceeded);
    expect(aws.receiptOf('crm-2026-000123')?.status).toBe('IN_PROGRESS');

    aws.sfnMock
      .on(StartExecutionCommand)
      .resolves({ executionArn: aws.executionArnOf('crm-2026-000123'), startDate: new Date() });
    const retried = await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    expect(retried.kind).toBe('DUPLICATE');
    expect(starts()).toHaveLength(2);
  });

  test('EventBridge does not take the rejection: thrown rather than lost', async () => {
    aws.eventsMock
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }, {}] });
    await expect(takeErasureRequest(requestEvent({ requestId: 'x' }), aws.deps)).rejects.toBeInstanceOf(
      ErasurePublishError,
    );
  });
});

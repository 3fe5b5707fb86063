import { ErasureBatches } from '../../../lambdas/core/erasure/batches';
import { closeErasureBatch } from '../../../lambdas/core/erasure/close-batch';
import { takeErasureRequest } from '../../../lambdas/core/erasure/intake';
import { recordErasureOutcome } from '../../../lambdas/core/erasure/record-outcome';
import { type FakeAws, fakeAws, requestEvent, STATE_MACHINE_ARN } from '../../support/fake-erasure-aws';
import { testJobStore } from '../../support/test-job-store';

/**
 * The intake's batched path (Step Functions, EventBridge and receipts in memory; the job store on dynalite): every
 * valid request of a window joins one batch and one execution, keeps its own receipt and deadline, and the same
 * request twice is one member; an invalid request joins nothing.
 */
const jobs = testJobStore();
let aws: FakeAws;
const deps = () => ({ ...aws.deps, jobs: jobs.store(), batchWindowSeconds: 180 });
const event = (requestId: string, subject: unknown, id = requestId) =>
  requestEvent({ requestId, subject }, { id: `evt-${id}` });

beforeEach(async () => {
  aws = fakeAws();
  for (const kind of ['REAL', 'DRY_RUN'] as const) {
    const open = await new ErasureBatches(jobs.store()).current(kind);
    if (open?.status === 'OPEN') await new ErasureBatches(jobs.store()).close(open.batchId);
  }
});
afterEach(() => aws.restore());

test('two requests within a window: one execution, started by reference to the batch, two receipts', async () => {
  const first = await takeErasureRequest(event('crm-1', { userId: 'customer-1' }), deps());
  const second = await takeErasureRequest(event('crm-2', { externalImageIds: ['customer-2.jpg'] }), deps());
  expect(first).toMatchObject({ kind: 'STARTED' });
  expect(second).toMatchObject({ kind: 'STARTED' });
  expect(aws.executions.size).toBe(1);
  const [arn, execution] = [...aws.executions.entries()][0]!;
  expect(first).toMatchObject({ executionArn: arn });
  expect(second).toMatchObject({ executionArn: arn });
  const input = JSON.parse(execution.input) as { erasureBatch: string };
  expect(Object.keys(input)).toEqual(['erasureBatch']);
  expect(execution.input).not.toMatch(/customer-/);
  // Each request has its own receipt, naming the batch's execution; deadlines are each its own.
  for (const id of ['crm-1', 'crm-2']) {
    expect(aws.receiptOf(id)).toMatchObject({ status: 'IN_PROGRESS', executionArn: arn, batchId: input.erasureBatch });
    expect(aws.receiptOf(id)?.dueAt).toBe('2026-11-23T09:00:05.000Z');
  }
});

test('the same request twice is one receipt and one member, before and after its batch closed', async () => {
  const request = event('crm-3', { userId: 'customer-3' });
  await takeErasureRequest(request, deps());
  expect(await takeErasureRequest(event('crm-3', { userId: 'customer-3' }, 'again'), deps())).toMatchObject({
    kind: 'DUPLICATE',
  });
  const batchId = aws.receiptOf('crm-3')!.batchId!;
  expect((await new ErasureBatches(jobs.store()).current('REAL'))?.memberCount).toBe(1);
  await closeErasureBatch(jobs.store(), { erasureBatch: batchId });
  // Closed, still running: the redelivery finds itself in the batch and starts nothing new.
  expect(await takeErasureRequest(request, deps())).toMatchObject({ kind: 'DUPLICATE', batchId });
  expect(aws.executions.size).toBe(1);
  expect(await new ErasureBatches(jobs.store()).archived(batchId)).toHaveLength(1);
});

test('a request id reused for another subject is refused, and joins nothing', async () => {
  await takeErasureRequest(event('crm-4', { userId: 'customer-4' }), deps());
  const reused = await takeErasureRequest(event('crm-4', { userId: 'someone-else' }, 'reused'), deps());
  expect(reused).toMatchObject({ kind: 'REJECTED', reason: { code: 'REQUEST_ID_CONFLICT' } });
  expect((await new ErasureBatches(jobs.store()).current('REAL'))?.memberCount).toBe(1);
});

test('an invalid request is refused alone; the valid ones of the window still share their batch', async () => {
  await takeErasureRequest(event('crm-5', { userId: 'customer-5' }), deps());
  const invalid = await takeErasureRequest(event('crm-6', { userId: 'customer-6', extra: 1 }), deps());
  await takeErasureRequest(event('crm-7', { userId: 'customer-7' }), deps());
  expect(invalid).toMatchObject({ kind: 'REJECTED', reason: { code: 'INVALID_REQUEST' } });
  expect(aws.receiptOf('crm-6')).toBeUndefined();
  const batchId = aws.receiptOf('crm-5')!.batchId!;
  expect(aws.receiptOf('crm-7')?.batchId).toBe(batchId);
  const ref = await closeErasureBatch(jobs.store(), { erasureBatch: batchId });
  const job = await jobs.store().getInput<{ subjects: unknown[]; requestId: string }>(ref.storedJob);
  expect(job).toEqual({
    requestId: `erasure-batch-${batchId}`,
    dryRun: false,
    // Each subject is a request of its own: one too broad fails alone.
    independentSubjects: true,
    subjects: [{ userId: 'customer-5' }, { userId: 'customer-7' }],
  });
});

test('dry runs and real requests go to different batches', async () => {
  aws.deps.requesters[0] = { ...aws.deps.requesters[0]!, allowDryRun: true };
  await takeErasureRequest(event('crm-8', { userId: 'customer-8' }), deps());
  await takeErasureRequest(requestEvent({ requestId: 'crm-9', subject: { userId: 'c-9' }, dryRun: true }), deps());
  expect(aws.executions.size).toBe(2);
  expect(aws.receiptOf('crm-8')?.batchId).not.toBe(aws.receiptOf('crm-9')?.batchId);
});

test('an execution that ended before closing its batch: the receipt function closes it and fails each member', async () => {
  await takeErasureRequest(event('crm-10', { userId: 'customer-10' }), deps());
  await takeErasureRequest(event('crm-11', { userId: 'customer-11' }), deps());
  const [arn] = [...aws.executions.keys()];
  aws.finish(arn!, { status: 'ABORTED' });
  const outcome = await recordErasureOutcome(
    {
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn: arn, stateMachineArn: STATE_MACHINE_ARN, status: 'ABORTED' },
    },
    deps(),
  );
  expect(outcome).toMatchObject({ kind: 'BATCH' });
  for (const id of ['crm-10', 'crm-11']) {
    expect(aws.receiptOf(id)).toMatchObject({ status: 'FAILED' });
  }
  expect(
    aws.published.map((p) => [p.detailType, p.detail.requestId, (p.detail.reason as { code: string }).code]),
  ).toEqual([
    ['ErasureFailed', 'crm-10', 'ABORTED'],
    ['ErasureFailed', 'crm-11', 'ABORTED'],
  ]);
  // Closed: a later request starts a new batch instead of joining one nobody will run.
  await takeErasureRequest(event('crm-12', { userId: 'customer-12' }), deps());
  expect(aws.executions.size).toBe(2);
});

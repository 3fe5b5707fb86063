import { takeErasureRequest } from '../../../lambdas/core/erasure/intake';
import { recordErasureOutcome } from '../../../lambdas/core/erasure/record-outcome';
import { type FakeAws, fakeAws, requestEvent, STATE_MACHINE_ARN } from '../../support/fake-erasure-aws';
import { testJobStore } from '../../support/test-job-store';
import { erasureReport, IMAGE_IDS, SUBJECT, USER_ID } from './support/erasure-reports';

/**
 * The intake keeps each request's job in the job store and starts the execution with a reference to it, so the
 * subject's ids never enter the execution's input (nor its history, which AWS keeps 90 days and cannot delete).
 * Once the erasure is settled, the stored job is deleted: the receipt keeps the pseudonym only.
 */
const jobs = testJobStore();
const REQUEST_ID = 'crm-2026-000321';
let aws: FakeAws;

beforeEach(() => {
  aws = fakeAws();
});
afterEach(() => aws.restore());

const deps = () => ({ ...aws.deps, jobs: jobs.store() });
const startedInput = () =>
  JSON.parse(aws.executions.get(aws.executionArnOf(REQUEST_ID))!.input!) as { storedJob: string };

test('the execution starts with a reference; the stored job holds the subject, the input none of it', async () => {
  const outcome = await takeErasureRequest(requestEvent({ requestId: REQUEST_ID, subject: SUBJECT }), deps());
  expect(outcome.kind).toBe('STARTED');
  const input = startedInput();
  expect(Object.keys(input)).toEqual(['storedJob']);
  for (const id of [USER_ID, ...IMAGE_IDS]) expect(JSON.stringify(input)).not.toContain(id);
  const stored = await jobs.store().getInput<{ requestId: string; subjects: unknown[] }>(input.storedJob);
  expect(stored).toMatchObject({ requestId: REQUEST_ID, subjects: [{ userId: USER_ID }] });
});

test('a redelivered request joins its execution (same reference), it is not refused as a name taken', async () => {
  const event = requestEvent({ requestId: REQUEST_ID, subject: SUBJECT });
  await takeErasureRequest(event, deps());
  const arn = aws.executionArnOf(REQUEST_ID);
  aws.finish(arn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('succeeded', arn).report) });
  // Finished executions refuse the name; the intake must recognise its own input.
  const again = await takeErasureRequest(event, deps());
  expect(again.kind).toBe('DUPLICATE');
  expect(aws.starts()).toBe(2);
});

test('settling the receipt reads the stored job, then deletes it; a redelivered status change changes nothing', async () => {
  await takeErasureRequest(requestEvent({ requestId: REQUEST_ID, subject: SUBJECT }), deps());
  const arn = aws.executionArnOf(REQUEST_ID);
  const key = startedInput().storedJob;
  aws.finish(arn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('succeeded', arn).report) });
  const change = {
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    detail: { executionArn: arn, stateMachineArn: STATE_MACHINE_ARN, status: 'SUCCEEDED' },
  };
  const recorded = await recordErasureOutcome(change, deps());
  expect(recorded).toMatchObject({ kind: 'RECORDED', status: 'COMPLETED' });
  expect(await jobs.store().getInput(key)).toBeUndefined();
  const published = aws.published.length;
  expect(await recordErasureOutcome(change, deps())).toMatchObject({ kind: 'IGNORED' });
  expect(aws.published).toHaveLength(published);
  expect(aws.receiptOf(REQUEST_ID)?.status).toBe('COMPLETED');
});

import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  OPERATOR_SOURCE,
  operatorErasureName,
  recordOperatorErasure,
} from '../../../lambdas/core/erasure/operator-erasure';
import { recordErasureOutcome } from '../../../lambdas/core/erasure/record-outcome';
import { subjectRefOf } from '../../../lambdas/core/erasure/fingerprint';
import type { CleanupJob } from '../../../lambdas/core/job/types';
import { type FakeAws, fakeAws, NOW, STATE_MACHINE_ARN } from '../../support/fake-erasure-aws';
import { erasureReport, IMAGE_IDS, USER_ID } from './support/erasure-reports';

/** An erasure the CLI starts: a receipt first, then the execution named after it; the receipt function settles it. */
let aws: FakeAws;
beforeEach(() => {
  aws = fakeAws();
});
afterEach(() => aws.restore());

const job = {
  requestId: 'ticket-42',
  subjects: [{ userId: USER_ID, externalImageIds: [...IMAGE_IDS].reverse(), collectionIds: ['kyc-eu'] }],
} as CleanupJob & { requestId: string };
const name = operatorErasureName('ticket-42');

async function record(raw: unknown = job) {
  return recordOperatorErasure(aws.deps.receipts, {
    job: raw as typeof job,
    raw,
    executionArn: aws.executionArn(name),
    receivedAt: NOW,
    slaSeconds: 3600,
  });
}

test("an IN_PROGRESS receipt under the CLI's own source, with the same subjectRef a bus request would get", async () => {
  const recorded = await record();
  expect(recorded).toMatchObject({ created: true });
  const receipt = aws.receipts.get(name);
  expect(receipt).toMatchObject({
    requestId: 'ticket-42',
    requestSource: OPERATOR_SOURCE,
    status: 'IN_PROGRESS',
    receivedAt: NOW.toISOString(),
    dueAt: '2026-11-22T10:00:05.000Z',
    legalDeadline: '2026-12-22T09:00:05.000Z',
    // The ids sorted, as the intake normalises them.
    subjectRef: await subjectRefOf({ userId: USER_ID, externalImageIds: [...IMAGE_IDS].sort() }),
  });
  for (const id of [USER_ID, ...IMAGE_IDS]) expect(JSON.stringify(receipt)).not.toContain(id);
});

test('the same erasure again finds its receipt; the same requestId for another job is refused', async () => {
  await record();
  expect(await record()).toMatchObject({ created: false });
  const other = { requestId: 'ticket-42', subjects: [{ userId: 'someone-else' }] };
  expect(await record(other)).toEqual({ refused: expect.objectContaining({ code: 'REQUEST_ID_CONFLICT' }) });
});

test('several subjects: every subjectRef is recorded, so each person finds the receipt', async () => {
  const two = { requestId: 'ticket-43', subjects: [{ userId: 'a-1' }, { userId: 'b-2' }] };
  const recorded = await record(two);
  expect('receipt' in recorded && recorded.receipt.subjectRefs).toEqual([
    await subjectRefOf({ userId: 'a-1' }),
    await subjectRefOf({ userId: 'b-2' }),
  ]);
});

test("the stack's receipt function settles it when the execution closes", async () => {
  await record();
  const arn = aws.executionArn(name);
  await aws.deps.sfn.send(
    new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: JSON.stringify(job) }),
  );
  aws.finish(arn, { status: 'SUCCEEDED', output: JSON.stringify(erasureReport('succeeded', arn).report) });
  const result = await recordErasureOutcome({ detail: { executionArn: arn, status: 'SUCCEEDED' } }, aws.deps);
  expect(result).toMatchObject({ kind: 'RECORDED', requestId: 'ticket-42', status: 'COMPLETED' });
  expect(aws.receipts.get(name)).toMatchObject({ status: 'COMPLETED', finishedAt: '2026-11-22T09:05:00.000Z' });
});

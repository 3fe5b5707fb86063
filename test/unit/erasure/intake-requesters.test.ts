import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { takeErasureRequest } from '../../../lambdas/core/erasure/intake';
import { CRM, type FakeAws, fakeAws, nameOf, requestEvent, SOURCE } from '../../support/fake-erasure-aws';

const DETAIL = { requestId: 'crm-2026-000124', subject: { userId: 'customer-4711' } };
/** Another requester, in another account, not allowed dry runs. */
const SUPPORT = { source: 'support.tickets', accounts: ['444455556666'], allowDryRun: false };

let aws: FakeAws;
beforeEach(() => {
  aws = fakeAws();
  aws.deps.requesters = [CRM, SUPPORT];
});

const starts = () => aws.sfnMock.commandCalls(StartExecutionCommand);

/** Refused before anything is recorded or started, and answered on the bus. */
function expectRefused(outcome: unknown, code: string, field: string) {
  expect(outcome).toMatchObject({ kind: 'REJECTED', reason: { code, field } });
  expect(starts()).toHaveLength(0);
  expect(aws.receipts.size).toBe(0);
  expect(aws.published.map((e) => [e.source, e.detailType])).toEqual([
    ['rekognition-cleanup', 'ErasureRejected'],
    ['rekognition-cleanup', 'ErasureFailed'],
  ]);
}

describe('who may ask', () => {
  test('a source that is not a listed requester is refused', async () => {
    const outcome = await takeErasureRequest(requestEvent(DETAIL, { source: 'aws.partner/anything' }), aws.deps);
    expectRefused(outcome, 'REQUESTER_NOT_ALLOWED', 'source');
  });

  test('a listed source from an account that is not among its principals is refused', async () => {
    const outcome = await takeErasureRequest(requestEvent(DETAIL, { account: '999999999999' }), aws.deps);
    expectRefused(outcome, 'REQUESTER_NOT_ALLOWED', 'account');
  });

  test("one requester's account cannot use another's source", async () => {
    const outcome = await takeErasureRequest(requestEvent(DETAIL, { account: SUPPORT.accounts[0] }), aws.deps);
    expectRefused(outcome, 'REQUESTER_NOT_ALLOWED', 'account');
  });

  test('an event without an account is refused', async () => {
    const outcome = await takeErasureRequest(requestEvent(DETAIL, { account: undefined }), aws.deps);
    expectRefused(outcome, 'REQUESTER_NOT_ALLOWED', 'account');
  });

  test('with no requester configured (the default), nobody is', async () => {
    aws.deps.requesters = [];
    const outcome = await takeErasureRequest(requestEvent(DETAIL), aws.deps);
    expectRefused(outcome, 'REQUESTER_NOT_ALLOWED', 'source');
  });

  test('an unlisted source is refused before its detail is read: it learns nothing about the schema', async () => {
    const outcome = await takeErasureRequest(
      requestEvent({ requestId: 'x', subject: 'not an object' }, { source: 'other.service' }),
      aws.deps,
    );
    expectRefused(outcome, 'REQUESTER_NOT_ALLOWED', 'source');
  });

  test('a listed requester from one of its accounts is taken', async () => {
    const outcome = await takeErasureRequest(
      requestEvent(DETAIL, { source: SUPPORT.source, account: SUPPORT.accounts[0] }),
      aws.deps,
    );
    expect(outcome).toMatchObject({ kind: 'STARTED', requestId: DETAIL.requestId });
    expect(aws.receiptOf(DETAIL.requestId, SUPPORT.source)).toMatchObject({ requestSource: SUPPORT.source });
  });
});

describe('dry runs', () => {
  test('are refused to a requester not allowed them, and nothing is recorded', async () => {
    const event = requestEvent({ ...DETAIL, dryRun: true }, { source: SUPPORT.source, account: SUPPORT.accounts[0] });
    const outcome = await takeErasureRequest(event, aws.deps);
    expectRefused(outcome, 'DRY_RUN_NOT_ALLOWED', 'detail.dryRun');
  });

  test('are taken from a requester allowed them', async () => {
    const outcome = await takeErasureRequest(requestEvent({ ...DETAIL, dryRun: true }), aws.deps);
    expect(outcome.kind).toBe('STARTED');
    expect(aws.receiptOf(DETAIL.requestId)?.dryRun).toBe(true);
  });
});

describe('request ids are scoped by requester', () => {
  test("A's dry run with id X does not block B's real request with id X", async () => {
    const squat = await takeErasureRequest(requestEvent({ ...DETAIL, dryRun: true }), aws.deps);
    const real = await takeErasureRequest(
      requestEvent(DETAIL, { id: 'support-event', source: SUPPORT.source, account: SUPPORT.accounts[0] }),
      aws.deps,
    );

    expect(squat.kind).toBe('STARTED');
    expect(real).toMatchObject({ kind: 'STARTED', requestId: DETAIL.requestId });
    expect(starts().map((call) => call.args[0].input.name)).toEqual([
      nameOf(DETAIL.requestId, SOURCE),
      nameOf(DETAIL.requestId, SUPPORT.source),
    ]);
    expect(aws.receiptOf(DETAIL.requestId, SOURCE)).toMatchObject({ dryRun: true, requestSource: SOURCE });
    expect(aws.receiptOf(DETAIL.requestId, SUPPORT.source)).toMatchObject({
      dryRun: false,
      requestSource: SUPPORT.source,
      status: 'IN_PROGRESS',
    });
    expect(aws.published).toEqual([]);
  });

  test('names stay within Step Functions limits and differ for ids that share the readable prefix', () => {
    const long = 'r'.repeat(80);
    const names = [nameOf(long, 'a'.repeat(256)), nameOf(`${long.slice(0, 79)}s`, 'a'.repeat(256))];
    for (const name of names) expect(name).toMatch(/^[0-9A-Za-z_-]{1,80}$/);
    expect(names[0]).not.toBe(names[1]);
    // The same pair split differently between source and id is another erasure.
    expect(nameOf('b_c', 'a')).not.toBe(nameOf('c', 'a_b'));
  });
});

describe('forged completions', () => {
  test('an ErasureCompleted with our source reaching the intake is ignored without a call', async () => {
    const forged = {
      ...requestEvent({ requestId: DETAIL.requestId, status: 'COMPLETED' }),
      source: 'rekognition-cleanup',
      'detail-type': 'ErasureCompleted',
    };
    const outcome = await takeErasureRequest(forged, aws.deps);
    expect(outcome.kind).toBe('IGNORED');
    expect(aws.sfnMock.calls()).toHaveLength(0);
    expect(aws.dbMock.calls()).toHaveLength(0);
    expect(aws.eventsMock.calls()).toHaveLength(0);
  });
});

test('a requester written in any script, with spaces and punctuation, is recorded as written', async () => {
  const requester = 'Équipe CRM – ticket #4711 (Zürich), 客服';
  await takeErasureRequest(requestEvent({ ...DETAIL, requester }), aws.deps);
  expect(aws.receiptOf(DETAIL.requestId)?.requester).toBe(requester);
});

/**
 * The three handlers as Lambda runs them: real module-level clients (mocked by class), environment from the
 * construct, Powertools logs and metrics on stdout. What they print must never hold a raw subject id.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as intake } from '../../../lambdas/erasure-intake/index';
import { handler as overdue } from '../../../lambdas/erasure-overdue/index';
import { handler as receipt } from '../../../lambdas/erasure-receipt/index';
import { CRM, nameOf, requestEvent, STATE_MACHINE_ARN } from '../../support/fake-erasure-aws';

const USER_ID = 'customer-8841';
const EXECUTION_ARN = `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${nameOf('crm-1')}`;
const CONTEXT = {
  functionName: 'erasure',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:erasure',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);
const db = mockClient(DynamoDBDocumentClient);
const ENV = {
  STATE_MACHINE_ARN,
  ERASURE_EVENT_BUS_NAME: 'erasure-bus',
  RECEIPTS_TABLE_NAME: 'receipts',
  RECEIPTS_STATUS_INDEX: 'status-dueAt',
  ERASURE_SLA_SECONDS: '86400',
  JOB_TABLE_NAME: 'jobs',
  ERASURE_REQUESTERS: JSON.stringify([CRM]),
};
const saved = { ...process.env };

beforeEach(() => {
  Object.assign(process.env, ENV);
  for (const mock of [sfn, events, db]) mock.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }, { EventId: '2' }] });
});
afterAll(() => {
  process.env = saved;
});

/** Everything written to stdout and stderr while `run` runs (Powertools logs and EMF metrics). */
async function printed(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.join('');
}

/** The value of `metric` in the EMF documents printed, or undefined. */
function metricValue(output: string, metric: string): unknown {
  for (const line of output.split('\n')) {
    if (!line.includes('"_aws"')) continue;
    const document = JSON.parse(line);
    const definition = document._aws.CloudWatchMetrics[0];
    expect(definition.Namespace).toBe('RekognitionCleanup');
    expect(definition.Dimensions).toEqual([['service']]);
    expect(document.service).toBe('rekognition-cleanup');
    if (metric in document) return document[metric];
  }
  return undefined;
}

test('intake: a started erasure is logged by request id and subject ref, never by user id', async () => {
  db.on(PutCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
  const output = await printed(() =>
    intake(requestEvent({ requestId: 'crm-1', subject: { userId: USER_ID } }), CONTEXT),
  );

  expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  expect(output).toContain('erasure request started');
  expect(output).toContain('crm-1');
  expect(output).toMatch(/"subjectRef":"hmac:[A-Za-z0-9_-]{43}"/);
  expect(output).not.toContain(USER_ID);
});

test('intake: a refused request is logged by field and rule, never by value, and not thrown', async () => {
  const bad = 'jane.doe@example.com';
  const output = await printed(async () => {
    const outcome = await intake(requestEvent({ requestId: 'crm-1', subject: { userId: bad } }), CONTEXT);
    expect(outcome.kind).toBe('REJECTED');
  });
  expect(output).toContain('detail.subject.userId');
  expect(output).not.toContain(bad);
});

test('intake: a missing setting fails loudly instead of writing nowhere', async () => {
  delete process.env.RECEIPTS_TABLE_NAME;
  await expect(printed(() => intake(requestEvent({}), CONTEXT))).rejects.toThrow('RECEIPTS_TABLE_NAME is not set');
});

test('receipt: a failed erasure publishes ErasuresFailed=1, and logs no subject id', async () => {
  sfn.on(DescribeExecutionCommand).resolves({
    executionArn: EXECUTION_ARN,
    status: 'TIMED_OUT',
    input: JSON.stringify({ requestId: 'crm-1', dryRun: false, subjects: [{ userId: USER_ID }] }),
    startDate: new Date('2026-11-22T09:00:00Z'),
    stopDate: new Date('2026-11-23T09:00:00Z'),
  });
  db.on(GetCommand).resolves({
    Item: {
      receiptKey: nameOf('crm-1'),
      requestId: 'crm-1',
      executionArn: EXECUTION_ARN,
      status: 'IN_PROGRESS',
      collections: [],
      failures: [],
    },
  });
  db.on(PutCommand).resolves({});
  // The job store holds no record of what the job did before it timed out.
  db.on(QueryCommand).resolves({ Items: [] });
  const event = { source: 'aws.states', detail: { executionArn: EXECUTION_ARN, status: 'TIMED_OUT' } };
  const output = await printed(() => receipt(event, CONTEXT));

  expect(metricValue(output, 'ErasuresFailed')).toBe(1);
  expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.DetailType).toBe('ErasureFailed');
  expect(output).not.toContain(USER_ID);
});

test('overdue: publishes OverdueErasures, OpenErasures and the time to the next deadline; logs each deadline', async () => {
  const dueIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
  db.on(QueryCommand).resolves({
    Items: [
      { receiptKey: 'late-1', dueAt: '2026-11-01T00:00:00.000Z' },
      { receiptKey: 'open-2', dueAt: dueIn(5) },
    ],
  });
  const output = await printed(() => overdue({}, CONTEXT));

  expect(metricValue(output, 'OverdueErasures')).toBe(1);
  expect(metricValue(output, 'OpenErasures')).toBe(2);
  expect(metricValue(output, 'SecondsToNextErasureDeadline')).toBe(0);
  const deadlines = output
    .split('\n')
    .filter((line) => line.includes('"open erasure"'))
    .map((line) => JSON.parse(line) as { erasure: string; dueAt: string; overdue: boolean });
  expect(deadlines.map(({ erasure, overdue: late }) => [erasure, late])).toEqual([
    ['late-1', true],
    ['open-2', false],
  ]);
});

test('overdue: with none open, no deadline metric (there is none) and zero counts', async () => {
  db.on(QueryCommand).resolves({ Items: [] });
  const output = await printed(() => overdue({}, CONTEXT));

  expect(metricValue(output, 'OverdueErasures')).toBe(0);
  expect(metricValue(output, 'OpenErasures')).toBe(0);
  expect(metricValue(output, 'SecondsToNextErasureDeadline')).toBeUndefined();
});

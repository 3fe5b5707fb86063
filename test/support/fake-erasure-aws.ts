/**
 * Step Functions, EventBridge and the receipts table in memory, behind aws-sdk-client-mock, with the semantics the
 * intake relies on: conditional writes, StartExecution idempotent for the same name and input while running and
 * ExecutionAlreadyExists otherwise, PutEvents recording what was published.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { erasureName } from '../../lambdas/core/erasure/erasure-name';
import type { ReceiptRecord } from '../../lambdas/core/erasure/receipts-store';
import type { AllowedRequester } from '../../lambdas/core/erasure/requesters';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:cleanup';
export const BUS = 'erasure-bus';
export const TABLE = 'receipts';
export const NOW = new Date('2026-11-22T09:00:05Z');
/** requestEvent's source and account. */
export const SOURCE = 'crm.customers';
export const ACCOUNT = '123456789012';
/** The requester requestEvent publishes as: allowed, dry runs included. */
export const CRM: AllowedRequester = { source: SOURCE, accounts: [ACCOUNT], allowDryRun: true };

/** The receipt key and execution name of `requestId` from `source`. */
export const nameOf = (requestId: string, source = SOURCE) => erasureName(source, requestId);

export interface FakeExecution {
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
}

export interface Published {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

export function fakeAws() {
  const sfn = new SFNClient({ region: 'eu-west-1' });
  const events = new EventBridgeClient({ region: 'eu-west-1' });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
  const sfnMock = mockClient(sfn);
  const eventsMock = mockClient(events);
  const dbMock = mockClient(documents);
  const receipts = new Map<string, ReceiptRecord>();
  const executions = new Map<string, FakeExecution>();
  const published: Published[] = [];

  dbMock.on(GetCommand).callsFake((input) => ({ Item: clone(receipts.get(input.Key.receiptKey)) }));
  dbMock.on(PutCommand).callsFake((input) => {
    const existing = receipts.get(input.Item.receiptKey);
    if (input.ConditionExpression === 'attribute_not_exists(receiptKey)' && existing !== undefined) {
      throw conditionFailed();
    }
    if (input.ConditionExpression === 'executionArn = :arn') {
      if (existing?.executionArn !== input.ExpressionAttributeValues[':arn']) throw conditionFailed();
    }
    receipts.set(input.Item.receiptKey, clone(input.Item));
    return {};
  });
  dbMock.on(UpdateCommand).callsFake((input) => {
    const existing = receipts.get(input.Key.receiptKey);
    if (existing === undefined || existing.status !== input.ExpressionAttributeValues[':inProgress']) {
      throw conditionFailed();
    }
    existing.status = input.ExpressionAttributeValues[':rejected'];
    existing.rejection = clone(input.ExpressionAttributeValues[':reason']);
    return {};
  });

  const executionArn = (name: string) => `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  sfnMock.on(StartExecutionCommand).callsFake((input) => {
    const arn = executionArn(input.name);
    const existing = executions.get(arn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === input.input) {
        return { executionArn: arn, startDate: existing.startDate };
      }
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${arn}'`, $metadata: {} });
    }
    executions.set(arn, { input: input.input, status: 'RUNNING', startDate: new Date('2026-11-22T09:00:06Z') });
    return { executionArn: arn, startDate: new Date('2026-11-22T09:00:06Z') };
  });
  sfnMock.on(DescribeExecutionCommand).callsFake((input) => {
    const execution = executions.get(input.executionArn);
    if (execution === undefined) throw new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} });
    return {
      executionArn: input.executionArn,
      stateMachineArn: STATE_MACHINE_ARN,
      ...clone(execution),
      startDate: execution.startDate,
      stopDate: execution.stopDate,
    };
  });
  eventsMock.on(PutEventsCommand).callsFake((input) => {
    for (const entry of input.Entries) {
      published.push({
        source: entry.Source,
        detailType: entry.DetailType,
        detail: JSON.parse(entry.Detail),
        ...(entry.Resources === undefined ? {} : { resources: entry.Resources }),
      });
    }
    return { FailedEntryCount: 0, Entries: input.Entries.map((_: unknown, i: number) => ({ EventId: `out-${i}` })) };
  });

  return {
    sfnMock,
    eventsMock,
    dbMock,
    receipts,
    executions,
    published,
    executionArn,
    /** What the intake and the receipt function are given. */
    deps: {
      sfn,
      bus: { client: events, eventBusName: BUS },
      receipts: { client: documents, tableName: TABLE },
      stateMachineArn: STATE_MACHINE_ARN,
      requesters: [CRM] as AllowedRequester[],
      slaSeconds: 24 * 3600,
      now: () => NOW,
    },
    /** The receipt of `requestId` from `source`. */
    receiptOf: (requestId: string, source = SOURCE) => receipts.get(nameOf(requestId, source)),
    /** The execution ARN of `requestId` from `source`. */
    executionArnOf: (requestId: string, source = SOURCE) => executionArn(nameOf(requestId, source)),
    /** StartExecution calls received so far. */
    starts: () => sfnMock.commandCalls(StartExecutionCommand).length,
    /** Receipt writes (Put and Update) received so far. */
    receiptWrites: () => dbMock.commandCalls(PutCommand).length + dbMock.commandCalls(UpdateCommand).length,
    restore() {
      sfnMock.restore();
      eventsMock.restore();
      dbMock.restore();
    },
    /** Closes an execution as Step Functions would. */
    finish(arn: string, outcome: Omit<FakeExecution, 'input' | 'startDate'>) {
      const execution = executions.get(arn);
      if (execution === undefined) throw new Error(`no execution ${arn}`);
      executions.set(arn, { ...execution, stopDate: new Date('2026-11-22T09:05:00Z'), ...outcome });
    },
  };
}

export type FakeAws = ReturnType<typeof fakeAws>;

/** An ErasureRequested event as EventBridge delivers it to a Lambda target. */
export function requestEvent(detail: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: 'c0ffee00-0000-4000-8000-000000000001',
    'detail-type': 'ErasureRequested',
    source: SOURCE,
    account: ACCOUNT,
    time: '2026-11-22T09:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
    ...overrides,
  };
}

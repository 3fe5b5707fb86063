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
import type { IntakeDeps } from '../../../lambdas/core/erasure/intake';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:cleanup';
const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

export interface Published {
  detailType: string;
  detail: Record<string, unknown>;
}

/**
 * Step Functions, EventBridge and the receipts table in memory, with the semantics the intake relies on:
 * conditional receipt writes, StartExecution idempotent for the same name and input while running (and
 * ExecutionAlreadyExists otherwise), and every published event recorded.
 */
export function fakeIntakeAws() {
  const sfn = new SFNClient({ region: 'eu-west-1' });
  const events = new EventBridgeClient({ region: 'eu-west-1' });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
  const sfnMock = mockClient(sfn);
  const eventsMock = mockClient(events);
  const dbMock = mockClient(documents);
  const receipts = new Map<string, Record<string, unknown>>();
  const executions = new Map<string, { input: string; status: string }>();
  const published: Published[] = [];

  dbMock.on(GetCommand).callsFake((input) => ({ Item: clone(receipts.get(input.Key.requestId)) }));
  dbMock.on(PutCommand).callsFake((input) => {
    const existing = receipts.get(input.Item.requestId);
    if (input.ConditionExpression === 'attribute_not_exists(requestId)' && existing !== undefined)
      throw conditionFailed();
    receipts.set(input.Item.requestId, clone(input.Item));
    return {};
  });
  dbMock.on(UpdateCommand).callsFake((input) => {
    const existing = receipts.get(input.Key.requestId);
    if (existing === undefined || existing.status !== 'IN_PROGRESS') throw conditionFailed();
    existing.status = 'REJECTED';
    existing.rejection = clone(input.ExpressionAttributeValues[':reason']);
    return {};
  });
  const executionArn = (name: string) => `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  sfnMock.on(StartExecutionCommand).callsFake((input) => {
    const arn = executionArn(input.name);
    const existing = executions.get(arn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === input.input)
        return { executionArn: arn, startDate: new Date() };
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${arn}'`, $metadata: {} });
    }
    executions.set(arn, { input: input.input, status: 'RUNNING' });
    return { executionArn: arn, startDate: new Date() };
  });
  sfnMock.on(DescribeExecutionCommand).callsFake((input) => {
    const execution = executions.get(input.executionArn);
    if (execution === undefined) throw new ExecutionDoesNotExist({ message: 'no such execution', $metadata: {} });
    return { executionArn: input.executionArn, stateMachineArn: STATE_MACHINE_ARN, ...clone(execution) };
  });
  eventsMock.on(PutEventsCommand).callsFake((input) => {
    for (const entry of input.Entries) {
      published.push({ detailType: entry.DetailType, detail: JSON.parse(entry.Detail) });
    }
    return { FailedEntryCount: 0, Entries: input.Entries.map((_: unknown, i: number) => ({ EventId: `out-${i}` })) };
  });

  const deps: IntakeDeps = {
    sfn,
    bus: { client: events, eventBusName: 'erasure-bus' },
    receipts: { client: documents, tableName: 'receipts' },
    stateMachineArn: STATE_MACHINE_ARN,
    slaSeconds: 24 * 3600,
    now: () => new Date('2026-11-22T09:00:05Z'),
  };
  return {
    deps,
    published,
    receipts,
    /** StartExecution calls received so far. */
    starts: () => sfnMock.commandCalls(StartExecutionCommand).length,
    /** Receipt writes (Put and Update) received so far. */
    receiptWrites: () => dbMock.commandCalls(PutCommand).length + dbMock.commandCalls(UpdateCommand).length,
    restore() {
      sfnMock.restore();
      eventsMock.restore();
      dbMock.restore();
    },
  };
}

export type FakeIntakeAws = ReturnType<typeof fakeIntakeAws>;

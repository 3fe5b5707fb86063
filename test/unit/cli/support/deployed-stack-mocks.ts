/**
 * A deployed stack as the CLI sees it through its SDK clients: the state machine's CloudFormation tag, the stack's
 * outputs, KMS GenerateMac with the subject key, and the job store and receipts table as DynamoDB tables in
 * memory (Put, Get, Query by partition and sort-key prefix, Delete), so what the CLI writes can be read back.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHmac } from 'node:crypto';
import type { cliHarness } from './cli-harness';
import { STATE_MACHINE_ARN } from './cli-harness';

export const STACK_NAME = 'RekognitionCleanup';
export const JOB_TABLE = 'RekognitionCleanup-JobStore';
export const RECEIPTS_TABLE = 'RekognitionCleanup-Receipts';
export const SUBJECT_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef';
/** What KMS would compute, with a key the test knows: HMAC-SHA-256 under this secret. */
export const KMS_SECRET = 'the-stack-key';

type Item = Record<string, unknown>;

export function mockDeployedStack(cli: ReturnType<typeof cliHarness>) {
  const tables = new Map<string, Map<string, Item>>([
    [JOB_TABLE, new Map()],
    [RECEIPTS_TABLE, new Map()],
  ]);
  const keyOf = (table: string, key: Item) =>
    table === JOB_TABLE ? `${String(key.pk)}\u0000${String(key.sk)}` : String(key.receiptKey);
  const tableOf = (name: string | undefined) => {
    const table = tables.get(name ?? '');
    if (table === undefined) throw new Error(`no table ${name}`);
    return table;
  };
  cli.mocks.sfn.on(ListTagsForResourceCommand, { resourceArn: STATE_MACHINE_ARN }).resolves({
    tags: [{ key: 'aws:cloudformation:stack-name', value: STACK_NAME }],
  });
  cli.mocks.cloudFormation.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves({
    Stacks: [
      {
        StackName: STACK_NAME,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: [
          { OutputKey: 'StateMachineArn', OutputValue: STATE_MACHINE_ARN },
          { OutputKey: 'JobStoreTableName', OutputValue: JOB_TABLE },
          { OutputKey: 'ErasureReceiptsTableName', OutputValue: RECEIPTS_TABLE },
          { OutputKey: 'SubjectKeyArn', OutputValue: SUBJECT_KEY_ARN },
        ],
      },
    ],
  });
  cli.mocks.kms.on(GenerateMacCommand).callsFake((input: { KeyId: string; Message: Uint8Array }) => {
    if (input.KeyId !== SUBJECT_KEY_ARN) throw new Error(`GenerateMac with ${input.KeyId}`);
    return { Mac: createHmac('sha256', KMS_SECRET).update(input.Message).digest(), MacAlgorithm: 'HMAC_SHA_256' };
  });
  cli.mocks.documents
    .on(PutCommand)
    .callsFake((input: { TableName: string; Item: Item; ConditionExpression?: string }) => {
      const key = keyOf(input.TableName, input.Item);
      const existing = tableOf(input.TableName).get(key);
      // The receipts' two conditions (receipts-store.ts): create only, and replace only one's own.
      const refused =
        (input.ConditionExpression?.startsWith('attribute_not_exists') === true && existing !== undefined) ||
        (input.ConditionExpression === 'executionArn = :arn' && existing?.executionArn !== input.Item.executionArn);
      if (refused) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      }
      tableOf(input.TableName).set(key, structuredClone(input.Item));
      return {};
    });
  cli.mocks.documents.on(GetCommand).callsFake((input: { TableName: string; Key: Item }) => {
    const item = tableOf(input.TableName).get(keyOf(input.TableName, input.Key));
    return item === undefined ? {} : { Item: structuredClone(item) };
  });
  cli.mocks.documents.on(DeleteCommand).callsFake((input: { TableName: string; Key: Item }) => {
    tableOf(input.TableName).delete(keyOf(input.TableName, input.Key));
    return {};
  });
  cli.mocks.documents.on(QueryCommand).callsFake((input: { TableName: string; ExpressionAttributeValues: Item }) => {
    // The job store's one query: a partition, and a sort-key prefix.
    const pk = String(input.ExpressionAttributeValues[':pk']);
    const prefix = String(input.ExpressionAttributeValues[':prefix'] ?? '');
    const items = [...tableOf(input.TableName).values()]
      .filter((item) => item.pk === pk && String(item.sk).startsWith(prefix))
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
    return { Items: structuredClone(items) };
  });
  cli.mocks.documents.on(ScanCommand).callsFake((input: { TableName: string }) => ({
    Items: structuredClone([...tableOf(input.TableName).values()]),
  }));
  return {
    jobItems: () => [...tableOf(JOB_TABLE).values()],
    receipts: tableOf(RECEIPTS_TABLE) as Map<string, unknown>,
    jobTable: tableOf(JOB_TABLE),
  };
}

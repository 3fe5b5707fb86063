/**
 * The receipts table: one item per erasure, keyed by its name (erasureName: source and requestId), never deleted
 * (receipts are evidence). Conditional writes make the intake safe against the same request delivered twice at the same
 * time.
 */
import { conditionalWrite } from '../store/conditional-write';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ErasureReceipt, FailureReason } from './events';

/** What the table holds: the published receipt plus the bookkeeping the intake needs. */
export interface ReceiptRecord extends ErasureReceipt {
  /** The table's key: erasureName(requestSource, requestId), which is also the execution's name. */
  receiptKey: string;
  /** jobFingerprint of the execution input: tells a redelivery from a reused requestId. */
  requestHash: string;
  requestEventId?: string;
  /** Why a request that was recorded could not be started (status REJECTED). */
  rejection?: FailureReason;
  /** The erasure batch the request joins (or is joining): its execution is the batch's (batches.ts). */
  batchId?: string;
}

export interface ReceiptsTable {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export async function getReceipt(table: ReceiptsTable, receiptKey: string): Promise<ReceiptRecord | undefined> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: { receiptKey }, ConsistentRead: true }),
  );
  return Item as ReceiptRecord | undefined;
}

/** Writes a new receipt; false when one already exists for this erasure (nothing is overwritten). */
export function createReceipt(table: ReceiptsTable, record: ReceiptRecord): Promise<boolean> {
  return conditionalWrite(() =>
    table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: record,
        ConditionExpression: 'attribute_not_exists(receiptKey)',
      }),
    ),
  );
}

/**
 * Replaces the receipt with its final form, only if it still belongs to `executionArn`: a status-change event for
 * another execution can never overwrite someone else's receipt. Writing the same final receipt twice is harmless.
 */
export function saveFinalReceipt(table: ReceiptsTable, record: ReceiptRecord): Promise<boolean> {
  return putIfNamed(table, record, record.executionArn);
}

/**
 * Points an IN_PROGRESS receipt at another batch (its first one closed before the request could join it), only if
 * it still names `previousArn`: the receipt always names the batch its request is joining, or has joined.
 */
export function retargetReceipt(table: ReceiptsTable, record: ReceiptRecord, previousArn: string): Promise<boolean> {
  return putIfNamed(table, record, previousArn);
}

/** Writes the receipt only over one that names `executionArn`: whose receipt it is decides who may write it. */
function putIfNamed(table: ReceiptsTable, record: ReceiptRecord, executionArn: string): Promise<boolean> {
  return conditionalWrite(() =>
    table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: record,
        ConditionExpression: 'executionArn = :arn',
        ExpressionAttributeValues: { ':arn': executionArn },
      }),
    ),
  );
}

/** The request was recorded but its execution name is taken: it will never start. Only an IN_PROGRESS receipt. */
export async function markRejected(table: ReceiptsTable, receiptKey: string, reason: FailureReason): Promise<void> {
  await conditionalWrite(() =>
    table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { receiptKey },
        UpdateExpression: 'SET #status = :rejected, rejection = :reason',
        ConditionExpression: '#status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':rejected': 'REJECTED', ':inProgress': 'IN_PROGRESS', ':reason': reason },
      }),
    ),
  );
}

export interface OpenErasure {
  /** The erasure's name (the receipt key and execution name): unique where a bare requestId is not. */
  erasure: string;
  dueAt: string;
}

/** Every IN_PROGRESS receipt, the earliest dueAt first, through the status + dueAt index (keys only). */
export async function queryInProgress(table: ReceiptsTable, indexName: string): Promise<OpenErasure[]> {
  const open: OpenErasure[] = [];
  const pages = paginateQuery(
    { client: table.client },
    {
      TableName: table.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#status = :inProgress',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS' },
      ScanIndexForward: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) open.push({ erasure: String(item.receiptKey), dueAt: String(item.dueAt) });
  }
  return open;
}

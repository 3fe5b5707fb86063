import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { JOB_TABLE } from '../../lambdas/core/store/table-schema';
import { listenOn } from '../listen';

// dynalite ships no types; this is the part of its API used here.
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface RunningJobStore {
  /** The DynamoDB endpoint, e.g. http://127.0.0.1:45123 */
  url: string;
  close(): Promise<void>;
  /** Creates the job table under this name, as the stack's table is keyed (idempotent). */
  createTable(tableName: string): Promise<void>;
}

/**
 * The job store offline: dynalite, a DynamoDB implementation that speaks DynamoDB's wire protocol, in memory, in
 * this process. The handlers use the real AWS SDK against it, as they do against DynamoDB.
 */
export async function startJobStore(options: { port?: number; host?: string } = {}): Promise<RunningJobStore> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const { url } = await listenOn(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url,
    createTable: (tableName) => createJobTable(url, tableName),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** Creates the job table at a local DynamoDB endpoint, keyed as the stack's table is; an existing one is kept. */
export async function createJobTable(endpoint: string, tableName: string): Promise<void> {
  const admin = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await admin.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: JOB_TABLE.partitionKey, AttributeType: 'S' },
          { AttributeName: JOB_TABLE.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: JOB_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: JOB_TABLE.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    admin.destroy();
  }
}

import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import type { ReceiptsTable } from '../../lambdas/core/erasure/receipts-store';
import { createDocumentClient } from '../../lambdas/core/store/store-client';
import { listenOn } from '../listen';

// dynalite ships no types; this is the part of its API used here.
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

/** Where local erasures keep their receipts; default ~/.rekognition-cleanup/receipts (README, privacy team). */
export const LOCAL_RECEIPTS_DIR_ENV = 'REKOGNITION_CLEANUP_RECEIPTS_DIR';
export const LOCAL_RECEIPTS_TABLE = 'erasure-receipts';

export function localReceiptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[LOCAL_RECEIPTS_DIR_ENV] ?? path.join(homedir(), '.rekognition-cleanup', 'receipts');
}

export interface LocalReceipts {
  table: ReceiptsTable;
  close(): Promise<void>;
}

/**
 * The local receipts table: dynalite persisted on disk (LevelDB), so receipts outlive the run that wrote them, as
 * the stack's table does, and the same receipts code (receipts-store.ts) reads and writes it. Keyed like the
 * stack's table. One process at a time: LevelDB locks its folder.
 */
export async function openLocalReceipts(dir: string = localReceiptsDir()): Promise<LocalReceipts> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const { url } = await listenOn(server, '127.0.0.1', 0);
  const admin = new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await admin.send(
      new CreateTableCommand({
        TableName: LOCAL_RECEIPTS_TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'receiptKey', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'receiptKey', KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    admin.destroy();
  }
  const client = createDocumentClient({ endpoint: url });
  return {
    table: { client, tableName: LOCAL_RECEIPTS_TABLE },
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}

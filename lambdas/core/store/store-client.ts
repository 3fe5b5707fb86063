import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_JOB_DATA_TTL_DAYS,
  JOB_DATA_TTL_DAYS_ENV,
  JOB_STORE_ENDPOINT_ENV,
  JOB_TABLE_ENV,
} from './table-schema';
import { JobStore } from './job-store';
import { functionEnv } from '../function-env';

/**
 * One store client per process, like the Rekognition client: Lambda reuses it across invocations. The local runner
 * runs each invocation with the store of its own run (`withJobStore`), so runs side by side in one process (tests)
 * never share one.
 */
let shared: JobStore | undefined;
const scoped = new AsyncLocalStorage<JobStore>();

export function jobStore(env: NodeJS.ProcessEnv = functionEnv()): JobStore {
  const local = scoped.getStore();
  if (local !== undefined) return local;
  if (shared !== undefined) return shared;
  const tableName = env[JOB_TABLE_ENV];
  if (tableName === undefined || tableName === '') throw new Error(`${JOB_TABLE_ENV} is not set`);
  shared = new JobStore(createDocumentClient({ endpoint: env[JOB_STORE_ENDPOINT_ENV] }), tableName, ttlDays(env));
  return shared;
}

/** Runs `work` (an in-process invocation, a test) with this store. */
export function withJobStore<T>(store: JobStore, work: () => Promise<T>): Promise<T> {
  return scoped.run(store, work);
}

export function createDocumentClient(options: {
  endpoint?: string | undefined;
  region?: string;
}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined && options.endpoint !== '';
  const client = new DynamoDBClient(
    local
      ? {
          endpoint: options.endpoint,
          region: options.region ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : options.region !== undefined
        ? { region: options.region }
        : {},
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function ttlDays(env: NodeJS.ProcessEnv): number {
  const days = Number(env[JOB_DATA_TTL_DAYS_ENV]);
  return Number.isInteger(days) && days > 0 ? days : DEFAULT_JOB_DATA_TTL_DAYS;
}

import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from './conditional-write';
import { type JobStore, jobPartition } from './job-store';
import { JOB_TABLE } from './table-schema';

/**
 * How many more deletions the job may make: `maxDeletions` enforced at act time, across every worker of the job,
 * whatever appeared after the plan. A worker reserves before each delete call, deletes at most what it was
 * granted, and gives back what it did not delete (faces already gone).
 */
export interface DeletionBudget {
  /** The job's cap, or undefined when it has none (explicit faces and erasures only). */
  readonly cap: number | undefined;
  /** Reserves up to `count` deletions; returns how many were granted (0 once the cap is reached). */
  reserve(count: number): Promise<number>;
  /** Gives back deletions that were reserved and not made. */
  release(count: number): Promise<void>;
}

/** For a job without a cap, and for tests of the delete paths that are not about the cap. */
export const NO_CAP: DeletionBudget = {
  cap: undefined,
  reserve: (count) => Promise.resolve(Math.max(0, count)),
  release: () => Promise.resolve(),
};

const { partitionKey: PK, sortKey: SK, timeToLiveAttribute: TTL } = JOB_TABLE;
const BUDGET_KEY = 'BUDGET';
/** Conditional updates lost to other workers before giving up on this reservation (the job then fails safe). */
const MAX_CONTENTION_RETRIES = 20;

/**
 * Stores the job's cap, once, before anything is deleted. A Plan retried after it stored the budget leaves the
 * counter as it is.
 */
export async function createDeletionBudget(store: JobStore, jobId: string, cap: number): Promise<void> {
  await conditionalWrite(() =>
    store.client.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          [PK]: jobPartition(jobId),
          [SK]: BUDGET_KEY,
          cap,
          used: 0,
          [TTL]: Math.floor(Date.now() / 1000) + store.ttlDays * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(#sk)',
        ExpressionAttributeNames: { '#sk': SK },
      }),
    ),
  );
}

/**
 * The job's budget as the store holds it: one item per job, `used` moved by conditional UpdateItem so that workers
 * running side by side never grant more than `cap` between them. Opening reads the cap once (one GetItem); each
 * reservation is then one UpdateItem when it is granted whole.
 *
 * A worker that crashes between its reservation and its delete keeps the reservation: the job may then stop a
 * little short of its cap, never beyond it.
 */
export async function openDeletionBudget(store: JobStore, jobId: string): Promise<DeletionBudget> {
  const key = { [PK]: jobPartition(jobId), [SK]: BUDGET_KEY };
  const read = async (): Promise<{ cap: number; used: number } | undefined> => {
    const { Item } = await store.client.send(
      new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : { cap: Number(Item.cap), used: Number(Item.used) };
  };
  const first = await read();
  if (first === undefined) return NO_CAP;
  const { cap } = first;

  // Grants `grant` if `used` is still at most cap - grant; false when another worker got there first.
  const tryGrant = (grant: number): Promise<boolean> =>
    conditionalWrite(() =>
      store.client.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: key,
          UpdateExpression: 'SET #used = #used + :grant',
          ConditionExpression: '#used <= :highest',
          ExpressionAttributeNames: { '#used': 'used' },
          ExpressionAttributeValues: { ':grant': grant, ':highest': cap - grant },
        }),
      ),
    );

  return {
    cap,
    async reserve(count) {
      if (count <= 0) return 0;
      // Optimistic: the whole count first; only a refusal costs a read, to learn how much is left.
      let grant = Math.min(count, cap);
      for (let attempt = 0; attempt <= MAX_CONTENTION_RETRIES; attempt += 1) {
        if (grant <= 0) return 0;
        if (await tryGrant(grant)) return grant;
        const now = await read();
        grant = Math.min(count, cap - (now?.used ?? cap));
      }
      // Contended beyond reason: fail this step (it is retried) rather than report a cap that was not reached.
      throw new Error(`deletion budget of job ${jobId}: ${MAX_CONTENTION_RETRIES} conflicting reservations in a row`);
    },
    async release(count) {
      if (count <= 0) return;
      await store.client.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: key,
          UpdateExpression: 'SET #used = #used - :count',
          ExpressionAttributeNames: { '#used': 'used' },
          ExpressionAttributeValues: { ':count': count },
        }),
      );
    },
  };
}

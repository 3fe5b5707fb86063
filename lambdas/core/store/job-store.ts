import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { decodeBlob, encodeBlob } from './blob-codec';
import { JOB_TABLE } from './table-schema';
import type { WorkKind } from '../workers';

/** What the workflow keeps per job: each kind of work item (workers.ts) has its own lanes and progress records. */
export type { WorkKind };

/** One work item as a lane holds it: its place in the plan (the report's order) and its target. */
export interface LaneEntry<TTarget> {
  index: number;
  target: TTarget;
}

const { partitionKey: PK, sortKey: SK, timeToLiveAttribute: TTL } = JOB_TABLE;

/**
 * The job store: everything a job knows lives here, so the state machine carries only the job id, counters and
 * cursors, whatever the size of the job. One partition per job:
 * - `BLOB#<name>#<part>`: a JSON value (the validated job, the plan's lists, the report, ...), gzipped in parts;
 * - `P#<kind>#<index>`: one work item's progress and failure, written by its worker as it goes: the evidence of
 *   what was deleted, which survives any failure of the execution;
 * - `BUDGET`: what is left of the job's maxDeletions (deletion-budget.ts);
 * - `RATE#<operation>`: the job's picture of the operation's quota, shared by its workers (job-quota-pictures.ts).
 * Jobs started by reference keep their input in a partition of its own, `INPUT#<key>` (see putInput).
 * Every item expires with the job's working-data TTL.
 */
export class JobStore {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly ttlDays: number,
  ) {}

  putBlob(jobId: string, name: string, value: unknown): Promise<void> {
    return this.putBlobIn(jobPartition(jobId), name, value);
  }

  getBlob<T>(jobId: string, name: string): Promise<T | undefined> {
    return this.getBlobIn<T>(jobPartition(jobId), name);
  }

  /**
   * A job given by reference (`{ "storedJob": key }`): the intake and the CLI store an erasure's job here, so the
   * subject's identifiers never enter the execution's input or history. Outside any job's partition: the job id
   * is only known once the execution has started.
   */
  putInput(key: string, job: unknown): Promise<void> {
    return this.putBlobIn(inputPartition(key), INPUT_BLOB, job);
  }

  getInput<T>(key: string): Promise<T | undefined> {
    return this.getBlobIn<T>(inputPartition(key), INPUT_BLOB);
  }

  /** Once an erasure is settled, its raw subject is deleted: the receipt keeps the pseudonym only. */
  async deleteInput(key: string): Promise<void> {
    for (const item of await this.queryIn(inputPartition(key), `BLOB#${INPUT_BLOB}#`)) {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { [PK]: inputPartition(key), [SK]: String(item[SK]) } }),
      );
    }
  }

  private async putBlobIn(partition: string, name: string, value: unknown): Promise<void> {
    const parts = encodeBlob(value);
    // Part 0 last, with the part count: a reader never takes trailing parts of an older, longer value.
    for (let index = parts.length - 1; index >= 0; index -= 1) {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [PK]: partition,
            [SK]: blobKey(name, index),
            data: parts[index],
            ...(index === 0 ? { parts: parts.length } : {}),
            [TTL]: this.expiresAt(),
          },
        }),
      );
    }
  }

  private async getBlobIn<T>(partition: string, name: string): Promise<T | undefined> {
    const items = await this.queryIn(partition, `BLOB#${name}#`);
    const head = items[0];
    if (head === undefined || head.sk !== blobKey(name, 0)) return undefined;
    const count = Number(head.parts);
    const parts = items.slice(0, count).map((item) => item.data as Uint8Array);
    if (parts.length !== count) throw new Error(`job store: blob ${name} in ${partition} is incomplete`);
    return decodeBlob<T>(parts);
  }

  putLane<TTarget>(jobId: string, kind: WorkKind, lane: number, entries: readonly LaneEntry<TTarget>[]): Promise<void> {
    return this.putBlob(jobId, laneName(kind, lane), entries);
  }

  async getLane<TTarget>(jobId: string, kind: WorkKind, lane: number): Promise<LaneEntry<TTarget>[]> {
    const entries = await this.getBlob<LaneEntry<TTarget>[]>(jobId, laneName(kind, lane));
    if (entries === undefined) throw new Error(`job store: job ${jobId} has no ${kind} lane ${lane}`);
    return entries;
  }

  async getResult<TResult>(jobId: string, kind: WorkKind, index: number): Promise<TResult | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(jobId, resultKey(kind, index)), ConsistentRead: true }),
    );
    return Item?.result as TResult | undefined;
  }

  async putResult(jobId: string, kind: WorkKind, index: number, result: unknown): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...this.key(jobId, resultKey(kind, index)), result, [TTL]: this.expiresAt() },
      }),
    );
  }

  /** Every result of one kind, by item index. */
  async listResults<TResult>(jobId: string, kind: WorkKind): Promise<Map<number, TResult>> {
    const results = new Map<number, TResult>();
    for (const item of await this.query(jobId, `P#${kind}#`)) {
      results.set(Number(String(item.sk).slice(`P#${kind}#`.length)), item.result as TResult);
    }
    return results;
  }

  private query(jobId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return this.queryIn(jobPartition(jobId), prefix);
  }

  private async queryIn(partition: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ConsistentRead: true,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  private key(jobId: string, sortKey: string): Record<string, string> {
    return { [PK]: jobPartition(jobId), [SK]: sortKey };
  }

  private expiresAt(): number {
    return Math.floor(Date.now() / 1000) + this.ttlDays * 86_400;
  }
}

const INPUT_BLOB = 'job';

function inputPartition(key: string): string {
  return `INPUT#${key}`;
}

/** The partition that holds everything of one job (the deletion budget keeps its counter there too). */
export function jobPartition(jobId: string): string {
  return `JOB#${jobId}`;
}

function blobKey(name: string, part: number): string {
  return `BLOB#${name}#${String(part).padStart(4, '0')}`;
}

function laneName(kind: WorkKind, lane: number): string {
  return `lane-${kind}-${lane}`;
}

function resultKey(kind: WorkKind, index: number): string {
  return `P#${kind}#${String(index).padStart(7, '0')}`;
}

/**
 * Erasure batches in the job store: requests that arrive within one window share one execution, so that one
 * ExternalImageId scan per collection serves them all (issue 13). Only references are kept here: each member is its
 * receipt's key and the key of its stored job (whose subject is encrypted in the store, never in the execution).
 *
 * One item per kind of batch (real or dry run: a job is one or the other) holds the batch being filled, its members
 * in a map. Every change is a conditional write on that item, so there is no lock and no transaction:
 * - join: add a member while the batch is OPEN (and not full);
 * - close: OPEN -> CLOSED, done by the batch's execution after its window (or by the receipt function when the
 *   execution ended before that); a request arriving after it starts the next batch;
 * - a closed batch's members are archived to the batch's own item before the open item is replaced by the next
 *   batch, by whoever replaces it (the same members, so the archive is the same whoever writes it).
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalWrite } from '../store/conditional-write';
import type { JobStore } from '../store/job-store';
import { JOB_TABLE } from '../store/table-schema';
import { newBatchId } from './batch-ids';

export { batchExecutionName, type BatchExecutionInput, isBatchId, isBatchInput, newBatchId } from './batch-ids';

/** A job's subjects section holds at most 100 entries (job-schema.ts): one per member. */
export const MAX_BATCH_MEMBERS = 100;

export type BatchKind = 'REAL' | 'DRY_RUN';

export interface BatchMember {
  /** The request's receipt key (erasureName of source and requestId). */
  receiptKey: string;
  /** The key of the request's stored job (`{ requestId, dryRun, subjects: [subject] }`). */
  storedJob: string;
}

const { partitionKey: PK, sortKey: SK, timeToLiveAttribute: TTL } = JOB_TABLE;
/** Attempts of the join loop: each failed attempt means another request changed the batch at that moment. */
const MAX_ATTEMPTS = 8;

interface OpenItem {
  batchId: string;
  status: 'OPEN' | 'CLOSED';
  kind: BatchKind;
  openedAt: string;
  memberCount: number;
  members: Record<string, { storedJob: string }>;
}

/** Members in receipt-key order: the order of the batch job's subjects, the same whoever reads them. */
function sortedMembers(members: OpenItem['members']): BatchMember[] {
  return Object.entries(members)
    .map(([receiptKey, { storedJob }]) => ({ receiptKey, storedJob }))
    .sort((a, b) => (a.receiptKey < b.receiptKey ? -1 : a.receiptKey > b.receiptKey ? 1 : 0));
}

export class ErasureBatches {
  constructor(
    private readonly store: JobStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The batch being filled for this kind, if any (CLOSED until its archive is written and it is replaced). */
  async current(kind: BatchKind): Promise<OpenItem | undefined> {
    const { Item } = await this.store.client.send(
      new GetCommand({ TableName: this.store.tableName, Key: openKey(kind), ConsistentRead: true }),
    );
    return Item as OpenItem | undefined;
  }

  /** The batch an arriving request should join: the open one, else a new id. */
  async candidate(kind: BatchKind): Promise<string> {
    const open = await this.current(kind);
    return open?.status === 'OPEN' && open.memberCount < MAX_BATCH_MEMBERS ? open.batchId : newBatchId();
  }

  /**
   * Makes `member` a member of exactly one batch and returns its id. `target` is the batch the request's receipt
   * names (written before joining, so that a retried intake finds out whether it joined). When that batch closed
   * without it, `retarget(next)` must record the next target in the receipt first, then the loop joins that one.
   */
  async join(
    kind: BatchKind,
    member: BatchMember,
    target: string,
    retarget: (next: string) => Promise<void>,
  ): Promise<{ batchId: string; opened: boolean }> {
    let wanted = target;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const open = await this.current(kind);
      const outcome = await this.tryJoin(kind, member, wanted, open);
      if (outcome === 'JOINED' || outcome === 'MEMBER') return { batchId: wanted, opened: false };
      if (outcome === 'OPENED') return { batchId: wanted, opened: true };
      if (outcome === 'ELSEWHERE') {
        // The wanted batch closed without this request, or another batch is open: join the open one or a new one.
        const next = open?.status === 'OPEN' && open.memberCount < MAX_BATCH_MEMBERS ? open.batchId : newBatchId();
        if (next !== wanted) {
          await retarget(next);
          wanted = next;
        }
      }
      // RETRY: the item changed between the read and the write; read it again.
    }
    throw new Error(`erasure batch: could not join a batch in ${MAX_ATTEMPTS} attempts (heavy contention)`);
  }

  private async tryJoin(
    kind: BatchKind,
    member: BatchMember,
    wanted: string,
    open: OpenItem | undefined,
  ): Promise<'JOINED' | 'MEMBER' | 'OPENED' | 'ELSEWHERE' | 'RETRY'> {
    if (
      open?.status === 'OPEN' &&
      open.memberCount >= MAX_BATCH_MEMBERS &&
      open.members[member.receiptKey] === undefined
    ) {
      // Full: closed now; its execution finds it closed after its window and plans what it holds.
      await this.close(open.batchId);
      return 'RETRY';
    }
    if (open?.batchId === wanted) {
      if (open.members[member.receiptKey] !== undefined) return 'MEMBER';
      if (open.status !== 'OPEN') return 'ELSEWHERE';
      return (await this.addMember(kind, wanted, member)) ? 'JOINED' : 'RETRY';
    }
    const archived = await this.archived(wanted);
    if (archived !== undefined) {
      return archived.some((m) => m.receiptKey === member.receiptKey) ? 'MEMBER' : 'ELSEWHERE';
    }
    // The wanted batch does not exist yet: open it, unless another batch is open (then join that one).
    if (open?.status === 'OPEN') return 'ELSEWHERE';
    if (open !== undefined) await this.archive(open);
    return (await this.openBatch(kind, wanted, member, open?.batchId)) ? 'OPENED' : 'RETRY';
  }

  private addMember(kind: BatchKind, batchId: string, member: BatchMember): Promise<boolean> {
    return conditionalWrite(() =>
      this.store.client.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: openKey(kind),
          UpdateExpression: 'SET members.#member = :member ADD memberCount :one',
          ConditionExpression:
            'batchId = :batchId AND #status = :open AND memberCount < :max AND attribute_not_exists(members.#member)',
          ExpressionAttributeNames: { '#member': member.receiptKey, '#status': 'status' },
          ExpressionAttributeValues: {
            ':member': { storedJob: member.storedJob },
            ':one': 1,
            ':batchId': batchId,
            ':open': 'OPEN',
            ':max': MAX_BATCH_MEMBERS,
          },
        }),
      ),
    );
  }

  /** Replaces the kind's item (absent, or the closed and archived batch `previous`) with a new batch. */
  private openBatch(kind: BatchKind, batchId: string, member: BatchMember, previous?: string): Promise<boolean> {
    const item: OpenItem = {
      batchId,
      status: 'OPEN',
      kind,
      openedAt: this.now().toISOString(),
      memberCount: 1,
      members: { [member.receiptKey]: { storedJob: member.storedJob } },
    };
    return conditionalWrite(() =>
      this.store.client.send(
        new PutCommand({
          TableName: this.store.tableName,
          Item: { ...openKey(kind), ...item, [TTL]: this.expiresAt() },
          ...(previous === undefined
            ? { ConditionExpression: `attribute_not_exists(${PK})` }
            : {
                ConditionExpression: 'batchId = :previous AND #status = :closed',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':previous': previous, ':closed': 'CLOSED' },
              }),
        }),
      ),
    );
  }

  /**
   * Closes the batch (idempotent) and returns its members, in subject order; undefined when no such batch exists.
   * Whoever closes it, its members are archived before the kind's item can be given to the next batch.
   */
  async close(batchId: string): Promise<BatchMember[] | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const archived = await this.archived(batchId);
      if (archived !== undefined) return archived;
      const open = (await Promise.all((['REAL', 'DRY_RUN'] as const).map((kind) => this.current(kind)))).find(
        (item) => item?.batchId === batchId,
      );
      if (open === undefined) return undefined;
      // The members as the close left them: requests may have joined since `open` was read.
      const closed = open.status === 'OPEN' ? await this.markClosed(open) : open;
      if (closed === undefined) continue;
      await this.archive(closed);
      return sortedMembers(closed.members);
    }
    throw new Error(`erasure batch ${batchId}: could not close it in ${MAX_ATTEMPTS} attempts`);
  }

  /** The batch as closed (every member it ever took), or undefined when it changed meanwhile. */
  private async markClosed(open: OpenItem): Promise<OpenItem | undefined> {
    let closed: OpenItem | undefined;
    const done = await conditionalWrite(async () => {
      const { Attributes } = await this.store.client.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: openKey(open.kind),
          UpdateExpression: 'SET #status = :closed, closedAt = :now',
          ConditionExpression: 'batchId = :batchId AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':closed': 'CLOSED',
            ':open': 'OPEN',
            ':batchId': open.batchId,
            ':now': this.now().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      closed = Attributes as OpenItem;
    });
    return done ? closed : undefined;
  }

  private async archive(closed: OpenItem): Promise<void> {
    await this.store.client.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: {
          ...batchKey(closed.batchId, 'MEMBERS'),
          kind: closed.kind,
          members: sortedMembers(closed.members),
          [TTL]: this.expiresAt(),
        },
      }),
    );
  }

  /** The members of a closed batch, once archived. */
  async archived(batchId: string): Promise<BatchMember[] | undefined> {
    const { Item } = await this.store.client.send(
      new GetCommand({ TableName: this.store.tableName, Key: batchKey(batchId, 'MEMBERS'), ConsistentRead: true }),
    );
    return Item?.members as BatchMember[] | undefined;
  }

  /** What CloseErasureBatch planned: the batch job's key and each member's subject index (none: not planned). */
  async planned(batchId: string): Promise<BatchPlan | undefined> {
    const { Item } = await this.store.client.send(
      new GetCommand({ TableName: this.store.tableName, Key: batchKey(batchId, 'PLAN'), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : { jobKey: String(Item.jobKey), members: Item.members as PlannedMember[] };
  }

  async savePlan(batchId: string, plan: BatchPlan): Promise<void> {
    await this.store.client.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: { ...batchKey(batchId, 'PLAN'), ...plan, [TTL]: this.expiresAt() },
      }),
    );
  }

  private expiresAt(): number {
    return Math.floor(this.now().getTime() / 1000) + this.store.ttlDays * 86_400;
  }
}

export interface PlannedMember extends BatchMember {
  /** The member's subject in the batch job (`subjects[i]`); absent when its stored job was missing at close. */
  subjectIndex?: number;
}

export interface BatchPlan {
  /** The stored batch job, `{ requestId, dryRun, subjects }`. */
  jobKey: string;
  members: PlannedMember[];
}

function openKey(kind: BatchKind): Record<string, string> {
  return { [PK]: `ERASURE_BATCH#OPEN#${kind}`, [SK]: 'HEAD' };
}

function batchKey(batchId: string, part: 'MEMBERS' | 'PLAN'): Record<string, string> {
  return { [PK]: `ERASURE_BATCH#${batchId}`, [SK]: part };
}

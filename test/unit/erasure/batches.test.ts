import { ErasureBatches, MAX_BATCH_MEMBERS, newBatchId } from '../../../lambdas/core/erasure/batches';
import { testJobStore } from '../../support/test-job-store';

/**
 * The batch store on a real DynamoDB (dynalite): conditional writes on one item decide, without a lock, which batch
 * each request joins. Every request ends in exactly one batch, and a closed batch takes no one.
 */
const jobs = testJobStore();
const batches = () => new ErasureBatches(jobs.store());
const member = (n: number) => ({
  receiptKey: `crm_req-${String(n).padStart(3, '0')}_x`,
  storedJob: `${n}`.padStart(16, 'a'),
});
const noRetarget = async () => {
  throw new Error('no retarget expected');
};

/** Each test starts with no open batch: closes whatever the previous one left open. */
beforeEach(async () => {
  for (const kind of ['REAL', 'DRY_RUN'] as const) {
    const open = await batches().current(kind);
    if (open?.status === 'OPEN') await batches().close(open.batchId);
  }
});

/** Joins as the intake does: the candidate first (what the receipt names), retargets recorded. */
async function joinLikeTheIntake(n: number, kind: 'REAL' | 'DRY_RUN' = 'REAL') {
  const targets: string[] = [await batches().candidate(kind)];
  const joined = await batches().join(kind, member(n), targets[0]!, async (next) => {
    targets.push(next);
  });
  return { ...joined, targets };
}

test('the first request opens a batch, the next ones join it', async () => {
  const first = await joinLikeTheIntake(1);
  const second = await joinLikeTheIntake(2);
  expect(first.opened).toBe(true);
  expect(second).toMatchObject({ batchId: first.batchId, opened: false });
  expect((await batches().close(first.batchId))?.map((m) => m.receiptKey)).toEqual([
    member(1).receiptKey,
    member(2).receiptKey,
  ]);
});

test('the same request joining twice is one member (idempotent replay)', async () => {
  const first = await joinLikeTheIntake(1);
  const again = await batches().join('REAL', member(1), first.batchId, noRetarget);
  expect(again.batchId).toBe(first.batchId);
  expect((await batches().current('REAL'))?.memberCount).toBe(1);
  // Also once its batch is closed: the request is found in the archive, not sent to a new batch.
  await batches().close(first.batchId);
  expect(await batches().join('REAL', member(1), first.batchId, noRetarget)).toEqual({
    batchId: first.batchId,
    opened: false,
  });
});

test('a request that meets a closed batch goes to a new one, and the receipt is retargeted first', async () => {
  const first = await joinLikeTheIntake(1);
  // The intake read the candidate (the open batch), then the execution closed it before the request joined.
  const candidate = await batches().candidate('REAL');
  expect(candidate).toBe(first.batchId);
  expect(await batches().close(first.batchId)).toHaveLength(1);
  const retargets: string[] = [];
  const late = await batches().join('REAL', member(2), candidate, async (next) => {
    retargets.push(next);
  });
  expect(late.batchId).not.toBe(first.batchId);
  expect(retargets).toEqual([late.batchId]);
  expect(late.opened).toBe(true);
  // The closed batch keeps exactly its members; the new one has the late request.
  expect((await batches().archived(first.batchId))?.map((m) => m.receiptKey)).toEqual([member(1).receiptKey]);
  expect((await batches().close(late.batchId))?.map((m) => m.receiptKey)).toEqual([member(2).receiptKey]);
});

test('requests racing the close: each ends in exactly one batch', async () => {
  const first = await joinLikeTheIntake(0);
  const arrivals = Array.from({ length: 12 }, (_, i) => joinLikeTheIntake(i + 1));
  const closing = batches().close(first.batchId);
  const joined = await Promise.all(arrivals);
  const closed = (await closing) ?? [];
  const laterIds = [...new Set(joined.map((j) => j.batchId).filter((id) => id !== first.batchId))];
  const later = await Promise.all(laterIds.map(async (id) => (await batches().close(id)) ?? []));
  const everyMember = [...closed, ...later.flat()].map((m) => m.receiptKey).sort();
  expect(everyMember).toEqual(Array.from({ length: 13 }, (_, i) => member(i).receiptKey).sort());
  // Each request's final target is the batch that holds it.
  for (const [i, j] of joined.entries()) {
    const holder = j.batchId === first.batchId ? closed : (later[laterIds.indexOf(j.batchId)] ?? []);
    expect(holder.map((m) => m.receiptKey)).toContain(member(i + 1).receiptKey);
    expect(j.targets.at(-1)).toBe(j.batchId);
  }
  // At most one batch was opened after the close.
  expect(laterIds.length).toBeLessThanOrEqual(1);
});

test('real runs and dry runs never share a batch', async () => {
  const real = await joinLikeTheIntake(1, 'REAL');
  const dry = await joinLikeTheIntake(2, 'DRY_RUN');
  expect(dry.batchId).not.toBe(real.batchId);
  expect(dry.opened).toBe(true);
});

test('a full batch is closed, and the next request opens another', async () => {
  const first = await joinLikeTheIntake(0);
  for (let n = 1; n < MAX_BATCH_MEMBERS; n += 1) await joinLikeTheIntake(n);
  expect((await batches().current('REAL'))?.memberCount).toBe(MAX_BATCH_MEMBERS);
  const overflow = await joinLikeTheIntake(MAX_BATCH_MEMBERS);
  expect(overflow.batchId).not.toBe(first.batchId);
  expect(await batches().archived(first.batchId)).toHaveLength(MAX_BATCH_MEMBERS);
}, 60_000);

test('closing is idempotent, and an unknown batch has no members', async () => {
  const first = await joinLikeTheIntake(1);
  const once = await batches().close(first.batchId);
  expect(await batches().close(first.batchId)).toEqual(once);
  expect(await batches().close(newBatchId())).toBeUndefined();
});

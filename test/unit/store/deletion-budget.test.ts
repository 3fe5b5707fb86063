import { createDeletionBudget, openDeletionBudget } from '../../../lambdas/core/store/deletion-budget';
import { testJobStore } from '../../support/test-job-store';

const jobs = testJobStore();
let next = 0;
const jobId = () => `budget-job-${(next += 1)}`;

describe('the deletion budget, on the real local store (dynalite)', () => {
  it('grants up to the cap, trims the reservation that crosses it, then grants nothing', async () => {
    const id = jobId();
    await createDeletionBudget(jobs.store(), id, 50);
    const budget = await openDeletionBudget(jobs.store(), id);

    expect(budget.cap).toBe(50);
    expect(await budget.reserve(30)).toBe(30);
    expect(await budget.reserve(30)).toBe(20);
    expect(await budget.reserve(1)).toBe(0);
  });

  it('takes back what was reserved and not deleted', async () => {
    const id = jobId();
    await createDeletionBudget(jobs.store(), id, 10);
    const budget = await openDeletionBudget(jobs.store(), id);
    expect(await budget.reserve(10)).toBe(10);

    await budget.release(4);

    expect(await budget.reserve(10)).toBe(4);
  });

  it('never grants more than the cap between workers reserving side by side', async () => {
    const id = jobId();
    await createDeletionBudget(jobs.store(), id, 100);
    const workers = await Promise.all(Array.from({ length: 8 }, () => openDeletionBudget(jobs.store(), id)));

    const grants = await Promise.all(workers.flatMap((worker) => [worker.reserve(17), worker.reserve(9)]));

    expect(grants.reduce((a, b) => a + b, 0)).toBe(100);
    expect(await workers[0]!.reserve(1)).toBe(0);
  });

  it('keeps the counter when the Plan is retried after creating it', async () => {
    const id = jobId();
    await createDeletionBudget(jobs.store(), id, 5);
    const budget = await openDeletionBudget(jobs.store(), id);
    expect(await budget.reserve(5)).toBe(5);

    await createDeletionBudget(jobs.store(), id, 5);

    expect(await (await openDeletionBudget(jobs.store(), id)).reserve(1)).toBe(0);
  });

  it('is unlimited for a job that has no cap (no budget stored): explicit faces and erasures only', async () => {
    const budget = await openDeletionBudget(jobs.store(), jobId());

    expect(budget.cap).toBeUndefined();
    expect(await budget.reserve(4096)).toBe(4096);
  });
});

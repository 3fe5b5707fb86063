import type { ItemResult, LaneInput } from '../../../lambdas/core/contracts';
import { RekognitionThrottledError } from '../../../lambdas/core/errors';
import { runLane } from '../../../lambdas/core/lanes/run-lane';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { testJobStore } from '../../support/test-job-store';

const jobs = testJobStore();
let job = 0;

interface Count {
  done: boolean;
  steps: number;
}

/** A lane of items whose step needs `needed` calls to finish each. */
async function lane(needed: number[]): Promise<LaneInput> {
  job += 1;
  const jobId = `job-${job}`;
  await jobs.store().putLane(
    jobId,
    'collections',
    0,
    needed.map((target, index) => ({ index: index * 10, target })),
  );
  return {
    jobId,
    kind: 'collections',
    lane: 0,
    executionId: 'arn:execution',
    startedAt: '2026-12-04T00:00:00.000Z',
    dryRun: false,
    progress: { done: false },
  };
}

const counting = (calls: number[]) => async (item: { target: number; progress: unknown }) => {
  const before = (item.progress as Partial<Count>).steps ?? 0;
  calls.push(item.target);
  return { done: before + 1 >= item.target, steps: before + 1 };
};

describe('runLane', () => {
  it("keeps a running total of faces, as the items' progress counts them, across invocations and retries", async () => {
    // Each step "deletes" 100 faces; items need 1, 2 and 1 steps: 400 faces in all.
    const input = await lane([1, 2, 1]);
    const faces = (progress: Partial<Count>) => (progress.steps ?? 0) * 100;
    const spent = new TimeBudget(0, 0);
    const first = await runLane(jobs.store(), input, spent, counting([]), faces);
    expect(first.progress).toMatchObject({ position: 1, facesDeleted: 100, facesSettled: 100 });
    const second = await runLane(jobs.store(), first, spent, counting([]), faces);
    // The second item is halfway: its faces count, but are not settled yet.
    expect(second.progress).toMatchObject({ position: 1, facesDeleted: 200, facesSettled: 100 });
    // A retry of an invocation whose output was lost (a timeout) starts from the older input: no face counts twice.
    const third = await runLane(jobs.store(), first, TimeBudget.unlimited(), counting([]), faces);
    expect(third.progress).toMatchObject({ done: true, position: 3, facesDeleted: 400, facesSettled: 400 });
  });

  it('a lane without a face count carries none', async () => {
    const state = await runLane(jobs.store(), await lane([1]), TimeBudget.unlimited(), counting([]));
    expect(state.progress).not.toHaveProperty('facesDeleted');
  });

  it("works through every item in order, storing each one's progress under its plan index", async () => {
    const input = await lane([1, 2, 1]);
    const calls: number[] = [];
    let state = input;
    do state = await runLane(jobs.store(), state, TimeBudget.unlimited(), counting(calls));
    while (!state.progress.done);
    expect(calls).toEqual([1, 2, 2, 1]);
    const results = await jobs.store().listResults<ItemResult<Count>>(input.jobId, 'collections');
    expect([...results.keys()]).toEqual([0, 10, 20]);
    expect(results.get(10)).toEqual({ progress: { done: true, steps: 2 } });
    expect(state.progress).toMatchObject({ done: true, position: 3, items: 3 });
  });

  it('stops when the budget is spent, after at least one step, and the next invocation resumes the item', async () => {
    const input = await lane([3, 1]);
    const calls: number[] = [];
    const spent = new TimeBudget(0, 0);
    const first = await runLane(jobs.store(), input, spent, counting(calls));
    expect(first.progress).toMatchObject({ done: false, position: 0, invocations: 1 });
    const second = await runLane(jobs.store(), first, spent, counting(calls));
    expect(second.progress).toMatchObject({ done: false, position: 0, invocations: 2 });
    expect(await jobs.store().getResult(input.jobId, 'collections', 0)).toEqual({
      progress: { done: false, steps: 2 },
    });
    expect(calls).toEqual([3, 3]);
  });

  it('records an item that fails for good and goes on with the next; throttling is thrown for the retrier', async () => {
    const input = await lane([1, 1]);
    const broken = async (item: { target: number }) => {
      if (item.target === 1 && calls++ === 0) throw new Error('AccessDenied');
      return { done: true, steps: 1 };
    };
    let calls = 0;
    const output = await runLane(jobs.store(), input, TimeBudget.unlimited(), broken);
    expect(output.progress).toMatchObject({ done: true, position: 2 });
    const failed = await jobs.store().getResult<ItemResult<Count>>(input.jobId, 'collections', 0);
    expect(failed?.failure?.Error).toBe('Error');
    expect(await jobs.store().getResult(input.jobId, 'collections', 10)).toEqual({
      progress: { done: true, steps: 1 },
    });

    const throttled = await lane([1]);
    await expect(
      runLane(jobs.store(), throttled, TimeBudget.unlimited(), async () => {
        throw new RekognitionThrottledError('slow down');
      }),
    ).rejects.toThrow('slow down');
    expect(await jobs.store().getResult(throttled.jobId, 'collections', 0)).toBeUndefined();
  });

  it('records the failure the loop hands back (retries exhausted) against the item in progress, then goes on', async () => {
    const input = await lane([1, 1]);
    const handedBack: LaneInput = { ...input, failure: { Error: 'RekognitionThrottledError', Cause: 'gave up' } };
    const calls: number[] = [];
    const output = await runLane(jobs.store(), handedBack, TimeBudget.unlimited(), counting(calls));
    expect(output.failure).toBeUndefined();
    expect(calls).toEqual([1]);
    const failed = await jobs.store().getResult<ItemResult<Count>>(input.jobId, 'collections', 0);
    expect(failed?.failure).toEqual({ Error: 'RekognitionThrottledError', Cause: 'gave up' });
    expect(output.progress).toMatchObject({ done: true, position: 2 });
  });

  it('skips items already settled (a re-run of the lane after a crash repeats nothing)', async () => {
    const input = await lane([1, 1]);
    await jobs.store().putResult(input.jobId, 'collections', 0, { progress: { done: true, steps: 1 } });
    const calls: number[] = [];
    await runLane(jobs.store(), input, TimeBudget.unlimited(), counting(calls));
    expect(calls).toEqual([1]);
  });
});

import type { ItemResult, LaneInput, VersionProgress } from '../../../lambdas/core/contracts';
import { pollLane, POLL_BACKOFF } from '../../../lambdas/core/lanes/poll-lane';
import { testJobStore } from '../../support/test-job-store';

const jobs = testJobStore();
let job = 0;

async function lane(names: string[]): Promise<LaneInput> {
  job += 1;
  const jobId = `versions-${job}`;
  await jobs.store().putLane(
    jobId,
    'projectVersions',
    0,
    names.map((target, index) => ({ index, target })),
  );
  const input: LaneInput = {
    jobId,
    kind: 'projectVersions',
    lane: 0,
    executionId: 'arn:execution',
    startedAt: '2026-12-04T00:00:00.000Z',
    dryRun: false,
    progress: { done: false },
  };
  return input;
}

const progress = (wait: VersionProgress['wait'], done = false): VersionProgress => ({
  done,
  wait,
  polls: 1,
  stopRequested: false,
  deleteRequested: false,
});

describe('pollLane', () => {
  it('records what its versions wait for (from what the job did), since when, and after how many polls', async () => {
    const input = await lane(['deleted-just-now', 'stop-sent', 'training']);
    const clock = [new Date('2026-12-04T20:00:00Z'), new Date('2026-12-04T20:02:05Z')];
    let tick = 0;
    const now = () => clock[Math.min(tick, clock.length - 1)] as Date;
    const asked = (target: string): VersionProgress => {
      // Right after DeleteProjectVersion the version was last described TRAINING_COMPLETED: it is being deleted.
      if (target === 'deleted-just-now') {
        return { ...progress('SHORT'), lastStatus: 'TRAINING_COMPLETED', deleteRequested: true };
      }
      if (target === 'stop-sent') return { ...progress('SHORT'), lastStatus: 'RUNNING', stopRequested: true };
      return { ...progress('LONG'), lastStatus: 'TRAINING_IN_PROGRESS' };
    };
    const first = await pollLane<string>(jobs.store(), input, async (item) => asked(item.target), now);
    expect(first.progress).toMatchObject({
      pollingSince: '2026-12-04T20:00:00.000Z',
      waitedSeconds: 0,
      polls: 1,
      waitingFor: { DELETION: 1, STOP: 1, TRAINING: 1 },
    });
    tick = 1;
    const second = await pollLane<string>(
      jobs.store(),
      first,
      async (item) => (item.target === 'training' ? asked(item.target) : progress('NONE', true)),
      now,
    );
    expect(second.progress).toMatchObject({
      pollingSince: '2026-12-04T20:00:00.000Z',
      waitedSeconds: 125,
      polls: 2,
      waitingFor: { TRAINING: 1 },
    });
  });

  it('polls every unsettled version once per invocation and waits as short as the most urgent one needs', async () => {
    const input = await lane(['stopping', 'training']);
    const polled: string[] = [];
    const output = await pollLane<string>(jobs.store(), input, async (item) => {
      polled.push(item.target);
      return progress(item.target === 'training' ? 'LONG' : 'SHORT');
    });
    expect(polled).toEqual(['stopping', 'training']);
    expect(output.progress).toMatchObject({ done: false, wait: 'SHORT', polls: 1, position: 0, items: 2 });
  });

  it('waits long once only training is left, skips settled versions, and is done when all are', async () => {
    const input = await lane(['gone', 'training']);
    const polled: string[] = [];
    const step = async (item: { target: string }) => {
      polled.push(item.target);
      return item.target === 'gone' ? progress('NONE', true) : progress('LONG');
    };
    const first = await pollLane<string>(jobs.store(), input, step);
    expect(first.progress).toMatchObject({ done: false, wait: 'LONG', position: 1 });
    const second = await pollLane<string>(jobs.store(), first, async (item) => {
      polled.push(item.target);
      return progress('NONE', true);
    });
    expect(polled).toEqual(['gone', 'training', 'training']);
    expect(second.progress).toMatchObject({ done: true, position: 2, polls: 2 });
    expect(second.progress).not.toHaveProperty('wait');
  });

  it('backs off: a version stuck in a transition is polled at medium, then long intervals', async () => {
    let state = await lane(['stuck']);
    const waits: string[] = [];
    for (let poll = 1; poll <= POLL_BACKOFF.longAfter; poll += 1) {
      state = await pollLane<string>(jobs.store(), state, async () => progress('SHORT'));
      waits.push(String((state.progress as { wait?: string }).wait));
    }
    expect(waits.slice(0, POLL_BACKOFF.mediumAfter - 1).every((w) => w === 'SHORT')).toBe(true);
    expect(waits[POLL_BACKOFF.mediumAfter - 1]).toBe('MEDIUM');
    expect(waits[POLL_BACKOFF.longAfter - 1]).toBe('LONG');
  });

  it('records the failure handed back by the loop against every version it could not advance', async () => {
    const input = await lane(['a', 'b']);
    await jobs.store().putResult(input.jobId, 'projectVersions', 0, { progress: progress('NONE', true) });
    const output = await pollLane<string>(
      jobs.store(),
      { ...input, failure: { Error: 'RekognitionThrottledError', Cause: 'gave up' } },
      async () => {
        throw new Error('not polled again');
      },
    );
    expect(output.progress).toMatchObject({ done: true });
    const b = await jobs.store().getResult<ItemResult<VersionProgress>>(input.jobId, 'projectVersions', 1);
    expect(b?.failure?.Error).toBe('RekognitionThrottledError');
    const a = await jobs.store().getResult<ItemResult<VersionProgress>>(input.jobId, 'projectVersions', 0);
    expect(a?.failure).toBeUndefined();
  });
});

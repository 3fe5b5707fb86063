import { mapWithConcurrency } from '../../../lambdas/core/async/map-with-concurrency';
import { CommittedCursor } from '../../../lambdas/core/collections/committed-cursor';
import { FacePageLister } from '../../../lambdas/core/collections/face-page-lister';
import { faceIdOf as id, testRekognition, throttled } from '../../support/in-process-rekognition';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CommittedCursor', () => {
  it('only moves past pages when every page before them is deleted', () => {
    const cursor = new CommittedCursor('t0');

    cursor.complete(2, 't3');
    cursor.complete(1, 't2');
    expect(cursor.value).toBe('t0');

    cursor.complete(0, 't1');
    expect(cursor.value).toBe('t3');
    expect(cursor.finished).toBe(false);
  });

  it('is finished once the last page (no next token) and all before it are deleted', () => {
    const cursor = new CommittedCursor(undefined);

    cursor.complete(1, undefined);
    expect(cursor.finished).toBe(false);

    cursor.complete(0, 't1');
    expect(cursor.finished).toBe(true);
    expect(cursor.value).toBeUndefined();
  });
});

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and keeps the item order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 3, async (ms) => {
      running += 1;
      most = Math.max(most, running);
      await delay(ms);
      running -= 1;
      return ms * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(3);
  });

  it('on a failure starts nothing new, lets running tasks finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('task 1 failed');
      await delay(10);
      finished.push(n);
      return n;
    });

    await expect(run).rejects.toThrow('task 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });
});

describe('mapWithConcurrency stopStarting', () => {
  it('starts the first item whatever, then no new item once told to stop; unstarted items have no result', async () => {
    const started: number[] = [];
    let stop = true;
    const results = await mapWithConcurrency(
      [1, 2, 3, 4],
      1,
      async (n) => {
        started.push(n);
        if (n === 2) stop = true;
        return n * 10;
      },
      () => stop,
    );
    expect(started).toEqual([1]);
    expect(results).toEqual([10, undefined, undefined, undefined]);

    stop = false;
    const partial = await mapWithConcurrency(
      [1, 2, 3, 4],
      1,
      async (n) => {
        if (n === 2) stop = true;
        return n;
      },
      () => stop,
    );
    expect(partial).toEqual([1, 2, undefined, undefined]);
  });
});

describe('FacePageLister', () => {
  it('lists at most `listAhead` pages beyond the one handed out', async () => {
    const fake = testRekognition([{ id: 'c', faces: [{ generate: { count: 5 * 4096 } }] }]);
    const lister = new FacePageLister(fake.client, 'c', undefined, 2);

    const first = await lister.next();
    await delay(5);

    expect(first).toMatchObject({ kind: 'page', nextToken: expect.any(String) });
    expect(fake.callsOf('ListFaces')).toHaveLength(3);
    await lister.close();
  });

  it('ends after the last page and reports a missing collection or an error as values', async () => {
    const fake = testRekognition({ c: [{ faceId: id('only') }] });

    const lister = new FacePageLister(fake.client, 'c', undefined, 1);
    expect(await lister.next()).toEqual({ kind: 'page', faceIds: [id('only')] });
    expect(await lister.next()).toEqual({ kind: 'end' });

    fake.world.deleteCollection('c');
    expect(await new FacePageLister(fake.client, 'c', undefined, 0).next()).toEqual({ kind: 'collection-absent' });

    fake.beforeCall = () => {
      throw throttled();
    };
    expect(await new FacePageLister(fake.client, 'c', undefined, 0).next()).toMatchObject({ kind: 'error' });
  });
});

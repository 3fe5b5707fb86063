import { createLimiter } from '../../../lambdas/core/async/limiter';
import { collectPages } from '../../../lambdas/core/async/paging';
import { PLAN_CALLS_IN_FLIGHT } from '../../../lambdas/core/plan/plan-context';
import { planJob } from '../../../lambdas/core/plan/plan-job';
import { parseProjectArn, parseVersionArn } from '../../../lambdas/core/plan/version-arn';
import { PROTECTION, planAccount, STARTED_AT } from './plan-world';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createLimiter', () => {
  test('never runs more than the limit at once, and runs everything', async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await tick();
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test('a failing call frees its slot', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });
});

describe('collectPages', () => {
  test('follows NextToken to the end; an empty token ends it', async () => {
    const pages = await collectPages(async (token) =>
      token === undefined ? { n: 1, NextToken: 'a' } : token === 'a' ? { n: 2, NextToken: '' } : { n: 99 },
    );
    expect(pages.map((page) => page.n)).toEqual([1, 2]);
  });

  test('a token seen twice stops with an error instead of looping', async () => {
    await expect(collectPages(async () => ({ NextToken: 'same' }))).rejects.toThrow(/same NextToken twice/);
  });
});

describe('ARN parsing', () => {
  test('a version ARN gives scope, project and version names; the project ARN is not derivable', () => {
    expect(parseVersionArn('arn:aws:rekognition:eu-west-1:123456789012:project/version/version/v.1/17')).toEqual({
      scope: 'arn:aws:rekognition:eu-west-1:123456789012:',
      projectName: 'version',
      versionName: 'v.1',
    });
    expect(parseVersionArn('arn:aws:rekognition:eu-west-1:123456789012:project/p/17')).toBeUndefined();
    expect(parseProjectArn('arn:aws:rekognition:eu-west-1:123456789012:project/p/version/v/17')).toBeUndefined();
    expect(parseProjectArn('arn:aws-cn:rekognition:cn-north-1:123456789012:project/p/17')).toEqual({
      scope: 'arn:aws-cn:rekognition:cn-north-1:123456789012:',
      projectName: 'p',
    });
  });
});

describe('planJob: bounded concurrency', () => {
  test(`keeps at most ${PLAN_CALLS_IN_FLIGHT} Rekognition calls in flight`, async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c-${String(i).padStart(2, '0')}`);
    const { client } = planAccount({
      pageSize: 100,
      collections: ids.map((id) => ({ id, createdAt: '2025-01-01T00:00:00Z' })),
    });
    let running = 0;
    let peak = 0;
    // The per-collection reads take a while, as over the network, so that calls overlap if the plan lets them.
    const slow = new Set(['DescribeCollectionCommand', 'ListTagsForResourceCommand']);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!slow.has(context.commandName ?? '')) return next(args);
        running += 1;
        peak = Math.max(peak, running);
        try {
          await tick();
          return await next(args);
        } finally {
          running -= 1;
        }
      },
      { step: 'initialize', name: 'testSlowReads' },
    );
    const state = await planJob(
      client,
      {
        job: { collections: [{ select: { prefix: 'c-' }, action: 'DELETE_FACES' }] },
        executionId: 'e',
        startedAt: STARTED_AT,
      },
      PROTECTION,
    );
    expect(state.plan.collections).toHaveLength(40);
    expect(peak).toBe(PLAN_CALLS_IN_FLIGHT);
  });
});

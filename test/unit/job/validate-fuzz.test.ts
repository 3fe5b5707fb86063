/**
 * Totality: whatever arrives, validateJob returns a job or throws InvalidJobError, nothing else. Three sources of
 * garbage: a seeded generator biased towards the contract's own keys (so it reaches deep rules), mutations of the
 * good jobs (one leaf replaced), and fast-check's `anything` including non-JSON values (Maps, boxed strings...).
 */
import fc from 'fast-check';
import { InvalidJobError } from '../../../lambdas/core/errors';
import { validateJob } from '../../../lambdas/core/job/validate';
import { DOOR_CAM_PROJECT_ARN, DOOR_CAM_VERSION_ARNS, GOOD_JOBS } from '../../fixtures/good-jobs';

const NOW = new Date('2026-06-01T12:00:00Z');

/** mulberry32: tiny, seedable, good enough to spread cases; a failure is reproducible from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  ...['requestId', 'dryRun', 'maxDeletions', 'collections', 'faces', 'subjects', 'projectVersions', 'select', 'action'],
  ...['ids', 'prefix', 'createdBefore', 'olderThanDays', 'tags', 'faceModelVersion', 'collectionId', 'faceIds'],
  ...[
    'userId',
    'externalImageIds',
    'collectionIds',
    'arns',
    'projectArn',
    'keepLatest',
    'deleteProjectWhenEmpty',
    'stopRunning',
  ],
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'aws:x', 'env', '0', 'a b'],
];
const STRINGS = [
  ...['', 'tmp-', 'DELETE_FACES', 'DELETE_COLLECTION', '4.0', '2026-01-31T00:00:00Z', '2999-01-01T00:00:00Z'],
  ...['0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99', DOOR_CAM_PROJECT_ARN, DOOR_CAM_VERSION_ARNS[0] ?? '', 'u1', '$.x'],
  ...['../', "'; DROP", '$(rm -rf)', '\u0000', '\n', 'tmp-\u0430', '\ud800', 'x'.repeat(300)],
];
const NUMBERS = [0, -0, 1, -1, 1.5, 30, 36501, 4096, 2 ** 53, Number.NaN, Infinity, -Infinity, 1e308];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function randomJson(random: () => number, depth: number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const kind = depth <= 0 ? Math.floor(random() * 4) : Math.floor(random() * 6);
  switch (kind) {
    case 0:
      return pick([null, true, false]);
    case 1:
      return pick(NUMBERS);
    case 2:
    case 3:
      return pick(STRINGS);
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth - 1));
    default: {
      const entries = Array.from({ length: Math.floor(random() * 5) }, () => [
        pick(KEYS),
        randomJson(random, depth - 1),
      ]);
      // fromEntries, not `obj[key] =`, so `__proto__` becomes an own key exactly as JSON.parse would make it.
      return Object.fromEntries(entries);
    }
  }
}

/** Returns the outcome; fails the test on any exception other than InvalidJobError. */
function outcomeOf(input: unknown): 'valid' | 'invalid' {
  try {
    const job = validateJob(input, NOW);
    // A job that passes must pass again unchanged once it has travelled as JSON.
    expect(validateJob(JSON.parse(JSON.stringify(job)), NOW)).toEqual(job);
    return 'valid';
  } catch (error) {
    if (error instanceof InvalidJobError) return 'invalid';
    throw error;
  }
}

/** Replaces (or removes) one randomly chosen node of a copy of `job`. */
function mutate(job: unknown, random: () => number): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(job));
  let node = copy;
  for (;;) {
    if (typeof node !== 'object' || node === null) return copy;
    const container = node as Record<string, unknown>;
    const keys = Object.keys(container);
    if (keys.length === 0) return copy;
    const key = keys[Math.floor(random() * keys.length)] as string;
    const child = container[key];
    const descend = typeof child === 'object' && child !== null && random() < 0.7;
    if (!descend) {
      if (random() < 0.2 && !Array.isArray(container)) delete container[key];
      else container[key] = randomJson(random, 2);
      return copy;
    }
    node = child;
  }
}

describe('validateJob is total', () => {
  test('2000 seeded random JSON values: a job or InvalidJobError', () => {
    const random = seededRandom(20260601);
    const outcomes = { valid: 0, invalid: 0 };
    for (let run = 0; run < 2000; run += 1) {
      // Half the cases get a contract-shaped top level, so the deeper rules are reached.
      const value = random() < 0.5 ? randomJson(random, 5) : { [KEYS[3 + (run % 4)] as string]: randomJson(random, 4) };
      outcomes[outcomeOf(value)] += 1;
    }
    expect(outcomes.invalid).toBeGreaterThan(0);
  });

  test('2000 single mutations of the good jobs: a job or InvalidJobError', () => {
    const random = seededRandom(7);
    const outcomes = { valid: 0, invalid: 0 };
    for (let run = 0; run < 2000; run += 1) {
      const good = GOOD_JOBS[run % GOOD_JOBS.length];
      outcomes[outcomeOf(mutate(good?.job, random))] += 1;
    }
    // Both sides are reached: mutations that keep a job valid and ones that break it.
    expect(outcomes.valid).toBeGreaterThan(0);
    expect(outcomes.invalid).toBeGreaterThan(0);
  });

  test('fast-check anything, including non-JSON values, at the top level and inside a section', () => {
    const anything = fc.anything({
      maxDepth: 4,
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withBigInt: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
    });
    const sectionKey = fc.constantFrom('collections', 'faces', 'subjects', 'projectVersions');
    fc.assert(
      fc.property(anything, sectionKey, anything, (top, key, inner) => {
        outcomeOf(top);
        outcomeOf({ [key]: [inner] });
        outcomeOf({ collections: [{ select: inner, action: 'DELETE_FACES' }] });
        outcomeOf({ projectVersions: [{ select: inner }] });
      }),
      { numRuns: 1000, seed: 42 },
    );
  });
});

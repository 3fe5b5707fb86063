import { InvalidJobError } from '../../../lambdas/core/errors';
import type { CleanupJob } from '../../../lambdas/core/job/types';
import { validateJob } from '../../../lambdas/core/job/validate';
import { BAD_JOBS } from '../../fixtures/bad-jobs';
import { DOOR_CAM_PROJECT_ARN, DOOR_CAM_VERSION_ARNS, GOOD_JOBS } from '../../fixtures/good-jobs';

const NOW = new Date('2026-06-01T12:00:00Z');

/** What validateJob should return for a valid job: the same, with cut-offs in UTC and dryRun defaulted. */
function expectedFor(job: CleanupJob): CleanupJob {
  const collections = job.collections?.map(({ select, action }) => ({
    action,
    select: select.createdBefore ? { ...select, createdBefore: new Date(select.createdBefore).toISOString() } : select,
  }));
  return { ...job, ...(collections && { collections }), dryRun: job.dryRun ?? false };
}

/** The error validateJob throws, or a failure when it accepts the job. */
function rejectionOf(job: unknown, now = NOW): InvalidJobError {
  try {
    validateJob(job, now);
  } catch (error) {
    if (error instanceof InvalidJobError) return error;
    throw error;
  }
  throw new Error('expected the job to be rejected');
}

describe('the bad-jobs corpus', () => {
  test('is large enough to cover the contract', () => {
    expect(BAD_JOBS.length).toBeGreaterThanOrEqual(80);
    expect(new Set(BAD_JOBS.map((bad) => bad.name)).size).toBe(BAD_JOBS.length);
  });

  test.each(BAD_JOBS.map((bad) => [bad.name, bad] as const))('rejects %s', (_name, bad) => {
    const error = rejectionOf(bad.job);
    expect(error.name).toBe('InvalidJobError');
    expect(error.field).toBe(bad.field);
    // Rules never echo the value: a 5 MB string or a user id must not reach logs through the message.
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).not.toMatch(/[\n\r]/);
    expect(error.message).not.toContain('\u0000');
  });
});

describe('the good-jobs corpus', () => {
  test.each(GOOD_JOBS.map((good) => [good.name, good.job] as const))('accepts %s', (_name, job) => {
    const validated = validateJob(job, NOW);
    expect(validated).toEqual(expectedFor(job));
  });

  test.each(GOOD_JOBS.map((good) => [good.name, good.job] as const))(
    'is stable over a JSON round trip: %s',
    (_, job) => {
      const once = validateJob(job, NOW);
      expect(validateJob(JSON.parse(JSON.stringify(once)), NOW)).toEqual(once);
    },
  );

  test('validates against the real clock too, as the state-machine tests do', () => {
    for (const { job } of GOOD_JOBS) expect(() => validateJob(job, new Date())).not.toThrow();
  });
});

describe('normalisation', () => {
  test('dryRun defaults to false and an explicit value is kept', () => {
    const job = { faces: [{ collectionId: 'c1', faceIds: ['0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99'] }] };
    expect(validateJob(job, NOW).dryRun).toBe(false);
    expect(validateJob({ ...job, dryRun: true }, NOW).dryRun).toBe(true);
  });

  test('exact duplicate ids are dropped inside each list, keeping the first occurrence order', () => {
    const a = '0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99';
    const b = '5f1c2e3d-4b5a-4c6d-8e7f-901a2b3c4d5e';
    const [v1, v2] = DOOR_CAM_VERSION_ARNS as [string, string];
    const job = validateJob(
      {
        collections: [{ select: { ids: ['b', 'a', 'b', 'c', 'a'] }, action: 'DELETE_COLLECTION' }],
        faces: [{ collectionId: 'c1', faceIds: [b, a, b, b] }],
        subjects: [{ externalImageIds: ['x', 'y', 'x'], collectionIds: ['k', 'k'] }],
        projectVersions: [{ select: { arns: [v2, v1, v2] } }],
      },
      NOW,
    );
    expect(job.collections?.[0]?.select.ids).toEqual(['b', 'a', 'c']);
    expect(job.faces?.[0]?.faceIds).toEqual([b, a]);
    expect(job.subjects?.[0]).toEqual({ externalImageIds: ['x', 'y'], collectionIds: ['k'] });
    expect(job.projectVersions?.[0]?.select.arns).toEqual([v2, v1]);
  });

  test('ids that differ only in case are different ids and both kept', () => {
    const job = validateJob({ collections: [{ select: { ids: ['Kyc', 'kyc'] }, action: 'DELETE_FACES' }] }, NOW);
    expect(job.collections?.[0]?.select.ids).toEqual(['Kyc', 'kyc']);
  });

  test('createdBefore is converted to UTC; a cut-off equal to now is accepted', () => {
    const select = (createdBefore: string) => ({
      collections: [{ select: { createdBefore }, action: 'DELETE_FACES' }],
    });
    expect(validateJob(select('2026-01-31T00:00:00+02:00'), NOW).collections?.[0]?.select.createdBefore).toBe(
      '2026-01-30T22:00:00.000Z',
    );
    expect(validateJob(select('2024-02-29T23:59Z'), NOW).collections?.[0]?.select.createdBefore).toBe(
      '2024-02-29T23:59:00.000Z',
    );
    expect(() => validateJob(select(NOW.toISOString()), NOW)).not.toThrow();
    expect(rejectionOf(select('2026-06-01T12:00:00.001Z')).rule).toMatch(/later than now/);
    for (const unreal of [
      '2025-02-29T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00+24:00',
      '0000-01-01T00:00:00+01:00',
    ]) {
      expect(rejectionOf(select(unreal)).field).toBe('collections[0].select.createdBefore');
    }
  });

  test('the result shares no object with the input, so later mutation of the input cannot change the job', () => {
    const input = {
      collections: [{ select: { ids: ['a'], tags: { env: 'dev' } }, action: 'DELETE_FACES' }],
      maxDeletions: -0,
    };
    const job = validateJob(input, NOW);
    input.collections[0]?.select.ids.push('b');
    if (input.collections[0]) input.collections[0].select.tags.env = 'prod';
    expect(job.collections?.[0]?.select).toEqual({ ids: ['a'], tags: { env: 'dev' } });
    expect(Object.is(job.maxDeletions, 0)).toBe(true);
  });

  test('a key holding undefined counts as absent, as after the JSON round trip through the state machine', () => {
    const job = validateJob({ requestId: undefined, subjects: [{ userId: 'u1', collectionIds: undefined }] }, NOW);
    expect(job).toEqual({ subjects: [{ userId: 'u1' }], dryRun: false });
    expect(Object.keys(job)).not.toContain('requestId');
  });

  test('a valid tag filter keeps unusual but legal keys as own data, never as a prototype', () => {
    const job = validateJob(
      { collections: [{ select: { tags: { constructor: 'x', 'cost centre': 'é 1' } }, action: 'DELETE_FACES' }] },
      NOW,
    );
    const tags = job.collections?.[0]?.select.tags ?? {};
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.entries(tags)).toEqual([
      ['constructor', 'x'],
      ['cost centre', 'é 1'],
    ]);
  });

  test('projectArn on its own selects every version of the project', () => {
    const job = validateJob({ projectVersions: [{ select: { projectArn: DOOR_CAM_PROJECT_ARN } }] }, NOW);
    expect(job.projectVersions).toEqual([{ select: { projectArn: DOOR_CAM_PROJECT_ARN } }]);
  });
});

describe('determinism', () => {
  const twoProblems = (first: 'collections' | 'subjects') => {
    const collections = [{ select: { prefix: '*' }, action: 'DELETE_FACES' }];
    const subjects = [{ userId: 'jane doe' }];
    return first === 'collections' ? { collections, subjects } : { subjects, collections };
  };

  test('the first problem in document order is reported', () => {
    expect(rejectionOf(twoProblems('collections')).field).toBe('collections[0].select.prefix');
    expect(rejectionOf(twoProblems('subjects')).field).toBe('subjects[0].userId');
  });

  test('a field problem comes before a missing field or a whole-object rule of the same object', () => {
    expect(rejectionOf({ collections: [{ select: { prefix: '' } }] }).field).toBe('collections[0].select.prefix');
    expect(rejectionOf({ collections: [{ select: {}, action: 'NOPE' }] }).field).toBe('collections[0].select');
    expect(rejectionOf({ collections: [{ action: 'NOPE', select: {} }] }).field).toBe('collections[0].action');
  });

  test('the same input always gives the same error', () => {
    for (const bad of BAD_JOBS.slice(0, 20)) {
      const first = rejectionOf(bad.job);
      const again = rejectionOf(bad.job);
      expect([again.field, again.rule]).toEqual([first.field, first.rule]);
    }
  });

  test('rules read as the brief states them', () => {
    expect(rejectionOf({ collections: [{ select: { prefix: 'a b' }, action: 'DELETE_FACES' }] }).rule).toBe(
      'must match [a-zA-Z0-9_.\\-]+ (1-255 chars)',
    );
    expect(rejectionOf({ requestId: 'x', faces: [], typo: 1 }).message).toBe('typo: unknown field');
    expect(rejectionOf({}).message).toBe(
      'job: selects nothing; give at least one of collections, faces, subjects, projectVersions',
    );
  });

  test('an invalid clock is a programming error, not an invalid job', () => {
    expect(() => validateJob(GOOD_JOBS[0]?.job, new Date(Number.NaN))).toThrow(TypeError);
  });
});

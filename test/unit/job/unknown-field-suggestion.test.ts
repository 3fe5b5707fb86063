import { parseErasureRequest } from '../../../lambdas/core/erasure/parse-request';
import { InvalidJobError } from '../../../lambdas/core/errors';
import { unknownFieldRule } from '../../../lambdas/core/schema/fields';
import { validateJob } from '../../../lambdas/core/job/validate';
import { validateWorld } from '../../../local/emulator/world/validate-world';
import { parseRetentionPolicies } from '../../../lib/config/retention-policies';
import { requestEvent } from '../../support/fake-erasure-aws';

/** Issue 15: an unknown field names its path, the rule, and the field it most likely meant; never a value. */
function rejectionOf(job: unknown): InvalidJobError {
  try {
    validateJob(job, new Date('2026-03-01T00:00:00Z'));
  } catch (error) {
    if (error instanceof InvalidJobError) return error;
    throw error;
  }
  throw new Error('the job was accepted');
}

const PROJECT_ARN = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1714550000000';
const FACES = [{ collectionId: 'kyc-eu', faceIds: ['0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99'] }];

describe('the job contract', () => {
  test.each([
    ['a top-level typo', { maxDeletion: 5, faces: FACES }, 'maxDeletion', 'maxDeletions'],
    [
      'a case slip',
      { subjects: [{ userId: 'u-1', collectionIDs: ['kyc-eu'] }] },
      'subjects[0].collectionIDs',
      'collectionIds',
    ],
    [
      'a nested typo',
      { collections: [{ select: { prefx: 'tmp-' }, action: 'DELETE_FACES' }] },
      'collections[0].select.prefx',
      'prefix',
    ],
    ['a lowercase letter', { dryrun: true, faces: FACES }, 'dryrun', 'dryRun'],
    [
      'in a projectVersions entry',
      { projectVersions: [{ select: { projectArn: PROJECT_ARN }, deleteProjectWhenEmty: true }] },
      'projectVersions[0].deleteProjectWhenEmty',
      'deleteProjectWhenEmpty',
    ],
  ])('%s', (_name, job, field, meant) => {
    const error = rejectionOf(job);
    expect(error.field).toBe(field);
    expect(error.rule).toBe(`unknown field (did you mean "${meant}"?)`);
    expect(error.message).toBe(`${field}: unknown field (did you mean "${meant}"?)`);
  });

  test('nothing near: the rule alone', () => {
    expect(rejectionOf({ faces: FACES, typo: 1 }).message).toBe('typo: unknown field');
  });

  test('never suggests a field the object already has', () => {
    expect(rejectionOf({ maxDeletions: 5, maxDeletion: 3, faces: FACES }).message).toBe('maxDeletion: unknown field');
  });

  test('the value is never echoed, however near the key', () => {
    const error = rejectionOf({ faces: FACES, maxDeletion: 'jane.doe@example.com' });
    expect(error.message).toBe('maxDeletion: unknown field (did you mean "maxDeletions"?)');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('jane');
  });

  test('a huge key is cut in the path and costs no edit distance', () => {
    const key = `maxDeletions${'x'.repeat(5_000_000)}`;
    const started = Date.now();
    const error = rejectionOf({ faces: FACES, [key]: 1 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.rule).toBe('unknown field');
    expect(error.field.length).toBeLessThan(80);
  });

  test('the first unknown key in document order is the one reported', () => {
    expect(rejectionOf({ faces: FACES, maxDeletion: 1, dryrun: true }).field).toBe('maxDeletion');
    expect(rejectionOf({ dryrun: true, faces: FACES, maxDeletion: 1 }).field).toBe('dryrun');
  });

  test('the rule on its own: a key longer than any field name gets no suggestion', () => {
    expect(unknownFieldRule('colections', ['collections', 'faces'])).toBe(
      'unknown field (did you mean "collections"?)',
    );
    expect(unknownFieldRule('c'.repeat(65), ['c'.repeat(64)])).toBe('unknown field');
  });
});

describe('the other contracts share the rule', () => {
  test('an erasure request', async () => {
    const event = requestEvent({ requestId: 'crm-1', subject: { userId: 'customer-8841' }, requestedAT: 'x' });
    const parsed = await parseErasureRequest(event, new Date('2026-11-22T09:00:05Z'));
    expect(parsed).toMatchObject({
      kind: 'INVALID',
      reason: {
        code: 'INVALID_REQUEST',
        field: 'detail.requestedAT',
        message: 'detail.requestedAT: unknown field (did you mean "requestedAt"?)',
      },
    });
    const subjectTypo = requestEvent({ requestId: 'crm-1', subject: { userID: 'customer-8841' } });
    const subject = await parseErasureRequest(subjectTypo, new Date('2026-11-22T09:00:05Z'));
    expect(subject).toMatchObject({ reason: { message: expect.stringContaining('(did you mean "userId"?)') } });
    expect(JSON.stringify(subject)).not.toContain('customer-8841');
  });

  test('a world file', () => {
    expect(() => validateWorld({ collections: [{ id: 'kyc-eu', facess: [] }] })).toThrow(
      '$.collections[0].facess: unknown field (did you mean "faces"?)',
    );
  });

  test('a retention policy', () => {
    const policy = {
      name: 'tmp-purge',
      schedule: 'cron(0 3 * * ? *)',
      job: { collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] },
      enable: false,
    };
    expect(() => parseRetentionPolicies([policy])).toThrow(/\.enable: unknown field \(did you mean "enabled"\?\)/);
  });
});

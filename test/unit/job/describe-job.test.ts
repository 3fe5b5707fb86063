import fc from 'fast-check';
import type { CleanupJob } from '../../../lambdas/core/job/types';
import { describeJob, validateJob } from '../../../lambdas/core/job/validate';
import { GOOD_JOBS } from '../../fixtures/good-jobs';

const NOW = new Date('2026-06-01T12:00:00Z');

const describeValid = (job: CleanupJob): string => describeJob(validateJob(job, NOW));

function personalIds(job: CleanupJob): string[] {
  return (job.subjects ?? []).flatMap((subject) => [
    ...(subject.userId === undefined ? [] : [subject.userId]),
    ...(subject.externalImageIds ?? []),
  ]);
}

describe('describeJob', () => {
  test.each(GOOD_JOBS.map((good) => [good.name, good.job] as const))('%s: one line, no personal data', (_, job) => {
    const text = describeValid(job);
    expect(text).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(text.endsWith('.')).toBe(true);
    for (const id of personalIds(job)) expect(text).not.toContain(id);
  });

  test('a retention purge reads as the selector', () => {
    const text = describeValid({
      collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
      subjects: [{ userId: 'customer-8841', externalImageIds: ['selfie-1.jpg', 'selfie-2.jpg'] }],
      maxDeletions: 500,
    });
    expect(text).toBe(
      'DELETE_FACES on collections with prefix "tmp-" older than 30 days; ' +
        'erase 1 subject (by user id and 2 external image ids) in every collection; ' +
        'stop before deleting anything if more than 500 deletions are planned.',
    );
  });

  test('subjects described alike are counted together; scopes name collections, not people', () => {
    const text = describeValid({
      subjects: [
        { userId: 'employee:1' },
        { userId: 'employee:2' },
        { externalImageIds: ['badge.png'], collectionIds: ['a', 'b', 'c', 'd'] },
      ],
    });
    expect(text).toBe(
      'Erase 2 subjects (each by user id) in every collection, ' +
        '1 subject (by 1 external image id) in 4 collections ("a", "b", "c" and 1 more).',
    );
  });

  test('faces, model versions and dry runs', () => {
    const projectArn = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1714550000000';
    const text = describeValid({
      dryRun: true,
      faces: [
        { collectionId: 'c1', faceIds: ['0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99'] },
        { collectionId: 'c2', faceIds: ['5f1c2e3d-4b5a-4c6d-8e7f-901a2b3c4d5e'] },
      ],
      projectVersions: [
        { select: { projectArn } },
        { select: { projectArn, olderThanDays: 90, keepLatest: 2 }, deleteProjectWhenEmpty: true, stopRunning: true },
      ],
    });
    expect(text).toBe(
      'Dry run, nothing is deleted: delete 2 faces by id from collections "c1", "c2"; ' +
        'delete every model version of project "door-cam", leaving running ones alone; ' +
        'delete model versions of project "door-cam" older than 90 days, keeping the latest 2 usable, ' +
        'stopping any that run, ' +
        'then the project once it has no versions left.',
    );
  });

  test('model versions by ARN, and their projects when asked', () => {
    const arn = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/version/v1/1714557600000';
    const text = describeValid({
      projectVersions: [{ select: { arns: [arn] } }, { select: { arns: [arn] }, deleteProjectWhenEmpty: true }],
    });
    expect(text).toBe(
      'Delete 1 model version by ARN; ' +
        'delete 1 model version by ARN, then their projects once they have no versions left.',
    );
  });

  test('never contains a user id or external image id, whatever they are', () => {
    const personalId = fc.stringMatching(/^[a-zA-Z0-9_.\-:]{12,40}$/);
    const subject = fc.record(
      {
        userId: personalId,
        externalImageIds: fc.uniqueArray(personalId, { minLength: 1, maxLength: 5 }),
        collectionIds: fc.constant<string[]>(['kyc-eu']),
      },
      { requiredKeys: ['userId'] },
    );
    fc.assert(
      fc.property(fc.array(subject, { minLength: 1, maxLength: 10 }), (subjects) => {
        const job: CleanupJob = { subjects };
        const text = describeValid(job);
        for (const id of personalIds(job)) expect(text).not.toContain(id);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('action STOP', () => {
  test('says stop and keep, never delete', () => {
    const text = describeValid({
      projectVersions: [
        {
          select: {
            projectArn: 'arn:aws:rekognition:eu-west-1:123456789012:project/lab/1714550000000',
            tags: { stage: 'experiment' },
          },
          action: 'STOP',
        },
      ],
    });
    expect(text).toBe('Stop the running model versions of project "lab" tagged "stage"="experiment", keeping them.');
    expect(text).not.toMatch(/delet/i);
  });
});

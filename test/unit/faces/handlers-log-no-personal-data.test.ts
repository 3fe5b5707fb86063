import type { Context } from 'aws-lambda';
import { handler as cleanCollection } from '../../../lambdas/clean-collection';
import { useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { logger } from '../../../lambdas/core/observability';
import { pseudonym } from '../../../lambdas/core/pseudonyms/pseudonym';
import { handler as deleteFaces } from '../../../lambdas/delete-faces';
import { handler as findSubjectFaces } from '../../../lambdas/find-subject-faces';
import { inProcessEmulator, type WorldFace } from '../../../local/emulator';
import { testJobStore } from '../../support/test-job-store';
import { ACCOUNT_SCOPE, faceId } from '../../support/world-faces';

const jobs = testJobStore();
const F1 = faceId(0xf, 1);

/** The handlers' client, on the emulator in-process, with one collection `c`. */
function useWorld(faces: WorldFace[]) {
  const emulator = inProcessEmulator({ seed: { collections: [{ id: 'c', faces }] } });
  useRekognitionClient(emulator.client);
  return emulator;
}

const context = {
  functionName: 'test',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

describe('handlers', () => {
  let logged: unknown[][];

  beforeEach(() => {
    logged = [];
    for (const level of ['info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
        logged.push(args);
      });
    }
  });

  afterEach(() => {
    jest.restoreAllMocks();
    useRekognitionClient(undefined);
  });

  it('delete-faces logs its summary lines with the user hashed, never raw', async () => {
    useWorld([{ faceId: F1, userId: 'alice.smith', externalImageId: 'alice.jpg' }]);

    const lane = await jobs.lane('subjects', [
      {
        collectionId: 'c',
        faceIds: [F1],
        deleteUserId: 'alice.smith',
        source: 'subjects[0]',
        existingFaceCount: 1,
        collectionProtected: false,
      },
    ]);
    await jobs.run(() => deleteFaces(lane, context));

    expect((await jobs.result(lane, 0))?.progress).toMatchObject({ done: true, deleted: 1, userOutcome: 'DELETED' });
    // One line for the item, one for the lane.
    expect(logged).toHaveLength(2);
    const line = JSON.stringify(logged);
    expect(line).toContain(await pseudonym('alice.smith'));
    expect(line).not.toContain('alice.smith');
  });

  it('find-subject-faces logs neither the user id nor the external image ids', async () => {
    useWorld([{ faceId: F1, userId: 'alice.smith', externalImageId: 'alice.jpg' }]);

    const lane = await jobs.lane(
      'find',
      [
        {
          collectionId: 'c',
          collectionArn: `${ACCOUNT_SCOPE}collection/c`,
          subjects: [{ subjectIndex: 0, userId: 'alice.smith', externalImageIds: ['alice.jpg'] }],
        },
      ],
      { dryRun: true },
    );
    await jobs.run(() => findSubjectFaces(lane, context));

    expect((await jobs.result(lane, 0))?.progress).toMatchObject({ found: [{ faceIds: [F1] }] });
    expect(logged).toHaveLength(2);
    expect(JSON.stringify(logged)).not.toMatch(/alice/);
  });

  it('clean-collection logs one summary line per item with the phase and counts, and one for the lane', async () => {
    useWorld([{ faceId: F1 }]);

    const lane = await jobs.lane('collections', [
      {
        collectionId: 'c',
        collectionArn: `${ACCOUNT_SCOPE}collection/c`,
        action: 'DELETE_FACES',
        faceCount: 1,
        userCount: 0,
        reasons: [],
      },
    ]);
    await jobs.run(() => cleanCollection(lane, context));

    expect(logged).toEqual([
      [
        'collection step',
        expect.objectContaining({ collectionId: 'c', phase: 'DONE', outcome: 'EMPTIED', facesDeleted: 1 }),
      ],
      ['collections lane step', { lane: 0, progress: expect.objectContaining({ done: true, position: 1 }) }],
    ]);
  });
});

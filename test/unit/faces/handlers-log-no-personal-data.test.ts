import type { Context } from 'aws-lambda';
import { handler as cleanCollection } from '../../../lambdas/clean-collection';
import { useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { logger } from '../../../lambdas/core/observability';
import { pseudonym } from '../../../lambdas/core/pseudonyms/pseudonym';
import { handler as deleteFaces } from '../../../lambdas/delete-faces';
import { handler as findSubjectFaces } from '../../../lambdas/find-subject-faces';
import { testJobStore } from '../../support/test-job-store';
import { ACCOUNT_ARN, FakeCollection, FakeRekognition } from './support/fake-rekognition';

const jobs = testJobStore();

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
    const collection = new FakeCollection('c', [{ faceId: 'f1', userId: 'alice.smith', externalImageId: 'alice.jpg' }]);
    const fake = new FakeRekognition([collection]);
    useRekognitionClient(fake.client);

    const lane = await jobs.lane('subjects', [
      {
        collectionId: 'c',
        faceIds: ['f1'],
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
    const collection = new FakeCollection('c', [{ faceId: 'f1', userId: 'alice.smith', externalImageId: 'alice.jpg' }]);
    useRekognitionClient(new FakeRekognition([collection]).client);

    const lane = await jobs.lane(
      'find',
      [
        {
          subjectIndex: 0,
          collectionId: 'c',
          userId: 'alice.smith',
          externalImageIds: ['alice.jpg'],
          collectionArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/c',
        },
      ],
      { dryRun: true },
    );
    await jobs.run(() => findSubjectFaces(lane, context));

    expect((await jobs.result<{ faceIds: string[] }>(lane, 0))?.progress).toMatchObject({ faceIds: ['f1'] });
    expect(logged).toHaveLength(2);
    expect(JSON.stringify(logged)).not.toMatch(/alice/);
  });

  it('clean-collection logs one summary line per item with the phase and counts, and one for the lane', async () => {
    const collection = new FakeCollection('c', [{ faceId: 'f1' }]);
    useRekognitionClient(new FakeRekognition([collection]).client);

    const lane = await jobs.lane('collections', [
      {
        collectionId: 'c',
        collectionArn: `${ACCOUNT_ARN}/c`,
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

import type { Context } from 'aws-lambda';
import { handler as cleanCollection } from '../../../lambdas/clean-collection';
import { useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { hashSubjectId, logger } from '../../../lambdas/core/observability';
import { handler as deleteFaces } from '../../../lambdas/delete-faces';
import { handler as findSubjectFaces } from '../../../lambdas/find-subject-faces';
import { ACCOUNT_ARN, FakeCollection, FakeRekognition } from './support/fake-rekognition';

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

  it('delete-faces logs one summary line with the user hashed, never raw', async () => {
    const collection = new FakeCollection('c', [{ faceId: 'f1', userId: 'alice.smith', externalImageId: 'alice.jpg' }]);
    const fake = new FakeRekognition([collection]);
    useRekognitionClient(fake.client);

    const progress = await deleteFaces(
      {
        target: {
          collectionId: 'c',
          faceIds: ['f1'],
          deleteUserId: 'alice.smith',
          source: 'subjects[0]',
          existingFaceCount: 1,
          collectionProtected: false,
        },
        executionId: 'exec-1',
        dryRun: false,
        progress: { done: false },
      },
      context,
    );

    expect(progress).toMatchObject({ done: true, deleted: 1, userOutcome: 'DELETED' });
    expect(logged).toHaveLength(1);
    const line = JSON.stringify(logged);
    expect(line).toContain(hashSubjectId('alice.smith'));
    expect(line).not.toContain('alice.smith');
  });

  it('find-subject-faces logs neither the user id nor the external image ids', async () => {
    const collection = new FakeCollection('c', [{ faceId: 'f1', userId: 'alice.smith', externalImageId: 'alice.jpg' }]);
    useRekognitionClient(new FakeRekognition([collection]).client);

    const progress = await findSubjectFaces(
      {
        target: {
          subjectIndex: 0,
          collectionId: 'c',
          userId: 'alice.smith',
          externalImageIds: ['alice.jpg'],
          collectionArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/c',
        },
        executionId: 'exec-1',
        dryRun: true,
        progress: { done: false },
      },
      context,
    );

    expect(progress.faceIds).toHaveLength(1);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toMatch(/alice/);
  });

  it('clean-collection logs one summary line with the phase and counts', async () => {
    const collection = new FakeCollection('c', [{ faceId: 'f1' }]);
    useRekognitionClient(new FakeRekognition([collection]).client);

    await cleanCollection(
      {
        target: {
          collectionId: 'c',
          collectionArn: `${ACCOUNT_ARN}/c`,
          action: 'DELETE_FACES',
          faceCount: 1,
          userCount: 0,
          reasons: [],
        },
        executionId: 'exec-1',
        dryRun: false,
        progress: { done: false },
      },
      context,
    );

    expect(logged).toEqual([
      [
        'collection step',
        expect.objectContaining({ collectionId: 'c', phase: 'DONE', outcome: 'EMPTIED', facesDeleted: 1 }),
      ],
    ]);
  });
});

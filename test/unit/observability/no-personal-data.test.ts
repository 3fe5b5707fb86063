/**
 * Every handler that sees a subject, run as Lambda runs it (the real Powertools logger and metrics, at DEBUG, on
 * stdout/stderr, and a deployment salt in the environment): what it prints, and what it throws, never holds the
 * subject's user id or external image ids. Subjects are named by their salted hash or by `subjects[i]`.
 */

import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MetadataBearer } from '@smithy/types';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import type { CollectionSearchResult } from '../../../lambdas/core/contracts';
import { logger } from '../../../lambdas/core/observability';
import { pseudonym, useSubjectKey } from '../../../lambdas/core/pseudonyms/pseudonym';
import { defaultKeyFile, fileSubjectKey } from '../../../lambdas/core/pseudonyms/subject-key';
import { handler as deleteFaces } from '../../../lambdas/delete-faces';
import { handler as intake } from '../../../lambdas/erasure-intake';
import { handler as receipt } from '../../../lambdas/erasure-receipt';
import { handler as finalizePlan } from '../../../lambdas/finalize-plan';
import { handler as findSubjectFaces } from '../../../lambdas/find-subject-faces';
import { handler as plan } from '../../../lambdas/plan';
import { handler as report } from '../../../lambdas/report';
import { FACE, faceTarget, jobState } from '../../support/job-state';
import { CRM, requestEvent, STATE_MACHINE_ARN } from '../../support/fake-erasure-aws';
import { type TestRekognition, testRekognition } from '../../support/in-process-rekognition';
import { CONTEXT, printed } from './support/printed';
import { loadPlan } from '../../../lambdas/core/store/plan-records';
import { testJobStore } from '../../support/test-job-store';

const jobs = testJobStore();

const USER_ID = 'alice.smith-8841';
const IMAGES = ['alice-selfie-2026.jpg', 'alice-badge.png'];
/** Every identifier of the subject: none may appear in output or errors. */
const PERSONAL = [USER_ID, ...IMAGES];
const EXECUTION_ARN = `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:crm-1`;

const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'rekognition-cleanup-test';
  // As deployed, every function makes pseudonyms with one key (KMS there; a key file here).
  useSubjectKey(fileSubjectKey(defaultKeyFile()));
  Object.assign(process.env, {
    STATE_MACHINE_ARN,
    ERASURE_EVENT_BUS_NAME: 'erasure-bus',
    RECEIPTS_TABLE_NAME: 'receipts',
    ERASURE_SLA_SECONDS: '86400',
    ERASURE_REQUESTERS: JSON.stringify([CRM]),
  });
  logger.setLogLevel('DEBUG');
});
afterAll(() => {
  process.env = saved;
  logger.setLogLevel('INFO');
  useSubjectKey(undefined);
});
afterEach(() => useRekognitionClient(undefined));

function expectNoPersonalData(text: string): void {
  for (const id of PERSONAL) expect(text).not.toContain(id);
}

function aliceWorld(): TestRekognition {
  const fake = testRekognition([
    {
      id: 'c',
      createdAt: '2026-01-01T00:00:00Z',
      faces: [
        { faceId: FACE(1), userId: USER_ID, externalImageId: IMAGES[0] },
        { faceId: FACE(2), externalImageId: IMAGES[1] },
        { faceId: FACE(3), externalImageId: 'someone-else.jpg' },
      ],
    },
  ]);
  useRekognitionClient(fake.client);
  return fake;
}

test('plan: a job naming a subject is planned, and logged without its ids', async () => {
  aliceWorld();
  const job = { subjects: [{ userId: USER_ID, externalImageIds: IMAGES, collectionIds: ['c'] }] };
  const planning = { done: false, invocations: 0 };
  const { output, error } = await printed(() =>
    jobs.run(() => plan({ job, executionId: 'exec-1', startedAt: '2026-11-22T09:00:00Z', planning }, CONTEXT)),
  );
  expect(error).toBeUndefined();
  expect(output).toContain('plan stored');
  expectNoPersonalData(output);
});

test('plan: a refused subject id is named by its field and rule, in the log and in the error', async () => {
  const bad = 'alice smith@example.com';
  const job = { subjects: [{ userId: bad }] };
  const planning = { done: false, invocations: 0 };
  const { output, error } = await printed(() =>
    jobs.run(() => plan({ job, executionId: 'exec-1', startedAt: '2026-11-22T09:00:00Z', planning }, CONTEXT)),
  );
  expect((error as Error).name).toBe('InvalidJobError');
  expect(output).toContain('subjects[0].userId');
  for (const text of [output, String(error), JSON.stringify(error)]) expect(text).not.toContain(bad);
});

test('find-subject-faces: searches by user id and image ids, logs neither', async () => {
  aliceWorld();
  const lane = await jobs.lane(
    'find',
    [
      {
        collectionId: 'c',
        collectionArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/c',
        subjects: [{ subjectIndex: 0, userId: USER_ID, externalImageIds: IMAGES }],
      },
    ],
    { dryRun: true },
  );
  const { output, result } = await printed(() => jobs.run(() => findSubjectFaces(lane, CONTEXT)));
  expect(result?.progress.done).toBe(true);
  const found = await jobs.result<{ found: Array<{ faceIds: string[] }> }>(lane, 0);
  const progress = found?.progress as { found: Array<{ faceIds: string[] }> };
  expect(progress.found[0]?.faceIds.sort()).toEqual([FACE(1), FACE(2)]);
  // The state the lane returns holds no identifier either: it goes into the execution history.
  expectNoPersonalData(JSON.stringify(result));
  expect(output).toContain('subjects[0]');
  expectNoPersonalData(output);
});

test('finalize-plan: the subject becomes a salted subjectRef, logged without the ids', async () => {
  const found: CollectionSearchResult = {
    target: {
      collectionId: 'c',
      collectionArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/c',
      subjects: [{ subjectIndex: 0, userId: USER_ID, externalImageIds: IMAGES }],
    },
    progress: {
      done: true,
      phase: 'DONE',
      found: [{ faceIds: [FACE(1), FACE(2)], matchedByUserId: 1 }],
      collectionAbsent: false,
      pagesScanned: 1,
    },
  };
  const ref = await jobs.storeJob(jobState({ subjectSearches: [found.target] }));
  await jobs.store().putResult(ref.jobId, 'find', 0, { progress: found.progress });
  const { output, result } = await printed(() => jobs.run(() => finalizePlan(ref, CONTEXT)));
  const plan = await loadPlan(jobs.store(), result!);
  expect(plan.subjectSummaries[0]?.subjectRef).toBe(await pseudonym([USER_ID, ...IMAGES].join('\n')));
  expectNoPersonalData(JSON.stringify(result));
  expect(output).toContain('plan finalized');
  expectNoPersonalData(output);
});

test('delete-faces: erases the user and its faces, logs the user as userRef only', async () => {
  const fake = aliceWorld();
  const lane = await jobs.lane('subjects', [
    faceTarget('c', [FACE(1), FACE(2)], { deleteUserId: USER_ID, source: 'subjects[0]' }),
  ]);
  const { output, result } = await printed(() => jobs.run(() => deleteFaces(lane, CONTEXT)));
  expect((await jobs.result(lane, 0))?.progress).toMatchObject({ done: true, userOutcome: 'DELETED', deleted: 2 });
  expectNoPersonalData(JSON.stringify(result));
  expect(fake.liveFaceIds('c')).toEqual([FACE(3)]);
  expect(output).toContain(await pseudonym(USER_ID));
  expectNoPersonalData(output);
});

test('report: logs and metrics carry counts, and the report names the subject by subjectRef', async () => {
  const state = jobState({
    subjectErasures: [faceTarget('c', [FACE(1)], { deleteUserId: USER_ID, source: 'subjects[0]' })],
    subjectSummaries: [
      { source: 'subjects[0]', subjectRef: await pseudonym(USER_ID), collectionsSearched: 1, facesFound: 1 },
    ],
  });
  const ref = await jobs.storeJob(state);
  await jobs.store().putResult(ref.jobId, 'subjects', 0, {
    progress: {
      done: true,
      nextIndex: 1,
      deleted: 1,
      alreadyAbsentCount: 0,
      alreadyAbsentSample: [],
      disassociated: 0,
      failed: [],
      failedCount: 0,
      collectionAbsent: false,
      userOutcome: 'DELETED',
      invocations: 1,
    },
  });
  const { output, result } = await printed(() => jobs.run(() => report(ref, CONTEXT)));
  expect(output).toContain('"FacesDeleted"');
  expect(result?.report.deleted.faces).toBe(1);
  expectNoPersonalData(output);
  // The report is the execution's output, and the JobIncomplete error's cause.
  expectNoPersonalData(result?.reportJson ?? '');
});

describe('erasure functions', () => {
  const sfn = mockClient(SFNClient);
  const events = mockClient(EventBridgeClient);
  // Mocks every document client of the process, the job store's too, so it is installed for these tests only.
  let db: AwsStub<object, MetadataBearer, unknown>;
  beforeAll(() => {
    db = mockClient(DynamoDBDocumentClient);
  });
  afterAll(() => db.restore());
  beforeEach(() => {
    for (const mock of [sfn, events, db]) mock.reset();
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
  });

  test('intake: a started erasure is logged by request id and subjectRef', async () => {
    db.on(PutCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
    const event = requestEvent({ requestId: 'crm-1', subject: { userId: USER_ID, externalImageIds: IMAGES } });
    const { output, result } = await printed(() => jobs.run(() => intake(event, CONTEXT)));
    expect(result?.kind).toBe('STARTED');
    // The intake sorts the image ids (order does not change who is erased) before hashing.
    expect(output).toContain(await pseudonym([USER_ID, ...[...IMAGES].sort()].join('\n')));
    expectNoPersonalData(output);
    // What it publishes on the bus (ErasureAccepted and the like) is output too.
    expectNoPersonalData(JSON.stringify(events.commandCalls(PutEventsCommand).map((c) => c.args[0].input)));
  });

  test('intake: an AWS failure is logged by error name and rethrown without the subject', async () => {
    db.on(PutCommand).rejects(
      Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceeded' }),
    );
    const event = requestEvent({ requestId: 'crm-1', subject: { userId: USER_ID } });
    const { output, error } = await printed(() => jobs.run(() => intake(event, CONTEXT)));
    // Lambda logs what the handler throws: it must not carry the subject either.
    expect((error as Error).name).toBe('ProvisionedThroughputExceeded');
    expect(output).toContain('ProvisionedThroughputExceeded');
    expectNoPersonalData(`${output}${String(error)}${(error as Error).stack}`);
  });

  test('receipt: the final receipt is logged by subjectRef', async () => {
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: EXECUTION_ARN,
      status: 'SUCCEEDED',
      input: JSON.stringify({
        requestId: 'crm-1',
        dryRun: false,
        subjects: [{ userId: USER_ID, externalImageIds: IMAGES }],
      }),
      output: JSON.stringify({ status: 'SUCCEEDED', subjects: [] }),
      startDate: new Date('2026-11-22T09:00:00Z'),
      stopDate: new Date('2026-11-22T09:05:00Z'),
    });
    db.on(GetCommand).resolves({
      Item: {
        requestId: 'crm-1',
        executionArn: EXECUTION_ARN,
        status: 'IN_PROGRESS',
        subjectRef: await pseudonym([USER_ID, ...IMAGES].join('\n')),
        collections: [],
        failures: [],
      },
    });
    db.on(PutCommand).resolves({});
    // The job store holds no record of this job.
    db.on(QueryCommand).resolves({ Items: [] });
    const event = { source: 'aws.states', detail: { executionArn: EXECUTION_ARN, status: 'SUCCEEDED' } };
    const { output, error } = await printed(() => jobs.run(() => receipt(event, CONTEXT)));
    expect(error).toBeUndefined();
    expect(output).toContain('erasure receipt recorded');
    expectNoPersonalData(output);
  });
});

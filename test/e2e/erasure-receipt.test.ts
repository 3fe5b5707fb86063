import { createRekognitionClient } from '../../lambdas/core/aws/rekognition-client';
import { takeErasureRequest } from '../../lambdas/core/erasure/intake';
import { recordErasureOutcome } from '../../lambdas/core/erasure/record-outcome';
import { type RunningEmulator, startEmulator } from '../../local/emulator';
import { runWorkflow } from '../../local/runner';
import { fakeAws, nameOf, requestEvent } from '../support/fake-erasure-aws';

/**
 * The whole erasure path, offline: an ErasureRequested event goes through the intake (Step Functions, EventBridge
 * and DynamoDB in memory), the execution it starts runs for real (local runner, real handlers, emulator), and the
 * status change produces the receipt. The receipt must say exactly what disappeared, and never the subject's ids.
 */
const ALICE_FACES = ['a11ce000-0000-4000-8000-000000000001', 'a11ce000-0000-4000-8000-000000000002'];
const ALICE_PHOTO = 'a11ce000-0000-4000-8000-000000000003';
const BOB_FACE = 'b0b00000-0000-4000-8000-000000000001';
/** On the group photo with bob: an unattributed face nobody can say is alice's. */
const GROUP_FACE = '60000000-0000-4000-8000-000000000001';
const BOB_ON_GROUP = 'b0b00000-0000-4000-8000-000000000002';

let emulator: RunningEmulator;
const rekognition = () => createRekognitionClient({ endpoint: emulator.url });

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      collections: [
        {
          id: 'kyc-eu',
          faces: [
            { faceId: ALICE_FACES[0], userId: 'alice-7' },
            { faceId: ALICE_FACES[1], userId: 'alice-7' },
            { faceId: ALICE_PHOTO, externalImageId: 'alice-passport' },
            { faceId: BOB_FACE, userId: 'bob-9', externalImageId: 'bob-passport' },
            { generate: { count: 300 } },
          ],
        },
        {
          id: 'events',
          faces: [
            { faceId: GROUP_FACE, externalImageId: 'team-photo' },
            { faceId: BOB_ON_GROUP, userId: 'bob-9', externalImageId: 'team-photo' },
          ],
        },
        { id: 'kyc-us', faces: [{ generate: { count: 200 } }] },
      ],
    },
    randomSeed: 11,
  });
});

afterAll(async () => {
  await emulator.close();
});

test('an erasure request yields one execution, deletes exactly the subject, and a receipt without raw ids', async () => {
  const aws = fakeAws();
  const subject = { userId: 'alice-7', externalImageIds: ['alice-passport'] };
  const event = requestEvent({ requestId: 'crm-2026-000123', subject, requester: 'crm-service' });

  const intake = await takeErasureRequest(event, aws.deps);
  expect(intake).toMatchObject({ kind: 'STARTED' });
  // The same event delivered again starts nothing new.
  await takeErasureRequest(event, aws.deps);
  expect(aws.executions.size).toBe(1);

  const [executionArn, execution] = [...aws.executions.entries()][0]!;
  const run = await runWorkflow({
    job: JSON.parse(execution.input),
    executionName: nameOf('crm-2026-000123'),
    rekognition: rekognition(),
    timeScale: 0.005,
  });
  expect(run.status).toBe('SUCCEEDED');
  aws.finish(executionArn, { status: 'SUCCEEDED', output: JSON.stringify(run.output) });

  const outcome = await recordErasureOutcome(
    {
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn, status: 'SUCCEEDED' },
    },
    aws.deps,
  );
  expect(outcome).toMatchObject({ kind: 'RECORDED', requestId: 'crm-2026-000123', status: 'COMPLETED' });

  // The emulator: alice's three faces and her user are gone; bob and everyone else are untouched.
  const eu = emulator.world.collection('kyc-eu')!;
  for (const face of [...ALICE_FACES, ALICE_PHOTO]) expect(eu.hasFace(face)).toBe(false);
  expect(eu.hasFace(BOB_FACE)).toBe(true);
  expect(eu.faceCount).toBe(301);
  expect(emulator.world.collection('kyc-us')?.faceCount).toBe(200);
  expect(emulator.world.collection('events')?.faceCount).toBe(2);

  // The receipt says exactly that, per collection, and is final.
  const receipt = aws.receiptOf('crm-2026-000123')!;
  expect(receipt.status).toBe('COMPLETED');
  const euReceipt = receipt.collections.find((c) => c.collectionId === 'kyc-eu');
  expect(euReceipt).toMatchObject({ facesDeleted: 3, userOutcome: 'DELETED' });
  expect([...(euReceipt?.faceIds ?? [])].sort()).toEqual([...ALICE_FACES, ALICE_PHOTO].sort());
  expect(receipt.receivedAt).toBeDefined();
  expect(receipt.legalDeadline > receipt.receivedAt).toBe(true);

  // Evidence is kept, personal data is not: neither the receipt nor the published events carry the raw ids.
  const evidence = JSON.stringify({ receipt, published: aws.published });
  for (const raw of ['alice-7', 'alice-passport']) expect(evidence).not.toContain(raw);
  expect(aws.published.map((p) => p.detailType)).toContain('ErasureCompleted');
});

test('an erasure through a shared image id: NEEDS_REVIEW receipt with the collection and face ids to settle', async () => {
  const aws = fakeAws();
  const subject = { externalImageIds: ['team-photo'], collectionIds: ['events'] };
  const event = requestEvent({ requestId: 'crm-2026-000124', subject, requester: 'crm-service' });
  expect(await takeErasureRequest(event, aws.deps)).toMatchObject({ kind: 'STARTED' });

  const [executionArn, execution] = [...aws.executions.entries()][0]!;
  const run = await runWorkflow({
    job: JSON.parse(execution.input),
    executionName: nameOf('crm-2026-000124'),
    rekognition: rekognition(),
    timeScale: 0.005,
  });
  expect(run.status).toBe('SUCCEEDED');
  aws.finish(executionArn, { status: 'SUCCEEDED', output: JSON.stringify(run.output) });
  const outcome = await recordErasureOutcome(
    {
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { executionArn, status: 'SUCCEEDED' },
    },
    aws.deps,
  );

  expect(outcome).toMatchObject({ kind: 'RECORDED', status: 'NEEDS_REVIEW' });
  // Nothing was deleted: the unattributed face may be anyone on the photo, bob's face is bob's.
  expect(emulator.world.collection('events')?.hasFace(GROUP_FACE)).toBe(true);
  expect(emulator.world.collection('events')?.userIdOf(BOB_ON_GROUP)).toBe('bob-9');
  const receipt = aws.receiptOf('crm-2026-000124')!;
  expect(receipt).toMatchObject({ status: 'NEEDS_REVIEW', reportStatus: 'NEEDS_REVIEW' });
  expect(receipt.collections).toEqual([
    expect.objectContaining({
      collectionId: 'events',
      outcome: 'NEEDS_REVIEW',
      facesDeleted: 0,
      needsReview: [GROUP_FACE],
      heldByOtherUsers: [BOB_ON_GROUP],
      verifiedAbsent: true,
    }),
  ]);
  expect(aws.published.map((p) => [p.detailType, p.detail.status])).toEqual([['ErasureCompleted', 'NEEDS_REVIEW']]);
  expect(JSON.stringify({ receipt, published: aws.published })).not.toContain('team-photo');
});

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

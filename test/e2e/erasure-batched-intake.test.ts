import { AssociateFacesCommand, CreateUserCommand } from '@aws-sdk/client-rekognition';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { newBatchId } from '../../lambdas/core/erasure/batches';
import { erasureName } from '../../lambdas/core/erasure/erasure-name';
import { getReceipt } from '../../lambdas/core/erasure/receipts-store';
import { type LocalErasureBus, startLocalErasureBus } from '../../local/erasure-bus';
import { type InvocationHooks, runWorkflow } from '../../local/runner';
import { type LocalReceipts, openLocalReceipts } from '../../local/store/local-receipts';
import { cachedTemplate } from '../support/cached-template';
import { CRM, requestEvent, SOURCE } from '../support/fake-erasure-aws';
import { LANE_WORKER } from '../../lib/workflow/state-names';
import { faceIdsOf, facesOf } from '../support/world-faces';
import { E2E_TIME_SCALE, e2eSuite } from './support/e2e-env';

/**
 * Batched intake, offline end to end: ErasureRequested events on the local bus go through the real intake core
 * (local receipts store, local job store), the requests of one window run as one execution (local runner, real
 * handlers, emulator), and the real receipt core settles one receipt per request from that execution's report.
 */
const suite = e2eSuite();
const ALICE = 'customer-alice-7';
const BOB_IMAGE = 'customer-bob-passport.jpg';
const CAMERA = 'lobby-camera-7';
let receipts: LocalReceipts;
let dir: string;
let bus: LocalErasureBus | undefined;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'batched-intake-'));
  receipts = await openLocalReceipts(dir);
});
afterEach(async () => {
  await bus?.close();
  bus = undefined;
  await receipts.close();
  rmSync(dir, { recursive: true, force: true });
});

const seed = {
  collections: [
    {
      id: 'kyc-eu',
      faces: [
        ...facesOf(0xa1, 2, () => ({ userId: ALICE })),
        ...facesOf(0xb1, 1, () => ({ externalImageId: BOB_IMAGE })),
        ...facesOf(0xc1, 20),
      ],
      users: [{ userId: ALICE, faceIds: faceIdsOf(0xa1, 2) }],
    },
    { id: 'kyc-us', faces: [...facesOf(0xb2, 1, () => ({ externalImageId: BOB_IMAGE })), ...facesOf(0xc2, 10)] },
    // A camera's id, not a person's: an erasure by it is too broad (more than 1,000 matches).
    { id: 'lobby', faces: facesOf(0xd1, 1001, () => ({ externalImageId: CAMERA })) },
  ],
};

type Env = Awaited<ReturnType<typeof suite.start>>;

/** `hooks` (optional) make the world change while the batch's execution runs. */
async function startBus(hooks?: (env: Env) => InvocationHooks) {
  const env = await suite.start({ seed });
  bus = await startLocalErasureBus({
    template: cachedTemplate(),
    rekognition: env.rekognition,
    receipts: receipts.table,
    requesters: [CRM],
    timeScale: E2E_TIME_SCALE,
    ...(hooks === undefined ? {} : { runWorkflow: (options) => runWorkflow({ ...options, hooks: hooks(env) }) }),
  });
  return { env, bus };
}

const receiptOf = (requestId: string) => getReceipt(receipts.table, erasureName(SOURCE, requestId));
const event = (requestId: string, subject: unknown, id = requestId) =>
  requestEvent({ requestId, subject }, { id: `evt-${id}`, time: new Date().toISOString() });

test('two requests within one window: one execution, two receipts, each with its own results', async () => {
  const { env, bus } = await startBus();
  const alice = await bus.put(event('crm-alice-1', { userId: ALICE }));
  const bob = await bus.put(event('crm-bob-1', { externalImageIds: [BOB_IMAGE] }));
  // The same request again, within the window: no second member, no second receipt.
  const again = await bus.put(event('crm-alice-1', { userId: ALICE }, 'redelivered'));
  expect(alice).toMatchObject({ kind: 'STARTED' });
  expect(bob).toMatchObject({ kind: 'STARTED' });
  expect(again).toMatchObject({ kind: 'DUPLICATE' });
  const arns = new Set([alice, bob, again].map((o) => ('executionArn' in o ? o.executionArn : undefined)));
  expect(arns.size).toBe(1);

  await bus.settled();
  expect(bus.stepFunctions.started.size).toBe(1);
  const [execution] = [...bus.stepFunctions.started.values()];
  expect(execution?.status).toBe('SUCCEEDED');
  // The execution carries references only.
  expect(execution?.input).toMatch(/^\{"erasureBatch":"[0-9a-f]{32}"\}$/);

  const aliceReceipt = await receiptOf('crm-alice-1');
  const bobReceipt = await receiptOf('crm-bob-1');
  expect(aliceReceipt).toMatchObject({ status: 'COMPLETED', requestId: 'crm-alice-1' });
  expect(bobReceipt).toMatchObject({ status: 'COMPLETED', requestId: 'crm-bob-1' });
  expect(aliceReceipt?.subjectRef).not.toBe(bobReceipt?.subjectRef);
  // Each receipt holds its own subject's faces, and only those.
  const deleted = (r: typeof aliceReceipt) => (r?.collections ?? []).flatMap((c) => c.faceIds).sort();
  expect(deleted(aliceReceipt)).toEqual(faceIdsOf(0xa1, 2).sort());
  expect(deleted(bobReceipt)).toEqual([...faceIdsOf(0xb1, 1), ...faceIdsOf(0xb2, 1)].sort());
  // Each keeps its own deadline, counted from its own receipt.
  expect(aliceReceipt?.dueAt).toBeDefined();
  expect(bobReceipt!.receivedAt >= aliceReceipt!.receivedAt).toBe(true);
  expect(bobReceipt!.dueAt > bobReceipt!.receivedAt).toBe(true);

  expect(env.emulator.world.collection('kyc-eu')?.faceCount).toBe(20);
  expect(env.emulator.world.collection('kyc-us')?.faceCount).toBe(10);
  const completed = bus.published.filter((p) => p.detailType === 'ErasureCompleted').map((p) => p.detail.requestId);
  expect(completed.sort()).toEqual(['crm-alice-1', 'crm-bob-1']);
  // Nothing published or kept names a subject; the stored jobs are gone once settled.
  const evidence = JSON.stringify({ published: bus.published, aliceReceipt, bobReceipt, input: execution?.input });
  for (const raw of [ALICE, BOB_IMAGE]) expect(evidence).not.toContain(raw);
});

test('a batch with an invalid, a mis-addressed and a too-broad request: the others run, each fails alone', async () => {
  const { env, bus } = await startBus();
  const alice = await bus.put(event('crm-alice-2', { userId: ALICE }));
  // Invalid: refused at the intake, as without batching; it joins nothing.
  const invalid = await bus.put(event('crm-bad-2', { userId: ALICE, unknownField: true }));
  // Valid, but names a collection that does not exist: NOT_FOUND, which must fail that request only.
  const typo = await bus.put(event('crm-typo-2', { externalImageIds: [BOB_IMAGE], collectionIds: ['kyc-ue'] }));
  // Valid, but its image id labels 1,001 faces: refused by the workflow, for that request only.
  const broad = await bus.put(event('crm-broad-2', { externalImageIds: [CAMERA] }));
  expect(alice).toMatchObject({ kind: 'STARTED' });
  expect(invalid).toMatchObject({ kind: 'REJECTED', reason: { code: 'INVALID_REQUEST' } });
  expect(typo).toMatchObject({ kind: 'STARTED' });
  expect(broad).toMatchObject({ kind: 'STARTED' });

  await bus.settled();
  expect(bus.stepFunctions.started.size).toBe(1);
  const aliceReceipt = await receiptOf('crm-alice-2');
  expect(aliceReceipt).toMatchObject({ status: 'COMPLETED' });
  const typoReceipt = await receiptOf('crm-typo-2');
  expect(typoReceipt).toMatchObject({ status: 'FAILED' });
  expect(typoReceipt?.failures).toEqual([expect.objectContaining({ id: 'kyc-ue', error: 'NOT_FOUND' })]);
  expect(await receiptOf('crm-bad-2')).toBeUndefined();
  const broadReceipt = await receiptOf('crm-broad-2');
  expect(broadReceipt).toMatchObject({ status: 'FAILED', collections: [] });
  expect(broadReceipt?.failures).toEqual([
    expect.objectContaining({ id: 'lobby', error: 'SubjectTooBroadError', detail: 'subjects[0]' }),
  ]);
  // alice is erased; bob's faces, which only the mis-addressed request named, and the camera's are untouched.
  expect(env.emulator.world.collection('kyc-eu')?.faceCount).toBe(21);
  expect(env.emulator.world.collection('lobby')?.faceCount).toBe(1001);
  const failed = bus.published.filter((p) => p.detailType === 'ErasureFailed').map((p) => p.detail.requestId);
  expect(failed.sort()).toEqual(['crm-bad-2', 'crm-broad-2', 'crm-typo-2']);
  expect(bus.published.filter((p) => p.detailType === 'ErasureRejected').map((p) => p.detail.requestId)).toEqual([
    'crm-bad-2',
  ]);
});

test('a request after the batch closed starts a new batch and execution', async () => {
  const { bus } = await startBus();
  const first = await bus.put(event('crm-alice-3', { userId: ALICE }));
  await bus.settled();
  const second = await bus.put(event('crm-bob-3', { externalImageIds: [BOB_IMAGE] }));
  await bus.settled();
  expect(bus.stepFunctions.started.size).toBe(2);
  expect('executionArn' in second && 'executionArn' in first && second.executionArn !== first.executionArn).toBe(true);
  expect(await receiptOf('crm-alice-3')).toMatchObject({ status: 'COMPLETED' });
  expect(await receiptOf('crm-bob-3')).toMatchObject({ status: 'COMPLETED' });
});

test('an execution naming a batch that does not exist is refused as an invalid job, before any Rekognition call', async () => {
  const env = await suite.start({ seed });
  const run = await runWorkflow({
    job: { erasureBatch: newBatchId() },
    rekognition: env.rekognition,
    template: cachedTemplate(),
    timeScale: E2E_TIME_SCALE,
  });
  expect(run.status).toBe('FAILED');
  expect(run.error).toBe('InvalidJobError');
  expect(env.emulator.stats().total.calls).toBe(0);
});

test('the world changes between the batch plan and the erasure: a face another user took since keeps its place', async () => {
  const [bobsUsFace] = faceIdsOf(0xb2, 1);
  let changed = false;
  // After the batch's plan, right before its first erasure step, kyc-us's face labelled BOB_IMAGE becomes the face of
  // another user: the erasure, planned by that image id, must leave what is now someone else's.
  const { env, bus } = await startBus((env) => ({
    async beforeInvoke(call) {
      if (changed || call.stateName !== LANE_WORKER.subjects) return;
      changed = true;
      await env.reader.send(new CreateUserCommand({ CollectionId: 'kyc-us', UserId: 'customer-carol-9' }));
      await env.reader.send(
        new AssociateFacesCommand({ CollectionId: 'kyc-us', UserId: 'customer-carol-9', FaceIds: [bobsUsFace!] }),
      );
    },
  }));
  await bus.put(event('crm-alice-3', { userId: ALICE }));
  await bus.put(event('crm-bob-3', { externalImageIds: [BOB_IMAGE] }));
  await bus.settled();

  expect(changed).toBe(true);
  expect(bus.stepFunctions.started.size).toBe(1);
  const world = env.emulator.world;
  // The face carol holds now survives, with every other face of kyc-us.
  expect(world.collection('kyc-us')?.faceCount).toBe(11);
  // kyc-eu is erased as asked: alice's two faces and bob's one are gone, the 20 others stay.
  expect(world.collection('kyc-eu')?.faceCount).toBe(20);
  const bobReceipt = await receiptOf('crm-bob-3');
  const bobDeleted = (bobReceipt?.collections ?? []).flatMap((c) => c.faceIds);
  expect(bobDeleted).toEqual(faceIdsOf(0xb1, 1));
  expect(bobDeleted).not.toContain(bobsUsFace);
  expect(await receiptOf('crm-alice-3')).toMatchObject({ status: 'COMPLETED' });
});

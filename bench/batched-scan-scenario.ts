import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ListFacesCommandInput } from '@aws-sdk/client-rekognition';
import { MAX_BATCH_MEMBERS } from '../lambdas/core/erasure/batches';
import { erasureName } from '../lambdas/core/erasure/erasure-name';
import { getReceipt, type ReceiptRecord } from '../lambdas/core/erasure/receipts-store';
import type { WorldCollection } from '../local/emulator';
import { startLocalErasureBus } from '../local/erasure-bus';
import { openLocalReceipts } from '../local/store/local-receipts';
import { type BenchScale, FACES_PER_CALL } from './bench-scale';
import { callsBetween, type EmulatorSession, openSession } from './emulator-session';
import { measuredRun } from './state-size';

export interface BatchedScanResults {
  /** ErasureRequested events put on the local bus, one subject (one ExternalImageId) each. */
  requests: number;
  collections: number;
  facesPerCollection: number;
  /** The stack's erasureBatchWindow, as the runner scales it. */
  batchWindowMs: number;
  /** From the moment every event was put on the bus (at once) to the intake's answer to the last of them. */
  intakeMs: number;
  /** From the first execution's start (the window opens) to the intake's answer to the last request. */
  lastAnswerAfterWindowOpenedMs: number;
  /** Executions the intake started: ceil(requests / maxBatchMembers), or the scenario fails. */
  executions: number;
  maxBatchMembers: number;
  /** Receipts settled COMPLETED, each with its own subject's face and only that (the scenario fails otherwise). */
  receiptsCompleted: number;
  /** ErasureCompleted events published on the bus, one per request. */
  completedEvents: number;
  /** ListFaces calls the emulator answered with a page (its call log), whatever their filter. */
  listFacesPages: number;
  /** Of those, as the handlers' client sent them: unfiltered (the scan), by FaceIds (the read-back), by UserId. */
  listFacesByFilter: { scan: number; faceIds: number; userId: number };
  /** The pages one full scan of every collection takes (ceil(faces / 4096) each). */
  pagesOfOneScan: number;
  /** listFacesPages / pagesOfOneScan: the key batchedScanPagesRatio. */
  ratio: number;
  /** The scan alone: 1 when one scan serves every request, `requests` when each scans alone. */
  scanRatio: number;
  calls: number;
  throttled: number;
  callsByOperation: Record<string, number>;
  facesDeleted: number;
  /** From the events put on the bus to the last receipt settled. */
  elapsedMs: number;
}

const REQUESTER = { source: 'crm.customers', accounts: ['123456789012'], allowDryRun: false };
const imageOf = (subject: number) => `person-${subject}-selfie`;
const subjectFace = (subject: number) => `5ca77e00-0000-4000-8000-${subject.toString(16).padStart(12, '0')}`;
const requestIdOf = (subject: number) => `crm-batched-${String(subject).padStart(4, '0')}`;

/**
 * Many erasure requests by ExternalImageId, as the intake gets them: ErasureRequested events put on the local bus at
 * once, so within one batch window, which the real intake core batches into one execution (or a few, past the batch
 * cap), and the real receipt core settles into one receipt each. ListFaces has no ExternalImageId filter, so each
 * collection must be scanned whole; each person has one face, in one of a few big collections, and every request
 * searches every collection. What is measured is the ListFaces pages the emulator served, against one full scan of the
 * collections: the quota is set high because pacing is not what this measures.
 */
export async function benchBatchedScan(scale: BenchScale): Promise<BatchedScanResults> {
  const { requests, collections: count, facesPerCollection, tps, batchWindowSeconds } = scale.batchedScan;
  const collections: WorldCollection[] = Array.from({ length: count }, (_, c) => ({
    id: `archive-${String(c).padStart(2, '0')}`,
    faces: [
      { generate: { count: facesPerCollection, externalImageIdPrefix: 'visit-' } },
      ...Array.from({ length: requests }, (_, s) => s)
        .filter((s) => s % count === c)
        .map((s) => ({ faceId: subjectFace(s), externalImageId: imageOf(s) })),
    ],
  }));
  const session = await openSession(
    { ...scale, tps },
    { collections },
    { erasureBatchWindowSeconds: batchWindowSeconds },
  );
  const listFacesByFilter = countListFacesByFilter(session);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-batched-scan-receipts-'));
  const receipts = await openLocalReceipts(dir);
  const bus = await startLocalErasureBus({
    template: session.template,
    rekognition: session.rekognition,
    receipts: receipts.table,
    requesters: [REQUESTER],
    timeScale: scale.timeScale,
    runWorkflow: measuredRun,
  });
  try {
    const faceCounts = () => collections.map((c) => session.emulator.world.collection(c.id)?.faceCount ?? 0);
    const facesBefore = faceCounts();
    const pagesOfOneScan = facesBefore.reduce((sum, faces) => sum + Math.ceil(faces / FACES_PER_CALL), 0);
    const batchWindowMs = bus.batchWindowSeconds * 1000 * scale.timeScale;
    const before = session.emulator.stats();
    const started = Date.now();
    // All at once, as EventBridge delivers to the intake: concurrent invocations, not a queue.
    const answers = await Promise.all(Array.from({ length: requests }, (_, s) => bus.put(requestEvent(s, started))));
    const answered = Date.now();
    const refused = answers.filter((a) => a.kind !== 'STARTED');
    if (refused.length > 0) throw new Error(`the intake did not start ${refused.length} requests: ${refused[0]?.kind}`);
    const windowOpened = Math.min(...[...bus.stepFunctions.started.values()].map((e) => e.startDate.getTime()));
    await bus.settled();
    const elapsedMs = Date.now() - started;
    const calls = callsBetween(before, session.emulator.stats());
    const facesAfter = faceCounts();
    const facesDeleted = facesBefore.reduce((sum, faces, i) => sum + faces - (facesAfter[i] ?? 0), 0);

    const executions = [...bus.stepFunctions.started.values()];
    // More would mean the window closed before the intake took every request: not what this scenario measures.
    const expected = Math.ceil(requests / MAX_BATCH_MEMBERS);
    if (executions.length !== expected) {
      throw new Error(
        `${requests} requests put at once ran as ${executions.length} executions, not ${expected}: the intake took ` +
          `${answered - windowOpened} ms after the window opened, the window is ${batchWindowMs} ms`,
      );
    }
    const failed = executions.filter((e) => e.status !== 'SUCCEEDED');
    if (failed.length > 0) {
      throw new Error(`${failed.length} batch execution(s) did not succeed: ${failed[0]?.status} ${failed[0]?.error}`);
    }
    const settled = await Promise.all(
      Array.from({ length: requests }, (_, s) =>
        getReceipt(receipts.table, erasureName(REQUESTER.source, requestIdOf(s))),
      ),
    );
    const wrong = settled.flatMap((receipt, s) => {
      const why = receiptProblem(receipt, s);
      return why === undefined ? [] : [`${requestIdOf(s)}: ${why}`];
    });
    if (wrong.length > 0) throw new Error(`${wrong.length} receipts are not their own COMPLETED erasure: ${wrong[0]}`);
    const completedEvents = bus.published.filter((p) => p.detailType === 'ErasureCompleted').length;
    if (completedEvents !== requests || facesDeleted !== requests) {
      throw new Error(`${completedEvents} ErasureCompleted events, ${facesDeleted} faces deleted, for ${requests}`);
    }

    const listFaces = session.emulator.stats().operations.ListFaces;
    const listFacesBefore = before.operations.ListFaces;
    const served = (s: typeof listFaces) => (s === undefined ? 0 : s.calls - s.throttled - s.faults - s.errors);
    const listFacesPages = served(listFaces) - served(listFacesBefore);
    return {
      requests,
      collections: count,
      facesPerCollection,
      batchWindowMs,
      intakeMs: answered - started,
      lastAnswerAfterWindowOpenedMs: answered - windowOpened,
      executions: executions.length,
      maxBatchMembers: MAX_BATCH_MEMBERS,
      receiptsCompleted: settled.length - wrong.length,
      completedEvents,
      listFacesPages,
      listFacesByFilter,
      pagesOfOneScan,
      ratio: listFacesPages / pagesOfOneScan,
      scanRatio: listFacesByFilter.scan / pagesOfOneScan,
      calls: calls.total,
      throttled: calls.throttled,
      callsByOperation: calls.byOperation,
      facesDeleted,
      elapsedMs,
    };
  } finally {
    await bus.close();
    await receipts.close();
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function requestEvent(subject: number, at: number): Record<string, unknown> {
  return {
    version: '0',
    id: `bench-event-${subject}`,
    'detail-type': 'ErasureRequested',
    source: REQUESTER.source,
    account: REQUESTER.accounts[0],
    time: new Date(at).toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { requestId: requestIdOf(subject), subject: { externalImageIds: [imageOf(subject)] } },
  };
}

/** Why this receipt is not subject `s`'s own completed erasure (its one face, nothing else); undefined if it is. */
function receiptProblem(receipt: ReceiptRecord | undefined, s: number): string | undefined {
  if (receipt === undefined) return 'no receipt';
  if (receipt.status !== 'COMPLETED') return `status ${receipt.status}`;
  const deleted = receipt.collections.flatMap((c) => c.faceIds);
  if (deleted.length !== 1 || deleted[0] !== subjectFace(s)) return `deleted ${deleted.length} faces, not its own one`;
  return undefined;
}

/**
 * The handlers' ListFaces commands by filter (a breakdown of what the emulator served: the SDK's retries of a
 * command are not counted again here).
 */
function countListFacesByFilter(session: EmulatorSession): BatchedScanResults['listFacesByFilter'] {
  const counts = { scan: 0, faceIds: 0, userId: 0 };
  session.rekognition.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ListFacesCommand') {
        const input = args.input as ListFacesCommandInput;
        if (input.FaceIds !== undefined) counts.faceIds += 1;
        else if (input.UserId !== undefined) counts.userId += 1;
        else counts.scan += 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'countListFacesByFilter' },
  );
  return counts;
}

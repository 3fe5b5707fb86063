/**
 * The demo's erasure requests from the bus: two valid requests and one invalid arrive as ErasureRequested events
 * within one batch window, the intake validates them, the valid two run in one execution and each is settled into
 * its own receipt, on the local receipts store; the invalid one is refused on its own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { erasureName } from '../../lambdas/core/erasure/erasure-name';
import { getReceipt, type ReceiptRecord } from '../../lambdas/core/erasure/receipts-store';
import { startLocalErasureBus } from '../erasure-bus';
import { openLocalReceipts } from '../store/local-receipts';
import { BUS_REQUESTS } from './demo-world';

const CRM = { source: 'crm.customers', accounts: ['123456789012'], allowDryRun: false };

export interface BusDemoOutcome {
  executions: number;
  receipts: (ReceiptRecord | undefined)[];
  rejected: number;
}

export async function runBusDemo(
  rekognition: RekognitionClient,
  timeScale: number,
  out: (line?: string) => void,
): Promise<BusDemoOutcome> {
  // A store of its own, so that the demo's request ids never meet receipts of an earlier run.
  const dir = mkdtempSync(path.join(tmpdir(), 'rekognition-cleanup-demo-receipts-'));
  const receipts = await openLocalReceipts(dir);
  const bus = await startLocalErasureBus({
    rekognition,
    receipts: receipts.table,
    requesters: [CRM],
    timeScale,
    onPublished: (event) =>
      out(`  < ${event.detailType} ${String(event.detail.requestId ?? '')} ${String(event.detail.status ?? '')}`),
  });
  try {
    const events = [
      BUS_REQUESTS.carol,
      BUS_REQUESTS.dave,
      // Invalid: a subject must name a userId or externalImageIds.
      { requestId: 'crm-2026-000903', subject: { collectionIds: ['employees'] } },
    ];
    for (const [index, detail] of events.entries()) {
      out(`  > ErasureRequested from ${CRM.source}: ${JSON.stringify(detail)}`);
      const answer = await bus.put({
        version: '0',
        id: `demo-event-${index + 1}`,
        'detail-type': 'ErasureRequested',
        source: CRM.source,
        account: '123456789012',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: [],
        detail,
      });
      out(
        `    intake: ${answer.kind}${'reason' in answer ? ` (${answer.reason.code}: ${answer.reason.message})` : ''}`,
      );
    }
    await bus.settled();
    const executions = [...bus.stepFunctions.started.values()];
    out(
      `  ${executions.length} execution for the window: ${executions.map((e) => `${e.name} ${e.status}`).join(', ')}`,
    );
    const found = await Promise.all(
      [BUS_REQUESTS.carol, BUS_REQUESTS.dave].map((r) =>
        getReceipt(receipts.table, erasureName(CRM.source, r.requestId)),
      ),
    );
    for (const receipt of found) {
      if (receipt === undefined) continue;
      const erased = receipt.collections.filter((c) => c.facesDeleted > 0);
      const where = erased.map(
        (c) => `${c.facesDeleted} ${c.facesDeleted === 1 ? 'face' : 'faces'} in ${c.collectionId}`,
      );
      out(
        `  receipt ${receipt.requestId}: ${receipt.status}, subject ${receipt.subjectRef.slice(0, 18)}…, ` +
          `${where.join(', ') || 'nothing found'} (${receipt.collections.length} ` +
          `${receipt.collections.length === 1 ? 'collection' : 'collections'} in the receipt)`,
      );
    }
    out(`  receipts kept in the local store at ${dir}`);
    out(`  (read them with: REKOGNITION_CLEANUP_RECEIPTS_DIR=${dir} rekognition-cleanup receipts list)`);
    const rejected = bus.published.filter((e) => e.detailType === 'ErasureRejected').length;
    return { executions: executions.length, receipts: found, rejected };
  } finally {
    await bus.close();
    await receipts.close();
  }
}

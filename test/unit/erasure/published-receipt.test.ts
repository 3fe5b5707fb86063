import type { ReceiptRecord } from '../../../lambdas/core/erasure/receipts-store';
import { publishedReceipt } from '../../../lambdas/core/erasure/record-outcome';
import { safeText } from '../../../lambdas/core/erasure/settle-receipt';

const RECORD: ReceiptRecord = {
  receiptKey: 'crm-customers_crm-2026-000123_0123456789abcdef0123456789abcdef',
  requestId: 'r1',
  subjectRef: 'sha256:0123456789abcdef',
  status: 'COMPLETED',
  dryRun: false,
  receivedAt: '2026-11-22T09:00:00.000Z',
  dueAt: '2026-11-23T09:00:00.000Z',
  legalDeadline: '2026-12-22T09:00:00.000Z',
  requestSource: 'crm.customers',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:cleanup:r1',
  collections: [{ collectionId: 'kyc-eu', outcome: 'DELETED', facesDeleted: 1, faceIds: ['f1'] }],
  failures: [],
  requestHash: 'sha256:fedcba9876543210',
  requestEventId: 'evt-1',
};

test('the published receipt leaves the intake bookkeeping in the table', () => {
  const receipt = publishedReceipt(RECORD);
  expect(receipt).not.toHaveProperty('requestHash');
  expect(receipt).not.toHaveProperty('requestEventId');
  expect(receipt.collections[0]?.faceIds).toEqual(['f1']);
  expect(receipt.faceIdsOmitted).toBeUndefined();
});

test('a receipt too big for one EventBridge entry is published without face ids, counts kept', () => {
  const faceIds = Array.from({ length: 6000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const big: ReceiptRecord = {
    ...RECORD,
    collections: [{ collectionId: 'kyc-eu', outcome: 'DELETED', facesDeleted: faceIds.length, faceIds }],
  };
  const receipt = publishedReceipt(big);
  expect(JSON.stringify(receipt).length).toBeLessThan(200_000);
  expect(receipt.faceIdsOmitted).toBe(true);
  expect(receipt.collections[0]).toMatchObject({ facesDeleted: 6000, faceIds: [] });
});

test('a receipt still too big without face ids (thousands of collections) keeps the collections that hold an outcome', () => {
  const collections = Array.from({ length: 9000 }, (_, i) => ({
    collectionId: `collection-with-a-rather-long-name-${String(i).padStart(5, '0')}`,
    outcome: 'ALREADY_ABSENT' as const,
    facesDeleted: 0,
    faceIds: [],
  }));
  collections[4321] = { ...collections[4321]!, outcome: 'DELETED' as never, facesDeleted: 2, faceIds: [] };
  const receipt = publishedReceipt({ ...RECORD, collections });
  expect(Buffer.byteLength(JSON.stringify(receipt))).toBeLessThanOrEqual(200_000);
  expect(receipt.collectionsOmitted).toBeGreaterThan(0);
  expect(receipt.collections.length + receipt.collectionsOmitted!).toBe(9000);
  expect(receipt.collections[0]).toMatchObject({ collectionId: collections[4321]!.collectionId, facesDeleted: 2 });
});

test.each([
  ['an error naming the user', 'DeleteUser customer-8841 failed', true],
  ['an error naming an image', 'no face for selfie-1.jpg', true],
  ['an error without subject ids', 'ThrottlingException: slow down', false],
])('free text: %s', (_, text, withheld) => {
  const safe = safeText(text, ['customer-8841', 'selfie-1.jpg']);
  expect(safe === text).toBe(!withheld);
  expect(safe).not.toMatch(/customer-8841|selfie-1/);
});

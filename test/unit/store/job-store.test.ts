import type { JobStore } from '../../../lambdas/core/store/job-store';
import { testJobStore } from '../../support/test-job-store';
import { BLOB_PART_BYTES } from '../../../lambdas/core/store/blob-codec';

// A real job store (dynalite) for the file: started before its tests, closed after them.
const testStore = testJobStore();
let store: JobStore;
beforeAll(() => {
  store = testStore.store();
});

describe('the job store, on dynalite (DynamoDB wire protocol)', () => {
  it('keeps a blob bigger than a DynamoDB item (400 KB) in parts, and reads it back whole', async () => {
    // Random-looking ids compress poorly: this needs several parts even gzipped.
    const ids = Array.from({ length: 40_000 }, (_, i) => `${i.toString(36)}-${Math.sin(i).toString(36).slice(2)}`);
    await store.putBlob('job-1', 'big', { ids });
    const parts = await store.client.send(
      new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
        TableName: 'jobs',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': 'JOB#job-1', ':p': 'BLOB#big#' },
      }),
    );
    expect(parts.Items!.length).toBeGreaterThan(1);
    for (const item of parts.Items!) expect((item.data as Uint8Array).length).toBeLessThanOrEqual(BLOB_PART_BYTES);
    expect(await store.getBlob('job-1', 'big')).toEqual({ ids });
  });

  it('overwrites a blob with a shorter value without reading the old trailing parts', async () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `${i}-${Math.cos(i).toString(36).slice(2)}`);
    await store.putBlob('job-2', 'value', { ids });
    await store.putBlob('job-2', 'value', { small: true });
    expect(await store.getBlob('job-2', 'value')).toEqual({ small: true });
  });

  it('answers undefined for a blob that was never written, and keeps blobs of similar names apart', async () => {
    await store.putBlob('job-3', 'lane-find-1', [1]);
    await store.putBlob('job-3', 'lane-find-10', [10]);
    expect(await store.getBlob('job-3', 'lane-find-1')).toEqual([1]);
    expect(await store.getBlob('job-3', 'lane-find-10')).toEqual([10]);
    expect(await store.getBlob('job-3', 'lane-find-2')).toBeUndefined();
  });

  it('keeps results per kind and index, and lists one kind without the others', async () => {
    await store.putResult('job-4', 'collections', 0, { progress: { done: true } });
    await store.putResult('job-4', 'collections', 12, { progress: { done: false } });
    await store.putResult('job-4', 'faceGroups', 0, { progress: { done: true, other: 1 } });
    const results = await store.listResults('job-4', 'collections');
    expect([...results.keys()]).toEqual([0, 12]);
    expect(results.get(12)).toEqual({ progress: { done: false } });
    expect(await store.getResult('job-4', 'faceGroups', 0)).toEqual({ progress: { done: true, other: 1 } });
    expect(await store.getResult('job-4', 'faceGroups', 1)).toBeUndefined();
  });

  it('gives every item an expiry (the TTL of working data)', async () => {
    await store.putResult('job-5', 'projects', 0, { progress: { done: true } });
    const { Item } = await store.client.send(
      new (await import('@aws-sdk/lib-dynamodb')).GetCommand({
        TableName: 'jobs',
        Key: { pk: 'JOB#job-5', sk: 'P#projects#0000000' },
      }),
    );
    const days = (Number(Item!.expiresAt) - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });
});

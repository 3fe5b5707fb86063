import type { CleanupStackProps } from '../../lib/cleanup-stack';
import { cachedTemplate } from '../support/cached-template';
import { faceId, faceIdsOf, facesOf } from '../support/world-faces';
import { e2eSuite, runJob } from './support/e2e-env';
import { largestState, STATE_BYTES_TARGET } from '../../local/runner';
import { captureWorld, diffWorlds, onlyChanges } from './support/world-state';

/**
 * Jobs of any size: the state carries references, never the data, so the largest state stays the same few KiB from
 * ten collections to thousands. Quotas are raised so these suites measure size, not pacing.
 */
const suite = e2eSuite({ warmUp: false });
const BIG_QUOTAS: CleanupStackProps = { workflow: { rekognitionTps: { '*': 2000 } } };
const template = () => cachedTemplate(BIG_QUOTAS);
const COLLECTIONS = 1_050;

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

/** The history's cost per collection, whatever the job: invocations, not items. */
function historyPerCollection(events: number): number {
  return events / COLLECTIONS;
}

test(`an erasure of one person across ${COLLECTIONS} collections stays small in every state, and finds the person`, async () => {
  const names = ids('kyc-', COLLECTIONS);
  const env = await suite.start({
    seed: {
      collections: names.map((id, i) => ({
        id,
        faces: i % 350 === 0 ? facesOf(0x100 + i, 2, () => ({ userId: 'alice' })) : [],
        ...(i % 350 === 0 ? { users: [{ userId: 'alice', faceIds: faceIdsOf(0x100 + i, 2) }] } : {}),
      })),
    },
  });
  const before = captureWorld(env.emulator);
  const { run, report } = await runJob(env, { subjects: [{ userId: 'alice' }] }, { template: template() });

  expect(run.status).toBe('SUCCEEDED');
  const held = names.filter((_, i) => i % 350 === 0);
  expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
    onlyChanges({
      facesDeleted: Object.fromEntries(held.map((id) => [id, faceIdsOf(0x100 + names.indexOf(id), 2)])),
      usersDeleted: Object.fromEntries(held.map((id) => [id, ['alice']])),
    }),
  );
  expect(report?.subjects[0]?.collectionsSearched).toBe(COLLECTIONS);
  expect(report?.deleted.faces).toBe(held.length * 2);
  expect(largestState(run).bytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);
  expect(historyPerCollection(run.stats.historyEvents)).toBeLessThan(1);
}, 180_000);

test(`a retention purge matching ${COLLECTIONS} collections, and its re-run, stay small in every state`, async () => {
  const names = ids('tmp-', COLLECTIONS);
  const env = await suite.start({
    seed: { collections: names.map((id, i) => ({ id, createdDaysAgo: 60, faces: facesOf(0x200 + i, 1) })) },
  });
  const job = { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] };
  const first = await runJob(env, job, { template: template() });
  expect(first.run.status).toBe('SUCCEEDED');
  expect(first.report?.deleted.faces).toBe(COLLECTIONS);
  expect(first.report?.collections).toHaveLength(COLLECTIONS);
  expect(largestState(first.run).bytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);

  // The emptied collections still match: the re-run is a no-op, and as small.
  const rerun = await runJob(env, job, { template: template() });
  expect(rerun.run.status).toBe('SUCCEEDED');
  expect(rerun.report?.deleted.faces).toBe(0);
  expect(largestState(rerun.run).bytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);
  expect(historyPerCollection(rerun.run.stats.historyEvents)).toBeLessThan(1);
}, 180_000);

test('a 4,096-face job and its re-run stay small in every state', async () => {
  const env = await suite.start({ seed: { collections: [{ id: 'big', faces: facesOf(0x300, 4096) }] } });
  const job = { faces: [{ collectionId: 'big', faceIds: faceIdsOf(0x300, 4096) }] };
  const first = await runJob(env, job, { template: template() });
  expect(first.run.status).toBe('SUCCEEDED');
  expect(first.report?.deleted.faces).toBe(4096);
  expect(largestState(first.run).bytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);

  const rerun = await runJob(env, job, { template: template() });
  expect(rerun.run.status).toBe('SUCCEEDED');
  expect(rerun.report?.faces[0]?.alreadyAbsent.count).toBe(4096);
  expect(largestState(rerun.run).bytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);
}, 120_000);

test('a subject with 100 long external image ids over 300 collections stays small in every state', async () => {
  const images = Array.from({ length: 100 }, (_, i) => `passport-scan-${String(i).padStart(3, '0')}-${'x'.repeat(46)}`);
  expect(images.every((image) => image.length === 64)).toBe(true);
  const names = ids('doc-', 300);
  const env = await suite.start({
    seed: {
      collections: names.map((id, i) => ({
        id,
        faces: [
          { faceId: faceId(0x400, i + 1), externalImageId: images[i % 100] },
          { faceId: faceId(0x500, i + 1), externalImageId: 'someone-else.jpg' },
        ],
      })),
    },
  });
  const { run, report } = await runJob(env, { subjects: [{ externalImageIds: images }] }, { template: template() });
  expect(run.status).toBe('SUCCEEDED');
  expect(report?.deleted.faces).toBe(300);
  expect(largestState(run).bytes).toBeLessThanOrEqual(STATE_BYTES_TARGET);
}, 120_000);

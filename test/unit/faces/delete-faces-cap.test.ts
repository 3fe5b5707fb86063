import type { FaceDeletionTarget } from '../../../lambdas/core/contracts';
import { deleteFacesStep } from '../../../lambdas/core/faces/delete-faces-step';
import { reportFaceGroup } from '../../../lambdas/core/report/section-reports';
import { createDeletionBudget, openDeletionBudget } from '../../../lambdas/core/store/deletion-budget';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { testJobStore } from '../../support/test-job-store';
import { faceIdsOf as faceIds, testRekognition } from '../../support/in-process-rekognition';

const jobs = testJobStore();

function target(ids: string[]): FaceDeletionTarget {
  return {
    collectionId: 'photos',
    faceIds: ids,
    source: 'faces[0]',
    existingFaceCount: ids.length,
    collectionProtected: false,
  };
}

describe('deleteFacesStep and the stored deletion budget', () => {
  it('deletes up to what is left of maxDeletions, then stops with capReached (CAP_REACHED in the report)', async () => {
    const ids = faceIds(10);
    const fake = testRekognition({ photos: ids.map((faceId) => ({ faceId })) });
    await createDeletionBudget(jobs.store(), 'faces-cap', 7);
    const budget = await openDeletionBudget(jobs.store(), 'faces-cap');
    expect(await budget.reserve(3)).toBe(3);

    const progress = await deleteFacesStep(
      fake.client,
      { target: target(ids), executionId: 'exec-1', dryRun: false, progress: { done: false } },
      TimeBudget.unlimited(),
      budget,
    );

    expect(progress).toMatchObject({ done: true, capReached: true, deleted: 4, nextIndex: 4 });
    expect(fake.liveFaceIds('photos')).toEqual(ids.slice(4));
    expect(await budget.reserve(1)).toBe(0);
    expect(reportFaceGroup(target(ids), { progress }, false).outcome).toBe('CAP_REACHED');
  });

  it('gives back the faces that were already gone', async () => {
    const ids = faceIds(6);
    const fake = testRekognition({ photos: ids.slice(0, 2).map((faceId) => ({ faceId })) });
    await createDeletionBudget(jobs.store(), 'faces-absent', 3);
    const budget = await openDeletionBudget(jobs.store(), 'faces-absent');

    const progress = await deleteFacesStep(
      fake.client,
      { target: target(ids), executionId: 'exec-1', dryRun: false, progress: { done: false } },
      TimeBudget.unlimited(),
      budget,
    );

    // 6 asked, 3 granted: 2 deleted, 1 absent; the job may still delete 1.
    expect(progress).toMatchObject({ done: true, capReached: true, deleted: 2 });
    expect(await budget.reserve(5)).toBe(1);
  });
});

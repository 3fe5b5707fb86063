import { cutAfterThrottle } from '../../../lambdas/core/rates/rate-controller';
import { jobQuotaPictures } from '../../../lambdas/core/store/job-quota-pictures';
import { testJobStore } from '../../support/test-job-store';

const jobs = testJobStore();

describe("the job's quota pictures, on the real local store (dynalite)", () => {
  it('keeps each operation apart, and hands every worker the same pictures', async () => {
    const first = cutAfterThrottle(undefined, 1_000, 5);
    const worker = jobQuotaPictures(jobs.store(), 'pictures-1');
    expect(await worker.load()).toEqual({});
    expect(await worker.propose('DeleteFaces', 0, first)).toBe(true);
    expect(await worker.propose('ListFaces', 0, first)).toBe(true);

    const other = jobQuotaPictures(jobs.store(), 'pictures-1');
    expect(await other.load()).toEqual({ DeleteFaces: first, ListFaces: first });
    expect(await jobQuotaPictures(jobs.store(), 'another-job').load()).toEqual({});
  });

  it('takes a cut only on top of the picture it was computed from: of two racing workers, one wins', async () => {
    const pictures = jobQuotaPictures(jobs.store(), 'pictures-2');
    const first = cutAfterThrottle(undefined, 1_000, 5);
    await pictures.propose('DeleteFaces', 0, first);
    const second = cutAfterThrottle(first, 2_000, 5);

    const outcomes = await Promise.all([
      pictures.propose('DeleteFaces', 1, second),
      jobQuotaPictures(jobs.store(), 'pictures-2').propose('DeleteFaces', 1, cutAfterThrottle(first, 2_001, 5)),
    ]);

    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await pictures.propose('DeleteFaces', 0, first)).toBe(false);
    expect((await pictures.load()).DeleteFaces?.cuts).toBe(2);
  });
});

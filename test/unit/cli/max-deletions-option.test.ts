import { UsageError } from '../../../lib/cli/io';
import { loadJob, withMaxDeletions } from '../../../lib/cli/job-file';

const selectorJob = { collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] };

describe('--max-deletions', () => {
  test("sets the job's maxDeletions when its file has none, in what is sent and in what was validated", () => {
    const loaded = withMaxDeletions(loadJob(selectorJob), 500);

    expect(loaded.raw).toEqual({ ...selectorJob, maxDeletions: 500 });
    expect(loaded.job.maxDeletions).toBe(500);
  });

  test("leaves the file's own maxDeletions alone", () => {
    const loaded = withMaxDeletions(loadJob({ ...selectorJob, maxDeletions: 7 }), 500);

    expect(loaded.raw).toEqual({ ...selectorJob, maxDeletions: 7 });
  });

  test('is validated like the file would be: a fraction is a usage error', () => {
    expect(() => withMaxDeletions(loadJob(selectorJob), 1.5)).toThrow(UsageError);
  });
});

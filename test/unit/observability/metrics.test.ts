/**
 * The per-job metrics, as the report handler prints them for CloudWatch (embedded metric format on stdout): one
 * document per job, namespace RekognitionCleanup, the `service` dimension only, counts only.
 */
import { testJobStore } from '../../support/test-job-store';
import type { ActResults, FaceDeletionProgress } from '../../../lambdas/core/contracts';
import { ErasureMetric, JobMetric, METRICS_NAMESPACE, SERVICE_NAME } from '../../../lambdas/core/metrics/catalogue';
import { jobMetrics } from '../../../lambdas/core/metrics/job-metrics';
import { publishMetrics } from '../../../lambdas/core/metrics/publish-metrics';
import type { CleanupReport } from '../../../lambdas/core/report/types';
import { handler as report } from '../../../lambdas/report';
import { collectionTarget, FACE, faceTarget, finishedFaceDeletion, jobState } from '../../support/job-state';
import { CONTEXT, emfDocuments, printed } from './support/printed';

const USER_ID = 'customer-8841';
type Emf = { _aws: { CloudWatchMetrics: { Metrics: { Name: string; Unit: string }[] }[] } };
const JOB_METRICS = Object.values(JobMetric).sort();

function faceProgress(overrides: Partial<FaceDeletionProgress> = {}): FaceDeletionProgress {
  return finishedFaceDeletion({ nextIndex: 1, userOutcome: 'DELETED', deleted: 1, ...overrides });
}

/** A job that erased one subject (user and one face) and emptied one collection (10 faces, 2 users). */
function subjectJob(subjectResult: FaceDeletionProgress = faceProgress(), dryRun = false) {
  const results: ActResults = {
    collections: [
      {
        progress: {
          done: true,
          phase: 'DONE',
          usersDeleted: 2,
          facesDeleted: 10,
          facesAlreadyAbsent: 0,
          facesDisassociated: 0,
          facesRemaining: 0,
          outcome: 'EMPTIED',
          invocations: 1,
        },
      },
    ],
    faceGroups: [],
    subjectErasures: [{ progress: subjectResult }],
    projectVersions: [],
    projects: [],
  };
  return jobState(
    {
      collections: [collectionTarget('tmp-1')],
      subjectErasures: [faceTarget('c', [FACE(1)], { deleteUserId: USER_ID, source: 'subjects[0]' })],
      subjectSummaries: [
        { source: 'subjects[0]', subjectRef: 'hmac:of-the-subject', collectionsSearched: 1, facesFound: 1 },
      ],
    },
    dryRun ? { dryRun } : { results },
  );
}

const jobs = testJobStore();

describe('the report function publishes the job metrics once', () => {
  test('a succeeded job: the counts, JobsSucceeded=1, JobsIncomplete=0, in one document', async () => {
    const { output, error } = await printed(async () =>
      jobs.run(async () => report(await jobs.storeJob(subjectJob()), CONTEXT)),
    );
    expect(error).toBeUndefined();
    const documents = emfDocuments(output);
    expect(documents).toHaveLength(1);
    const [document] = documents as [Record<string, unknown>];
    expect(document).toMatchObject({
      FacesDeleted: 11,
      UsersDeleted: 3,
      CollectionsDeleted: 0,
      ProjectVersionsDeleted: 0,
      ItemsFailed: 0,
      JobsIncomplete: 0,
      JobsSucceeded: 1,
      DryRuns: 0,
    });
  });

  test('namespace RekognitionCleanup, dimension service only, and nothing but the metrics: no metadata', async () => {
    const { output } = await printed(async () =>
      jobs.run(async () => report(await jobs.storeJob(subjectJob()), CONTEXT)),
    );
    const [document] = emfDocuments(output) as [Record<string, unknown>];
    const aws = document._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
    expect(aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: 'RekognitionCleanup', Dimensions: [['service']] }),
    ]);
    expect(document.service).toBe('rekognition-cleanup');
    expect(Object.keys(document).sort()).toEqual(['_aws', 'service', ...JOB_METRICS].sort());
  });

  test('an incomplete job: JobsIncomplete=1 and the failed items', async () => {
    const failedFace = faceProgress({ deleted: 0, failedCount: 1, failed: [{ faceId: FACE(1), reasons: ['X'] }] });
    const { output } = await printed(async () =>
      jobs.run(async () => report(await jobs.storeJob(subjectJob(failedFace)), CONTEXT)),
    );
    const [document] = emfDocuments(output) as [Record<string, unknown>];
    expect(document).toMatchObject({ JobsIncomplete: 1, JobsSucceeded: 0, ItemsFailed: 1, DryRuns: 0 });
  });

  test('a dry run: DryRuns=1 and nothing deleted', async () => {
    const { output } = await printed(async () =>
      jobs.run(async () => report(await jobs.storeJob(subjectJob(undefined, true)), CONTEXT)),
    );
    const [document] = emfDocuments(output) as [Record<string, unknown>];
    expect(document).toMatchObject({ DryRuns: 1, FacesDeleted: 0, UsersDeleted: 0, JobsSucceeded: 1 });
  });

  test('no subject id anywhere in what the function prints, metrics and logs alike', async () => {
    const { output } = await printed(async () =>
      jobs.run(async () => report(await jobs.storeJob(subjectJob()), CONTEXT)),
    );
    expect(output).toContain('"FacesDeleted"');
    expect(output).not.toContain(USER_ID);
  });
});

describe('jobMetrics', () => {
  const base = {
    dryRun: false,
    status: 'SUCCEEDED',
    deleted: { faces: 5, users: 1, collections: 2, projectVersions: 3, projects: 1 },
    counts: { alreadyAbsent: 4, skipped: 1, failed: 0 },
  } as CleanupReport;

  test.each([
    ['SUCCEEDED', 0, 1],
    ['PARTIALLY_FAILED', 1, 0],
    ['FAILED', 1, 0],
  ] as const)('%s: JobsIncomplete=%d, JobsSucceeded=%d', (status, incomplete, succeeded) => {
    expect(jobMetrics({ ...base, status })).toEqual({
      FacesDeleted: 5,
      UsersDeleted: 1,
      CollectionsDeleted: 2,
      ProjectVersionsDeleted: 3,
      ItemsFailed: 0,
      JobsIncomplete: incomplete,
      JobsSucceeded: succeeded,
      DryRuns: 0,
    });
  });
});

describe('the metric catalogue', () => {
  test('names every metric the erasure functions publish, in the same namespace', () => {
    expect(METRICS_NAMESPACE).toBe('RekognitionCleanup');
    expect(ErasureMetric).toEqual({
      Failed: 'ErasuresFailed',
      Overdue: 'OverdueErasures',
      Open: 'OpenErasures',
      NextDeadline: 'SecondsToNextErasureDeadline',
    });
    expect(SERVICE_NAME).toBe('rekognition-cleanup');
  });

  test('publishMetrics refuses a name outside the catalogue, so an id cannot become a metric name', async () => {
    const { output, error } = await printed(async () =>
      publishMetrics({ [USER_ID]: 1 } as unknown as Parameters<typeof publishMetrics>[0]),
    );
    expect(String(error)).toMatch(/not in the metric catalogue/);
    expect(String(error)).not.toContain(USER_ID);
    expect(emfDocuments(output)).toEqual([]);
  });

  test('publishMetrics refuses what is not a count', async () => {
    const { error } = await printed(async () => publishMetrics({ FacesDeleted: Number.NaN }));
    expect(String(error)).toMatch(/non-negative count/);
  });

  test('a duration is published in seconds, every other metric as a count', async () => {
    const { output } = await printed(async () =>
      publishMetrics({ [ErasureMetric.NextDeadline]: 90, [ErasureMetric.Open]: 2 }),
    );
    const units = Object.fromEntries(
      emfDocuments(output).flatMap((document) =>
        (document as Emf)._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => [m.Name, m.Unit])),
      ),
    );
    expect(units).toEqual({ SecondsToNextErasureDeadline: 'Seconds', OpenErasures: 'Count' });
  });
});

import type { CleanupJob } from '../../lambdas/core/job/types';

/** The four jobs the demo runs: each is also a README example. */
export function demoJobs(doorCamProjectArn: string) {
  const retentionPurge: CleanupJob = {
    collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
  };
  const modelDecommission: CleanupJob = {
    // stopRunning: the demo shows an old model being stopped, waited for, then deleted.
    projectVersions: [
      { select: { projectArn: doorCamProjectArn, olderThanDays: 30, keepLatest: 1 }, stopRunning: true },
    ],
  };
  const erasure: CleanupJob = {
    requestId: 'erasure-2026-0042',
    subjects: [{ userId: 'alice', externalImageIds: ['alice-passport'] }],
  };
  const dryRun: CleanupJob = { ...retentionPurge, ...modelDecommission, dryRun: true };
  return [
    { title: 'Dry run: what would a retention purge and a model decommission delete?', job: dryRun },
    { title: 'Retention purge: empty tmp-* collections older than 30 days', job: retentionPurge },
    { title: 'GDPR erasure: forget "alice" (user id and a passport photo id) in every collection', job: erasure },
    { title: 'Model decommission: door-cam versions older than 30 days, keeping the newest', job: modelDecommission },
  ];
}

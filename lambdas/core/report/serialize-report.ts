import type { CleanupReport } from './types';

/**
 * Step Functions caps a Fail state's cause at 32,768 characters; the report travels there when a job is incomplete.
 * Shorten id lists first, then drop the lists of items that went fine, keeping every failure and all the counts.
 */
export const MAX_REPORT_CHARS = 32_000;

export function serializeReport(report: CleanupReport, limit = MAX_REPORT_CHARS): string {
  const attempts: Array<(r: CleanupReport) => CleanupReport> = [
    (r) => r,
    (r) => shortenIdLists(r, 20),
    (r) => keepOnlyTroubled(shortenIdLists(r, 5)),
    (r) => ({
      ...keepOnlyTroubled(shortenIdLists(r, 0)),
      skipped: r.skipped.slice(0, 20),
      absent: r.absent.slice(0, 20),
    }),
    (r) => ({ ...keepOnlyTroubled(shortenIdLists(r, 0)), skipped: [], absent: [], failures: r.failures.slice(0, 50) }),
  ];
  for (const [index, shorten] of attempts.entries()) {
    const candidate = index === 0 ? report : { ...shorten(report), truncated: true };
    const json = JSON.stringify(candidate);
    if (json.length <= limit) return json;
  }
  const { jobId, executionId, requestId, dryRun, status, startedAt, finishedAt, planned, deleted, stopped, counts } =
    report;
  return JSON.stringify({
    jobId,
    executionId,
    requestId,
    dryRun,
    status,
    startedAt,
    finishedAt,
    planned,
    deleted,
    stopped,
    counts,
    truncated: true,
  });
}

function shortenIdLists(report: CleanupReport, keep: number): CleanupReport {
  return {
    ...report,
    faces: report.faces.map((g) => ({
      ...g,
      alreadyAbsent: { ...g.alreadyAbsent, faceIds: g.alreadyAbsent.faceIds.slice(0, keep) },
      failed: { ...g.failed, faces: g.failed.faces.slice(0, keep) },
    })),
    subjects: report.subjects.map((s) => ({
      ...s,
      collections: s.collections.map((c) => ({
        ...c,
        faceIds: c.faceIds.slice(0, keep),
        failed: { ...c.failed, faces: c.failed.faces.slice(0, keep) },
      })),
    })),
  };
}

const FINE = new Set([
  'DELETED',
  'EMPTIED',
  'ALREADY_ABSENT',
  'STOPPED',
  'NOT_RUNNING',
  'WOULD_DELETE',
  'WOULD_EMPTY',
  'WOULD_STOP',
]);

function keepOnlyTroubled(report: CleanupReport): CleanupReport {
  return {
    ...report,
    collections: report.collections.filter((c) => !FINE.has(c.outcome)),
    faces: report.faces.filter((g) => !FINE.has(g.outcome)),
    subjects: report.subjects.map((s) => ({ ...s, collections: s.collections.filter((c) => !FINE.has(c.outcome)) })),
    projectVersions: report.projectVersions.filter((v) => !FINE.has(v.outcome)),
    projects: report.projects.filter((p) => !FINE.has(p.outcome)),
  };
}

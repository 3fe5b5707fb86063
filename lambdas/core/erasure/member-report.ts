/**
 * One member's share of a batch's report: its own subject's results, and only the failures that are its own, so a
 * collection that one request names and that does not exist fails that request only. Renumbered as the member's
 * own job would be (`subjects[0]`): the receipt must read as if the request had run alone. Pure.
 */
import type { CleanupReport, FailureReport, ReportStatus } from '../report/types';

const ANY_SUBJECT = /^subjects\[\d+\]/;

export function memberReport(report: CleanupReport, subjectIndex: number, requestId: string): CleanupReport {
  const source = `subjects[${subjectIndex}]`;
  const own = (text: string | undefined) =>
    text !== undefined && (text === source || text.startsWith(`${source} `) || text.startsWith(`${source}:`));
  const rename = (text: string) => (own(text) ? `subjects[0]${text.slice(source.length)}` : text);
  // A failure that names no subject (none is expected in an erasure) is every member's: none is hidden.
  const mine = (failure: FailureReport) =>
    own(failure.id) || own(failure.detail) || !(ANY_SUBJECT.test(failure.id) || ANY_SUBJECT.test(failure.detail ?? ''));

  const subjects = report.subjects
    .filter((subject) => subject.source === source)
    .map((subject) => ({ ...subject, source: 'subjects[0]' }));
  const failures = report.failures.filter(mine).map((failure) => ({
    ...failure,
    id: rename(failure.id),
    ...(failure.detail === undefined ? {} : { detail: rename(failure.detail) }),
  }));
  const collections = subjects.flatMap((subject) => subject.collections);
  const faces = collections.reduce((sum, c) => sum + c.facesDeleted, 0);
  const users = collections.filter((c) => c.userOutcome === 'DELETED').length;
  const needsReview = collections.reduce((sum, c) => sum + (c.needsReview?.length ?? 0), 0);
  const absent = report.absent
    .filter((item) => item.source === source)
    .map((item) => ({ ...item, source: 'subjects[0]' }));
  const { needsReview: _batchNeedsReview, ...batch } = report;
  return {
    ...batch,
    requestId,
    status: statusOf(failures.length, faces + users, needsReview),
    deleted: { faces, collections: 0, users, projectVersions: 0, projects: 0 },
    counts: {
      alreadyAbsent: absent.length + collections.reduce((sum, c) => sum + c.alreadyAbsent, 0),
      skipped: 0,
      failed: failures.length,
    },
    collections: [],
    faces: [],
    subjects,
    projectVersions: [],
    projects: [],
    skipped: [],
    absent,
    failures,
    notes: report.notes.filter((note) => !ANY_SUBJECT.test(note) || own(note)).map(rename),
    ...(needsReview > 0 ? { needsReview } : {}),
  };
}

function statusOf(failures: number, done: number, needsReview: number): ReportStatus {
  if (failures > 0) return done > 0 ? 'PARTIALLY_FAILED' : 'FAILED';
  return needsReview > 0 ? 'NEEDS_REVIEW' : 'SUCCEEDED';
}

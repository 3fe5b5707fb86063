import type { ActResults, JobState, SkippedItem } from '../contracts';
import {
  reportCollection,
  reportFaceGroup,
  reportProject,
  reportProjectVersion,
  reportSubjectCollection,
} from './section-reports';
import { actTimeStops, deletedBefore } from './act-time-stops';
import { serializeReport } from './serialize-report';
import type {
  CleanupReport,
  DeletedTotals,
  FailureReport,
  ReportResult,
  ReportStatus,
  StoppedTotals,
  SubjectReport,
} from './types';

const EMPTY_RESULTS: ActResults = {
  collections: [],
  faceGroups: [],
  subjectErasures: [],
  projectVersions: [],
  projects: [],
};

/**
 * Joins the plan with the act results (same order: Map keeps it) into the job's report. Pure: no AWS calls.
 * A dry run has no results: every target is reported with a WOULD_* outcome.
 */
export function buildReport(state: JobState, finishedAt: Date): ReportResult {
  const { plan, dryRun } = state;
  const results = state.results ?? EMPTY_RESULTS;

  const collections = plan.collections.map((t, i) => reportCollection(t, results.collections[i], dryRun));
  const faces = plan.faceGroups.map((t, i) => reportFaceGroup(t, results.faceGroups[i], dryRun));
  const subjectItems = plan.subjectErasures.map((t, i) => ({
    source: t.source,
    report: reportSubjectCollection(t, results.subjectErasures[i], dryRun),
  }));
  const projectVersions = plan.projectVersions.map((t, i) =>
    reportProjectVersion(t, results.projectVersions[i], dryRun),
  );
  const projects = plan.projects.map((t, i) => reportProject(t, results.projects[i], dryRun));

  const subjects: SubjectReport[] = plan.subjectSummaries.map((summary) => ({
    ...summary,
    collections: subjectItems.filter((item) => item.source === summary.source).map((item) => item.report),
  }));

  const stops = actTimeStops(state, { collections, faces, subjects, projectVersions });
  // Protection is re-checked right before each delete batch: a tag added after planning shows up here.
  const skipped: SkippedItem[] = [
    ...plan.skipped,
    ...collections
      .filter((c) => c.outcome === 'SKIPPED_PROTECTED')
      .map((c) => ({
        kind: 'collection' as const,
        id: c.collectionId,
        reason: 'PROTECTED' as const,
        detail: `tagged after planning${deletedBefore(c)}`,
      })),
    ...stops.skipped,
    ...projectVersions
      .filter((v) => v.outcome === 'SKIPPED_PROTECTED')
      .map((v) => ({
        kind: 'project-version' as const,
        id: v.versionArn,
        reason: 'PROTECTED' as const,
        detail: 'tagged after planning',
      })),
    ...projectVersions
      .filter((v) => v.outcome === 'SKIPPED_RUNNING')
      .map((v) => ({
        kind: 'project-version' as const,
        id: v.versionArn,
        reason: 'RUNNING' as const,
        detail: 'started after planning; the section does not say "stopRunning": true',
      })),
  ];

  const failures: FailureReport[] = [
    ...plan.planFailures.map((f) => ({
      kind: f.kind,
      id: f.id,
      error: f.error,
      ...(f.source ? { detail: f.source } : {}),
    })),
    ...collections.filter((c) => c.error !== undefined).map((c) => failure('collection', c.collectionId, c.error)),
    ...faces
      .filter((g) => g.error !== undefined || g.failed.count > 0)
      .map((g) =>
        failure('faces', `${g.source} ${g.collectionId}`, g.error ?? `${g.failed.count} faces could not be deleted`),
      ),
    ...subjectItems
      .filter(({ report }) => report.error !== undefined || report.failed.count > 0)
      .map(({ source, report }) =>
        failure(
          'subject',
          `${source} ${report.collectionId}`,
          report.error ?? `${report.failed.count} faces could not be deleted`,
        ),
      ),
    ...projectVersions
      .filter((v) => v.outcome === 'FAILED')
      .map((v) => failure('project-version', v.versionArn, v.error)),
    ...projects.filter((p) => p.outcome === 'FAILED').map((p) => failure('project', p.projectArn, p.error)),
    ...stops.failures,
  ];

  const deleted: DeletedTotals = {
    faces:
      collections.reduce((n, c) => n + c.facesDeleted, 0) +
      faces.reduce((n, g) => n + g.deleted, 0) +
      subjectItems.reduce((n, s) => n + s.report.facesDeleted, 0),
    collections: collections.filter((c) => c.action === 'DELETE_COLLECTION' && c.outcome === 'DELETED').length,
    users:
      collections.reduce((n, c) => n + c.usersDeleted, 0) +
      subjectItems.filter((s) => s.report.userOutcome === 'DELETED').length,
    projectVersions: projectVersions.filter((v) => v.outcome === 'DELETED').length,
    projects: projects.filter((p) => p.outcome === 'DELETED').length,
  };
  const stopped: StoppedTotals = { projectVersions: projectVersions.filter((v) => v.outcome === 'STOPPED').length };
  const alreadyAbsent =
    plan.absent.length +
    collections.filter((c) => c.outcome === 'ALREADY_ABSENT').length +
    collections.reduce((n, c) => n + c.facesAlreadyAbsent + c.usersAlreadyAbsent, 0) +
    faces.reduce((n, g) => n + g.alreadyAbsent.count, 0) +
    subjectItems.reduce((n, s) => n + s.report.alreadyAbsent, 0) +
    projectVersions.filter((v) => v.outcome === 'ALREADY_ABSENT').length;

  const needsReview = subjectItems.reduce((n, s) => n + (s.report.needsReview?.length ?? 0), 0);
  const report: CleanupReport = {
    executionId: state.executionId,
    ...(state.requestId !== undefined ? { requestId: state.requestId } : {}),
    dryRun,
    status: reportStatus(failures.length, needsReview, deleted, stopped),
    startedAt: state.startedAt,
    finishedAt: finishedAt.toISOString(),
    planned: state.totals ?? {
      plannedDeletions: 0,
      faces: 0,
      collections: 0,
      users: 0,
      projectVersions: 0,
      projects: 0,
      projectVersionStops: 0,
    },
    deleted,
    stopped,
    counts: { alreadyAbsent, skipped: skipped.length, failed: failures.length },
    collections,
    faces,
    subjects,
    projectVersions,
    projects,
    skipped,
    absent: plan.absent,
    failures,
    notes: [...plan.notes, ...stops.notes],
    ...(needsReview > 0 ? { needsReview } : {}),
    ...(stops.deletionCap === undefined ? {} : { deletionCap: stops.deletionCap }),
  };
  return { report, reportJson: serializeReport(report) };
}

function reportStatus(
  failures: number,
  needsReview: number,
  deleted: DeletedTotals,
  stopped: StoppedTotals,
): ReportStatus {
  if (failures > 0) return anythingDone(deleted) || stopped.projectVersions > 0 ? 'PARTIALLY_FAILED' : 'FAILED';
  return needsReview > 0 ? 'NEEDS_REVIEW' : 'SUCCEEDED';
}

function failure(kind: string, id: string, error: string | undefined): FailureReport {
  return { kind, id, error: error ?? 'failed' };
}

function anythingDone(deleted: DeletedTotals): boolean {
  return Object.values(deleted).some((n) => n > 0);
}

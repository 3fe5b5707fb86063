import type { CleanupReport } from '../../lambdas/core/report/types';
import type { JobOutcome } from './job-outcome';

const n = (value: number) => value.toLocaleString('en-US');

/** The report as a person reads it: what happened first, then per section, then what needs attention. */
export function formatOutcome(outcome: JobOutcome): string {
  if (outcome.report === undefined) {
    return [`Job ${outcome.status}: ${outcome.error ?? 'no report'}`, outcome.cause ? `  ${outcome.cause}` : '']
      .filter(Boolean)
      .join('\n');
  }
  return formatReport(outcome.report);
}

export function formatReport(report: CleanupReport, options: { stopped?: boolean } = {}): string {
  const lines: string[] = [];
  // `action: "STOP"` keeps what it stops: its versions are counted apart and never called deleted.
  const stops = report.planned.projectVersionStops ?? 0;
  const verb = report.dryRun
    ? `DRY RUN (nothing was ${stops > 0 ? 'deleted or stopped' : 'deleted'})`
    : options.stopped === true
      ? 'STOPPED (Ctrl-C): what was done before the stop; unfinished items show as failed'
      : report.status;
  lines.push(`Job ${report.requestId ?? report.executionId.split(':').pop()}: ${verb}`);
  const p = report.planned;
  lines.push(
    `  planned: ${n(p.faces)} faces, ${n(p.collections)} collections, ${n(p.users)} users, ${n(p.projectVersions)} project versions${stops > 0 ? `; ${n(stops)} project versions to stop (kept)` : ''}`,
  );
  if (!report.dryRun) {
    const d = report.deleted;
    lines.push(
      `  deleted: ${n(d.faces)} faces, ${n(d.collections)} collections, ${n(d.users)} users, ${n(d.projectVersions)} project versions, ${n(d.projects)} projects`,
    );
    if (stops > 0) lines.push(`  stopped: ${n(report.stopped?.projectVersions ?? 0)} project versions (kept)`);
  }
  const cap = report.deletionCap;
  if (cap !== undefined) {
    const from = cap.source === 'default' ? 'the default cap for selectors' : 'the job';
    lines.push(
      `  maxDeletions: ${n(cap.maxDeletions)} (from ${from})${cap.reached ? ', reached: the job stopped there' : ''}`,
    );
  }
  lines.push(
    `  already absent: ${n(report.counts.alreadyAbsent)}, skipped: ${n(report.counts.skipped)}, failed: ${n(report.counts.failed)}`,
  );

  section(lines, 'Collections', report.collections, (c) => {
    const counts = report.dryRun
      ? `${n(c.plannedFaces)} faces`
      : `${n(c.facesDeleted)} faces, ${n(c.usersDeleted)} users deleted`;
    return `${c.collectionId}  ${c.action}  ${c.outcome}  ${counts}  (${c.reasons.join('; ')})${c.detail ? `  ${c.detail}` : ''}${c.error ? `  ${c.error}` : ''}`;
  });
  section(lines, 'Faces', report.faces, (g) => {
    const detail = `${n(g.deleted)}/${n(g.requested)} deleted, ${n(g.alreadyAbsent.count)} already absent, ${n(g.failed.count)} failed`;
    return `${g.source} ${g.collectionId}  ${g.outcome}  ${detail}${g.collectionProtected ? '  (protected collection: explicit request)' : ''}`;
  });
  section(lines, 'Subjects', report.subjects, (s) => {
    const faces = s.collections.reduce((sum, c) => sum + (report.dryRun ? c.faceIds.length : c.facesDeleted), 0);
    const users = s.collections.filter((c) => c.userOutcome === 'DELETED' || c.userOutcome === 'WOULD_DELETE').length;
    const verbDone = report.dryRun ? 'would delete' : 'deleted';
    // Collections where the subject's user was only checked for are not where faces were deleted.
    const withFaces = s.collections.filter((c) => (report.dryRun ? c.faceIds.length : c.facesDeleted) > 0).length;
    return `${s.source} (${s.subjectRef})  searched ${n(s.collectionsSearched)} collections: ${verbDone} ${n(faces)} faces in ${n(withFaces)} collections, user erased in ${n(users)}`;
  });
  // What a person must settle, with what they need to do it: the collection and the face ids for a `faces` job.
  const review = report.subjects.flatMap((s) =>
    s.collections.flatMap((c) => (c.needsReview === undefined ? [] : [{ source: s.source, collection: c }])),
  );
  section(lines, 'Needs review (kept: the image id also labels other people)', review, ({ source, collection }) => {
    return `${source} ${collection.collectionId}  ${collection.needsReview?.join(' ')}`;
  });
  section(lines, 'Project versions', report.projectVersions, (v) => {
    const how =
      v.action === 'STOP'
        ? `${v.polls} polls; kept`
        : v.stopped
          ? `stopped first, ${v.polls} polls`
          : `${v.polls} polls`;
    return `${v.versionArn}  ${v.outcome}  (was ${v.statusAtPlan}; ${how})${v.error ? `  ${v.error}` : ''}`;
  });
  section(lines, 'Projects', report.projects, (p) => `${p.projectArn}  ${p.outcome}`);
  section(lines, 'Skipped', report.skipped, (s) => `${s.kind} ${s.id}: ${s.reason} (${s.detail})`);
  section(lines, 'Not found (nothing to do)', report.absent, (a) => `${a.kind} ${a.id} (${a.source})`);
  section(lines, 'Failures', report.failures, (f) => `${f.kind} ${f.id}: ${f.error}`);
  section(lines, 'Notes', report.notes, (note) => note);
  if (report.truncated) lines.push('', '(lists were shortened to fit Step Functions limits; counts are exact)');
  return lines.join('\n');
}

function section<T>(lines: string[], title: string, items: T[], line: (item: T) => string): void {
  if (items.length === 0) return;
  lines.push('', `${title}:`);
  const shown = items.slice(0, 50);
  for (const item of shown) lines.push(`  ${line(item)}`);
  if (items.length > shown.length) lines.push(`  ... and ${n(items.length - shown.length)} more (see --json)`);
}

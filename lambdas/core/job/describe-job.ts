/**
 * A one-paragraph summary of what a validated job selects, for the CLI's confirmation prompt and run logs.
 * Subjects are personal data: only how they are identified is said (counts), never a user id or external image id.
 * Collection ids, project names and tags are resource names and are shown, a few at a time.
 */
import { quote } from '../schema/issue-path';
import type { CleanupJob, CollectionSelector, FacesSection, ProjectVersionsSection, SubjectSection } from './types';

const SHOWN_NAMES = 3;

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `"a", "b", "c" and 4 more`: enough to recognise a list without flooding a prompt. */
function someOf(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN_NAMES).map(quote).join(', ');
  return names.length > SHOWN_NAMES ? `${shown} and ${names.length - SHOWN_NAMES} more` : shown;
}

function tagsText(tags: Record<string, string>): string {
  return `tagged ${Object.entries(tags)
    .map(([key, value]) => `${quote(key)}=${quote(value)}`)
    .join(', ')}`;
}

function collectionCriteria(select: CollectionSelector): string {
  const parts: string[] = [];
  if (select.ids !== undefined) parts.push(`with ${select.ids.length === 1 ? 'id' : 'ids'} ${someOf(select.ids)}`);
  if (select.prefix !== undefined) parts.push(`with prefix ${quote(select.prefix)}`);
  if (select.createdBefore !== undefined) parts.push(`created before ${select.createdBefore}`);
  if (select.olderThanDays !== undefined) parts.push(`older than ${plural(select.olderThanDays, 'day')}`);
  if (select.tags !== undefined) parts.push(tagsText(select.tags));
  if (select.faceModelVersion !== undefined) parts.push(`on face model version ${quote(select.faceModelVersion)}`);
  return parts.join(' ');
}

function collectionsScope(ids: readonly string[]): string {
  if (ids.length === 1) return `collection ${someOf(ids)}`;
  return ids.length <= SHOWN_NAMES ? `collections ${someOf(ids)}` : `${ids.length} collections (${someOf(ids)})`;
}

function facesClause(groups: readonly FacesSection[]): string {
  const faceCount = groups.reduce((sum, group) => sum + group.faceIds.length, 0);
  const collections = [...new Set(groups.map((group) => group.collectionId))];
  return `delete ${plural(faceCount, 'face')} by id from ${collectionsScope(collections)}`;
}

/** How a subject is identified, without the identifiers themselves. */
function subjectMeans(subject: SubjectSection): string {
  const means: string[] = [];
  if (subject.userId !== undefined) means.push('user id');
  if (subject.externalImageIds !== undefined) means.push(plural(subject.externalImageIds.length, 'external image id'));
  return means.join(' and ');
}

/** Subjects described the same way are counted together, in the order they first appear. */
function subjectsClause(subjects: readonly SubjectSection[]): string {
  const groups = new Map<string, { means: string; scope: string; count: number }>();
  for (const subject of subjects) {
    const means = subjectMeans(subject);
    const scope = subject.collectionIds === undefined ? 'every collection' : collectionsScope(subject.collectionIds);
    const key = `${means}\n${scope}`;
    const group = groups.get(key) ?? { means, scope, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  const parts = [...groups.values()].map(({ means, scope, count }) =>
    count === 1 ? `1 subject (by ${means}) in ${scope}` : `${count} subjects (each by ${means}) in ${scope}`,
  );
  return `erase ${parts.join(', ')}`;
}

/** The project's name, from arn:...:project/<name>/<timestamp> (already validated). */
function projectName(projectArn: string): string {
  return projectArn.split(':project/')[1]?.split('/')[0] ?? projectArn;
}

function projectVersionsClause(entry: ProjectVersionsSection): string {
  const { select } = entry;
  if (entry.action === 'STOP') return stopClause(select);
  if (select.arns !== undefined) {
    const projects =
      entry.deleteProjectWhenEmpty === true ? ', then their projects once they have no versions left' : '';
    return `delete ${plural(select.arns.length, 'model version')} by ARN${projects}`;
  }
  const filters: string[] = [];
  if (select.olderThanDays !== undefined) filters.push(` older than ${plural(select.olderThanDays, 'day')}`);
  if (select.tags !== undefined) filters.push(` ${tagsText(select.tags)}`);
  if (select.keepLatest !== undefined) filters.push(`, keeping the latest ${select.keepLatest} usable`);
  const versions = filters.length === 0 ? 'every model version' : 'model versions';
  // Said either way: whether a serving model gets stopped is what a reader of the prompt most needs to know.
  const running = entry.stopRunning === true ? ', stopping any that run' : ', leaving running ones alone';
  const project = quote(projectName(select.projectArn ?? ''));
  const then = entry.deleteProjectWhenEmpty === true ? ', then the project once it has no versions left' : '';
  return `delete ${versions} of project ${project}${filters.join('')}${running}${then}`;
}

/** STOP keeps what it stops: the prompt says so, and never says "delete" for it. */
function stopClause(select: ProjectVersionsSection['select']): string {
  if (select.arns !== undefined)
    return `stop ${plural(select.arns.length, 'model version')} by ARN if running, keeping them`;
  const filters: string[] = [];
  if (select.olderThanDays !== undefined) filters.push(` older than ${plural(select.olderThanDays, 'day')}`);
  if (select.tags !== undefined) filters.push(` ${tagsText(select.tags)}`);
  if (select.keepLatest !== undefined) filters.push(`, except the latest ${select.keepLatest} usable`);
  const project = quote(projectName(select.projectArn ?? ''));
  return `stop the running model versions of project ${project}${filters.join('')}, keeping them`;
}

export function describeJob(job: CleanupJob): string {
  const clauses = [
    ...(job.collections ?? []).map(({ action, select }) => `${action} on collections ${collectionCriteria(select)}`),
    ...(job.faces?.length ? [facesClause(job.faces)] : []),
    ...(job.subjects?.length ? [subjectsClause(job.subjects)] : []),
    ...(job.projectVersions ?? []).map(projectVersionsClause),
  ];
  if (job.maxDeletions !== undefined) {
    clauses.push(`stop before deleting anything if more than ${plural(job.maxDeletions, 'deletion')} are planned`);
  }
  const summary = `${clauses.join('; ')}.`;
  if (job.dryRun === true) return `Dry run, nothing is deleted: ${summary}`;
  return `${summary.charAt(0).toUpperCase()}${summary.slice(1)}`;
}

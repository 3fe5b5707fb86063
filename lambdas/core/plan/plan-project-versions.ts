import type { ProjectVersionDescription } from '@aws-sdk/client-rekognition';
import { quote } from '../schema/issue-path';
import type { ProjectVersionSelector, ProjectVersionsSection } from '../job/types';
import { listProjectVersions } from '../project-versions/describe-versions';
import { matchesTags } from '../protection';
import { daysText, isOlderThan } from './age';
import { keepLatest } from './keep-latest';
import { tagsText } from './collection-criteria';
import { compareText } from './collection-inventory';
import type { PlanContext } from './plan-context';
import { emptyFragment, type PlanFragment } from './plan-fragment';
import { belongsToProject, type ParsedVersionArn, parseProjectArn, parseVersionArn } from './version-arn';
import { atRestNote, decideVersion, recordVersionDecision } from './version-decision';

interface RankedVersion {
  description: ProjectVersionDescription;
  versionArn: string;
  versionName: string;
  parts: ParsedVersionArn;
}

/**
 * `projectVersions[i]` with `projectArn`: the project's versions, newest first; those `keepLatest` spares (the newest
 * usable ones, see keep-latest.ts) are never selected whatever the other criteria say, the rest must meet every
 * given criterion. Protected versions are skipped, and so are serving ones unless the section says `stopRunning`.
 * A missing project is reported absent (and is then not deleted either).
 */
export async function planProjectSection(
  section: ProjectVersionsSection,
  projectArn: string,
  index: number,
  context: PlanContext,
): Promise<PlanFragment> {
  const source = `projectVersions[${index}]`;
  const fragment = emptyFragment();
  const project = parseProjectArn(projectArn);
  const descriptions = await listProjectVersions(context.rekognition, projectArn, context.limit);
  if (descriptions === undefined || project === undefined) {
    fragment.absent.push({ kind: 'project', id: projectArn, source });
    return fragment;
  }

  const ranked = rankNewestFirst(descriptions).filter((version) => belongsToProject(version.parts, project));
  const { select } = section;
  const kept = keepLatest(ranked, select.keepLatest ?? 0, project.projectName);
  if (kept.note !== undefined) fragment.notes.push(`${source}: ${kept.note}`);
  const candidates = ranked
    .filter((version) => !kept.spared.has(version))
    .filter(
      (version) =>
        select.olderThanDays === undefined ||
        isOlderThan(version.description.CreationTimestamp, select.olderThanDays, context.startedAtMs),
    );
  const decisions = await Promise.all(
    candidates.map((version) =>
      decideVersion(
        {
          description: version.description,
          versionArn: version.versionArn,
          projectArn,
          versionName: version.versionName,
          mayStop: section.stopRunning === true,
          ...(section.action === undefined ? {} : { action: section.action }),
          reason: `${source}: ${describeVersionMatch(select, project.projectName, version.description)}`,
        },
        context,
        (tags) => select.tags === undefined || matchesTags(tags, select.tags),
      ),
    ),
  );
  // A version deleted since it was listed is simply not selected: the job did not name it.
  for (const decision of decisions) recordVersionDecision(fragment, decision);
  const atRest = atRestNote(source, decisions);
  if (atRest !== undefined) fragment.notes.push(atRest);
  if (section.deleteProjectWhenEmpty === true) fragment.projects.push({ projectArn, source });
  return fragment;
}

/**
 * Newest first. A version without a creation time counts as the newest: keepLatest then keeps it rather than
 * letting it push an older one out. Ties are ordered by ARN so the plan is deterministic.
 */
function rankNewestFirst(descriptions: readonly ProjectVersionDescription[]): RankedVersion[] {
  const ranked = descriptions.flatMap((description) => {
    const versionArn = description.ProjectVersionArn;
    const parts = versionArn === undefined ? undefined : parseVersionArn(versionArn);
    return versionArn === undefined || parts === undefined
      ? []
      : [{ description, versionArn, versionName: parts.versionName, parts }];
  });
  const timeOf = (version: RankedVersion) =>
    version.description.CreationTimestamp?.getTime() ?? Number.POSITIVE_INFINITY;
  return ranked.sort((a, b) => timeOf(b) - timeOf(a) || compareText(a.versionArn, b.versionArn));
}

/** `project "door-cam", created 2024-05-01T10:00:00.000Z, older than 90 days, tagged "owner"="vision", ...` */
function describeVersionMatch(
  select: ProjectVersionSelector,
  projectName: string,
  description: ProjectVersionDescription,
): string {
  const parts = [`version of project ${quote(projectName)}`];
  if (select.olderThanDays !== undefined) {
    parts.push(`created ${description.CreationTimestamp?.toISOString() ?? 'at an unknown time'}`);
    parts.push(`older than ${daysText(select.olderThanDays)}`);
  }
  if (select.tags !== undefined) parts.push(tagsText(select.tags));
  if ((select.keepLatest ?? 0) > 0) parts.push(`not among the ${select.keepLatest} latest usable`);
  if (parts.length === 1) parts[0] = `every version of project ${quote(projectName)}`;
  return parts.join(', ');
}

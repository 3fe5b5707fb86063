import {
  CustomizationFeature,
  DescribeProjectsCommand,
  type ProjectVersionDescription,
} from '@aws-sdk/client-rekognition';
import { collectPages } from '../async/paging';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import { quote } from '../schema/issue-path';
import type { ProjectVersionsSection } from '../job/types';
import { describeVersionsByName } from '../project-versions/describe-versions';
import type { PlanContext } from './plan-context';
import { emptyFragment, type PlanFragment } from './plan-fragment';
import { type ParsedVersionArn, parseProjectArn, parseVersionArn } from './version-arn';
import { atRestNote, decideVersion, recordVersionDecision } from './version-decision';

/** Where each requested version ARN was found: its description and its project's ARN. */
type Found = Map<string, { description: ProjectVersionDescription; projectArn: string }>;

/** One project named by the section's ARNs: its notes, and the ARNs DescribeProjects gave for it. */
interface ResolvedGroup {
  projectName: string;
  projectArns: string[];
  notes: string[];
}

/**
 * `projectVersions[i].select.arns`. A version ARN does not carry its project's timestamp, so the project ARN is
 * looked up by name (DescribeProjects) and kept only when partition, region and account match too; the version
 * then counts as found only when DescribeProjectVersions returns exactly the requested ARN (a version re-created
 * under the same name has a new ARN and is someone else's).
 */
export async function planVersionArnsSection(
  section: ProjectVersionsSection,
  arns: readonly string[],
  index: number,
  context: PlanContext,
): Promise<PlanFragment> {
  const source = `projectVersions[${index}]`;
  const fragment = emptyFragment();
  const parsed = arns.map((arn) => ({ arn, parts: parseVersionArn(arn) }));
  const byProject = new Map<string, ParsedVersionArn[]>();
  for (const { parts } of parsed) {
    if (parts === undefined) continue;
    const key = `${parts.scope}project/${parts.projectName}`;
    byProject.set(key, [...(byProject.get(key) ?? []), parts]);
  }

  // Groups resolve concurrently; their notes are added in job order so the plan is deterministic.
  const found: Found = new Map();
  const groups = await Promise.all([...byProject.values()].map((versions) => resolveGroup(versions, context, found)));
  for (const note of groups.flatMap((group) => group.notes)) fragment.notes.push(`${source}: ${note}`);
  if (section.deleteProjectWhenEmpty === true) {
    // `found` also holds versions that share a listed name but not its ARN: those prove nothing about the project.
    const owning = new Set(arns.flatMap((arn) => found.get(arn)?.projectArn ?? []));
    addEmptiedProjects(fragment, groups, owning, source);
  }

  const decisions = await Promise.all(
    parsed.map(async ({ arn, parts }) => {
      const hit = found.get(arn);
      if (parts === undefined || hit === undefined) return { arn, decision: { kind: 'GONE' as const } };
      const candidate = {
        ...hit,
        versionArn: arn,
        versionName: parts.versionName,
        reason: `${source}: listed by ARN`,
        mayStop: true,
        ...(section.action === undefined ? {} : { action: section.action }),
      };
      return { arn, decision: await decideVersion(candidate, context, () => true) };
    }),
  );
  for (const { arn, decision } of decisions) {
    if (decision.kind === 'GONE') fragment.absent.push({ kind: 'project-version', id: arn, source });
    else recordVersionDecision(fragment, decision);
  }
  const atRest = atRestNote(
    source,
    decisions.map(({ decision }) => decision),
  );
  if (atRest !== undefined) fragment.notes.push(atRest);
  return fragment;
}

/**
 * `deleteProjectWhenEmpty` with arns: the project of each listed version, for DeleteEmptiedProjects, which deletes it
 * only if nothing is left in it then. A project counts as the versions' own only when one of them was found in it:
 * the version ARN names the project but not its timestamp, so a project of that name in which none was found
 * may be a re-created project, someone else's, and is kept (with a note).
 */
function addEmptiedProjects(
  fragment: PlanFragment,
  groups: readonly ResolvedGroup[],
  owning: ReadonlySet<string>,
  source: string,
): void {
  for (const group of groups) {
    for (const projectArn of group.projectArns) {
      if (owning.has(projectArn)) fragment.projects.push({ projectArn, source });
      else {
        fragment.notes.push(
          `${source}: project ${quote(group.projectName)} (${projectArn}) holds none of the listed versions, so it ` +
            'may not be theirs (a project re-created under the same name); it is not deleted',
        );
      }
    }
  }
}

/** Finds the group's versions; returns the project's ARNs and notes about it (none when all went as expected). */
async function resolveGroup(
  versions: readonly ParsedVersionArn[],
  context: PlanContext,
  found: Found,
): Promise<ResolvedGroup> {
  const first = versions[0];
  if (first === undefined) return { projectName: '', projectArns: [], notes: [] };
  const { projectArns, elsewhere } = await findProjectArns(first, context);
  for (const projectArn of projectArns) await collectFound(projectArn, versions, context, found);
  const group: ResolvedGroup = { projectName: first.projectName, projectArns, notes: [] };
  if (projectArns.length > 0 || elsewhere.length === 0) return group;
  const note =
    `the ARNs name project ${quote(first.projectName)} in ${first.scope.slice(0, -1)}, but this deployment sees ` +
    `it only as ${elsewhere.join(', ')}; those versions are reported absent`;
  return { ...group, notes: [note] };
}

/** Project ARNs named like the version's project: those in the version's scope, and any found elsewhere. */
async function findProjectArns(
  version: ParsedVersionArn,
  context: PlanContext,
): Promise<{ projectArns: string[]; elsewhere: string[] }> {
  let arns: string[];
  try {
    const pages = await collectPages((NextToken) =>
      context.limit(() =>
        context.rekognition.send(
          new DescribeProjectsCommand({
            ProjectNames: [version.projectName],
            // Without Features only CUSTOM_LABELS projects are listed; an explicit ARN may name an adapter too.
            Features: Object.values(CustomizationFeature),
            NextToken,
          }),
        ),
      ),
    );
    arns = pages.flatMap((page) => page.ProjectDescriptions ?? []).flatMap((p) => p.ProjectArn ?? []);
  } catch (error) {
    if (isNotFound(error)) return { projectArns: [], elsewhere: [] };
    return classifyRekognitionError(error);
  }
  const sameName = arns.filter((arn) => parseProjectArn(arn)?.projectName === version.projectName);
  return {
    projectArns: sameName.filter((arn) => parseProjectArn(arn)?.scope === version.scope),
    elsewhere: sameName.filter((arn) => parseProjectArn(arn)?.scope !== version.scope),
  };
}

async function collectFound(
  projectArn: string,
  versions: readonly ParsedVersionArn[],
  context: PlanContext,
  found: Found,
): Promise<void> {
  const names = [...new Set(versions.map((version) => version.versionName))];
  const descriptions = await describeVersionsByName(context.rekognition, projectArn, names, context.limit);
  for (const description of descriptions ?? []) {
    if (description.ProjectVersionArn !== undefined)
      found.set(description.ProjectVersionArn, { description, projectArn });
  }
}

import type { ProjectVersionDescription } from '@aws-sdk/client-rekognition';
import type { ProjectVersionTarget, SkippedItem } from '../contracts';
import { isProtected, readTags } from '../protection';
import { type PlanContext, protectTagText } from './plan-context';
import type { PlanFragment } from './plan-fragment';
import { isServing } from './version-usability';

/** A version a section selected, already described; `reason` says why it was selected. */
export interface VersionCandidate {
  description: ProjectVersionDescription;
  versionArn: string;
  projectArn: string;
  versionName: string;
  reason: string;
  /** Explicit ARNs, or a selector with `stopRunning: true`: a RUNNING or STARTING version may be stopped. */
  mayStop: boolean;
}

export type VersionDecision =
  | { kind: 'GONE' }
  | { kind: 'NO_MATCH' }
  | { kind: 'PROTECTED'; skipped: SkippedItem }
  | { kind: 'RUNNING'; skipped: SkippedItem }
  | { kind: 'TARGET'; target: ProjectVersionTarget };

/**
 * Reads the version's tags, then decides. `tagsMatch` is the selector's tag criterion (none for explicit ARNs).
 * Protection applies to explicit ARNs too: naming an ARN is still a selection. A selector matching a serving model
 * leaves it alone unless told otherwise: stopping production inference is not a side effect a filter should have.
 */
export async function decideVersion(
  candidate: VersionCandidate,
  context: PlanContext,
  tagsMatch: (tags: Record<string, string>) => boolean,
): Promise<VersionDecision> {
  const tags = await context.limit(() => readTags(context.rekognition, candidate.versionArn));
  if (tags === undefined) return { kind: 'GONE' };
  if (!tagsMatch(tags)) return { kind: 'NO_MATCH' };
  if (isProtected(tags, context.protection)) {
    return {
      kind: 'PROTECTED',
      skipped: {
        kind: 'project-version',
        id: candidate.versionArn,
        reason: 'PROTECTED',
        detail: `${candidate.reason}; the version carries the protect tag ${protectTagText(context.protection)}`,
      },
    };
  }
  const status = candidate.description.Status;
  if (isServing(status) && !candidate.mayStop) {
    return {
      kind: 'RUNNING',
      skipped: {
        kind: 'project-version',
        id: candidate.versionArn,
        reason: 'RUNNING',
        detail: `${candidate.reason}; the version is ${status} and the section does not say "stopRunning": true`,
      },
    };
  }
  const created = candidate.description.CreationTimestamp;
  return {
    kind: 'TARGET',
    target: {
      versionArn: candidate.versionArn,
      projectArn: candidate.projectArn,
      versionName: candidate.versionName,
      statusAtPlan: status ?? 'UNKNOWN',
      ...(created !== undefined ? { createdAt: created.toISOString() } : {}),
      reasons: [candidate.reason],
      ...(candidate.mayStop ? {} : { leaveRunning: true }),
    },
  };
}

/** Adds a skipped or selected version to the fragment; the caller decides what a vanished version means. */
export function recordVersionDecision(fragment: PlanFragment, decision: VersionDecision): void {
  if (decision.kind === 'PROTECTED' || decision.kind === 'RUNNING') fragment.skipped.push(decision.skipped);
  if (decision.kind === 'TARGET') fragment.projectVersions.push(decision.target);
}

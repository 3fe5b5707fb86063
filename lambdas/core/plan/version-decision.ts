import type { ProjectVersionDescription } from '@aws-sdk/client-rekognition';
import type { ProjectVersionTarget, SkippedItem } from '../contracts';
import { quote } from '../schema/issue-path';
import type { VersionAction } from '../job/types';
import { stopRuleFor } from '../project-versions/stop-decision';
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
  /** The section's action. @default "DELETE" */
  action?: VersionAction;
}

export type VersionDecision =
  | { kind: 'GONE' }
  | { kind: 'NO_MATCH' }
  | { kind: 'PROTECTED'; skipped: SkippedItem }
  | { kind: 'RUNNING'; skipped: SkippedItem }
  /** STOP only: nothing runs, so there is nothing to stop (stop-decision.ts says why, per status). */
  | { kind: 'AT_REST'; versionName: string; status: string; why: string }
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
  if (candidate.action === 'STOP') return decideStop(candidate);
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
  return selectVersion(candidate, status ?? 'UNKNOWN', candidate.mayStop ? {} : { leaveRunning: true });
}

/** STOP selects what runs or is on its way to STOPPED; a version at rest is left, and the plan says why. */
function decideStop(candidate: VersionCandidate): VersionDecision {
  const status = candidate.description.Status ?? 'UNKNOWN';
  const rule = stopRuleFor(candidate.description.Status);
  if (rule.step === 'AT_REST') return { kind: 'AT_REST', versionName: candidate.versionName, status, why: rule.why };
  return selectVersion(candidate, status, { action: 'STOP' });
}

/** The selected version as the plan records it; `extra` is what the action adds (STOP, or "leave it running"). */
function selectVersion(
  candidate: VersionCandidate,
  statusAtPlan: string,
  extra: { action?: 'STOP'; leaveRunning?: true },
): VersionDecision {
  const created = candidate.description.CreationTimestamp;
  return {
    kind: 'TARGET',
    target: {
      versionArn: candidate.versionArn,
      projectArn: candidate.projectArn,
      versionName: candidate.versionName,
      statusAtPlan,
      ...(created !== undefined ? { createdAt: created.toISOString() } : {}),
      reasons: [candidate.reason],
      ...extra,
    },
  };
}

/** Adds a skipped or selected version to the fragment; the caller decides what a vanished version means. */
export function recordVersionDecision(fragment: PlanFragment, decision: VersionDecision): void {
  if (decision.kind === 'PROTECTED' || decision.kind === 'RUNNING') fragment.skipped.push(decision.skipped);
  if (decision.kind === 'TARGET') fragment.projectVersions.push(decision.target);
}

const AT_REST_SHOWN = 10;

/**
 * One note per STOP section for the versions it selected that do not run: a nightly "stop every experiment model"
 * finds most of them stopped already, and the plan says so without a line each.
 */
export function atRestNote(source: string, decisions: readonly VersionDecision[]): string | undefined {
  const atRest = decisions.filter((d): d is Extract<VersionDecision, { kind: 'AT_REST' }> => d.kind === 'AT_REST');
  if (atRest.length === 0) return undefined;
  const shown = atRest
    .slice(0, AT_REST_SHOWN)
    .map((d) => `${quote(d.versionName)} (${d.status}: ${d.why})`)
    .join(', ');
  const more = atRest.length > AT_REST_SHOWN ? ` and ${atRest.length - AT_REST_SHOWN} more` : '';
  const count = atRest.length === 1 ? '1 selected version does' : `${atRest.length} selected versions do`;
  return `${source}: nothing to stop, ${count} not run: ${shown}${more}`;
}

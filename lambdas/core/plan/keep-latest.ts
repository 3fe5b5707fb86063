import type { ProjectVersionDescription } from '@aws-sdk/client-rekognition';
import { quote } from '../schema/issue-path';
import { standingOf } from './version-usability';

export interface KeptVersions<V> {
  /** Never selected by the section, whatever its other criteria say. */
  spared: ReadonlySet<V>;
  /** Why, for the plan's notes; undefined when keepLatest spares nothing. */
  note: string | undefined;
}

interface Keepable {
  description: ProjectVersionDescription;
  versionName: string;
}

/**
 * `keepLatest: N` over versions ranked newest first: the N newest USABLE versions are spared, and so is every
 * PENDING one newer than the oldest of them (see version-usability.ts): a model still training may be the next
 * production model. Failed, expired and deprecated versions are passed over, so that two failed trainings cannot
 * push the production model out of the kept set.
 */
export function keepLatest<V extends Keepable>(
  newestFirst: readonly V[],
  keep: number,
  projectName: string,
): KeptVersions<V> {
  if (keep <= 0) return { spared: new Set(), note: undefined };
  const usable = newestFirst.filter((v) => standingOf(v.description.Status) === 'USABLE');
  const kept = usable.slice(0, keep);
  // Only what ranks above the oldest kept version could still become one of the N newest usable ones; with
  // fewer than N usable versions, anything could.
  const oldestKept = kept.length === keep ? kept.at(-1) : undefined;
  const above = newestFirst.slice(0, oldestKept === undefined ? newestFirst.length : newestFirst.indexOf(oldestKept));
  const pending = above.filter((v) => standingOf(v.description.Status) === 'PENDING');
  const passedOver = above.filter((v) => standingOf(v.description.Status) === 'UNUSABLE');
  return { spared: new Set([...kept, ...pending]), note: keptNote(kept, pending, passedOver, keep, projectName) };
}

function keptNote(
  kept: readonly Keepable[],
  pending: readonly Keepable[],
  passedOver: readonly Keepable[],
  keep: number,
  projectName: string,
): string | undefined {
  if (kept.length === 0 && pending.length === 0 && passedOver.length === 0) return undefined;
  const withStatus = (versions: readonly Keepable[]) =>
    versions.map((v) => `${quote(v.versionName)} (${v.description.Status ?? 'no status'})`).join(', ');
  const plural = kept.length === 1 ? 'version' : 'versions';
  const parts = [
    kept.length === 0
      ? `no version of project ${quote(projectName)} is usable`
      : `keeps the ${kept.length} latest usable ${plural} of project ${quote(projectName)}: ` +
        kept.map((v) => quote(v.versionName)).join(', '),
  ];
  if (kept.length > 0 && kept.length < keep) {
    parts.push(`keepLatest is ${keep} but only ${kept.length} ${kept.length === 1 ? 'is' : 'are'} usable`);
  }
  if (pending.length > 0) {
    parts.push(`${kept.length === 0 ? 'keeps' : 'also keeps'} ${withStatus(pending)}, not finished yet`);
  }
  if (passedOver.length > 0) parts.push(`not counted: ${withStatus(passedOver)}`);
  return parts.join('; ');
}

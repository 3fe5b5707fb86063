import { DescribeCollectionCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import type { CollectionSelection, CollectionTarget } from '../contracts';
import { quote } from '../schema/issue-path';
import type { CollectionAction } from '../job/types';
import { daysText, isCreatedBefore, isOlderThan } from '../plan/age';
import { isProtected, readTags } from '../protection';
import type { ProtectionSettings } from '../settings';
import type { CollectionCounts } from './describe-counts';

/** The collection as it is right before a delete batch, against what the plan selected. */
export type Recheck =
  | { kind: 'ABSENT' }
  | { kind: 'PROTECTED'; counts: CollectionCounts }
  | { kind: 'CHANGED'; detail: string; counts: CollectionCounts }
  /** Still the planned collection, and at least one section that selected it still matches: act as `action`. */
  | { kind: 'ELIGIBLE'; action: CollectionAction; counts: CollectionCounts };

/** What DescribeCollection and ListTagsForResource say now. */
interface Observed {
  createdAt: Date | undefined;
  faceModelVersion: string | undefined;
  tags: Record<string, string>;
}

/**
 * Re-verifies a collection before a delete batch (one DescribeCollection and one ListTagsForResource, sent
 * together): the same
 * collection as planned (its CreationTimestamp: one re-created under the same id is another collection), without
 * the protect tag, and still selected by at least one of the sections that selected it (tags, age, face model).
 * DELETE_COLLECTION only while a DELETE_COLLECTION section still matches; else DELETE_FACES if one of those does.
 */
export async function recheckCollection(
  rekognition: RekognitionClient,
  target: CollectionTarget,
  protection: ProtectionSettings,
  startedAtMs: number,
): Promise<Recheck> {
  // Side by side: the re-check runs before every page, so its latency is one round trip, not two.
  const [description, tags] = await Promise.all([
    describe(rekognition, target.collectionId),
    readTags(rekognition, target.collectionArn),
  ]);
  if (description === undefined || tags === undefined) return { kind: 'ABSENT' };
  const counts = { faceCount: description.FaceCount ?? 0, userCount: description.UserCount ?? 0 };
  const createdAt = description.CreationTimestamp;
  if (target.createdAt !== undefined && createdAt?.toISOString() !== target.createdAt) {
    const now = createdAt === undefined ? 'without a creation time' : `created ${createdAt.toISOString()}`;
    return { kind: 'CHANGED', detail: `re-created since the plan: now ${now}, planned ${target.createdAt}`, counts };
  }
  if (isProtected(tags, protection)) return { kind: 'PROTECTED', counts };
  // Targets stored before selections were recorded: identity and protection are all that can be checked.
  if (target.selections === undefined) return { kind: 'ELIGIBLE', action: target.action, counts };

  const observed: Observed = { createdAt, faceModelVersion: description.FaceModelVersion, tags };
  const mismatches = target.selections.map((selection) => ({
    selection,
    mismatch: firstMismatch(selection.criteria, observed, startedAtMs),
  }));
  const matching = mismatches.filter((entry) => entry.mismatch === undefined).map((entry) => entry.selection);
  if (matching.length === 0) {
    const detail = mismatches.map(({ selection, mismatch }) => `${selection.source}: ${mismatch}`).join('; ');
    return { kind: 'CHANGED', detail: `no longer selected: ${detail}`, counts };
  }
  const action = matching.some((selection) => selection.action === 'DELETE_COLLECTION')
    ? 'DELETE_COLLECTION'
    : 'DELETE_FACES';
  return { kind: 'ELIGIBLE', action, counts };
}

/** The first criterion of a section the collection no longer meets, in words; undefined when all still hold. */
export function firstMismatch(
  criteria: CollectionSelection['criteria'],
  observed: Observed,
  startedAtMs: number,
): string | undefined {
  for (const [key, wanted] of Object.entries(criteria.tags ?? {})) {
    const actual = observed.tags[key];
    if (actual !== wanted) {
      const now = actual === undefined ? 'is gone' : `is now ${quote(actual)}`;
      return `tag ${quote(key)} ${now} (selected for ${quote(wanted)})`;
    }
  }
  if (criteria.faceModelVersion !== undefined && observed.faceModelVersion !== criteria.faceModelVersion) {
    return `face model version is now ${quote(observed.faceModelVersion ?? 'unknown')} (selected for ${quote(criteria.faceModelVersion)})`;
  }
  const created = observed.createdAt?.toISOString() ?? 'at an unknown time';
  if (criteria.createdBefore !== undefined && !isCreatedBefore(observed.createdAt, criteria.createdBefore)) {
    return `created ${created}, not before ${criteria.createdBefore}`;
  }
  if (criteria.olderThanDays !== undefined && !isOlderThan(observed.createdAt, criteria.olderThanDays, startedAtMs)) {
    return `created ${created}, not older than ${daysText(criteria.olderThanDays)}`;
  }
  return undefined;
}

async function describe(rekognition: RekognitionClient, collectionId: string) {
  try {
    return await rekognition.send(new DescribeCollectionCommand({ CollectionId: collectionId }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return classifyRekognitionError(error);
  }
}

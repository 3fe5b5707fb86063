import type { CollectionSelection } from '../contracts';
import type { CollectionsSection } from '../job/types';
import { isProtected } from '../protection';
import { describeCollectionMatch, matchesAge, matchesListing, matchesTagCriterion } from './collection-criteria';
import type { CollectionListing } from './collection-inventory';
import { type PlanContext, protectTagText } from './plan-context';
import { type CollectionPick, emptyFragment, type PlanFragment } from './plan-fragment';

type Decision =
  | { kind: 'GONE' }
  | { kind: 'NO_MATCH' }
  | { kind: 'PROTECTED'; detail: string }
  | { kind: 'TARGET'; pick: CollectionPick };

/**
 * `collections[i]`: every collection of the account that meets all the selector's criteria. The cheap criteria
 * (ids, prefix, face model) are decided from ListCollections so only candidates are described and their tags read.
 * A protected match is skipped, explicit ids included: the protect tag exists to stop selectors.
 */
export async function planCollectionsSection(
  section: CollectionsSection,
  index: number,
  context: PlanContext,
): Promise<PlanFragment> {
  const source = `collections[${index}]`;
  const fragment = emptyFragment();
  const listing = await context.inventory.listing();
  const listed = new Set(listing.map((entry) => entry.collectionId));
  const explicit = new Set(section.select.ids ?? []);
  for (const id of explicit) {
    if (!listed.has(id)) fragment.absent.push({ kind: 'collection', id, source });
  }

  const candidates = listing.filter((entry) => matchesListing(section.select, entry));
  const decisions = await Promise.all(
    candidates.map(async (entry) => ({
      collectionId: entry.collectionId,
      decision: await decide(section, entry, source, context),
    })),
  );
  for (const { collectionId, decision } of decisions) {
    if (decision.kind === 'GONE' && explicit.has(collectionId)) {
      // Deleted between ListCollections and DescribeCollection: absent, as if it had never been listed.
      fragment.absent.push({ kind: 'collection', id: collectionId, source });
    } else if (decision.kind === 'PROTECTED') {
      fragment.skipped.push({ kind: 'collection', id: collectionId, reason: 'PROTECTED', detail: decision.detail });
    } else if (decision.kind === 'TARGET') {
      fragment.collections.push(decision.pick);
    }
  }
  return fragment;
}

async function decide(
  section: CollectionsSection,
  listing: CollectionListing,
  source: string,
  context: PlanContext,
): Promise<Decision> {
  const { select, action } = section;
  const facts = await context.inventory.describe(listing.collectionId);
  if (facts === undefined) return { kind: 'GONE' };
  if (!matchesAge(select, facts, context.startedAtMs)) return { kind: 'NO_MATCH' };
  // Tags are read for every match, not only when the selector filters on them: protection depends on them.
  const tags = await context.inventory.tags(listing.collectionId);
  if (tags === undefined) return { kind: 'GONE' };
  if (!matchesTagCriterion(select, tags)) return { kind: 'NO_MATCH' };

  const reason = `${source}: ${describeCollectionMatch(select, facts)}`;
  if (isProtected(tags, context.protection)) {
    return {
      kind: 'PROTECTED',
      detail: `${reason} (${action}); the collection carries the protect tag ${protectTagText(context.protection)}`,
    };
  }
  return {
    kind: 'TARGET',
    pick: {
      source,
      target: {
        collectionId: facts.collectionId,
        collectionArn: facts.collectionArn,
        action,
        faceCount: facts.faceCount,
        userCount: facts.userCount,
        ...(facts.createdAt !== undefined ? { createdAt: facts.createdAt.toISOString() } : {}),
        ...(listing.faceModelVersion !== undefined ? { faceModelVersion: listing.faceModelVersion } : {}),
        reasons: [reason],
        selections: [{ source, action, criteria: recheckableCriteria(select) }],
      },
    },
  };
}

/** What clean-collection checks again before each delete batch: the criteria a collection can stop meeting. */
function recheckableCriteria(select: CollectionsSection['select']): CollectionSelection['criteria'] {
  const { createdBefore, olderThanDays, tags, faceModelVersion } = select;
  return {
    ...(createdBefore === undefined ? {} : { createdBefore }),
    ...(olderThanDays === undefined ? {} : { olderThanDays }),
    ...(tags === undefined ? {} : { tags }),
    ...(faceModelVersion === undefined ? {} : { faceModelVersion }),
  };
}

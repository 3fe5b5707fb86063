/** The collection selector's criteria, as pure functions, and the words that explain a match. */
import { quote } from '../schema/issue-path';
import type { CollectionSelector, TagFilter } from '../job/types';
import { matchesTags } from '../protection';
import { daysText, isCreatedBefore, isOlderThan } from './age';
import type { CollectionFacts, CollectionListing } from './collection-inventory';

/** What ListCollections alone can decide: ids, prefix and face model version. */
export function matchesListing(select: CollectionSelector, listing: CollectionListing): boolean {
  const { collectionId, faceModelVersion } = listing;
  if (select.ids !== undefined && !select.ids.includes(collectionId)) return false;
  if (select.prefix !== undefined && !collectionId.startsWith(select.prefix)) return false;
  if (select.faceModelVersion !== undefined && faceModelVersion !== select.faceModelVersion) return false;
  return true;
}

/** What DescribeCollection decides: the creation time against createdBefore and olderThanDays. */
export function matchesAge(select: CollectionSelector, facts: CollectionFacts, startedAtMs: number): boolean {
  if (select.createdBefore !== undefined && !isCreatedBefore(facts.createdAt, select.createdBefore)) return false;
  if (select.olderThanDays !== undefined && !isOlderThan(facts.createdAt, select.olderThanDays, startedAtMs)) {
    return false;
  }
  return true;
}

export function matchesTagCriterion(select: CollectionSelector, tags: Record<string, string>): boolean {
  return select.tags === undefined || matchesTags(tags, select.tags);
}

/** `prefix "tmp-", created 2026-01-02T00:00:00.000Z, older than 30 days`: every criterion the collection met. */
export function describeCollectionMatch(select: CollectionSelector, facts: CollectionFacts): string {
  const parts: string[] = [];
  if (select.ids !== undefined) parts.push('listed by id');
  if (select.prefix !== undefined) parts.push(`prefix ${quote(select.prefix)}`);
  if (select.faceModelVersion !== undefined) parts.push(`face model version ${quote(select.faceModelVersion)}`);
  if (select.createdBefore !== undefined || select.olderThanDays !== undefined) {
    parts.push(`created ${facts.createdAt?.toISOString() ?? 'at an unknown time'}`);
  }
  if (select.createdBefore !== undefined) parts.push(`before ${select.createdBefore}`);
  if (select.olderThanDays !== undefined) parts.push(`older than ${daysText(select.olderThanDays)}`);
  if (select.tags !== undefined) parts.push(tagsText(select.tags));
  return parts.join(', ');
}

export function tagsText(tags: TagFilter): string {
  return `tagged ${Object.entries(tags)
    .map(([key, value]) => `${quote(key)}=${quote(value)}`)
    .join(', ')}`;
}

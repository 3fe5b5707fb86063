import { ListTagsForResourceCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from './aws/rekognition-errors';
import type { TagFilter } from './job/types';
import type { ProtectionSettings } from './settings';

/** Tags of a collection or project version; undefined when the resource no longer exists. */
export async function readTags(
  rekognition: RekognitionClient,
  arn: string,
): Promise<Record<string, string> | undefined> {
  try {
    const out = await rekognition.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    return out.Tags ?? {};
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return classifyRekognitionError(error);
  }
}

export function isProtected(tags: Record<string, string> | undefined, settings: ProtectionSettings): boolean {
  const value = tags?.[settings.protectTagKey];
  return value !== undefined && value.trim().toLowerCase() === settings.protectTagValue.toLowerCase();
}

/** Every key of the filter is present with exactly that value (the selector's tag criterion). */
export function matchesTags(tags: Record<string, string>, filter: TagFilter): boolean {
  return Object.entries(filter).every(([key, value]) => tags[key] === value);
}

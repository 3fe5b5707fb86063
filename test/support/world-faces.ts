import type { WorldFace } from '../../local/emulator';

/** Deterministic lowercase UUIDs: `faceId(0xa11ce, 3)` is `000a11ce-0000-4000-8000-000000000003`. */
export function faceId(group: number, n: number): string {
  return `${group.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** `count` explicit faces of one group, numbered from 1; `each` adds per-face attributes (user, external image). */
export function facesOf(
  group: number,
  count: number,
  each: (n: number) => Partial<WorldFace> = () => ({}),
): WorldFace[] {
  return Array.from({ length: count }, (_, index) => ({ faceId: faceId(group, index + 1), ...each(index + 1) }));
}

/** The ids `facesOf(group, count)` creates. */
export function faceIdsOf(group: number, count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, index) => faceId(group, from + index));
}

export const PROTECT_TAG = { 'cleanup:protect': 'true' } as const;

export const ACCOUNT_SCOPE = 'arn:aws:rekognition:us-east-1:123456789012:';

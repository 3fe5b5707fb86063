/**
 * NextToken codec. A token carries the operation, a hash of its scope (e.g. collection id + generation) and a
 * cursor (a slot number or a sort key), sealed with a checksum. A token that is garbled, or that comes from another
 * operation, another collection or an earlier collection with the same id, is InvalidPaginationTokenException.
 * Tokens stay short (well under the service's 255-character limit) whatever the collection id.
 */
import { errors } from './service-error';

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function encodePageToken(operation: string, scope: string, cursor: string): string {
  const body = `${operation}|${fnv1a(scope)}|${cursor}`;
  return Buffer.from(`${body}|${fnv1a(`seal:${body}`)}`, 'utf8').toString('base64url');
}

/** The cursor inside `token`, or undefined when there is no token (first page). */
export function decodePageToken(token: string | undefined, operation: string, scope: string): string | undefined {
  if (token === undefined) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  const text = bytes.toString('utf8');
  // Node's decoder skips characters it does not expect; re-encoding catches a token that was altered that way.
  if (bytes.toString('base64url') !== token) throw errors.invalidPaginationToken('Invalid Token');
  const seal = text.lastIndexOf('|');
  const body = text.slice(0, seal);
  const parts = body.split('|');
  if (seal < 0 || text.slice(seal + 1) !== fnv1a(`seal:${body}`) || parts.length !== 3) {
    throw errors.invalidPaginationToken('Invalid Token');
  }
  if (parts[0] !== operation || parts[1] !== fnv1a(scope)) {
    throw errors.invalidPaginationToken('Invalid Token: the token was issued for another request');
  }
  return parts[2];
}

/** A cursor that must be a non-negative integer (a slot number). */
export function decodeSlotCursor(token: string | undefined, operation: string, scope: string): number {
  const cursor = decodePageToken(token, operation, scope);
  if (cursor === undefined) return 0;
  const slot = Number(cursor);
  if (!Number.isSafeInteger(slot) || slot < 0) throw errors.invalidPaginationToken('Invalid Token');
  return slot;
}

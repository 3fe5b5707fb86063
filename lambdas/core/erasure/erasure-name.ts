/**
 * The name of an erasure: its execution's name and its receipt's key. A request id is unique only within its
 * requester (the event `source`), so the name is derived from both, and one requester can never take, or learn
 * about, another's id.
 *
 * Step Functions names are 1-80 chars of [0-9A-Za-z_-]: a readable prefix (the source, then the request id, both
 * cut short) for whoever reads the console, then 32 hex chars of sha256(source, requestId), which alone make the
 * name unique. Not salted: neither part is personal data, and the name must not change when hashing keys do.
 */
import { createHash } from 'node:crypto';

const SOURCE_CHARS = 20;
const REQUEST_ID_CHARS = 26;
const HASH_CHARS = 32;

export function erasureName(source: string, requestId: string): string {
  // A newline is in neither a valid source nor a valid request id, so the pair is encoded without ambiguity.
  const hash = createHash('sha256').update(`${source}\n${requestId}`).digest('hex').slice(0, HASH_CHARS);
  const readableSource = source.replace(/[^0-9A-Za-z]+/g, '-').slice(0, SOURCE_CHARS);
  return `${readableSource}_${requestId.slice(0, REQUEST_ID_CHARS)}_${hash}`;
}

/** arn:...:execution:<state machine>:<name> -> <name>. */
export function executionNameOf(executionArn: string): string {
  return executionArn.slice(executionArn.lastIndexOf(':') + 1);
}

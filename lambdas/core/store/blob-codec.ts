import { gunzipSync, gzipSync } from 'node:zlib';

/** DynamoDB items are capped at 400 KB: a blob is stored as gzipped JSON in parts well under that. */
export const BLOB_PART_BYTES = 300_000;

/** A JSON value as gzipped parts, in order. */
export function encodeBlob(value: unknown): Uint8Array[] {
  const packed = gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < packed.length || parts.length === 0; offset += BLOB_PART_BYTES) {
    parts.push(new Uint8Array(packed.subarray(offset, offset + BLOB_PART_BYTES)));
  }
  return parts;
}

export function decodeBlob<T>(parts: readonly Uint8Array[]): T {
  return JSON.parse(gunzipSync(Buffer.concat(parts.map((part) => Buffer.from(part)))).toString('utf8')) as T;
}

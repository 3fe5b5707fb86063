/**
 * Ids for faces generated in bulk by a seed. Storing a million UUID strings would cost ~100 MB and seconds of
 * start-up, so a generated face has no stored id: its FaceId is computed from (segment tag, index) and parsed back
 * to the index on lookup. A 48-bit Feistel permutation scrambles the index so the ids look random and sort in no
 * particular order, like real ones. Ids are written as ASCII bytes, straight into ListFaces response buffers.
 */
import { hex8 } from './random';

const HALF_BITS = 24;
const HALF_MASK = 0xffffff;
const HALF_RANGE = 2 ** HALF_BITS;
const ROUNDS = 4;
const DASH = 45;
const ID_LENGTH = 36;
const HEX_CODES = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** Largest index a scheme can encode (48 bits). */
export const MAX_GENERATED_INDEX = 2 ** 48 - 1;

/**
 * Bound once because this is the hottest code of the emulator: under jest, whose test environment wraps the
 * globals, every `Math.imul` lookup is ~20 times slower than the multiplication itself.
 */
const imul = Math.imul;

function mix(value: number): number {
  let h = imul(value ^ (value >>> 16), 0x85ebca6b);
  h = imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Writes `value` (16 bits) as 4 lowercase hex digits. */
function writeHex16(target: Uint8Array, at: number, value: number): void {
  target[at] = HEX_CODES[(value >>> 12) & 15] as number;
  target[at + 1] = HEX_CODES[(value >>> 8) & 15] as number;
  target[at + 2] = HEX_CODES[(value >>> 4) & 15] as number;
  target[at + 3] = HEX_CODES[value & 15] as number;
}

/** The value of `length` lowercase hex digits at `start`, or -1 if any is not one. */
function parseHex(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i);
    const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** A family of UUIDs `<tag>-xxxx-4xxx-yxxx-<permuted index>`, one per generated segment (and one for image ids). */
export class GeneratedIdScheme {
  private readonly tagBytes: Uint8Array;
  private readonly tagNumber: number;
  private readonly keys: number[];
  private readonly scratch = Buffer.alloc(ID_LENGTH);

  constructor(readonly tag: string) {
    if (!/^[0-9a-f]{8}$/.test(tag)) throw new Error(`generated id tag must be 8 lowercase hex digits, got ${tag}`);
    this.tagBytes = Buffer.from(tag, 'latin1');
    this.tagNumber = Number.parseInt(tag, 16);
    this.keys = Array.from({ length: ROUNDS }, (_, round) => mix(this.tagNumber + imul(round + 1, 0x9e3779b9)));
  }

  idOf(index: number): string {
    this.writeId(index, this.scratch, 0);
    return this.scratch.toString('latin1');
  }

  /** Writes the 36 ASCII bytes of the id of `index` at `at`. */
  writeId(index: number, target: Uint8Array, at: number): void {
    const permuted = this.permute(index);
    const high = (permuted / HALF_RANGE) >>> 0;
    const low = permuted % HALF_RANGE;
    // The middle groups are a hash of the tail, so a random UUID that shares the tag is recognised as foreign.
    const h1 = mix(low ^ this.tagNumber);
    const h2 = mix(high ^ h1);
    target.set(this.tagBytes, at);
    target[at + 8] = DASH;
    writeHex16(target, at + 9, h1 & 0xffff);
    target[at + 13] = DASH;
    writeHex16(target, at + 14, 0x4000 | ((h1 >>> 16) & 0xfff));
    target[at + 18] = DASH;
    writeHex16(target, at + 19, ((8 | ((h2 >>> 12) & 3)) << 12) | (h2 & 0xfff));
    target[at + 23] = DASH;
    writeHex16(target, at + 24, high >>> 8);
    writeHex16(target, at + 28, ((high & 0xff) << 8) | (low >>> 16));
    writeHex16(target, at + 32, low & 0xffff);
  }

  /** The index an id of this scheme encodes, or -1 when the id was not produced by this scheme. */
  indexOf(id: string): number {
    if (id.length !== ID_LENGTH || !id.startsWith(this.tag)) return -1;
    const high = parseHex(id, 24, 6);
    const low = parseHex(id, 30, 6);
    if (high < 0 || low < 0) return -1;
    const index = this.unpermute(high * HALF_RANGE + low);
    this.writeId(index, this.scratch, 0);
    for (let i = 0; i < ID_LENGTH; i++) {
      if (this.scratch[i] !== id.charCodeAt(i)) return -1;
    }
    return index;
  }

  private permute(index: number): number {
    let left = ((index / HALF_RANGE) >>> 0) & HALF_MASK;
    let right = index % HALF_RANGE;
    for (const key of this.keys) {
      const next = left ^ this.round(right, key);
      left = right;
      right = next;
    }
    return left * HALF_RANGE + right;
  }

  private unpermute(value: number): number {
    let left = ((value / HALF_RANGE) >>> 0) & HALF_MASK;
    let right = value % HALF_RANGE;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const previous = right ^ this.round(left, this.keys[i] ?? 0);
      right = left;
      left = previous;
    }
    return left * HALF_RANGE + right;
  }

  private round(half: number, key: number): number {
    return mix(half ^ key) & HALF_MASK;
  }
}

/** The tag of the image-id scheme that goes with a face-id scheme: derived, so snapshots only store one tag. */
export function imageTagFor(faceTag: string): string {
  return hex8(mix(Number.parseInt(faceTag, 16) ^ 0x5bd1e995));
}

/**
 * The faces of one collection, in indexing order. Faces live in segments: an explicit segment stores each face
 * (IndexFaces, hand-written seed faces); a generated segment stores nothing per face and computes ids and
 * attributes from the index, which is what lets a million-face seed load instantly. Per slot the table keeps only
 * a liveness byte and a user reference, so the footprint of a generated face is five bytes.
 */
import { GeneratedIdScheme, imageTagFor } from './generated-ids';
import { SlotLiveness } from './slot-liveness';

export interface BoundingBox {
  Width: number;
  Height: number;
  Left: number;
  Top: number;
}

export interface StoredFace {
  faceId: string;
  imageId: string;
  externalImageId?: string;
  boundingBox: BoundingBox;
  confidence: number;
}

export interface GeneratedSegment {
  kind: 'generated';
  start: number;
  count: number;
  scheme: GeneratedIdScheme;
  imageScheme: GeneratedIdScheme;
  externalImageIdPrefix?: string;
}

export interface ExplicitSegment {
  kind: 'explicit';
  start: number;
  faces: (StoredFace | undefined)[];
}

export type FaceSegment = GeneratedSegment | ExplicitSegment;

export const GENERATED_CONFIDENCE = 99.99;

/** Generated faces cycle through these boxes (rounded like the service's), so no float is computed per face. */
export const GENERATED_BOXES: readonly BoundingBox[] = Array.from({ length: 97 }, (_, step) => {
  const jitter = step / 1000;
  return {
    Width: round4(0.25 + jitter),
    Height: round4(0.3 + jitter),
    Left: round4(0.3 - jitter),
    Top: round4(0.2 + jitter / 2),
  };
});

export function generatedBox(index: number): BoundingBox {
  return GENERATED_BOXES[index % GENERATED_BOXES.length] as BoundingBox;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export class FaceTable {
  private readonly liveness = new SlotLiveness();
  /** Per slot: 0 when the face belongs to no user, otherwise the user's slot + 1 (see UserTable). */
  private userRefs = new Int32Array(1024);
  private readonly segmentList: FaceSegment[] = [];
  private readonly explicitSlots = new Map<string, number>();
  private readonly generatedTags = new Set<string>();

  get count(): number {
    return this.liveness.liveCount;
  }

  get segments(): readonly FaceSegment[] {
    return this.segmentList;
  }

  hasGeneratedTag(tag: string): boolean {
    return this.generatedTags.has(tag);
  }

  appendGenerated(count: number, tag: string, externalImageIdPrefix?: string): GeneratedSegment {
    if (this.generatedTags.has(tag)) throw new Error(`generated face tag ${tag} is already used in this collection`);
    const start = this.liveness.appendLive(count);
    this.ensureUserRefCapacity(start + count);
    const segment: GeneratedSegment = {
      kind: 'generated',
      start,
      count,
      scheme: new GeneratedIdScheme(tag),
      imageScheme: new GeneratedIdScheme(imageTagFor(tag)),
      ...(externalImageIdPrefix === undefined ? {} : { externalImageIdPrefix }),
    };
    this.segmentList.push(segment);
    this.generatedTags.add(tag);
    return segment;
  }

  appendExplicit(face: StoredFace): number {
    if (this.slotOf(face.faceId) >= 0) throw new Error(`face ${face.faceId} already exists in this collection`);
    const slot = this.liveness.appendLive(1);
    this.ensureUserRefCapacity(slot + 1);
    const last = this.segmentList[this.segmentList.length - 1];
    if (last?.kind === 'explicit') {
      last.faces.push(face);
    } else {
      this.segmentList.push({ kind: 'explicit', start: slot, faces: [face] });
    }
    this.explicitSlots.set(face.faceId, slot);
    return slot;
  }

  /** The slot of a live face, or -1. */
  slotOf(faceId: string): number {
    const explicit = this.explicitSlots.get(faceId);
    if (explicit !== undefined) return explicit;
    for (const segment of this.segmentList) {
      if (segment.kind !== 'generated') continue;
      const index = segment.scheme.indexOf(faceId);
      if (index >= 0 && index < segment.count) {
        const slot = segment.start + index;
        return this.liveness.isLive(slot) ? slot : -1;
      }
    }
    return -1;
  }

  isLive(slot: number): boolean {
    return this.liveness.isLive(slot);
  }

  /** The first live slot at or after `from`, or -1. */
  nextLive(from: number): number {
    return this.liveness.nextLive(from);
  }

  /** The generated segment holding `slot` and the face's index in it, or undefined for a stored face. */
  generatedAt(slot: number): { segment: GeneratedSegment; index: number } | undefined {
    const segment = this.segmentAt(slot);
    return segment.kind === 'generated' ? { segment, index: slot - segment.start } : undefined;
  }

  faceIdAt(slot: number): string {
    const segment = this.segmentAt(slot);
    if (segment.kind === 'generated') return segment.scheme.idOf(slot - segment.start);
    return this.explicitFace(segment, slot).faceId;
  }

  faceAt(slot: number): StoredFace {
    const segment = this.segmentAt(slot);
    if (segment.kind === 'explicit') return this.explicitFace(segment, slot);
    const index = slot - segment.start;
    return {
      faceId: segment.scheme.idOf(index),
      imageId: segment.imageScheme.idOf(index),
      ...(segment.externalImageIdPrefix === undefined
        ? {}
        : { externalImageId: `${segment.externalImageIdPrefix}${index}` }),
      boundingBox: { ...generatedBox(index) },
      confidence: GENERATED_CONFIDENCE,
    };
  }

  /** Deletes a live face; false if it was not live. The caller clears any user association first. */
  remove(slot: number): boolean {
    if (!this.liveness.kill(slot)) return false;
    this.userRefs[slot] = 0;
    const segment = this.segmentAt(slot);
    if (segment.kind === 'explicit') {
      const face = segment.faces[slot - segment.start];
      if (face) this.explicitSlots.delete(face.faceId);
      // Drop the record so a long IndexFaces/DeleteFaces churn does not keep every face ever indexed in memory.
      segment.faces[slot - segment.start] = undefined;
    }
    return true;
  }

  userRefAt(slot: number): number {
    return this.userRefs[slot] ?? 0;
  }

  setUserRef(slot: number, ref: number): void {
    this.userRefs[slot] = ref;
  }

  private explicitFace(segment: ExplicitSegment, slot: number): StoredFace {
    const face = segment.faces[slot - segment.start];
    if (!face) throw new Error(`slot ${slot} holds no face`);
    return face;
  }

  private segmentAt(slot: number): FaceSegment {
    let low = 0;
    let high = this.segmentList.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.segmentList[middle]?.start ?? 0) <= slot) low = middle;
      else high = middle - 1;
    }
    const segment = this.segmentList[low];
    if (!segment) throw new Error(`slot ${slot} is outside the table`);
    return segment;
  }

  private ensureUserRefCapacity(needed: number): void {
    if (needed <= this.userRefs.length) return;
    let capacity = this.userRefs.length;
    while (capacity < needed) capacity *= 2;
    const refs = new Int32Array(capacity);
    refs.set(this.userRefs);
    this.userRefs = refs;
  }
}

/**
 * Which slots of an append-only table are still alive. Deleting marks a slot dead instead of removing it, so slot
 * numbers never shift: a NextToken that says "resume at slot 81920" stays valid while earlier faces are deleted,
 * and a delete costs O(1) instead of O(n). Per-chunk live counts let a scan jump over long deleted runs, so listing
 * the tail of a mostly-purged million-face collection does not walk every dead slot.
 */
const CHUNK_BITS = 10;
const CHUNK_SIZE = 1 << CHUNK_BITS;

export class SlotLiveness {
  private alive = new Uint8Array(CHUNK_SIZE);
  private chunkLive = new Int32Array(1);
  private slots = 0;
  private live = 0;

  /** Slots ever appended, alive or dead. */
  get slotCount(): number {
    return this.slots;
  }

  get liveCount(): number {
    return this.live;
  }

  /** Appends `count` live slots and returns the first one. */
  appendLive(count: number): number {
    const start = this.slots;
    this.ensureCapacity(start + count);
    this.alive.fill(1, start, start + count);
    let slot = start;
    const end = start + count;
    while (slot < end) {
      const chunk = slot >>> CHUNK_BITS;
      const chunkEnd = smaller(end, (chunk + 1) << CHUNK_BITS);
      this.chunkLive[chunk] = (this.chunkLive[chunk] ?? 0) + (chunkEnd - slot);
      slot = chunkEnd;
    }
    this.slots = end;
    this.live += count;
    return start;
  }

  isLive(slot: number): boolean {
    return slot >= 0 && slot < this.slots && this.alive[slot] === 1;
  }

  /** Marks a slot dead; false if it already was. */
  kill(slot: number): boolean {
    if (!this.isLive(slot)) return false;
    this.alive[slot] = 0;
    const chunk = slot >>> CHUNK_BITS;
    this.chunkLive[chunk] = (this.chunkLive[chunk] ?? 1) - 1;
    this.live--;
    return true;
  }

  /** The first live slot at or after `from`, or -1. */
  nextLive(from: number): number {
    // Not Math.min/max: Math lookups are slow under jest (see smaller()).
    let slot = from < 0 ? 0 : from;
    while (slot < this.slots) {
      const chunk = slot >>> CHUNK_BITS;
      if (this.chunkLive[chunk] === 0) {
        slot = (chunk + 1) << CHUNK_BITS;
        continue;
      }
      const chunkEnd = smaller(this.slots, (chunk + 1) << CHUNK_BITS);
      for (; slot < chunkEnd; slot++) {
        if (this.alive[slot] === 1) return slot;
      }
    }
    return -1;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.alive.length) return;
    let capacity = this.alive.length;
    while (capacity < needed) capacity *= 2;
    const alive = new Uint8Array(capacity);
    alive.set(this.alive);
    this.alive = alive;
    const chunkLive = new Int32Array(capacity >>> CHUNK_BITS);
    chunkLive.set(this.chunkLive);
    this.chunkLive = chunkLive;
  }
}

/** Not Math.min: this runs per listed face, and `Math` lookups are slow under jest's wrapped globals. */
function smaller(a: number, b: number): number {
  // Not Math.min/max: the point of this function (see above).
  return a < b ? a : b;
}

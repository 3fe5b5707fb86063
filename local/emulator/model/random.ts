/**
 * A small seeded PRNG (mulberry32). Reproducibility is the point: with a fixed `randomSeed`, the same calls produce
 * the same face ids and the same injected faults, so a failing test or benchmark can be replayed exactly.
 * Not for anything security-related.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A version-4 UUID built from this generator, in the lowercase form Rekognition returns. */
  uuid(): string {
    const a = hex8(this.uint32());
    const b = hex8(this.uint32());
    const c = hex8(this.uint32());
    const d = hex8(this.uint32());
    const variant = ((Number.parseInt(c[0] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }

  /** Eight lowercase hex digits. */
  hex8(): string {
    return hex8(this.uint32());
  }
}

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** A random seed when the caller did not fix one. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

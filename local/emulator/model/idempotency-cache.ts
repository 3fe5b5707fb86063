/**
 * ClientRequestToken memory for CreateUser, DeleteUser, AssociateFaces and DisassociateFaces. The SDK fills the
 * token itself and reuses it on retries, so when a response was lost after the change was applied, the retry gets
 * the original answer instead of ConflictException or ResourceNotFoundException, as with the real service.
 */
const DEFAULT_CAPACITY = 10_000;

interface Remembered {
  fingerprint: string;
  response: object;
}

export type Recollection = { kind: 'replay'; response: object } | { kind: 'mismatch' } | { kind: 'unknown' };

export class IdempotencyCache {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** `fingerprint` identifies the request's parameters: the same token with other parameters is a mismatch. */
  recall(operation: string, token: string, fingerprint: string): Recollection {
    const remembered = this.entries.get(`${operation}:${token}`);
    if (!remembered) return { kind: 'unknown' };
    if (remembered.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return { kind: 'replay', response: remembered.response };
  }

  remember(operation: string, token: string, fingerprint: string, response: object): void {
    if (this.entries.size >= this.capacity) {
      // Maps iterate in insertion order, so the first key is the oldest token.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(`${operation}:${token}`, { fingerprint, response });
  }
}

/** One face collection: its faces, its users, the associations between them, and its tags. */
import { FaceTable } from './face-table';
import { IdempotencyCache } from './idempotency-cache';
import { type User, UserTable } from './user-table';

/** The real service's limit; AssociateFaces beyond it is refused with ServiceQuotaExceededException. */
export const MAX_FACES_PER_USER = 100;

export interface CollectionInit {
  id: string;
  arn: string;
  createdAt: number;
  faceModelVersion: string;
  /** Distinguishes a collection from an earlier one with the same id, so old NextTokens are rejected. */
  generation: number;
  tags: Map<string, string>;
}

export class Collection {
  readonly id: string;
  readonly arn: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly faceModelVersion: string;
  readonly generation: number;
  readonly tags: Map<string, string>;
  readonly faces = new FaceTable();
  readonly users = new UserTable();
  readonly idempotency = new IdempotencyCache();

  constructor(init: CollectionInit) {
    this.id = init.id;
    this.arn = init.arn;
    this.createdAt = init.createdAt;
    this.faceModelVersion = init.faceModelVersion;
    this.generation = init.generation;
    this.tags = init.tags;
  }

  get faceCount(): number {
    return this.faces.count;
  }

  get userCount(): number {
    return this.users.count;
  }

  hasFace(faceId: string): boolean {
    return this.faces.slotOf(faceId) >= 0;
  }

  /** The user a face is associated to, by face id (undefined if none or if the face does not exist). */
  userIdOf(faceId: string): string | undefined {
    const slot = this.faces.slotOf(faceId);
    return slot < 0 ? undefined : this.userAt(slot)?.userId;
  }

  userAt(slot: number): User | undefined {
    return this.users.byRef(this.faces.userRefAt(slot));
  }

  /** Every live face id in listing order. For tests and snapshots of small collections: O(n). */
  faceIds(): string[] {
    const ids: string[] = [];
    for (let slot = this.faces.nextLive(0); slot >= 0; slot = this.faces.nextLive(slot + 1)) {
      ids.push(this.faces.faceIdAt(slot));
    }
    return ids;
  }

  associate(slot: number, user: User): void {
    this.userAt(slot)?.faceSlots.delete(slot);
    this.faces.setUserRef(slot, user.ref);
    user.faceSlots.add(slot);
  }

  disassociate(slot: number): void {
    this.userAt(slot)?.faceSlots.delete(slot);
    this.faces.setUserRef(slot, 0);
  }

  /** Deletes the user and returns how many faces it released; the faces themselves stay, as in the service. */
  deleteUser(user: User): number {
    const released = user.faceSlots.size;
    for (const slot of user.faceSlots) this.faces.setUserRef(slot, 0);
    user.faceSlots.clear();
    this.users.remove(user);
    return released;
  }
}

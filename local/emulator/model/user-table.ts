/**
 * The users of one collection, in creation order. Like faces, a deleted user leaves a dead slot behind so a
 * ListUsers NextToken (a slot number) survives users being deleted between pages.
 */
import { SlotLiveness } from './slot-liveness';

export class User {
  /** Slots (in the collection's FaceTable) of the faces associated to this user. At most 100. */
  readonly faceSlots = new Set<number>();

  constructor(
    readonly userId: string,
    readonly slot: number,
  ) {}

  /** What FaceTable stores for a face associated to this user (0 means none). */
  get ref(): number {
    return this.slot + 1;
  }

  /** A user with no face yet is CREATED; one with faces is ACTIVE (the emulator never shows UPDATING). */
  get status(): 'CREATED' | 'ACTIVE' {
    return this.faceSlots.size > 0 ? 'ACTIVE' : 'CREATED';
  }
}

export class UserTable {
  private readonly liveness = new SlotLiveness();
  private readonly bySlot: (User | undefined)[] = [];
  private readonly byId = new Map<string, User>();

  get count(): number {
    return this.byId.size;
  }

  get(userId: string): User | undefined {
    return this.byId.get(userId);
  }

  /** The user a FaceTable reference points to. */
  byRef(ref: number): User | undefined {
    return ref > 0 ? this.bySlot[ref - 1] : undefined;
  }

  create(userId: string): User {
    if (this.byId.has(userId)) throw new Error(`user ${userId} already exists`);
    const user = new User(userId, this.liveness.appendLive(1));
    this.bySlot[user.slot] = user;
    this.byId.set(userId, user);
    return user;
  }

  /** Forgets the user; the caller disassociates its faces first. */
  remove(user: User): void {
    this.liveness.kill(user.slot);
    this.bySlot[user.slot] = undefined;
    this.byId.delete(user.userId);
  }

  /** The first live user whose slot is at or after `from`. */
  nextFrom(from: number): User | undefined {
    const slot = this.liveness.nextLive(from);
    return slot < 0 ? undefined : this.bySlot[slot];
  }

  all(): IterableIterator<User> {
    return this.byId.values();
  }
}

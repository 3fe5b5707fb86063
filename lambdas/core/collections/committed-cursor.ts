/**
 * The page token that is safe to persist while pages are deleted out of order: the token after the longest run of
 * fully deleted pages from the start. Resuming from it may list some deleted pages again (harmless: their faces
 * are gone), but never skips a face that was not deleted.
 */
export class CommittedCursor {
  private nextIndex = 0;
  private readonly completed = new Map<number, string | undefined>();
  private finishedAll = false;

  constructor(private token: string | undefined) {}

  /** Page `index` (0 = the page listed with the start token) is deleted; `nextToken` is the token listed after it. */
  complete(index: number, nextToken: string | undefined): void {
    this.completed.set(index, nextToken);
    while (this.completed.has(this.nextIndex)) {
      const after = this.completed.get(this.nextIndex);
      this.completed.delete(this.nextIndex);
      this.nextIndex += 1;
      this.token = after;
      if (after === undefined) this.finishedAll = true;
    }
  }

  get value(): string | undefined {
    return this.token;
  }

  /** The last page is deleted, and every page before it. */
  get finished(): boolean {
    return this.finishedAll;
  }
}

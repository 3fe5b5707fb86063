import { ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { isNotFound } from '../aws/rekognition-errors';

/** ListFaces' largest page, which is also DeleteFaces' largest batch: one page, one delete. */
export const FACE_PAGE_SIZE = 4096;

/** One ListFaces answer. Errors are values so a page listed ahead and never read cannot reject unhandled. */
export type FaceListing =
  | { kind: 'page'; faceIds: string[]; nextToken?: string }
  | { kind: 'end' }
  | { kind: 'collection-absent' }
  | { kind: 'error'; error: unknown };

/**
 * Hands out the collection's face pages in order, listing up to `listAhead` pages beyond the one last handed out.
 * Each page needs the previous page's token, so the look-ahead is a chain of calls, not parallel calls.
 */
export class FacePageLister {
  private readonly pending: Promise<FaceListing>[] = [];
  private last: Promise<FaceListing>;

  constructor(
    private readonly rekognition: RekognitionClient,
    private readonly collectionId: string,
    startToken: string | undefined,
    private readonly listAhead: number,
  ) {
    this.last = this.list(startToken);
    this.pending.push(this.last);
  }

  /** The next page, or `end` after the last one. */
  async next(): Promise<FaceListing> {
    if (this.pending.length === 0) this.extend();
    const listing = this.pending.shift() as Promise<FaceListing>;
    while (this.pending.length < this.listAhead) this.extend();
    return listing;
  }

  /** Waits for the listings still running, so no call outlives the invocation. */
  async close(): Promise<void> {
    await Promise.all(this.pending);
  }

  private extend(): void {
    this.last = this.last.then((previous) =>
      previous.kind === 'page' && previous.nextToken !== undefined ? this.list(previous.nextToken) : { kind: 'end' },
    );
    this.pending.push(this.last);
  }

  private async list(token: string | undefined): Promise<FaceListing> {
    try {
      const out = await this.rekognition.send(
        new ListFacesCommand({
          CollectionId: this.collectionId,
          MaxResults: FACE_PAGE_SIZE,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
      const faceIds = (out.Faces ?? []).flatMap((face) => (face.FaceId === undefined ? [] : [face.FaceId]));
      return out.NextToken === undefined
        ? { kind: 'page', faceIds }
        : { kind: 'page', faceIds, nextToken: out.NextToken };
    } catch (error) {
      if (isNotFound(error)) return { kind: 'collection-absent' };
      return { kind: 'error', error };
    }
  }
}

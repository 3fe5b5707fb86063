import {
  DescribeCollectionCommand,
  ListCollectionsCommand,
  ListFacesCommand,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import type { Limiter } from '../async/limiter';
import { chunk, collectPages } from '../async/paging';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import { readTags } from '../protection';

/** ListCollections and ListFaces accept at most 4096 results (and ListFaces at most 4096 FaceIds) per call. */
const MAX_PAGE = 4096;

export interface CollectionListing {
  collectionId: string;
  faceModelVersion?: string;
}

export interface CollectionFacts {
  collectionId: string;
  collectionArn: string;
  faceCount: number;
  userCount: number;
  createdAt?: Date;
}

type Tags = Record<string, string>;

/** What the inventory has learnt, as JSON: a Plan that runs out of time stores it and its next invocation goes on. */
export interface InventoryCache {
  listing?: CollectionListing[];
  /** null: the collection was gone when described (or its tags read). */
  facts: Record<string, (Omit<CollectionFacts, 'createdAt'> & { createdAt?: string }) | null>;
  tags: Record<string, Tags | null>;
}

/** The Plan's time budget ran out: its next invocation resumes from the inventory's cache. */
export class PlanBudgetExpired extends Error {
  override readonly name = 'PlanBudgetExpired';
}

/**
 * The account's collections as the Plan sees them. Several sections often ask about the same collection (a
 * subject erased from "every collection", a prefix selector, explicit faces): each collection is described and
 * its tags read at most once per Plan, through the shared limiter.
 */
export class CollectionInventory {
  private listed?: Promise<CollectionListing[]>;
  private readonly facts = new Map<string, Promise<CollectionFacts | undefined>>();
  private readonly tagsById = new Map<string, Promise<Tags | undefined>>();
  private arnPrefix?: Promise<string | undefined>;
  private readonly learnt: InventoryCache;

  constructor(
    private readonly rekognition: RekognitionClient,
    private readonly limit: Limiter,
    /** Checked before every call: once it is spent, the inventory refuses to call (PlanBudgetExpired). */
    private readonly expired: () => boolean = () => false,
    cache?: InventoryCache,
  ) {
    this.learnt = cache === undefined ? { facts: {}, tags: {} } : structuredClone(cache);
    if (this.learnt.listing !== undefined) this.listed = Promise.resolve(this.learnt.listing);
    for (const [id, facts] of Object.entries(this.learnt.facts)) {
      const known =
        facts === null
          ? undefined
          : { ...facts, ...(facts.createdAt === undefined ? {} : { createdAt: new Date(facts.createdAt) }) };
      this.facts.set(id, Promise.resolve(known as CollectionFacts | undefined));
    }
    for (const [id, tags] of Object.entries(this.learnt.tags))
      this.tagsById.set(id, Promise.resolve(tags ?? undefined));
  }

  /** Everything learnt so far (calls still in flight are not included). */
  cache(): InventoryCache {
    return structuredClone(this.learnt);
  }

  /** Every collection of the account and region, sorted by id. */
  listing(): Promise<CollectionListing[]> {
    this.listed ??= this.budgeted(() => this.listAll()).then((listing) => {
      this.learnt.listing = listing;
      return listing;
    });
    return this.listed;
  }

  async exists(collectionId: string): Promise<boolean> {
    return (await this.listing()).some((entry) => entry.collectionId === collectionId);
  }

  /** Undefined when the collection was deleted after it was listed. */
  describe(collectionId: string): Promise<CollectionFacts | undefined> {
    let facts = this.facts.get(collectionId);
    if (facts === undefined) {
      facts = this.limit(() => this.budgeted(() => this.describeNow(collectionId))).then((known) => {
        if (known === undefined) this.learnt.facts[collectionId] = null;
        else {
          const { createdAt, ...rest } = known;
          this.learnt.facts[collectionId] = {
            ...rest,
            ...(createdAt === undefined ? {} : { createdAt: createdAt.toISOString() }),
          };
        }
        return known;
      });
      this.facts.set(collectionId, facts);
    }
    return facts;
  }

  /**
   * A listed collection's ARN without describing it: every collection ARN of an account and region shares one
   * prefix, learned from the first collection described. Saves one call per collection when a subject is searched
   * in every collection. Undefined when no collection can be described (they were all deleted meanwhile).
   */
  async arnOf(collectionId: string): Promise<string | undefined> {
    this.arnPrefix ??= this.learnArnPrefix(collectionId);
    const prefix = await this.arnPrefix;
    return prefix === undefined ? undefined : `${prefix}${collectionId}`;
  }

  private async learnArnPrefix(first: string): Promise<string | undefined> {
    const candidates = [
      first,
      ...(await this.listing()).map((entry) => entry.collectionId).filter((id) => id !== first),
    ];
    for (const collectionId of candidates) {
      const facts = await this.describe(collectionId);
      if (facts !== undefined) return facts.collectionArn.slice(0, facts.collectionArn.length - collectionId.length);
    }
    return undefined;
  }

  /** Undefined when the collection no longer exists. */
  tags(collectionId: string): Promise<Tags | undefined> {
    let tags = this.tagsById.get(collectionId);
    if (tags === undefined) {
      tags = this.describe(collectionId)
        .then((facts) =>
          facts === undefined
            ? undefined
            : this.limit(() => this.budgeted(() => readTags(this.rekognition, facts.collectionArn))),
        )
        .then((read) => {
          this.learnt.tags[collectionId] = read ?? null;
          return read;
        });
      this.tagsById.set(collectionId, tags);
    }
    return tags;
  }

  /** How many of `faceIds` exist in the collection; undefined when the collection no longer exists. */
  async countExistingFaces(collectionId: string, faceIds: readonly string[]): Promise<number | undefined> {
    const wanted = new Set(faceIds);
    const found = new Set<string>();
    try {
      for (const ids of chunk(faceIds, MAX_PAGE)) {
        const pages = await collectPages((NextToken) =>
          this.limit(() =>
            this.rekognition.send(
              new ListFacesCommand({ CollectionId: collectionId, FaceIds: ids, MaxResults: MAX_PAGE, NextToken }),
            ),
          ),
        );
        for (const face of pages.flatMap((page) => page.Faces ?? [])) {
          // Only ids we asked about count, whatever the filter returns.
          if (face.FaceId !== undefined && wanted.has(face.FaceId)) found.add(face.FaceId);
        }
      }
    } catch (error) {
      if (isNotFound(error)) return undefined;
      return classifyRekognitionError(error);
    }
    return found.size;
  }

  private budgeted<T>(call: () => Promise<T>): Promise<T> {
    return this.expired() ? Promise.reject(new PlanBudgetExpired('the Plan ran out of time')) : call();
  }

  private async listAll(): Promise<CollectionListing[]> {
    try {
      const pages = await collectPages((NextToken) =>
        this.limit(() => this.rekognition.send(new ListCollectionsCommand({ MaxResults: MAX_PAGE, NextToken }))),
      );
      const byId = new Map<string, CollectionListing>();
      for (const page of pages) {
        (page.CollectionIds ?? []).forEach((collectionId, index) => {
          const faceModelVersion = page.FaceModelVersions?.[index];
          byId.set(collectionId, { collectionId, ...(faceModelVersion !== undefined ? { faceModelVersion } : {}) });
        });
      }
      return [...byId.values()].sort((a, b) => compareText(a.collectionId, b.collectionId));
    } catch (error) {
      return classifyRekognitionError(error);
    }
  }

  private async describeNow(collectionId: string): Promise<CollectionFacts | undefined> {
    try {
      const out = await this.rekognition.send(new DescribeCollectionCommand({ CollectionId: collectionId }));
      // Without the ARN its tags (and so its protection) cannot be read: nothing may be decided about it.
      if (out.CollectionARN === undefined) {
        throw new Error(`DescribeCollection returned no CollectionARN for collection ${JSON.stringify(collectionId)}`);
      }
      return {
        collectionId,
        collectionArn: out.CollectionARN,
        faceCount: out.FaceCount ?? 0,
        userCount: out.UserCount ?? 0,
        ...(out.CreationTimestamp !== undefined ? { createdAt: out.CreationTimestamp } : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      return classifyRekognitionError(error);
    }
  }
}

/** Locale-independent ordering, so the plan is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

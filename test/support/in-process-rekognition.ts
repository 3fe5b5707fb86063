import { createHash } from 'node:crypto';
import { ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-rekognition';
import {
  type InProcessEmulator,
  inProcessEmulator,
  type WorldCollection,
  type WorldFace,
  type WorldProject,
} from '../../local/emulator';

/**
 * Unit tests' Rekognition: the emulator in-process (local/emulator/in-process.ts), the one model of the service,
 * with a few reads a test asserts on. Face ids are UUIDs, as the service wants: `faceIdOf('alice-1')` names one
 * readably and deterministically.
 */
export interface TestRekognition extends InProcessEmulator {
  /** Live face ids of a collection, in ListFaces order; [] when it does not exist. */
  liveFaceIds(collectionId: string): string[];
  /** User ids of a collection, sorted. */
  liveUserIds(collectionId: string): string[];
  /** Every face id sent to DeleteFaces, in order (repeats included). */
  idsSentToDeleteFaces(): string[];
  /**
   * Rewrites the emulator's answers to one operation, for an answer the service may give and the model never does
   * (a reason code added later, a field left out). Use sparingly: the point is one model of the service.
   */
  rewriteAnswers(operation: string, rewrite: (output: Record<string, unknown>) => Record<string, unknown>): void;
  /** Replaces a collection's tags, behind the client's back. */
  setTags(collectionId: string, tags: Record<string, string>): void;
  /** Indexes faces into a collection behind the client's back (someone else's IndexFaces and AssociateFaces). */
  addFaces(collectionId: string, faces: WorldFace[]): void;
  /** What a plan reads of a collection: its ARN, counts and creation time. */
  collectionFacts(collectionId: string): {
    collectionArn: string;
    faceCount: number;
    userCount: number;
    createdAt: string;
  };
  /** Moves a face to another user (created if needed), or frees it (`undefined`), behind the client's back. */
  setHolder(collectionId: string, faceId: string, userId: string | undefined): void;
}

export interface TestRekognitionOptions {
  /** The SDK's attempts per command. @default 1 */
  maxAttempts?: number;
  /** Used in ARNs. @default 'us-east-1' */
  region?: string;
  /** How long each status change takes; long enough, and STARTING or STOPPING hold still. @default 0 */
  transitionMs?: number;
  /** Custom Labels projects and their versions, seeded with the collections. */
  projects?: WorldProject[];
  /**
   * Caps MaxResults on every paged call the client sends (and sets it where the caller sends none), so that a
   * fixture of a few items still pages. The service may return fewer items than asked; the emulator returns exactly
   * MaxResults, so the cap goes on the request. The call log keeps what the caller sent. @default no cap
   */
  pageSize?: number;
}

/** Operations that take MaxResults and answer with NextToken. */
const PAGED = new Set(['ListCollections', 'ListFaces', 'ListUsers', 'DescribeProjects', 'DescribeProjectVersions']);

/** Collections by id with their faces, or whole world collections (tags, users, creation time). */
export function testRekognition(
  collections: Record<string, WorldFace[]> | WorldCollection[] = [],
  options: TestRekognitionOptions = {},
): TestRekognition {
  const { projects, pageSize, ...emulatorOptions } = options;
  const seed = Array.isArray(collections)
    ? collections
    : Object.entries(collections).map(([id, faces]) => ({ id, faces }));
  const emulator = inProcessEmulator({
    seed: { collections: seed, ...(projects === undefined ? {} : { projects }) },
    ...emulatorOptions,
  });
  if (pageSize !== undefined) capPages(emulator, pageSize);
  const existing = (collectionId: string) => {
    const collection = emulator.world.collection(collectionId);
    if (collection === undefined) throw new Error(`no collection ${collectionId}`);
    return collection;
  };
  const rewrites = new Map<string, (output: Record<string, unknown>) => Record<string, unknown>>();
  emulator.client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const rewrite = rewrites.get((context.commandName ?? '').replace(/Command$/, ''));
      if (rewrite === undefined) return result;
      const output = rewrite(result.output as unknown as Record<string, unknown>);
      return { ...result, output: output as unknown as typeof result.output };
    },
    { step: 'initialize', name: 'testRewriteAnswers', priority: 'low' },
  );
  return Object.assign(emulator, {
    rewriteAnswers: (operation: string, rewrite: (output: Record<string, unknown>) => Record<string, unknown>) => {
      rewrites.set(operation, rewrite);
    },
    setTags: (collectionId: string, tags: Record<string, string>) => {
      const collection = existing(collectionId);
      collection.tags.clear();
      for (const [key, value] of Object.entries(tags)) collection.tags.set(key, value);
    },
    addFaces: (collectionId: string, faces: WorldFace[]) => {
      const collection = existing(collectionId);
      for (const face of faces) {
        const slot = collection.faces.appendExplicit({
          faceId: face.faceId ?? emulator.world.newUuid(),
          imageId: face.imageId ?? emulator.world.newUuid(),
          ...(face.externalImageId === undefined ? {} : { externalImageId: face.externalImageId }),
          boundingBox: { Width: 0.3, Height: 0.3, Left: 0.3, Top: 0.3 },
          confidence: 99.99,
        });
        if (face.userId !== undefined) {
          collection.associate(slot, collection.users.get(face.userId) ?? collection.users.create(face.userId));
        }
      }
    },
    collectionFacts: (collectionId: string) => {
      const collection = existing(collectionId);
      return {
        collectionArn: collection.arn,
        faceCount: collection.faceCount,
        userCount: collection.userCount,
        createdAt: new Date(collection.createdAt).toISOString(),
      };
    },
    setHolder: (collectionId: string, faceId: string, userId: string | undefined) => {
      const collection = emulator.world.collection(collectionId);
      const slot = collection?.faces.slotOf(faceId) ?? -1;
      if (collection === undefined || slot < 0) throw new Error(`no face ${faceId} in ${collectionId}`);
      if (collection.userAt(slot) !== undefined) collection.disassociate(slot);
      if (userId !== undefined)
        collection.associate(slot, collection.users.get(userId) ?? collection.users.create(userId));
    },
    liveFaceIds: (collectionId: string) => emulator.world.collection(collectionId)?.faceIds() ?? [],
    liveUserIds: (collectionId: string) =>
      [...(emulator.world.collection(collectionId)?.users.all() ?? [])].map((user) => user.userId).sort(),
    idsSentToDeleteFaces: () => emulator.callsOf('DeleteFaces').flatMap((input) => input.FaceIds as string[]),
  });
}

function capPages(emulator: InProcessEmulator, pageSize: number): void {
  emulator.client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (!PAGED.has(operation)) return next(args);
      const input = args.input as { MaxResults?: number };
      const MaxResults = Math.min(input.MaxResults ?? pageSize, pageSize);
      return next({ ...args, input: { ...args.input, MaxResults } });
    },
    // After the call log (normal priority): the log shows the caller's MaxResults, the emulator sees the cap.
    { step: 'initialize', name: 'testPageSize', priority: 'low' },
  );
}

/** A lowercase UUID derived from a label: the same label, the same id. */
export function faceIdOf(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `count` face ids, `faceIdOf('<prefix>-<i>')` for i from `from`. */
export function faceIdsOf(count: number, prefix = 'f', from = 0): string[] {
  return Array.from({ length: count }, (_, i) => faceIdOf(`${prefix}-${from + i}`));
}

export function throttled(): ThrottlingException {
  return new ThrottlingException({ message: 'slow down', $metadata: {} });
}

export function notFound(what = 'collection'): ResourceNotFoundException {
  return new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });
}

/** A clock a test moves by hand, for TimeBudget. */
export class ManualClock {
  now = 0;
  readonly read = (): number => this.now;
}

/**
 * An in-memory Rekognition behind aws-sdk-client-mock, just faithful enough for the delete and find logic: slot-based
 * page tokens that survive deletions (as the service's do), users holding faces, the per-call limits, and
 * ResourceNotFoundException for a missing collection. `beforeCall` lets a test throw or change the world before a
 * call is answered (a crash, a late face, an expired budget).
 */
import {
  DeleteCollectionCommand,
  DeleteFacesCommand,
  DeleteUserCommand,
  DescribeCollectionCommand,
  DisassociateFacesCommand,
  InvalidParameterException,
  ListFacesCommand,
  ListTagsForResourceCommand,
  ListUsersCommand,
  RekognitionClient,
  ResourceNotFoundException,
  ThrottlingException,
  type UnsuccessfulFaceDeletion,
} from '@aws-sdk/client-rekognition';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

export interface FaceSeed {
  faceId: string;
  userId?: string;
  externalImageId?: string;
}

interface Slot extends FaceSeed {
  live: boolean;
}

export interface FakeOptions {
  /** DeleteFaces leaves UserId out of ASSOCIATED_TO_AN_EXISTING_USER entries. */
  omitUserIdOnAssociated?: boolean;
  /** ListFaces with an unknown UserId answers ResourceNotFoundException instead of an empty page. */
  unknownUserIsNotFound?: boolean;
}

export type CommandName =
  | 'ListTagsForResource'
  | 'DescribeCollection'
  | 'DeleteCollection'
  | 'DeleteFaces'
  | 'DisassociateFaces'
  | 'ListFaces'
  | 'ListUsers'
  | 'DeleteUser';

export interface RecordedCall {
  name: CommandName;
  input: Record<string, unknown>;
}

export const ACCOUNT_ARN = 'arn:aws:rekognition:us-east-1:123456789012:collection';

export function faceId(n: number, prefix = 'f'): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

export function faceIds(count: number, prefix = 'f', from = 0): string[] {
  return Array.from({ length: count }, (_, i) => faceId(from + i, prefix));
}

export function notFound(what = 'collection'): ResourceNotFoundException {
  return new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });
}

export function throttled(): ThrottlingException {
  return new ThrottlingException({ message: 'slow down', $metadata: {} });
}

export class FakeCollection {
  exists = true;
  tags: Record<string, string> = {};
  /** DescribeCollection's CreationTimestamp and FaceModelVersion, for the act-time re-checks. */
  createdAt: Date | undefined;
  faceModelVersion: string | undefined;
  readonly slots: Slot[] = [];
  private readonly byFaceId = new Map<string, Slot>();
  /** Users in creation order (deleted ones stay as dead slots, like faces). */
  readonly users: { userId: string; live: boolean }[] = [];

  constructor(
    readonly id: string,
    faces: FaceSeed[] = [],
    userIds: string[] = [],
  ) {
    for (const userId of userIds) this.users.push({ userId, live: true });
    this.addFaces(faces);
  }

  get arn(): string {
    return `${ACCOUNT_ARN}/${this.id}`;
  }

  addFaces(faces: FaceSeed[]): void {
    for (const face of faces) {
      if (face.userId !== undefined && !this.hasUser(face.userId)) this.users.push({ userId: face.userId, live: true });
      const slot: Slot = { ...face, live: true };
      this.slots.push(slot);
      this.byFaceId.set(face.faceId, slot);
    }
  }

  liveFaceIds(): string[] {
    return this.slots.filter((slot) => slot.live).map((slot) => slot.faceId);
  }

  liveUserIds(): string[] {
    return this.users.filter((user) => user.live).map((user) => user.userId);
  }

  hasUser(userId: string): boolean {
    return this.users.some((user) => user.live && user.userId === userId);
  }

  slotOf(id: string): Slot | undefined {
    const slot = this.byFaceId.get(id);
    return slot?.live ? slot : undefined;
  }
}

export class FakeRekognition {
  readonly client = new RekognitionClient({ region: 'us-east-1' });
  readonly mock: AwsClientStub<RekognitionClient>;
  readonly calls: RecordedCall[] = [];
  readonly collections = new Map<string, FakeCollection>();
  private readonly deleteUserTokens = new Set<string>();
  beforeCall: (call: RecordedCall, index: number) => void | Promise<void> = () => {};

  constructor(
    collections: FakeCollection[],
    private readonly options: FakeOptions = {},
  ) {
    for (const collection of collections) this.collections.set(collection.id, collection);
    this.mock = mockClient(this.client);
    this.route('ListTagsForResource', ListTagsForResourceCommand, (input) => {
      const collection = [...this.collections.values()].find((c) => c.arn === input.ResourceArn && c.exists);
      if (!collection) throw notFound();
      return { Tags: { ...collection.tags } };
    });
    this.route('DescribeCollection', DescribeCollectionCommand, (input) => {
      const collection = this.existing(input.CollectionId);
      return {
        FaceCount: collection.liveFaceIds().length,
        UserCount: collection.liveUserIds().length,
        ...(collection.createdAt === undefined ? {} : { CreationTimestamp: collection.createdAt }),
        ...(collection.faceModelVersion === undefined ? {} : { FaceModelVersion: collection.faceModelVersion }),
      };
    });
    this.route('DeleteCollection', DeleteCollectionCommand, (input) => {
      this.existing(input.CollectionId).exists = false;
      return { StatusCode: 200 };
    });
    this.route('DeleteFaces', DeleteFacesCommand, (input) => this.deleteFaces(input.CollectionId, input.FaceIds ?? []));
    this.route('DisassociateFaces', DisassociateFacesCommand, (input) =>
      this.disassociate(input.CollectionId, input.UserId ?? '', input.FaceIds ?? []),
    );
    this.route('ListFaces', ListFacesCommand, (input) => this.listFaces(input));
    this.route('ListUsers', ListUsersCommand, (input) => {
      const collection = this.existing(input.CollectionId);
      const start = Number(input.NextToken ?? 0);
      const max = input.MaxResults ?? 100;
      const page: { UserId: string }[] = [];
      let slot = start;
      for (; slot < collection.users.length && page.length < max; slot += 1) {
        const user = collection.users[slot];
        if (user?.live) page.push({ UserId: user.userId });
      }
      const more = collection.users.slice(slot).some((user) => user.live);
      return { Users: page, ...(more ? { NextToken: String(slot) } : {}) };
    });
    this.route('DeleteUser', DeleteUserCommand, (input) => {
      const collection = this.existing(input.CollectionId);
      // Like the service: the same token for the same request replays the first answer.
      const replayKey = `${input.ClientRequestToken}:${input.CollectionId}:${input.UserId}`;
      if (input.ClientRequestToken !== undefined && this.deleteUserTokens.has(replayKey)) return {};
      const user = collection.users.find((u) => u.live && u.userId === input.UserId);
      if (!user) throw notFound('user');
      user.live = false;
      for (const slot of collection.slots) if (slot.userId === input.UserId) delete slot.userId;
      if (input.ClientRequestToken !== undefined) this.deleteUserTokens.add(replayKey);
      return {};
    });
  }

  callsOf(name: CommandName): Record<string, unknown>[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.input);
  }

  /** Every face id sent to DeleteFaces, in order (repeats included). */
  idsSentToDeleteFaces(): string[] {
    return this.callsOf('DeleteFaces').flatMap((input) => input.FaceIds as string[]);
  }

  private route<I extends object, O>(
    name: CommandName,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- aws-sdk-client-mock's `on` takes any Command constructor.
    command: new (input: I) => any,
    answer: (input: I) => O,
  ): void {
    this.mock.on(command).callsFake(async (input: I) => {
      const call: RecordedCall = { name, input: input as Record<string, unknown> };
      this.calls.push(call);
      await this.beforeCall(call, this.calls.length - 1);
      return answer(input);
    });
  }

  private existing(id: string | undefined): FakeCollection {
    const collection = this.collections.get(id ?? '');
    if (!collection?.exists) throw notFound();
    return collection;
  }

  private deleteFaces(collectionId: string | undefined, ids: string[]) {
    if (ids.length > 4096) throw new InvalidParameterException({ message: 'too many face ids', $metadata: {} });
    const collection = this.existing(collectionId);
    const deleted: string[] = [];
    const unsuccessful: UnsuccessfulFaceDeletion[] = [];
    for (const id of ids) {
      const slot = collection.slotOf(id);
      if (!slot) unsuccessful.push({ FaceId: id, Reasons: ['FACE_NOT_FOUND'] });
      else if (slot.userId !== undefined) {
        unsuccessful.push({
          FaceId: id,
          Reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'],
          ...(this.options.omitUserIdOnAssociated ? {} : { UserId: slot.userId }),
        });
      } else {
        slot.live = false;
        deleted.push(id);
      }
    }
    return { DeletedFaces: deleted, UnsuccessfulFaceDeletions: unsuccessful };
  }

  private disassociate(collectionId: string | undefined, userId: string, ids: string[]) {
    if (ids.length > 100) throw new InvalidParameterException({ message: 'too many face ids', $metadata: {} });
    const collection = this.existing(collectionId);
    if (!collection.hasUser(userId)) throw notFound('user');
    const done: { FaceId: string }[] = [];
    const failed: { FaceId: string; Reasons: ('FACE_NOT_FOUND' | 'ASSOCIATED_TO_A_DIFFERENT_USER')[] }[] = [];
    for (const id of ids) {
      const slot = collection.slotOf(id);
      if (!slot) failed.push({ FaceId: id, Reasons: ['FACE_NOT_FOUND'] });
      // A face with no user is ignored and not returned, as the service documents.
      else if (slot.userId === undefined) continue;
      else if (slot.userId !== userId) failed.push({ FaceId: id, Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] });
      else {
        delete slot.userId;
        done.push({ FaceId: id });
      }
    }
    return { DisassociatedFaces: done, UnsuccessfulFaceDisassociations: failed };
  }

  private listFaces(input: {
    CollectionId?: string;
    NextToken?: string;
    MaxResults?: number;
    UserId?: string;
    FaceIds?: string[];
  }) {
    const collection = this.existing(input.CollectionId);
    if (input.UserId !== undefined && this.options.unknownUserIsNotFound && !collection.hasUser(input.UserId)) {
      throw notFound('user');
    }
    const wanted = input.FaceIds === undefined ? undefined : new Set(input.FaceIds);
    const matches = (slot: Slot) =>
      slot.live &&
      (input.UserId === undefined || slot.userId === input.UserId) &&
      (wanted === undefined || wanted.has(slot.faceId));
    const max = input.MaxResults ?? 1000;
    const faces: { FaceId: string; UserId?: string; ExternalImageId?: string }[] = [];
    let index = Number(input.NextToken ?? 0);
    for (; index < collection.slots.length && faces.length < max; index += 1) {
      const slot = collection.slots[index];
      if (!slot || !matches(slot)) continue;
      faces.push({
        FaceId: slot.faceId,
        ...(slot.userId === undefined ? {} : { UserId: slot.userId }),
        ...(slot.externalImageId === undefined ? {} : { ExternalImageId: slot.externalImageId }),
      });
    }
    const more = collection.slots.slice(index).some(matches);
    return { Faces: faces, ...(more ? { NextToken: String(index) } : {}) };
  }
}

/** A clock a test moves by hand, for TimeBudget. */
export class ManualClock {
  now = 0;
  readonly read = (): number => this.now;
}

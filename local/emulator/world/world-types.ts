/**
 * The seed format: what an emulator starts with, and what `snapshot()` returns. Documented with examples in
 * local/emulator/README.md. Every list is optional; unknown keys are rejected so a typo cannot go unnoticed.
 */
import type { VersionStatus } from '../model/version-lifecycle';

export interface World {
  collections?: WorldCollection[];
  projects?: WorldProject[];
}

/** When a resource was created: at most one of the two. @default the moment the emulator loads the world */
export interface CreatedWhen {
  /** ISO-8601 instant, e.g. "2024-01-31T12:00:00Z". */
  createdAt?: string;
  /** Days before the emulator loads the world (fractions allowed). */
  createdDaysAgo?: number;
}

export interface WorldCollection extends CreatedWhen {
  id: string;
  tags?: Record<string, string>;
  /** As DescribeCollection and ListCollections report it. @default "7.0" */
  faceModelVersion?: string;
  /** Listed in this order by ListFaces. */
  faces?: WorldFaceEntry[];
  /** Users, with the faces they hold (a face's `userId` is another way to say the same). */
  users?: WorldUser[];
}

export type WorldFaceEntry = WorldFace | WorldFaceBatch;

export interface WorldFace {
  /** Lowercase UUID. @default a generated one */
  faceId?: string;
  /** Lowercase UUID. @default a generated one */
  imageId?: string;
  externalImageId?: string;
  /** Associates the face to this user, creating the user if `users` does not list it. */
  userId?: string;
  /** @default 99.99 */
  confidence?: number;
}

/** Faces generated in bulk: nothing is stored per face, so a million costs a few megabytes. */
export interface WorldFaceBatch {
  generate: GeneratedFaces;
  /**
   * Index ranges `[start, end)` of generated faces that no longer exist. Written by `snapshot()` so a purged
   * batch reloads exactly; rarely useful by hand.
   */
  deletedRanges?: [number, number][];
}

export interface GeneratedFaces {
  count: number;
  /** Face `i` gets ExternalImageId `<prefix><i>`. @default no ExternalImageId */
  externalImageIdPrefix?: string;
  /** 8 lowercase hex digits that fix the generated face ids (the first group of each UUID). @default random */
  idTag?: string;
  /** Users holding consecutive generated faces: user `j` holds faces `j*facesPerUser ... (j+1)*facesPerUser-1`. */
  users?: GeneratedUsers;
}

export interface GeneratedUsers {
  count: number;
  /** 1..100 (a user holds at most 100 faces). */
  facesPerUser: number;
  /** User `j` is `<prefix><j>`. @default "user-" */
  userIdPrefix?: string;
}

export interface WorldUser {
  userId: string;
  /** Faces of this collection (explicit or generated ids) associated to the user. At most 100. */
  faceIds?: string[];
}

export interface WorldProject extends CreatedWhen {
  name: string;
  /** @default "CUSTOM_LABELS" */
  feature?: 'CUSTOM_LABELS' | 'CONTENT_MODERATION';
  autoUpdate?: 'ENABLED' | 'DISABLED';
  /** DELETING projects (which must have no versions) disappear after `transitionMs`. @default "CREATED" */
  status?: 'CREATED' | 'DELETING';
  tags?: Record<string, string>;
  versions?: WorldProjectVersion[];
}

export interface WorldProjectVersion extends CreatedWhen {
  name: string;
  /** Any status; transitional ones (TRAINING_IN_PROGRESS, STARTING, STOPPING, DELETING, COPYING_IN_PROGRESS)
   * settle `transitionMs` after the world loads. @default "TRAINING_COMPLETED" */
  status?: VersionStatus;
  /** @default a message that fits the status */
  statusMessage?: string;
  /** What TRAINING_IN_PROGRESS settles to. @default "TRAINING_COMPLETED" */
  trainingResult?: 'TRAINING_COMPLETED' | 'TRAINING_FAILED';
  tags?: Record<string, string>;
  minInferenceUnits?: number;
  maxInferenceUnits?: number;
  description?: string;
  kmsKeyId?: string;
  outputConfig?: { S3Bucket?: string; S3KeyPrefix?: string };
}

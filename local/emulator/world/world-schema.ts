/**
 * The world file, defined once: the seed format an emulator starts with and `snapshot()` returns (world-types.ts
 * infers its types from here, validate-world.ts validates with it, and `npm run schemas` publishes it as
 * schemas/world.schema.json). Every list is optional; unknown keys are refused so a typo cannot go unnoticed.
 * Cross-references (users' faces, duplicate ids) are checked while seeding, where the faces are at hand.
 *
 * Unlike the job contract, a world file reports every problem at once, so the rules about a whole object run even
 * when one of its fields is wrong (they read only what they need, defensively).
 */
import * as z from 'zod/mini';
import { described, object, oneOf } from '../../../lambdas/core/schema/fields';
import { MAX_GENERATED_INDEX } from '../model/generated-ids';
import { VERSION_STATUSES } from '../model/version-lifecycle';
import { MAX_TAGS, rules, type StringRule } from '../service/validation';

/** Enough for benchmarks, small enough that a typo (an extra zero) fails fast instead of exhausting memory. */
export const MAX_GENERATED_FACES = 20_000_000;
const RANGE_RULE = 'must be [start, end) with 0 <= start < end <= count';

// The pattern first: "must match <uuid pattern>" says more about "nope" than a length would. Not aborting, so a
// whole-object rule still runs; validateWorld keeps the first problem of each path.
function string(rule: StringRule) {
  const length = `must be ${rule.min} to ${rule.max} characters long`;
  return z
    .string({ error: 'must be a string' })
    .check(
      ...(rule.pattern === undefined ? [] : [z.regex(rule.pattern, { error: `must match ${rule.pattern.source}` })]),
      z.minLength(rule.min, { error: length }),
      z.maxLength(rule.max, { error: length }),
    );
}

function integer(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return z.int({ error: message }).check(z.gte(min, { error: message }), z.lte(max, { error: message }));
}

function number(min: number, max: number) {
  const message = `must be a number from ${min} to ${max}`;
  return z.number({ error: message }).check(z.gte(min, { error: message }), z.lte(max, { error: message }));
}

const list = <T extends z.core.SomeType>(item: T) => z.array(item, { error: 'must be an array' });

/** A rule about a whole object that runs even when some of its fields are wrong: a world reports every problem. */
function always<T>(problem: (value: T) => { message: string; path?: PropertyKey[] } | undefined) {
  return z.superRefine<T>(
    (value, context) => {
      const found = problem(value);
      if (found !== undefined) context.addIssue({ code: 'custom', message: found.message, path: found.path ?? [] });
    },
    { when: () => true },
  );
}

const tags = z
  .record(string(rules.tagKey), string(rules.tagValue), { error: 'must be an object' })
  .check(
    always<Record<string, string>>((value) =>
      Object.keys(value).length > MAX_TAGS ? { message: `must have at most ${MAX_TAGS} tags` } : undefined,
    ),
  )
  .register(z.globalRegistry, { maxProperties: MAX_TAGS });

/** When a resource was created: at most one of the two. Default: the moment the emulator loads the world. */
const creation = {
  createdAt: z.optional(
    described(
      z
        .string({ error: 'must be an ISO-8601 instant such as 2024-01-31T12:00:00Z' })
        .check(
          always<string>((value) =>
            Number.isNaN(Date.parse(value))
              ? { message: 'must be an ISO-8601 instant such as 2024-01-31T12:00:00Z' }
              : undefined,
          ),
        ),
      'ISO-8601 instant, e.g. "2024-01-31T12:00:00Z". At most one of createdAt and createdDaysAgo.',
    ),
  ),
  createdDaysAgo: z.optional(
    described(number(0, 36_500), 'Days before the emulator loads the world (fractions allowed).'),
  ),
};

const createdOnce = always<{ createdAt?: unknown; createdDaysAgo?: unknown }>((entry) =>
  entry.createdAt !== undefined && entry.createdDaysAgo !== undefined
    ? { message: 'set createdAt or createdDaysAgo, not both' }
    : undefined,
);

const face = described(
  object({
    faceId: z.optional(string(rules.faceId)),
    imageId: z.optional(string(rules.faceId)),
    externalImageId: z.optional(string(rules.externalImageId)),
    /** Associates the face to this user, creating the user if `users` does not list it. */
    userId: z.optional(string(rules.userId)),
    confidence: z.optional(number(0, 100)),
  }),
  'One face. faceId and imageId default to generated lowercase UUIDs; userId associates the face to that user; confidence defaults to 99.99.',
);

const generatedUsers = described(
  object({
    count: integer(1, MAX_GENERATED_FACES),
    facesPerUser: integer(1, 100),
    userIdPrefix: z.optional(string({ min: 1, max: 100, pattern: rules.userId.pattern })),
  }),
  'Users holding consecutive generated faces: user j is <userIdPrefix><j> (default "user-") and holds faces j*facesPerUser to (j+1)*facesPerUser-1.',
);

const generated = object(
  {
    count: integer(0, MAX_GENERATED_FACES),
    externalImageIdPrefix: z.optional(string({ min: 1, max: 240, pattern: rules.externalImageId.pattern })),
    idTag: z.optional(string({ min: 8, max: 8, pattern: /^[0-9a-f]{8}$/ })),
    users: z.optional(generatedUsers),
  },
  always((value) => {
    const { count, users } = value as { count?: unknown; users?: { count?: unknown; facesPerUser?: unknown } };
    const needed = Number(users?.count) * Number(users?.facesPerUser);
    return typeof count === 'number' && needed > count
      ? { message: `count * facesPerUser (${needed}) exceeds the ${count} generated faces`, path: ['users'] }
      : undefined;
  }),
);

const faceBatch = described(
  object(
    {
      generate: generated,
      deletedRanges: z.optional(
        described(
          list(z.tuple([z.int({ error: RANGE_RULE }), z.int({ error: RANGE_RULE })], { error: RANGE_RULE })),
          'Index ranges [start, end) of generated faces that no longer exist, as snapshot() writes them.',
        ),
      ),
    },
    always((batch) => {
      const { generate, deletedRanges } = batch as { generate?: { count?: unknown }; deletedRanges?: unknown };
      const count = typeof generate?.count === 'number' ? generate.count : MAX_GENERATED_INDEX;
      if (!Array.isArray(deletedRanges)) return undefined;
      const index = deletedRanges.findIndex((range) => {
        const [start, end] = Array.isArray(range) ? (range as unknown[]) : [];
        return !(typeof start === 'number' && typeof end === 'number' && start >= 0 && start < end && end <= count);
      });
      return index < 0 ? undefined : { message: RANGE_RULE, path: ['deletedRanges', index] };
    }),
  ),
  'Faces generated in bulk: nothing is stored per face, so a million costs a few megabytes.',
);

const user = object({
  userId: string(rules.userId),
  faceIds: z.optional(list(string(rules.faceId)).check(z.maxLength(100, { error: 'a user holds at most 100 faces' }))),
});

const collection = object(
  {
    id: string(rules.collectionId),
    tags: z.optional(tags),
    faceModelVersion: z.optional(described(string({ min: 1, max: 16 }), 'Default "7.0".')),
    /** Listed in this order by ListFaces. A batch is told apart from a face by its `generate` key. */
    faces: z.optional(list(z.union([faceBatch, face]))),
    users: z.optional(list(user)),
    ...creation,
  },
  createdOnce,
);

const version = object(
  {
    name: string(rules.versionName),
    status: z.optional(
      described(
        oneOf(VERSION_STATUSES),
        'Transitional statuses settle transitionMs after the world loads. Default "TRAINING_COMPLETED".',
      ),
    ),
    statusMessage: z.optional(string({ min: 1, max: 1024 })),
    trainingResult: z.optional(oneOf(['TRAINING_COMPLETED', 'TRAINING_FAILED'])),
    tags: z.optional(tags),
    minInferenceUnits: z.optional(integer(1, 1000)),
    maxInferenceUnits: z.optional(integer(1, 1000)),
    description: z.optional(string(rules.versionDescription)),
    kmsKeyId: z.optional(string(rules.kmsKeyId)),
    outputConfig: z.optional(
      object({ S3Bucket: z.optional(string(rules.s3Bucket)), S3KeyPrefix: z.optional(string(rules.s3KeyPrefix)) }),
    ),
    ...creation,
  },
  createdOnce,
);

const project = object(
  {
    name: string(rules.projectName),
    feature: z.optional(oneOf(['CUSTOM_LABELS', 'CONTENT_MODERATION'])),
    autoUpdate: z.optional(oneOf(['ENABLED', 'DISABLED'])),
    status: z.optional(
      described(
        oneOf(['CREATED', 'DELETING']),
        'DELETING projects (which must have no versions) disappear after transitionMs. Default "CREATED".',
      ),
    ),
    tags: z.optional(tags),
    versions: z.optional(list(version)),
    ...creation,
  },
  createdOnce,
  always((value) => {
    const { status, versions } = value as { status?: unknown; versions?: unknown };
    return status === 'DELETING' && Array.isArray(versions) && versions.length > 0
      ? { message: 'a DELETING project cannot have versions (the service refuses to delete it)', path: ['status'] }
      : undefined;
  }),
);

export const world = described(
  object({ collections: z.optional(list(collection)), projects: z.optional(list(project)) }),
  'A world file of the rekognition-cleanup emulator: the collections, faces, users, projects and model versions it starts with.',
);

/** Which option explains a face entry that matched neither: a batch if it has `generate`, else a face. */
export function faceEntryBranch(value: unknown): number {
  return typeof value === 'object' && value !== null && 'generate' in value ? 0 : 1;
}

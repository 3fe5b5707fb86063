/**
 * The job contract, the state machine's input, defined once: its TypeScript types (types.ts), its validation
 * (validate.ts) and its published JSON Schema (schemas/cleanup-job.schema.json) all come from here. Other services
 * depend on this shape: rename nothing, add only optional fields. Within a `select`, the given criteria are ANDed.
 *
 * Limits per entry keep one Map item's payload bounded; the section limits keep the whole job well inside Step
 * Functions' 256 KB state size.
 */
import * as z from 'zod/mini';
import { boolean, described, idList, list, object, oneOf, rule } from '../schema/fields';
import { createdBefore } from './cut-off-instant';
import {
  collectionId,
  externalImageId,
  faceId,
  faceModelVersion,
  keepLatest,
  maxDeletions,
  olderThanDays,
  projectArn,
  projectVersionArn,
  requestId,
  userId,
} from './id-formats';
import { tagFilter } from './tag-filter';

const MAX_SECTION_ENTRIES = 100;
const MAX_LISTED_IDS = 1000;
/** DeleteFaces takes at most 4096 ids per call; one call per entry keeps each Map item's payload bounded. */
const MAX_FACE_IDS = 4096;
/** Every listed id travels in the plan state, which Step Functions caps at 256 KB: bound the job's total. */
const MAX_FACE_IDS_PER_JOB = 4096;
const MAX_EXTERNAL_IMAGE_IDS = 100;

export const COLLECTION_ACTIONS = ['DELETE_COLLECTION', 'DELETE_FACES'] as const;
/** What a projectVersions entry does to the versions it selects. @default "DELETE" */
export const PROJECT_VERSION_ACTIONS = ['STOP', 'DELETE'] as const;

const collectionIds = () => idList(collectionId, { min: 1, max: MAX_LISTED_IDS });

const COLLECTION_CRITERIA = ['ids', 'prefix', 'createdBefore', 'olderThanDays', 'tags', 'faceModelVersion'] as const;

export const collectionSelector = described(
  object(
    {
      ids: z.optional(collectionIds()),
      prefix: z.optional(collectionId),
      createdBefore: z.optional(createdBefore),
      olderThanDays: z.optional(olderThanDays),
      tags: z.optional(tagFilter),
      faceModelVersion: z.optional(faceModelVersion),
    },
    // Every field is a criterion, so an empty selector means the caller gave none: refuse rather than select all.
    rule((selector) =>
      Object.keys(selector).length === 0
        ? {
            message: `must contain at least one of ${COLLECTION_CRITERIA.join(', ')} (an empty selector would match everything)`,
          }
        : undefined,
    ),
  ),
  'Collections matching every given criterion (at least one). createdBefore: ISO-8601 with a time zone, not in the future; olderThanDays: by CreationTimestamp, from the job start.',
  { minProperties: 1 },
);

const collectionsEntry = object({ select: collectionSelector, action: oneOf(COLLECTION_ACTIONS) });

const facesEntry = object({ collectionId, faceIds: idList(faceId, { min: 1, max: MAX_FACE_IDS }) });

export const subjectEntry = described(
  object(
    {
      userId: z.optional(userId),
      externalImageIds: z.optional(idList(externalImageId, { min: 1, max: MAX_EXTERNAL_IMAGE_IDS })),
      /** Omitted means every collection in the account and region. */
      collectionIds: z.optional(collectionIds()),
    },
    // collectionIds alone would name no one.
    rule((subject) =>
      subject.userId === undefined && subject.externalImageIds === undefined
        ? { message: 'must give userId or externalImageIds' }
        : undefined,
    ),
  ),
  'A data subject to erase, by userId and/or externalImageIds, in collectionIds (default: every collection).',
  { anyOf: [{ required: ['userId'] }, { required: ['externalImageIds'] }] },
);

/** Criteria that filter the versions of one project: meaningless for an explicit list of version ARNs. */
const PROJECT_ONLY_CRITERIA: ReadonlySet<string> = new Set(['olderThanDays', 'keepLatest', 'tags']);

const projectVersionSelector = described(
  object(
    {
      arns: z.optional(idList(projectVersionArn, { min: 1, max: MAX_LISTED_IDS })),
      projectArn: z.optional(projectArn),
      olderThanDays: z.optional(olderThanDays),
      /** Never delete the N most recently created versions of the project. */
      keepLatest: z.optional(keepLatest),
      tags: z.optional(tagFilter),
    },
    rule((selector) => {
      const hasArns = selector.arns !== undefined;
      const hasProject = selector.projectArn !== undefined;
      if (hasArns && hasProject) return { message: 'must contain either arns or projectArn, not both' };
      if (!hasArns && !hasProject) return { message: 'must contain arns or projectArn' };
      if (hasProject) return undefined;
      // The output keeps the input's key order, so the first offending key in the document is reported.
      const misplaced = Object.keys(selector).find((key) => PROJECT_ONLY_CRITERIA.has(key));
      return misplaced === undefined ? undefined : { message: 'allowed only with projectArn', path: [misplaced] };
    }),
  ),
  'Either arns (explicit version ARNs) or projectArn (every version of the project, filtered by olderThanDays, keepLatest and tags, which only apply with projectArn).',
  {
    oneOf: [
      { required: ['arns'], properties: Object.fromEntries([...PROJECT_ONLY_CRITERIA].map((key) => [key, false])) },
      { required: ['projectArn'] },
    ],
  },
);

const projectVersionsEntry = described(
  object(
    {
      select: projectVersionSelector,
      action: z.optional(oneOf(PROJECT_VERSION_ACTIONS)),
      /**
       * Delete the project once it has no versions left. With arns: each project in which a listed version was found
       * (a version ARN names its project only by name).
       */
      deleteProjectWhenEmpty: z.optional(boolean()),
      /**
       * With projectArn only: stop a RUNNING or STARTING version the selector matches, then delete it. Without it,
       * such a version is skipped with reason RUNNING. Explicit arns always stop what they name.
       */
      stopRunning: z.optional(boolean()),
    },
    // stopRunning is refused with arns, even as true: explicit arns always stop what they name, so a false there
    // would promise something the workflow does not do, and a true would suggest that arns need it.
    // deleteProjectWhenEmpty is allowed with both: it names the projects of what was selected, either way.
    // A STOP section keeps what it selects: its project is never emptied by it, and it stops whatever runs anyway.
    rule((entry) => {
      if (entry.action === 'STOP' && entry.deleteProjectWhenEmpty !== undefined) {
        return {
          message: 'not allowed with action "STOP": a stopped version is kept',
          path: ['deleteProjectWhenEmpty'],
        };
      }
      if (entry.action === 'STOP' && entry.stopRunning !== undefined) {
        return { message: 'not allowed with action "STOP": it always stops what runs', path: ['stopRunning'] };
      }
      return entry.select.projectArn === undefined && entry.stopRunning !== undefined
        ? { message: 'allowed only with select.projectArn', path: ['stopRunning'] }
        : undefined;
    }),
  ),
  'Model versions to delete (or stop, with action STOP). stopRunning is allowed only with select.projectArn.',
  {
    allOf: [
      {
        anyOf: [
          { properties: { select: { type: 'object', required: ['projectArn'] } } },
          { not: { required: ['stopRunning'] } },
        ],
      },
      {
        if: { properties: { action: { const: 'STOP' } }, required: ['action'] },
        then: { allOf: [{ not: { required: ['deleteProjectWhenEmpty'] } }, { not: { required: ['stopRunning'] } }] },
      },
    ],
  },
);

const section = <T extends z.core.SomeType>(entry: T) => list(entry, { min: 0, max: MAX_SECTION_ENTRIES });

const facesSection = section(facesEntry).check(
  rule((entries) =>
    entries.reduce((sum, entry) => sum + entry.faceIds.length, 0) > MAX_FACE_IDS_PER_JOB
      ? {
          message: `must list at most ${MAX_FACE_IDS_PER_JOB} face ids in total (the state limit is 256 KB); split into several jobs`,
        }
      : undefined,
  ),
);

const SECTIONS = ['collections', 'faces', 'subjects', 'projectVersions'] as const;

/** The sections; the options a caller adds (requestId, dryRun) are in cleanupJob, and left out by retention policies. */
export const jobSections = {
  maxDeletions: z.optional(maxDeletions),
  collections: z.optional(section(collectionsEntry)),
  faces: z.optional(facesSection),
  subjects: z.optional(section(subjectEntry)),
  projectVersions: z.optional(section(projectVersionsEntry)),
};

/** The JSON Schema form of selectsSomething. */
export const SELECTS_SOMETHING_JSON = {
  anyOf: SECTIONS.map((name) => ({ required: [name], properties: { [name]: { type: 'array', minItems: 1 } } })),
};

/** Selecting nothing must never be read as "everything": a caller who forgot the sections gets an error. */
export const selectsSomething = rule<Partial<Record<(typeof SECTIONS)[number], unknown[]>>>((job) =>
  SECTIONS.every((name) => (job[name]?.length ?? 0) === 0)
    ? { message: `selects nothing; give at least one of ${SECTIONS.join(', ')}` }
    : undefined,
);

export const cleanupJob = described(
  object(
    {
      /** Idempotency key and execution name. */
      requestId: z.optional(requestId),
      /** Plan and report only. @default false */
      dryRun: z.optional(boolean()),
      /**
       * Each subject is a request of its own (an erasure batch): the bound on ExternalImageId matches applies to each
       * subject, and a subject over it fails alone while the others run. @default false (the bound is the job's)
       */
      independentSubjects: z.optional(boolean()),
      ...jobSections,
    },
    selectsSomething,
  ),
  'A rekognition-cleanup job: what to delete. At least one section must select something; maxDeletions aborts before the first delete when the plan would delete more. Also checked, beyond this schema: createdBefore is a real instant not in the future, and a job lists at most 4096 face ids in total.',
  SELECTS_SOMETHING_JSON,
);

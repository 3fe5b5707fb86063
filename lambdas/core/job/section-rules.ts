/**
 * The rule table for each section of the job. Limits per entry keep one Map item's payload bounded; the section
 * limits keep the whole job well inside Step Functions' 256 KB state size.
 */
import { createdBefore } from './cut-off-instant';
import {
  collectionId,
  externalImageId,
  faceId,
  faceModelVersion,
  keepLatest,
  olderThanDays,
  projectArn,
  projectVersionArn,
  userId,
} from './id-formats';
import { boolean, fail, idList, keyPath, list, oneOf, type Rule, record } from './rules';
import { tagFilter } from './tag-filter';
import {
  COLLECTION_ACTIONS,
  type CollectionSelector,
  type CollectionsSection,
  type FacesSection,
  type ProjectVersionSelector,
  type ProjectVersionsSection,
  type SubjectSection,
  VERSION_ACTIONS,
} from './types';

const MAX_SECTION_ENTRIES = 100;
const MAX_LISTED_IDS = 1000;
/** DeleteFaces takes at most 4096 ids per call; one call per entry keeps each Map item's payload bounded. */
const MAX_FACE_IDS = 4096;
const MAX_EXTERNAL_IMAGE_IDS = 100;

const collectionIds = idList(collectionId, { min: 1, max: MAX_LISTED_IDS });

const COLLECTION_CRITERIA = ['ids', 'prefix', 'createdBefore', 'olderThanDays', 'tags', 'faceModelVersion'] as const;

const collectionSelector = record<CollectionSelector>({
  fields: {
    ids: collectionIds,
    prefix: collectionId,
    createdBefore,
    olderThanDays,
    tags: tagFilter,
    faceModelVersion,
  },
  // Every field is a criterion, so an empty result means the caller gave none: refuse rather than select all.
  check: (selector, path) => {
    if (Object.keys(selector).length === 0) {
      fail(
        path,
        `must contain at least one of ${COLLECTION_CRITERIA.join(', ')} (an empty selector would match everything)`,
      );
    }
  },
});

const collectionsEntry = record<CollectionsSection>({
  fields: { select: collectionSelector, action: oneOf(COLLECTION_ACTIONS) },
  required: ['select', 'action'],
});

const facesEntry = record<FacesSection>({
  fields: { collectionId, faceIds: idList(faceId, { min: 1, max: MAX_FACE_IDS }) },
  required: ['collectionId', 'faceIds'],
});

const subjectEntry = record<SubjectSection>({
  fields: {
    userId,
    externalImageIds: idList(externalImageId, { min: 1, max: MAX_EXTERNAL_IMAGE_IDS }),
    collectionIds,
  },
  // collectionIds alone would name no one; an empty externalImageIds list was already refused by its own rule.
  check: (subject, path) => {
    if (subject.userId === undefined && subject.externalImageIds === undefined) {
      fail(path, 'must give userId or externalImageIds');
    }
  },
});

/** Criteria that filter the versions of one project: meaningless for an explicit list of version ARNs. */
const PROJECT_ONLY_CRITERIA: ReadonlySet<string> = new Set(['olderThanDays', 'keepLatest', 'tags']);

const projectVersionSelector = record<ProjectVersionSelector>({
  fields: {
    arns: idList(projectVersionArn, { min: 1, max: MAX_LISTED_IDS }),
    projectArn,
    olderThanDays,
    keepLatest,
    tags: tagFilter,
  },
  check: (selector, path) => {
    const hasArns = selector.arns !== undefined;
    const hasProject = selector.projectArn !== undefined;
    if (hasArns && hasProject) fail(path, 'must contain either arns or projectArn, not both');
    if (!hasArns && !hasProject) fail(path, 'must contain arns or projectArn');
    if (hasProject) return;
    // The output keeps the input's key order, so the first offending key in the document is reported.
    const misplaced = Object.keys(selector).find((key) => PROJECT_ONLY_CRITERIA.has(key));
    if (misplaced !== undefined) fail(keyPath(path, misplaced), 'allowed only with projectArn');
  },
});

const projectVersionsEntry = record<ProjectVersionsSection>({
  fields: {
    select: projectVersionSelector,
    action: oneOf(VERSION_ACTIONS),
    deleteProjectWhenEmpty: boolean,
    stopRunning: boolean,
  },
  required: ['select'],
  // stopRunning is refused with arns, even as true: explicit arns always stop what they name, so a false there
  // would promise something the workflow does not do, and a true would suggest that arns need it.
  // deleteProjectWhenEmpty is allowed with both: it names the projects of what was selected, either way.
  // A STOP section keeps what it selects: its project is never emptied by it, and it stops whatever runs anyway.
  check: (entry, path) => {
    if (entry.action === 'STOP') {
      if (entry.deleteProjectWhenEmpty !== undefined) {
        fail(keyPath(path, 'deleteProjectWhenEmpty'), 'not allowed with action "STOP": a stopped version is kept');
      }
      if (entry.stopRunning !== undefined) {
        fail(keyPath(path, 'stopRunning'), 'not allowed with action "STOP": it always stops what runs');
      }
    }
    if (entry.select.projectArn === undefined && entry.stopRunning !== undefined) {
      fail(keyPath(path, 'stopRunning'), 'allowed only with select.projectArn');
    }
  },
});

function section<T>(entry: Rule<T>): Rule<T[]> {
  return list(entry, { min: 0, max: MAX_SECTION_ENTRIES });
}

export const collectionsSection = section(collectionsEntry);
/** Every listed id travels in the plan state, which Step Functions caps at 256 KB: bound the job's total. */
const MAX_FACE_IDS_PER_JOB = 4096;

const facesEntries = section(facesEntry);
export const facesSection: Rule<FacesSection[]> = (value, path, context) => {
  const entries = facesEntries(value, path, context);
  const total = entries.reduce((sum, entry) => sum + entry.faceIds.length, 0);
  if (total > MAX_FACE_IDS_PER_JOB) {
    fail(
      path,
      `must list at most ${MAX_FACE_IDS_PER_JOB} face ids in total (the state limit is 256 KB); split into several jobs`,
    );
  }
  return entries;
};
export const subjectsSection = section(subjectEntry);
export const projectVersionsSection = section(projectVersionsEntry);

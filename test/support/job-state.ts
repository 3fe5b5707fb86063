import type {
  CollectionTarget,
  FaceDeletionProgress,
  FaceDeletionTarget,
  JobState,
  Plan,
  ProjectVersionTarget,
} from '../../lambdas/core/contracts';
import { DEFAULT_QUOTAS } from '../../lambdas/core/rates/quotas';
import { computeRatePlan } from '../../lambdas/core/rates/rate-plan';
import { emptyTally } from '../../lambdas/core/faces/face-deletion-tally';

/** Builders for plan states in unit tests: the smallest valid state, overridden where a test cares. */
export function emptyPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    collections: [],
    faceGroups: [],
    subjectSearches: [],
    subjectErasures: [],
    subjectSummaries: [],
    projectVersions: [],
    projects: [],
    skipped: [],
    absent: [],
    planFailures: [],
    notes: [],
    ...overrides,
  };
}

export function jobState(plan: Partial<Plan> = {}, overrides: Partial<JobState> = {}): JobState {
  const full = emptyPlan(plan);
  return {
    executionId: 'arn:aws:states:us-east-1:123456789012:execution:sm:job-1',
    startedAt: '2026-11-22T00:00:00.000Z',
    dryRun: false,
    plan: full,
    rates: computeRatePlan(full, DEFAULT_QUOTAS),
    ...overrides,
  };
}

export function collectionTarget(id: string, overrides: Partial<CollectionTarget> = {}): CollectionTarget {
  return {
    collectionId: id,
    collectionArn: `arn:aws:rekognition:us-east-1:123456789012:collection/${id}`,
    action: 'DELETE_FACES',
    faceCount: 10,
    userCount: 2,
    reasons: [`collections[0]: ${id}`],
    ...overrides,
  };
}

export function faceTarget(
  collectionId: string,
  faceIds: string[],
  overrides: Partial<FaceDeletionTarget> = {},
): FaceDeletionTarget {
  return {
    collectionId,
    faceIds,
    source: 'faces[0]',
    existingFaceCount: faceIds.length,
    collectionProtected: false,
    ...overrides,
  };
}

export function versionTarget(name: string, overrides: Partial<ProjectVersionTarget> = {}): ProjectVersionTarget {
  return {
    versionArn: `arn:aws:rekognition:us-east-1:123456789012:project/p/version/${name}/1700000000000`,
    projectArn: 'arn:aws:rekognition:us-east-1:123456789012:project/p/1600000000000',
    versionName: name,
    statusAtPlan: 'STOPPED',
    reasons: ['explicit'],
    ...overrides,
  };
}

export const FACE = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A face deletion that finished with nothing deleted, absent or failed; tests override what they look at. */
export function finishedFaceDeletion(overrides: Partial<FaceDeletionProgress> = {}): FaceDeletionProgress {
  return { done: true, nextIndex: 0, ...emptyTally(), invocations: 1, ...overrides };
}

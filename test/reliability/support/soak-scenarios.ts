import type { CleanupJob } from '../../../lambdas/core/job/types';
import type { RunningEmulator, World } from '../../../local/emulator';
import { faceId, facesOf, PROTECT_TAG } from '../../support/world-faces';

/**
 * The four kinds of job the soak runs, each in a world that also holds what must survive it: protected and too
 * recent collections, other people's faces next to the subject's, kept and protected model versions.
 * Worlds stay under 1000 faces per collection so snapshots list every face (see world-state.ts).
 */
export interface SoakScenario {
  kind: 'retention-purge' | 'explicit-faces' | 'subject-erasure' | 'model-decommission';
  world: World;
  /** The job, once the emulator has given the world's projects their ARNs. */
  job(emulator: RunningEmulator): CleanupJob;
}

const RETENTION: SoakScenario = {
  kind: 'retention-purge',
  world: {
    collections: [
      {
        id: 'tmp-onboarding',
        createdDaysAgo: 45.5,
        tags: { team: 'onboarding' },
        faces: facesOf(0x7a01, 320, (n) => ({
          externalImageId: `onboarding-${n}`,
          ...(n <= 24 ? { userId: `trainee-${Math.ceil(n / 3)}` } : {}),
        })),
      },
      {
        id: 'tmp-kiosk',
        createdDaysAgo: 60.5,
        faces: facesOf(0x7a02, 180, (n) => (n % 20 === 0 ? { userId: `k-${n}` } : {})),
      },
      { id: 'tmp-protected', createdDaysAgo: 90.5, tags: PROTECT_TAG, faces: facesOf(0x7a03, 60) },
      { id: 'tmp-this-week', createdDaysAgo: 5.5, faces: facesOf(0x7a04, 40, (n) => ({ externalImageId: `w-${n}` })) },
      {
        id: 'employees',
        createdDaysAgo: 400.5,
        faces: facesOf(0x7a05, 80, (n) => (n <= 30 ? { userId: `e-${n}` } : {})),
      },
      {
        id: 'scratch-2024',
        createdDaysAgo: 300.5,
        faces: facesOf(0x7a06, 50, (n) => (n <= 10 ? { userId: 's-1' } : {})),
      },
      { id: 'scratch-keep', createdDaysAgo: 300.5, tags: { 'cleanup:protect': ' TRUE ' }, faces: facesOf(0x7a07, 12) },
    ],
  },
  job: () => ({
    requestId: 'soak-retention',
    collections: [
      { select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' },
      { select: { prefix: 'scratch-', olderThanDays: 30 }, action: 'DELETE_COLLECTION' },
    ],
  }),
};

const EXPLICIT_FACES: SoakScenario = {
  kind: 'explicit-faces',
  world: {
    collections: [
      {
        id: 'visitors',
        createdDaysAgo: 100,
        faces: facesOf(0xf001, 150, (n) => ({
          externalImageId: `visit-${n}`,
          ...(n % 5 === 0 ? { userId: `visitor-${Math.ceil(n / 10)}` } : {}),
        })),
      },
      {
        id: 'gallery',
        createdDaysAgo: 100,
        tags: PROTECT_TAG,
        faces: facesOf(0xf002, 40, (n) => (n <= 6 ? { userId: 'curator' } : {})),
      },
      { id: 'staff', createdDaysAgo: 100, faces: facesOf(0xf003, 60, (n) => (n <= 20 ? { userId: `st-${n}` } : {})) },
    ],
  },
  job: () => ({
    requestId: 'soak-faces',
    faces: [
      {
        collectionId: 'visitors',
        // Every third face, associated ones included, and three ids that were never indexed.
        faceIds: [
          ...Array.from({ length: 50 }, (_, i) => faceId(0xf001, 3 * i + 1)),
          faceId(0xf001, 900),
          faceId(0xf001, 901),
          faceId(0xdead, 1),
        ],
      },
      { collectionId: 'gallery', faceIds: [faceId(0xf002, 1), faceId(0xf002, 2), faceId(0xf002, 30)] },
      { collectionId: 'staff', faceIds: Array.from({ length: 25 }, (_, i) => faceId(0xf003, 2 * i + 1)) },
      { collectionId: 'no-such-collection', faceIds: [faceId(0xf004, 1)] },
    ],
  }),
};

const SUBJECT_ERASURE: SoakScenario = {
  kind: 'subject-erasure',
  world: {
    collections: [
      {
        id: 'employees',
        createdDaysAgo: 400,
        faces: [
          ...facesOf(0x5b01, 6, (n) => ({ userId: 'subject-1', externalImageId: `badge-${n}` })),
          { faceId: faceId(0x5b01, 7), externalImageId: 'subj-passport' },
          ...facesOf(0x5b02, 200, (n) => ({
            externalImageId: `badge-${n}`,
            ...(n <= 120 ? { userId: `emp-${Math.ceil(n / 4)}` } : {}),
          })),
        ],
      },
      {
        id: 'visitors',
        createdDaysAgo: 200,
        faces: [
          { faceId: faceId(0x5b03, 1), externalImageId: 'subj-passport' },
          // Someone else's user holds a face with the subject's image id: the face goes, the user stays.
          { faceId: faceId(0x5b03, 2), externalImageId: 'subj-badge', userId: 'bob' },
          { faceId: faceId(0x5b03, 3), externalImageId: 'bob-1', userId: 'bob' },
          { faceId: faceId(0x5b03, 4), externalImageId: 'walkin-7' },
          ...facesOf(0x5b04, 150, (n) => ({ externalImageId: `visit-${n}` })),
        ],
      },
      {
        id: 'kyc',
        createdDaysAgo: 50,
        tags: PROTECT_TAG,
        faces: [
          ...facesOf(0x5b05, 3, () => ({ userId: 'subject-1' })),
          ...facesOf(0x5b06, 40, (n) => ({ externalImageId: `kyc-${n}` })),
        ],
      },
      { id: 'empty-users', createdDaysAgo: 10, users: [{ userId: 'subject-1' }, { userId: 'carol' }] },
      { id: 'unrelated', createdDaysAgo: 10, faces: facesOf(0x5b07, 90, (n) => ({ externalImageId: `u-${n}` })) },
    ],
  },
  job: () => ({
    requestId: 'soak-erasure',
    subjects: [
      { userId: 'subject-1', externalImageIds: ['subj-passport', 'subj-badge'] },
      // Only existing collections: a named one that does not exist fails the erasure (NOT_FOUND), which the
      // properties test and test/e2e/erasure-named-collection-missing.test.ts cover; a soak job must converge.
      { externalImageIds: ['walkin-7'], collectionIds: ['visitors'] },
    ],
  }),
};

const MODEL_DECOMMISSION: SoakScenario = {
  kind: 'model-decommission',
  world: {
    projects: [
      {
        name: 'door-cam',
        createdDaysAgo: 300,
        versions: [
          { name: 'v1-stopped', createdDaysAgo: 280, status: 'STOPPED' },
          { name: 'v0-golden', createdDaysAgo: 290, status: 'STOPPED', tags: PROTECT_TAG },
          { name: 'v2-running', createdDaysAgo: 200, status: 'RUNNING', minInferenceUnits: 1 },
          { name: 'v3-training', createdDaysAgo: 150, status: 'TRAINING_IN_PROGRESS' },
          { name: 'v4-starting', createdDaysAgo: 120, status: 'STARTING' },
          { name: 'v5-failed', createdDaysAgo: 100, status: 'TRAINING_FAILED' },
          { name: 'v6-recent', createdDaysAgo: 20, status: 'STOPPED' },
          { name: 'v7-current', createdDaysAgo: 10, status: 'RUNNING', minInferenceUnits: 2 },
        ],
      },
      {
        name: 'retired',
        createdDaysAgo: 500,
        versions: [
          { name: 'a', createdDaysAgo: 480, status: 'RUNNING' },
          { name: 'b', createdDaysAgo: 470, status: 'TRAINING_IN_PROGRESS', trainingResult: 'TRAINING_FAILED' },
        ],
      },
      {
        name: 'shelf',
        createdDaysAgo: 90,
        versions: [
          { name: 'x', createdDaysAgo: 80, status: 'COPYING_COMPLETED' },
          { name: 'y', createdDaysAgo: 70, status: 'RUNNING', tags: { owner: 'ml' } },
        ],
      },
    ],
  },
  job: (emulator) => {
    const arnOf = (project: string) => emulator.world.project(project)?.arn ?? `missing ${project}`;
    const versionArn = (project: string, version: string) =>
      emulator.world.project(project)?.versions.get(version)?.arn ?? `missing ${project}/${version}`;
    return {
      requestId: 'soak-models',
      projectVersions: [
        { select: { projectArn: arnOf('door-cam'), olderThanDays: 30, keepLatest: 1 }, stopRunning: true },
        { select: { projectArn: arnOf('retired') }, deleteProjectWhenEmpty: true, stopRunning: true },
        {
          select: {
            arns: [
              versionArn('shelf', 'x'),
              // A version that never existed, in the same project.
              `${versionArn('shelf', 'x').replace('/version/x/', '/version/never/')}`,
            ],
          },
        },
      ],
    };
  },
};

export const SOAK_SCENARIOS: readonly SoakScenario[] = [RETENTION, EXPLICIT_FACES, SUBJECT_ERASURE, MODEL_DECOMMISSION];

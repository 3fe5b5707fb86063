/**
 * Who calls what, written once: each kind of work, the worker function that does it (`lambdas/<worker>`), the rate
 * share its lanes run with, and the Rekognition operations it calls. From this table come the IAM grants
 * (lib/constructs/cleanup-workflow.ts), the TPS shares of the rate plan (rates/rate-plan.ts) and the Plan's solo
 * share; test/infra/least-privilege.test.ts holds it against the code (the commands each handler can reach) and
 * against the state machine (which function each lane Map runs).
 *
 * Plain data on purpose: the CDK code and the Lambda bundles both import it, and it imports nothing.
 */

/** The Plan resolves selectors alone, before any other work runs: it may use the whole quota of what it calls. */
export const PLANNING = {
  worker: 'plan',
  operations: [
    'ListCollections',
    'DescribeCollection',
    'ListTagsForResource',
    'ListFaces',
    'DescribeProjects',
    'DescribeProjectVersions',
  ],
} as const;

/**
 * The kinds of work items a job's lanes hold. `rate` names the share of the rate plan (JobRef.rates) the kind's
 * workers run with: a quota is split between every worker that may call the operation at the same time.
 */
export const WORK = {
  /** A subject searched in one collection (the find Map runs alone, before the Act). */
  find: { worker: 'find-subject-faces', rate: 'find', operations: ['ListFaces', 'ListTagsForResource'] },
  /** A collection deleted, or emptied page by page. */
  collections: {
    worker: 'clean-collection',
    rate: 'collections',
    operations: [
      'ListFaces',
      'DeleteFaces',
      'ListUsers',
      'DeleteUser',
      'DisassociateFaces',
      'DescribeCollection',
      'DeleteCollection',
      'ListTagsForResource',
    ],
  },
  /** Explicit face ids: no user is deleted. */
  faceGroups: {
    worker: 'delete-faces',
    rate: 'faceGroups',
    operations: ['DeleteFaces', 'DisassociateFaces', 'ListFaces'],
  },
  /** One subject in one collection: its user, then its faces. */
  subjects: {
    worker: 'delete-faces',
    rate: 'subjects',
    operations: ['DeleteUser', 'DeleteFaces', 'DisassociateFaces', 'ListFaces'],
  },
  /** Custom Labels versions: stopped, polled, deleted. */
  projectVersions: {
    worker: 'advance-project-version',
    rate: 'projectVersions',
    operations: ['DescribeProjectVersions', 'StopProjectVersion', 'DeleteProjectVersion', 'ListTagsForResource'],
  },
  /** Projects emptied by the job, after the versions, in the same branch: so with the versions' share. */
  projects: {
    worker: 'delete-project',
    rate: 'projectVersions',
    operations: ['DescribeProjectVersions', 'DescribeProjects', 'DeleteProject'],
  },
} as const;

export type WorkKind = keyof typeof WORK;
/** A share of the rate plan: the kinds of work whose concurrency and TPS the plan computes. */
export type RateKind = (typeof WORK)[WorkKind]['rate'];
/** A function that calls Rekognition. */
export type RekognitionWorker = (typeof WORK)[WorkKind]['worker'] | typeof PLANNING.worker;
export type RekognitionOperation = (typeof WORK)[WorkKind]['operations'][number] | (typeof PLANNING.operations)[number];

export const WORK_KINDS = Object.keys(WORK) as WorkKind[];
export const RATE_KINDS: readonly RateKind[] = [...new Set(WORK_KINDS.map((kind) => WORK[kind].rate))];
export const REKOGNITION_WORKERS: readonly RekognitionWorker[] = [
  PLANNING.worker,
  ...new Set(WORK_KINDS.map((kind) => WORK[kind].worker)),
];

/** Every operation a worker may call, whatever the kind of work it is given (its IAM grants). */
export function operationsOfWorker(worker: RekognitionWorker): RekognitionOperation[] {
  const lists = WORK_KINDS.filter((kind) => WORK[kind].worker === worker).map((kind) => WORK[kind].operations);
  return union(worker === PLANNING.worker ? [PLANNING.operations, ...lists] : lists);
}

/** Every operation the workers running with one rate share may call (the operations the share gives a TPS). */
export function operationsOfRate(rate: RateKind): RekognitionOperation[] {
  return union(WORK_KINDS.filter((kind) => WORK[kind].rate === rate).map((kind) => WORK[kind].operations));
}

function union(lists: readonly (readonly RekognitionOperation[])[]): RekognitionOperation[] {
  return [...new Set(lists.flat())];
}

import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../lambdas/core/errors';
import { LANE_WORKER, STATE } from './state-names';
import { invoke, laneLoop, laneMap } from './worker-loop';

/** The functions the workflow calls, one per responsibility (and one IAM role each). */
export interface WorkflowFunctions {
  readonly plan: lambda.IFunction;
  readonly findSubjectFaces: lambda.IFunction;
  readonly finalizePlan: lambda.IFunction;
  readonly cleanCollection: lambda.IFunction;
  readonly deleteFaces: lambda.IFunction;
  readonly advanceProjectVersion: lambda.IFunction;
  readonly deleteProject: lambda.IFunction;
  readonly report: lambda.IFunction;
  /** After an erasure batch's window: closes it and stores its members' subjects as one job. */
  readonly closeErasureBatch: lambda.IFunction;
}

/** Map concurrency is not tuned here: it is derived per job from the Rekognition quotas (see rates). */
export interface WorkflowTuning {
  /** Wait between polls of versions that are stopping or being deleted. */
  readonly shortPoll: Duration;
  /** The same, once a lane has polled for a while (backoff: a stuck version must not exhaust the history). */
  readonly mediumPoll: Duration;
  /** Wait between polls of versions that are training or copying (this takes hours), and the backoff's ceiling. */
  readonly longPoll: Duration;
}

export const DEFAULT_TUNING: WorkflowTuning = {
  shortPoll: Duration.seconds(30),
  mediumPoll: Duration.minutes(2),
  longPoll: Duration.minutes(5),
};

/**
 * How long an erasure batch collects requests before its execution closes it (the Wait of a batch's execution).
 * RekognitionCleanup's `erasureBatchWindow` sets it, checked there against the erasure SLA.
 */
export const DEFAULT_ERASURE_BATCH_WINDOW = Duration.seconds(180);

/** The reason a job ended without completing everything; the cause is the JSON report. */
export const JOB_INCOMPLETE_ERROR = ErrorNames.JobIncomplete;

/**
 * One cleanup job, top to bottom: plan (read-only), find the subjects' faces (read-only), check the plan against
 * the job's limits, then either report the plan (dry run) or act and report. JSONPath only, so the local runner
 * (aws-local-stepfunctions) executes exactly this definition.
 */
export function buildDefinition(
  scope: Construct,
  fns: WorkflowFunctions,
  tuning: WorkflowTuning,
  erasureBatchWindow: Duration = DEFAULT_ERASURE_BATCH_WINDOW,
): sfn.IChainable {
  const rejected = sfn.Fail.jsonPath(scope, STATE.jobRejected, {
    comment: 'Invalid job, over maxDeletions, or subjects matching too many faces: nothing was deleted.',
    errorPath: '$.error.Error',
    causePath: '$.error.Cause',
  });

  // The input is wrapped first: a "job" that is not even an object (a string, a number, an array) must reach the
  // Plan and be rejected there with InvalidJobError, and the Catch needs an object to record the error in.
  const readJob = sfn.Pass.jsonPath(scope, STATE.readJob, {
    comment: 'Wrap the execution input, whatever it is, so that validation can reject it properly.',
    parameters: { 'job.$': '$', planning: { done: false, invocations: 0 } },
  });
  // No ResultPath where the result replaces the state: that is ASL's default, and aws-local-stepfunctions 3.0.0
  // mishandles an explicit `"ResultPath": "$"` (it writes a key named "$").
  const plan = invoke(scope, STATE.plan, fns.plan, {
    comment: 'Validate the job, resolve its selectors into targets and store the plan. Read-only on Rekognition.',
    payload: sfn.TaskInput.fromObject({
      'job.$': '$.job',
      'executionId.$': '$$.Execution.Id',
      'startedAt.$': '$$.Execution.StartTime',
      'planning.$': '$.planning',
    }),
  });
  plan.addCatch(rejected, { errors: [ErrorNames.InvalidJob], resultPath: '$.error' });
  // The Plan works within a time budget: a big account takes several invocations (what it learnt is stored).
  const planned = sfn.Choice.jsonPath(scope, STATE.planDone);

  const findSubjectFaces = laneMap(
    scope,
    STATE.findSubjectFaces,
    'find',
    'find',
    laneLoop(scope, {
      name: LANE_WORKER.find,
      fn: fns.findSubjectFaces,
      comment: "The lane's subject searches, page by page; the faces found go to the job store.",
    }),
    "Find each subject's faces in each collection (ListFaces by UserId, scan for ExternalImageId). Read-only.",
  );

  const finalizePlan = invoke(scope, STATE.finalizePlan, fns.finalizePlan, {
    comment:
      "Count what the stored plan deletes; enforce maxDeletions and the subjects' bound before the first delete.",
  });
  finalizePlan.addCatch(rejected, {
    errors: [ErrorNames.MaxDeletionsExceeded, ErrorNames.SubjectTooBroad],
    resultPath: '$.error',
  });

  const report = invoke(scope, STATE.report, fns.report, {
    comment: 'What was deleted, already absent, skipped and failed, per section: stored whole; a summary here.',
  });
  const outcome = sfn.Choice.jsonPath(scope, STATE.jobComplete)
    .when(
      // NEEDS_REVIEW: everything the job may do was done; some matched faces wait for a person to settle them.
      sfn.Condition.or(
        sfn.Condition.stringEquals('$.report.status', 'SUCCEEDED'),
        sfn.Condition.stringEquals('$.report.status', 'NEEDS_REVIEW'),
      ),
      sfn.Succeed.jsonPath(scope, STATE.done, { outputPath: '$.report' }),
    )
    .otherwise(
      sfn.Fail.jsonPath(scope, STATE.jobIncomplete, {
        comment: 'Some targets could not be deleted; the cause is the full report.',
        error: JOB_INCOMPLETE_ERROR,
        causePath: '$.reportJson',
      }),
    );
  report.next(outcome);

  const act = buildAct(scope, fns, tuning);
  const dryRun = sfn.Choice.jsonPath(scope, STATE.dryRun)
    .when(sfn.Condition.booleanEquals('$.dryRun', true), report)
    .otherwise(act.next(report));

  const start = sfn.Choice.jsonPath(scope, STATE.erasureBatch)
    .when(
      sfn.Condition.isPresent('$.erasureBatch'),
      erasureBatch(scope, fns, erasureBatchWindow, rejected).next(readJob),
    )
    .otherwise(readJob);
  readJob
    .next(plan)
    .next(
      planned
        .when(sfn.Condition.booleanEquals('$.planning.done', true), findSubjectFaces.next(finalizePlan).next(dryRun))
        .otherwise(plan),
    );
  return start;
}

/**
 * An erasure batch (`{ "erasureBatch": id }`, started by the intake): wait out the window in which other requests
 * join it, then close it. CloseErasureBatch returns `{ storedJob }`, the batch's job by reference, which the rest of
 * the machine runs like any erasure: the subjects stay in the job store, never in this execution.
 */
function erasureBatch(scope: Construct, fns: WorkflowFunctions, batchWindow: Duration, rejected: sfn.Fail): sfn.Chain {
  const window = sfn.Wait.jsonPath(scope, STATE.batchWindow, {
    comment: 'Requests that arrive meanwhile join this batch (conditional writes in the job store).',
    time: sfn.WaitTime.duration(batchWindow),
  });
  const close = invoke(scope, STATE.closeErasureBatch, fns.closeErasureBatch, {
    comment: "Close the batch; store its members' subjects as one job and go on with a reference to it.",
  });
  // No such batch, or none of its members' jobs left: refused like any invalid job, before any Rekognition call.
  close.addCatch(rejected, { errors: [ErrorNames.InvalidJob], resultPath: '$.error' });
  return sfn.Chain.start(window).next(close);
}

/** Every kind of deletion runs in its own branch; each branch maps over its lanes with bounded concurrency. */
function buildAct(scope: Construct, fns: WorkflowFunctions, tuning: WorkflowTuning): sfn.Parallel {
  const act = sfn.Parallel.jsonPath(scope, STATE.act, {
    comment: 'Delete what the stored plan lists. Outcomes go to the job store as they happen; the state is unchanged.',
    resultPath: sfn.JsonPath.DISCARD,
  });
  act.branch(
    laneMap(
      scope,
      STATE.cleanCollections,
      'collections',
      'collections',
      laneLoop(scope, {
        name: LANE_WORKER.collections,
        fn: fns.cleanCollection,
        comment: "The lane's collections: DeleteCollection, or empty each page by page within a time budget.",
      }),
      'DELETE_COLLECTION and DELETE_FACES targets.',
    ),
  );
  act.branch(
    laneMap(
      scope,
      STATE.deleteFaceGroups,
      'faceGroups',
      'faceGroups',
      laneLoop(scope, {
        name: LANE_WORKER.faceGroups,
        fn: fns.deleteFaces,
        comment: 'DeleteFaces in batches of 4096, disassociating faces from users where needed.',
      }),
      'Explicit face ids.',
    ),
  );
  act.branch(
    laneMap(
      scope,
      STATE.eraseSubjects,
      'subjects',
      'subjects',
      laneLoop(scope, {
        name: LANE_WORKER.subjects,
        fn: fns.deleteFaces,
        comment: "DeleteUser, then delete the subject's faces found during planning.",
      }),
      'One subject in one collection per item.',
    ),
  );
  act.branch(buildProjectVersionsBranch(scope, fns, tuning));
  return act;
}

/**
 * Versions cannot be deleted while RUNNING or TRAINING: the worker stops what runs, and the state machine polls
 * (Wait + Choice) until each version can be deleted, then until it is gone. One lane polls every version at once,
 * backing off, so the history grows with the polls and not with the versions. Projects emptied by the job go last.
 */
function buildProjectVersionsBranch(scope: Construct, fns: WorkflowFunctions, tuning: WorkflowTuning) {
  const versions = laneMap(
    scope,
    STATE.deleteProjectVersions,
    'projectVersions',
    'projectVersions',
    laneLoop(scope, {
      name: LANE_WORKER.projectVersions,
      fn: fns.advanceProjectVersion,
      comment: 'One poll of every unsettled version: DescribeProjectVersions, then stop, delete or wait.',
      waits: { short: tuning.shortPoll, medium: tuning.mediumPoll, long: tuning.longPoll },
    }),
    'Stop, wait, delete, wait until gone.',
  );
  const projects = laneMap(
    scope,
    STATE.deleteEmptiedProjects,
    'projects',
    'projectVersions',
    laneLoop(scope, {
      name: LANE_WORKER.projects,
      fn: fns.deleteProject,
      comment: 'DeleteProject when DescribeProjectVersions lists nothing.',
    }),
    'deleteProjectWhenEmpty: delete the project if no version is left.',
  );
  return versions.next(projects);
}

import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ErrorNames } from '../../lambdas/core/errors';
import { concurrencyPath, invoke, type RateKey, workerLoop, workItemSelector } from './worker-loop';

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
}

/** Map concurrency is not tuned here: it is derived per job from the Rekognition quotas (see rates). */
export interface WorkflowTuning {
  /** Wait between polls of a version that is stopping or being deleted. */
  readonly shortPoll: Duration;
  /** Wait between polls of a version that is training or copying (this takes hours). */
  readonly longPoll: Duration;
}

export const DEFAULT_TUNING: WorkflowTuning = {
  shortPoll: Duration.seconds(30),
  longPoll: Duration.minutes(5),
};

/** The reason a job ended without completing everything; the cause is the JSON report. */
export const JOB_INCOMPLETE_ERROR = ErrorNames.JobIncomplete;

/**
 * One cleanup job, top to bottom: plan (read-only), find the subjects' faces (read-only), check the plan against
 * the job's limits, then either report the plan (dry run) or act and report. JSONPath only, so the local runner
 * (aws-local-stepfunctions) executes exactly this definition.
 */
export function buildDefinition(scope: Construct, fns: WorkflowFunctions, tuning: WorkflowTuning): sfn.IChainable {
  const rejected = sfn.Fail.jsonPath(scope, 'JobRejected', {
    comment: 'Invalid job or over maxDeletions: nothing was deleted.',
    errorPath: '$.error.Error',
    causePath: '$.error.Cause',
  });

  // The input is wrapped first: a "job" that is not even an object (a string, a number, an array) must reach the
  // Plan and be rejected there with InvalidJobError, and the Catch needs an object to record the error in.
  const readJob = sfn.Pass.jsonPath(scope, 'ReadJob', {
    comment: 'Wrap the execution input, whatever it is, so that validation can reject it properly.',
    parameters: { 'job.$': '$' },
  });
  // No ResultPath where the result replaces the state: that is ASL's default, and aws-local-stepfunctions 3.0.0
  // mishandles an explicit `"ResultPath": "$"` (it writes a key named "$").
  const plan = invoke(scope, 'Plan', fns.plan, {
    comment: 'Validate the job and resolve its selectors into targets. Read-only.',
    payload: sfn.TaskInput.fromObject({
      'job.$': '$.job',
      'executionId.$': '$$.Execution.Id',
      'startedAt.$': '$$.Execution.StartTime',
    }),
  });
  plan.addCatch(rejected, { errors: [ErrorNames.InvalidJob], resultPath: '$.error' });

  const findSubjectFaces = sfn.Map.jsonPath(scope, 'FindSubjectFaces', {
    comment: "Find each subject's faces in each collection (ListFaces by UserId, scan for ExternalImageId). Read-only.",
    itemsPath: '$.plan.subjectUnits',
    itemSelector: workItemSelector('find'),
    maxConcurrencyPath: concurrencyPath('find'),
    resultPath: '$.plan.subjectUnits',
  });
  findSubjectFaces.itemProcessor(
    workerLoop(scope, {
      name: 'FindSubjectFacesPage',
      fn: fns.findSubjectFaces,
      comment: 'One page of the search; progress holds the faces found so far.',
      keepTarget: true,
    }),
  );

  const finalizePlan = invoke(scope, 'FinalizePlan', fns.finalizePlan, {
    comment: 'Count what the plan deletes and enforce maxDeletions before the first delete.',
  });
  finalizePlan.addCatch(rejected, { errors: [ErrorNames.MaxDeletionsExceeded], resultPath: '$.error' });

  const report = invoke(scope, 'Report', fns.report, {
    comment: 'What was deleted, already absent, skipped and failed, per section.',
  });
  const outcome = sfn.Choice.jsonPath(scope, 'JobComplete?')
    .when(
      sfn.Condition.stringEquals('$.report.status', 'SUCCEEDED'),
      sfn.Succeed.jsonPath(scope, 'Done', { outputPath: '$.report' }),
    )
    .otherwise(
      sfn.Fail.jsonPath(scope, 'JobIncomplete', {
        comment: 'Some targets could not be deleted; the cause is the full report.',
        error: JOB_INCOMPLETE_ERROR,
        causePath: '$.reportJson',
      }),
    );
  report.next(outcome);

  const act = buildAct(scope, fns, tuning);
  const dryRun = sfn.Choice.jsonPath(scope, 'DryRun?')
    .when(sfn.Condition.booleanEquals('$.dryRun', true), report)
    .otherwise(act.next(report));

  return readJob.next(plan).next(findSubjectFaces).next(finalizePlan).next(dryRun);
}

/** Every kind of deletion runs in its own branch; each branch maps over its targets with bounded concurrency. */
function buildAct(scope: Construct, fns: WorkflowFunctions, tuning: WorkflowTuning): sfn.Parallel {
  const act = sfn.Parallel.jsonPath(scope, 'Act', {
    comment: 'Delete what the plan lists. Each branch records per-item failures instead of failing the job.',
    resultPath: '$.results',
    resultSelector: {
      'collections.$': '$[0]',
      'faceGroups.$': '$[1]',
      'subjectErasures.$': '$[2]',
      'projectVersions.$': '$[3].projectVersions',
      'projects.$': '$[3].projects',
    },
  });
  const workerMap = (id: string, itemsPath: string, rateKey: RateKey, loop: sfn.IChainable, comment: string) =>
    sfn.Map.jsonPath(scope, id, {
      comment,
      itemsPath,
      itemSelector: workItemSelector(rateKey),
      maxConcurrencyPath: concurrencyPath(rateKey),
    }).itemProcessor(loop);

  act.branch(
    workerMap(
      'CleanCollections',
      '$.plan.collections',
      'collections',
      workerLoop(scope, {
        name: 'CleanCollection',
        fn: fns.cleanCollection,
        comment: 'DeleteCollection, or empty the collection page by page within a time budget.',
      }),
      'DELETE_COLLECTION and DELETE_FACES targets.',
    ),
  );
  act.branch(
    workerMap(
      'DeleteFaceGroups',
      '$.plan.faceGroups',
      'faceGroups',
      workerLoop(scope, {
        name: 'DeleteFaceGroup',
        fn: fns.deleteFaces,
        comment: 'DeleteFaces in batches of 4096, disassociating faces from users where needed.',
      }),
      'Explicit face ids.',
    ),
  );
  act.branch(
    workerMap(
      'EraseSubjects',
      '$.plan.subjectErasures',
      'subjects',
      workerLoop(scope, {
        name: 'EraseSubject',
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
 * (Wait + Choice) until the version can be deleted, then until it is gone. Projects emptied by the job go last.
 */
function buildProjectVersionsBranch(scope: Construct, fns: WorkflowFunctions, tuning: WorkflowTuning) {
  const advance = invoke(scope, 'AdvanceProjectVersion', fns.advanceProjectVersion, {
    resultPath: '$.progress',
    comment: 'DescribeProjectVersions, then stop, delete or wait, depending on the status.',
  });
  const finished = sfn.Pass.jsonPath(scope, 'ProjectVersionFinished', { parameters: { 'progress.$': '$.progress' } });
  const failed = sfn.Pass.jsonPath(scope, 'ProjectVersionFailed', {
    parameters: { 'progress.$': '$.progress', 'failure.$': '$.failure' },
  });
  advance.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  const waitShort = sfn.Wait.jsonPath(scope, 'WaitForVersionTransition', {
    comment: 'Stopping or deleting takes minutes.',
    time: sfn.WaitTime.duration(tuning.shortPoll),
  });
  const waitLong = sfn.Wait.jsonPath(scope, 'WaitForVersionTraining', {
    comment: 'Training or copying takes hours.',
    time: sfn.WaitTime.duration(tuning.longPoll),
  });
  waitShort.next(advance);
  waitLong.next(advance);
  advance.next(
    sfn.Choice.jsonPath(scope, 'ProjectVersionSettled?')
      .when(sfn.Condition.booleanEquals('$.progress.done', true), finished)
      .when(sfn.Condition.stringEquals('$.progress.wait', 'LONG'), waitLong)
      .otherwise(waitShort),
  );

  const versions = sfn.Map.jsonPath(scope, 'DeleteProjectVersions', {
    comment: 'Stop, wait, delete, wait until gone.',
    itemsPath: '$.plan.projectVersions',
    itemSelector: workItemSelector('projectVersions'),
    maxConcurrencyPath: concurrencyPath('projectVersions'),
    resultPath: '$.versionResults',
  }).itemProcessor(advance);

  const projects = sfn.Map.jsonPath(scope, 'DeleteEmptiedProjects', {
    comment: 'deleteProjectWhenEmpty: delete the project if no version is left.',
    itemsPath: '$.plan.projects',
    itemSelector: workItemSelector('projectVersions'),
    maxConcurrencyPath: concurrencyPath('projectVersions'),
    resultPath: '$.projectResults',
  }).itemProcessor(
    workerLoop(scope, {
      name: 'DeleteProjectIfEmpty',
      fn: fns.deleteProject,
      comment: 'DeleteProject when DescribeProjectVersions lists nothing.',
    }),
  );

  return versions.next(projects).next(
    sfn.Pass.jsonPath(scope, 'ProjectVersionsDone', {
      parameters: { 'projectVersions.$': '$.versionResults', 'projects.$': '$.projectResults' },
    }),
  );
}

import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { addWorkerRetries } from './retry-policy';

/** Invokes a function with the state as payload and the function's return value as result (no Lambda envelope). */
export function invoke(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  /** resultPath undefined: the result replaces the state (ASL's default). */
  props: { resultPath?: string; payload?: sfn.TaskInput; comment?: string },
): tasks.LambdaInvoke {
  const task = tasks.LambdaInvoke.jsonPath(scope, id, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: props.resultPath,
    payload: props.payload,
    comment: props.comment,
    taskTimeout: sfn.Timeout.duration(
      (fn as lambda.Function).timeout?.plus(Duration.seconds(30)) ?? Duration.minutes(16),
    ),
  });
  addWorkerRetries(task);
  return task;
}

export interface WorkerLoopProps {
  /** Prefix of the loop's state names (state names are unique across the whole machine). */
  readonly name: string;
  readonly fn: lambda.IFunction;
  readonly comment: string;
  /** Keep the item's target in the loop's output (small targets only). @default false */
  readonly keepTarget?: boolean;
}

/**
 * The loop every worker runs in: call the worker with `{ target, executionId, dryRun, progress }`, store what it
 * returns as the new `progress`, and call it again until `progress.done`. A failure that survives the retries is
 * recorded in the item's result instead of failing the job, so the rest of the job goes on.
 */
export function workerLoop(scope: Construct, props: WorkerLoopProps): sfn.IChainable {
  const keep = props.keepTarget === true ? { 'target.$': '$.target' } : {};
  const step = invoke(scope, props.name, props.fn, { resultPath: '$.progress', comment: props.comment });
  const finished = sfn.Pass.jsonPath(scope, `${props.name}Finished`, {
    parameters: { ...keep, 'progress.$': '$.progress' },
  });
  const failed = sfn.Pass.jsonPath(scope, `${props.name}Failed`, {
    parameters: { ...keep, 'progress.$': '$.progress', 'failure.$': '$.failure' },
  });
  step.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  const more = sfn.Choice.jsonPath(scope, `${props.name}MoreWork?`)
    .when(sfn.Condition.booleanEquals('$.progress.done', true), finished)
    .otherwise(step);
  return step.next(more);
}

/** The kinds of work whose quota share and concurrency the plan computes (JobState.rates). */
export type RateKey = 'find' | 'collections' | 'faceGroups' | 'subjects' | 'projectVersions';

/** The item every worker Map hands to its iterator: the target plus what every worker needs to know. */
export function workItemSelector(rateKey: RateKey): Record<string, unknown> {
  return {
    'target.$': '$$.Map.Item.Value',
    'executionId.$': '$.executionId',
    'startedAt.$': '$.startedAt',
    'dryRun.$': '$.dryRun',
    'rates.$': `$.rates.${rateKey}`,
    progress: { done: false },
  };
}

/** Concurrency derived from the quotas and the number of targets (lambdas/core/rates/rate-plan.ts). */
export function concurrencyPath(rateKey: RateKey): string {
  return `$.rates.${rateKey}.concurrency`;
}

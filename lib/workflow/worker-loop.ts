import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { RatePlan } from '../../lambdas/core/contracts';
import type { WORK, WorkKind } from '../../lambdas/core/workers';
import { addWorkerRetries } from './retry-policy';
import { type LaneWait, laneLoopStates } from './state-names';

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

/** How long a lane of project versions waits between polls (the worker backs off from SHORT to LONG). */
export interface LaneWaits {
  readonly short: Duration;
  readonly medium: Duration;
  readonly long: Duration;
}

export interface LaneLoopProps {
  /** Prefix of the loop's state names (state names are unique across the whole machine). */
  readonly name: string;
  readonly fn: lambda.IFunction;
  readonly comment: string;
  /** Poll loop: the worker says how long to wait before it is called again. @default no waits */
  readonly waits?: LaneWaits;
}

/**
 * The loop every lane runs in: call the worker with the lane's input, whose output (the same, with new progress)
 * replaces the state, and call it again until `progress.done`. A failure that survives the retries goes back to the
 * worker once, as `failure`, so it records it against the item in progress and goes on with the rest of the lane.
 * If that fails too, the lane is abandoned: the report shows its unfinished items as failed.
 */
export function laneLoop(scope: Construct, props: LaneLoopProps): sfn.IChainable {
  const states = laneLoopStates(props.name);
  const step = invoke(scope, states.worker, props.fn, { comment: props.comment });
  const finished = sfn.Pass.jsonPath(scope, states.finished, {
    parameters: { 'lane.$': '$.lane', 'progress.$': '$.progress' },
  });
  const abandoned = sfn.Pass.jsonPath(scope, states.abandoned, {
    comment: 'Recording a failure failed as well: the lane stops; the report shows what it left unfinished.',
    parameters: { 'lane.$': '$.lane', 'progress.$': '$.progress', 'failure.$': '$.caught' },
  });
  const handOver = sfn.Pass.jsonPath(scope, states.recordFailure, {
    parameters: { ...laneFields('$'), 'failure.$': '$.caught' },
  });
  handOver.next(step);
  step.addCatch(
    sfn.Choice.jsonPath(scope, states.failedTwice)
      .when(sfn.Condition.isPresent('$.failure'), abandoned)
      .otherwise(handOver),
    { errors: [sfn.Errors.ALL], resultPath: '$.caught' },
  );
  const more = sfn.Choice.jsonPath(scope, states.moreWork).when(
    sfn.Condition.booleanEquals('$.progress.done', true),
    finished,
  );
  if (props.waits !== undefined) {
    const wait = (which: LaneWait, duration: Duration) =>
      sfn.Wait.jsonPath(scope, states.wait(which), { time: sfn.WaitTime.duration(duration) }).next(step);
    more
      .when(waitIs('LONG'), wait('LONG', props.waits.long))
      .when(waitIs('MEDIUM'), wait('MEDIUM', props.waits.medium))
      .otherwise(wait('SHORT', props.waits.short));
  } else {
    more.otherwise(step);
  }
  return step.next(more);
}

function waitIs(wait: LaneWait): sfn.Condition {
  return sfn.Condition.and(
    sfn.Condition.isPresent('$.progress.wait'),
    sfn.Condition.stringEquals('$.progress.wait', wait),
  );
}

/** A lane's input, copied field by field (a lane's state never holds anything else). */
function laneFields(from: string): Record<string, string> {
  const fields = ['jobId', 'kind', 'lane', 'executionId', 'startedAt', 'dryRun', 'rates', 'progress'];
  return Object.fromEntries(fields.map((field) => [`${field}.$`, `${from}.${field}`]));
}

/** The kinds of work whose quota share and concurrency the plan computes (JobRef.rates). */
export type RateKey = keyof RatePlan;
/** The rate share lanes of this kind run with: only the one workers.ts gives it type-checks. */
export type RateOf<K extends WorkKind> = (typeof WORK)[K]['rate'];

/** Every lane Map hands its iterator the lane number and what every worker needs to know; no data. */
export function laneSelector<K extends WorkKind>(kind: K, rateKey: RateOf<K>): Record<string, unknown> {
  return {
    'jobId.$': '$.jobId',
    kind,
    'lane.$': '$$.Map.Item.Value',
    'executionId.$': '$.executionId',
    'startedAt.$': '$.startedAt',
    'dryRun.$': '$.dryRun',
    'rates.$': `$.rates.${rateKey}`,
    progress: { done: false },
  };
}

/** Concurrency derived from the quotas and the plan (lambdas/core/rates/rate-plan.ts). */
export function concurrencyPath(rateKey: RateKey): string {
  return `$.rates.${rateKey}.concurrency`;
}

/** The Map over one kind's lanes. Its results are dropped: every outcome is in the job store. */
export function laneMap<K extends WorkKind>(
  scope: Construct,
  id: string,
  kind: K,
  rateKey: RateOf<K>,
  loop: sfn.IChainable,
  comment: string,
): sfn.Map {
  return sfn.Map.jsonPath(scope, id, {
    comment,
    itemsPath: `$.lanes.${kind}`,
    itemSelector: laneSelector(kind, rateKey),
    maxConcurrencyPath: concurrencyPath(rateKey),
    resultPath: sfn.JsonPath.DISCARD,
  }).itemProcessor(loop);
}

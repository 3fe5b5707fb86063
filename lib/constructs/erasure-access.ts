import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { FailureRecordingFunction } from '../../lambdas/core/erasure/failure-record';
import type { DeadLetterQueue } from './dead-letter-queue';
import { FailureRecords } from './failure-records';
import { acknowledge, Reasons, wildcardResource } from './nag-acknowledgements';
import { type Permission, permission } from './permission';

/** The resources the erasure functions touch, and one IAM statement per kind of call, scoped to them. */
export class ErasureAccess {
  private readonly executions: string;

  constructor(
    private readonly stateMachine: sfn.StateMachine,
    private readonly bus: events.IEventBus,
    private readonly table: dynamodb.ITable,
    private readonly statusIndex: string,
  ) {
    this.executions = Stack.of(stateMachine).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** This state machine only. */
  startExecution(): Permission {
    return permission(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [this.stateMachine.stateMachineArn] }),
    );
  }

  /** Executions of this state machine only. */
  describeExecutions(): Permission {
    return permission(
      new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [this.executions] }),
      wildcardResource(this.stateMachine, this.executions, Reasons.thisStateMachinesExecutions),
    );
  }

  putEvents(): Permission {
    return permission(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
  }

  /** Item operations on the receipts table (not its indexes). */
  receipts(...actions: string[]): Permission {
    return permission(
      new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [this.table.tableArn] }),
    );
  }

  queryStatusIndex(): Permission {
    return permission(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${this.table.tableArn}/index/${this.statusIndex}`],
      }),
    );
  }
}

export interface DeliveryOptions {
  /** EventBridge's delivery attempts, and then Lambda's (at most 2) for a function error. */
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { retryAttempts: 3, maxEventAge: Duration.hours(1) };

/**
 * An EventBridge target for `fn` whose failures end in `deadLetters` as references only (FailureRecords), whichever
 * way it fails: EventBridge cannot deliver (the target's dead-letter queue, which holds the target's input, so only
 * where `input` cuts the event down to a reference), or the function keeps throwing (Lambda's on-failure
 * destination, reduced by FailureRecords). Without the second, an event whose processing fails would be dropped.
 */
export function reliableLambdaTarget(
  fn: lambda.Function,
  handler: FailureRecordingFunction,
  deadLetters: DeadLetterQueue,
  delivery: DeliveryOptions = DEFAULT_DELIVERY,
  /** What the function receives instead of the whole event; with it, undelivered inputs go to `deadLetters`. */
  input?: events.RuleTargetInput,
): eventTargets.LambdaFunction {
  new FailureRecords(fn, 'FailureRecords', { fn, handler, deadLetters, delivery });
  acknowledge(fn, { id: 'Serverless-LambdaDLQ', reason: Reasons.onFailureDestination });
  return new eventTargets.LambdaFunction(fn, {
    ...(input === undefined ? {} : { event: input, deadLetterQueue: deadLetters.queue }),
    retryAttempts: delivery.retryAttempts,
    maxEventAge: delivery.maxEventAge,
  });
}

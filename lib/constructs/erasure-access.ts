import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
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
 * An EventBridge target for `fn` that ends in `deadLetters` whichever way it fails: EventBridge cannot deliver
 * (the target's DLQ), or the function keeps throwing (Lambda's asynchronous on-failure destination). Without the
 * second, an event whose processing fails would be dropped after Lambda's retries.
 */
export function reliableLambdaTarget(
  fn: lambda.Function,
  deadLetters: DeadLetterQueue,
  delivery: DeliveryOptions = DEFAULT_DELIVERY,
): eventTargets.LambdaFunction {
  fn.configureAsyncInvoke({
    retryAttempts: Math.min(delivery.retryAttempts, 2),
    maxEventAge: delivery.maxEventAge,
    onFailure: sendOnlyDestination(deadLetters.queue),
  });
  acknowledge(fn, { id: 'Serverless-LambdaDLQ', reason: Reasons.onFailureDestination });
  return new eventTargets.LambdaFunction(fn, {
    deadLetterQueue: deadLetters.queue,
    retryAttempts: delivery.retryAttempts,
    maxEventAge: delivery.maxEventAge,
  });
}

/**
 * Like lambda-destinations' SqsDestination, which grants the function's role SendMessage plus GetQueueAttributes
 * and GetQueueUrl: Lambda only sends. The queue uses SQS-managed keys, so no KMS permission is needed either.
 */
function sendOnlyDestination(queue: sqs.IQueue): lambda.IDestination {
  return {
    bind: (_scope: Construct, fn: lambda.IFunction) => {
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
      return { destination: queue.queueArn };
    },
  };
}

import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { DeadLetterQueue } from './dead-letter-queue';

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

  startExecution(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['states:StartExecution'],
      resources: [this.stateMachine.stateMachineArn],
    });
  }

  /** Executions of this state machine only. */
  describeExecutions(): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [this.executions] });
  }

  putEvents(): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] });
  }

  /** Item operations on the receipts table (not its indexes). */
  receipts(...actions: string[]): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [this.table.tableArn] });
  }

  queryStatusIndex(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [`${this.table.tableArn}/index/${this.statusIndex}`],
    });
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
    onFailure: new destinations.SqsDestination(deadLetters.queue),
  });
  return new eventTargets.LambdaFunction(fn, {
    deadLetterQueue: deadLetters.queue,
    retryAttempts: delivery.retryAttempts,
    maxEventAge: delivery.maxEventAge,
  });
}

import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import {
  type ErasureFailureRecord,
  FAILURE_REFERENCES,
  type FailureRecordingFunction,
} from '../../lambdas/core/erasure/failure-record';
import type { DeadLetterQueue } from './dead-letter-queue';
import type { DeliveryOptions } from './erasure-access';

/** The detail-type Lambda gives the invocation record it sends to an EventBridge on-failure destination. */
export const LAMBDA_FAILURE_DETAIL_TYPE = 'Lambda Function Invocation Result - Failure';

export interface FailureRecordsProps {
  readonly fn: lambda.Function;
  /** Which function it is: names its reference fields (lambdas/core/erasure/failure-record.ts). */
  readonly handler: FailureRecordingFunction;
  readonly deadLetters: DeadLetterQueue;
  readonly delivery: DeliveryOptions;
}

/**
 * A function's failed asynchronous invocations end in `deadLetters` as an ErasureFailureRecord: a reference and
 * the error's name, never the event. Lambda's own on-failure destinations copy the whole event (requestPayload),
 * and an erasure request's event holds the subject's ids. So the destination is the account's default bus, and a
 * rule with an input transformer picks the reference fields out of the invocation record: the queue only ever
 * receives the cut-down record, and so does the rule target's own dead-letter queue (the same transformed input).
 */
export class FailureRecords extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: FailureRecordsProps) {
    super(scope, id);
    const { fn, delivery } = props;
    fn.configureAsyncInvoke({
      retryAttempts: Math.min(delivery.retryAttempts, 2),
      maxEventAge: delivery.maxEventAge,
      // The default bus: Lambda publishes there with the function's role (events:PutEvents on that bus only).
      onFailure: new destinations.EventBridgeDestination(),
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: `Failed invocations of ${props.handler} -> its dead-letter queue, as a reference and an error name.`,
      eventPattern: {
        source: ['lambda'],
        detailType: [LAMBDA_FAILURE_DETAIL_TYPE],
        resources: [`${fn.functionArn}:$LATEST`],
      },
      targets: [
        new eventTargets.SqsQueue(props.deadLetters.queue, {
          message: events.RuleTargetInput.fromObject(failureRecordTemplate(props.handler)),
          deadLetterQueue: props.deadLetters.queue,
          retryAttempts: delivery.retryAttempts,
          maxEventAge: delivery.maxEventAge,
        }),
      ],
    });
  }
}

/** The input transformer's shape: every value a path into Lambda's invocation record, or a constant. */
function failureRecordTemplate(handler: FailureRecordingFunction): Record<keyof ErasureFailureRecord, unknown> {
  const reference = Object.fromEntries(
    Object.entries(FAILURE_REFERENCES[handler]).map(([name, path]) => [
      name,
      events.EventField.fromPath(path.replace(/^\$/, '$.detail.requestPayload')),
    ]),
  );
  return {
    failed: handler,
    condition: events.EventField.fromPath('$.detail.requestContext.condition'),
    error: events.EventField.fromPath('$.detail.responsePayload.errorType'),
    reference,
  };
}

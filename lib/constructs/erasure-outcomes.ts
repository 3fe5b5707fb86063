import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ErasureEnv } from '../../lambdas/core/erasure/settings';
import { ErasureMetric } from '../../lambdas/core/metrics/catalogue';
import { CleanupFunction } from './cleanup-function';
import { customMetric } from './custom-metric';
import { DeadLetterQueue } from './dead-letter-queue';
import { DEFAULT_DELIVERY, type DeliveryOptions, type ErasureAccess, reliableLambdaTarget } from './erasure-access';

export interface ErasureOutcomesProps {
  readonly bus: events.IEventBus;
  readonly stateMachine: sfn.IStateMachine;
  readonly receipts: dynamodb.ITable;
  readonly statusIndex: string;
  readonly access: ErasureAccess;
  /** The customer-managed key the dead-letter queue is encrypted with (the job store's). */
  readonly recordsKey: kms.IKey;
  /** @default DEFAULT_DELIVERY (3 attempts, 1 hour) */
  readonly delivery?: DeliveryOptions;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** Execution statuses after which an execution never changes again (unless redriven). */
export const CLOSED_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * What happens after an erasure starts: when its execution closes, the receipt function writes the final receipt
 * and publishes ErasureCompleted/ErasureFailed; every hour, the overdue check counts erasures past their dueAt.
 * Alarms: a failed erasure, an overdue erasure (or a check that did not run), and a non-empty dead-letter queue.
 */
export class ErasureOutcomes extends Construct {
  readonly receiptFunction: CleanupFunction;
  readonly overdueFunction: CleanupFunction;
  readonly deadLetters: DeadLetterQueue;
  readonly failedErasuresAlarm: cloudwatch.Alarm;
  readonly overdueErasuresAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ErasureOutcomesProps) {
    super(scope, id);
    const { access } = props;
    const delivery = props.delivery ?? DEFAULT_DELIVERY;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      purpose:
        'An erasure receipt or the overdue check could not be processed (execution ARN and error in the message): ' +
        'fix the cause, then run the receipt function with {"detail":{"executionArn":...}}',
      encryptionKey: props.recordsKey,
    });

    this.receiptFunction = new CleanupFunction(this, 'ReceiptFunction', {
      handler: 'erasure-receipt',
      description: 'Writes the final erasure receipt when an execution ends and publishes ErasureCompleted/Failed.',
      // May assemble the record of a big job from the job store.
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      environment: {
        [ErasureEnv.EventBusName]: props.bus.eventBusName,
        [ErasureEnv.ReceiptsTable]: props.receipts.tableName,
      },
      permissions: [access.describeExecutions(), access.putEvents(), access.receipts('GetItem', 'PutItem')],
    });
    // Step Functions publishes status changes on the account's default bus.
    new events.Rule(this, 'ExecutionClosed', {
      description: 'A cleanup execution closed: settle its erasure receipt, if it has one.',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.stateMachine.stateMachineArn], status: CLOSED_STATUSES },
      },
      // The function reads the execution back with DescribeExecution: it is given the reference only, so neither
      // an undelivered event nor a failed invocation puts the execution's input or output on the queue.
      targets: [
        reliableLambdaTarget(
          this.receiptFunction,
          'erasure-receipt',
          this.deadLetters,
          delivery,
          events.RuleTargetInput.fromObject({
            id: events.EventField.fromPath('$.id'),
            detail: {
              executionArn: events.EventField.fromPath('$.detail.executionArn'),
              status: events.EventField.fromPath('$.detail.status'),
            },
          }),
        ),
      ],
    });

    this.overdueFunction = new CleanupFunction(this, 'OverdueFunction', {
      handler: 'erasure-overdue',
      description: 'Hourly: counts erasures still in progress past their due time (OverdueErasures metric).',
      timeout: Duration.minutes(1),
      logRetention: props.logRetention,
      environment: {
        [ErasureEnv.ReceiptsTable]: props.receipts.tableName,
        [ErasureEnv.ReceiptsStatusIndex]: props.statusIndex,
      },
      permissions: [access.queryStatusIndex()],
    });
    new events.Rule(this, 'OverdueCheck', {
      description: 'Hourly overdue-erasure check, at five past so each hour has exactly one data point.',
      schedule: events.Schedule.cron({ minute: '5' }),
      targets: [
        reliableLambdaTarget(
          this.overdueFunction,
          'erasure-overdue',
          this.deadLetters,
          delivery,
          events.RuleTargetInput.fromObject({ time: events.EventField.time }),
        ),
      ],
    });

    this.failedErasuresAlarm = new cloudwatch.Alarm(this, 'FailedErasures', {
      alarmDescription: 'An erasure request did not complete: see the ErasureFailed event and its receipt.',
      metric: customMetric(ErasureMetric.Failed, 'Sum', Duration.minutes(5)),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.overdueErasuresAlarm = new cloudwatch.Alarm(this, 'OverdueErasures', {
      alarmDescription: 'An erasure is still in progress past its SLA, or the hourly overdue check did not run.',
      metric: customMetric(ErasureMetric.Overdue, 'Maximum', Duration.hours(1)),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // The check publishes 0 every hour: no data means it did not run, and then nobody is watching deadlines.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ERASURE_SOURCE, ErasureDetailTypes } from '../../lambdas/core/erasure/events';
import type { AllowedRequester } from '../../lambdas/core/erasure/requesters';
import { ErasureEnv } from '../../lambdas/core/erasure/settings';
import type { ErasureRequester } from '../config/erasure-requesters';
import { CleanupFunction } from './cleanup-function';
import { DeadLetterQueue } from './dead-letter-queue';
import { DEFAULT_DELIVERY, type DeliveryOptions, type ErasureAccess, reliableLambdaTarget } from './erasure-access';
import { acknowledge, Reasons } from './nag-acknowledgements';

/** Lambda allows 4 KB of environment in all; the other variables take a few hundred bytes. */
const MAX_REQUESTERS_ENV = 3000;

export interface ErasureIntakeProps {
  readonly bus: events.IEventBus;
  readonly stateMachine: sfn.IStateMachine;
  readonly receipts: dynamodb.ITable;
  readonly access: ErasureAccess;
  /** The customer-managed key the queues are encrypted with (the job store's). */
  readonly recordsKey: kms.IKey;
  /** Who may ask. Empty: no intake rule, and the function refuses whatever reaches it. */
  readonly requesters: readonly ErasureRequester[];
  /** From receipt to dueAt; an erasure still running after it counts as overdue. */
  readonly erasureSla: Duration;
  /** Requests within this window join one batch, one execution; 0: one execution per request. */
  readonly batchWindow: Duration;
  /** @default DEFAULT_DELIVERY (3 attempts, 1 hour) */
  readonly delivery?: DeliveryOptions;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * ErasureRequested events from other services -> the intake function, which records a receipt and joins the request to
 * the open batch (one execution per batch window; lambdas/core/erasure/batches.ts). Refused requests come back on the
 * bus as ErasureRejected, which a rule routes to the invalid-requests queue (and as ErasureFailed for the requester).
 */
export class ErasureIntake extends Construct {
  readonly function: CleanupFunction;
  /** Undefined when no requester is allowed: an event pattern cannot match an empty list of sources. */
  readonly rule?: events.Rule;
  /** Requests that could not be processed (after retries), as a reference and an error name (ErasureFailureRecord). */
  readonly deadLetters: DeadLetterQueue;
  /** Requests EventBridge could not hand to the function: nothing of them is kept, so they are counted. */
  readonly undeliveredAlarm?: cloudwatch.Alarm;
  /** Refused requests, with the reason and without the subject's ids. */
  readonly invalidRequests: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ErasureIntakeProps) {
    super(scope, id);
    const delivery = props.delivery ?? DEFAULT_DELIVERY;
    const encryptionKey = props.recordsKey;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      purpose:
        'An erasure request could not be processed after retries (source, requestId and error in the message): ' +
        'fix the cause, then ask the requester to send it again (same requestId: it is idempotent)',
      encryptionKey,
    });
    this.invalidRequests = new DeadLetterQueue(this, 'InvalidRequests', {
      purpose: 'An erasure request was refused (reason in the message); the requester was sent ErasureFailed',
      encryptionKey,
    });

    const { access } = props;
    const requesters = JSON.stringify(
      props.requesters.map(({ source, accounts, allowDryRun }): AllowedRequester => ({
        source,
        accounts,
        allowDryRun,
      })),
    );
    if (requesters.length > MAX_REQUESTERS_ENV) {
      throw new Error(
        `erasureRequesters: ${requesters.length} chars in the intake's environment, at most ${MAX_REQUESTERS_ENV} ` +
          "fit Lambda's 4 KB: list fewer requesters or accounts",
      );
    }
    this.function = new CleanupFunction(this, 'Function', {
      handler: 'erasure-intake',
      description: 'Validates ErasureRequested events, records the receipt and joins the request to a batch.',
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      // subjectRef and the request fingerprint, which must match what finalize-plan puts in the report.
      hashesSubjectIds: true,
      environment: {
        [ErasureEnv.StateMachineArn]: props.stateMachine.stateMachineArn,
        [ErasureEnv.EventBusName]: props.bus.eventBusName,
        [ErasureEnv.ReceiptsTable]: props.receipts.tableName,
        [ErasureEnv.SlaSeconds]: String(props.erasureSla.toSeconds()),
        [ErasureEnv.BatchWindowSeconds]: String(props.batchWindow.toSeconds()),
        [ErasureEnv.Requesters]: requesters,
      },
      permissions: [
        access.startExecution(),
        access.describeExecutions(),
        access.putEvents(),
        access.receipts('GetItem', 'PutItem', 'UpdateItem'),
      ],
    });

    // Configured even without a rule: the function's failures must never be dropped, however it is invoked. The
    // target has no dead-letter queue: it would hold the whole request, subject ids included (README, Security).
    const target = reliableLambdaTarget(this.function, 'erasure-intake', this.deadLetters, delivery);
    if (props.requesters.length > 0) {
      const rule = new events.Rule(this, 'Requested', {
        description: 'GDPR erasure requests from the allowed requesters (erasureRequesters).',
        eventBus: props.bus,
        eventPattern: {
          detailType: [ErasureDetailTypes.Requested],
          source: props.requesters.map((requester) => requester.source),
        },
        targets: [target],
      });
      this.rule = rule;
      acknowledge(rule, { id: 'Serverless-EventBusDLQ', reason: Reasons.requestsKeepNoCopy });
      this.undeliveredAlarm = new cloudwatch.Alarm(this, 'Undelivered', {
        alarmDescription:
          'EventBridge could not hand an erasure request to the intake after its retries: the request was not ' +
          'recorded. Requesters see no ErasureCompleted/ErasureFailed for it; ask them to send it again.',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { EventBusName: props.bus.eventBusName, RuleName: rule.ruleName },
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    new events.Rule(this, 'Rejected', {
      description: 'Refused erasure requests -> the invalid-requests queue.',
      eventBus: props.bus,
      eventPattern: { detailType: [ErasureDetailTypes.Rejected], source: [ERASURE_SOURCE] },
      targets: [
        new eventTargets.SqsQueue(this.invalidRequests.queue, {
          message: events.RuleTargetInput.fromEventPath('$.detail'),
          deadLetterQueue: this.deadLetters.queue,
          retryAttempts: delivery.retryAttempts,
          maxEventAge: delivery.maxEventAge,
        }),
      ],
    });
  }
}

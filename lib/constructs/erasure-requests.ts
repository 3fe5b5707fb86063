import { Annotations, Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type ErasureRequesterConfig, parseErasureRequesters } from '../config/erasure-requesters';
import { erasureBusStatements, restrictErasureBus } from './erasure-bus-policy';
import type { DeliveryOptions } from './erasure-access';
import { ErasureAccess } from './erasure-access';
import { ErasureEventSchemas } from './erasure-event-schemas';
import { ErasureIntake } from './erasure-intake';
import { ErasureOutcomes } from './erasure-outcomes';
import { ErasureReceiptsTable } from './erasure-receipts-table';
import { DEFAULT_ERASURE_BATCH_WINDOW } from '../workflow/definition';

export interface ErasureRequestsProps {
  /** The cleanup workflow that performs the erasures. */
  readonly stateMachine: sfn.StateMachine;
  /** The customer-managed key of the erasure queues: the job store's, which keeps the subject while it runs. */
  readonly recordsKey: kms.IKey;
  /**
   * Name of an existing bus (same account and region) to take requests from. The stack does not own its policy, so
   * it cannot restrict who publishes there (see README, "Security"). @default a new bus, restricted to `requesters`
   */
  readonly eventBusName?: string;
  /** Who may ask for erasures, validated here. @default none: nobody outside the stack can ask */
  readonly requesters?: readonly ErasureRequesterConfig[];
  /** Receipt to dueAt. Must leave room before the legal deadline of one month. @default Duration.hours(24) */
  readonly erasureSla?: Duration;
  /**
   * Requests that arrive within this window share one execution (one scan per collection serves them all); each
   * keeps its own receipt, events and deadline. `Duration.seconds(0)` starts one execution per request. At most a
   * tenth of `erasureSla` and one hour, so batching never costs an erasure its deadline.
   * @default DEFAULT_ERASURE_BATCH_WINDOW (180 seconds)
   */
  readonly batchWindow?: Duration;
  /** Retries and maximum event age of each rule target. @default 3 attempts within 1 hour */
  readonly delivery?: DeliveryOptions;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** The shortest month: an SLA beyond it could end after the GDPR Art. 12(3) deadline. */
const MAX_SLA = Duration.days(28);
/** The batch window's share of the SLA at most: the rest is the erasure's own time. */
const MAX_WINDOW_SHARE_OF_SLA = 10;
const MAX_BATCH_WINDOW = Duration.hours(1);

/** The SLA as configured (default 24 h), or the synth error that names the option. */
export function checkErasureSla(erasureSla: Duration = Duration.hours(24)): Duration {
  const slaSeconds = erasureSla.toSeconds();
  if (slaSeconds <= 0 || slaSeconds > MAX_SLA.toSeconds()) {
    throw new Error(`erasureSla must be between 1 second and ${MAX_SLA.toDays()} days, got ${erasureSla}`);
  }
  return erasureSla;
}

/** The batch window as configured (default 180 s), checked against the SLA; a synth error names the option. */
export function checkBatchWindow(window: Duration | undefined, erasureSla: Duration | undefined): Duration {
  const batchWindow = window ?? DEFAULT_ERASURE_BATCH_WINDOW;
  const sla = checkErasureSla(erasureSla);
  const seconds = batchWindow.toSeconds({ integral: false });
  const max = Math.min(MAX_BATCH_WINDOW.toSeconds(), Math.floor(sla.toSeconds() / MAX_WINDOW_SHARE_OF_SLA));
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > max) {
    throw new Error(
      `erasureBatchWindow must be whole seconds from 0 (no batching) to ${max} s (a tenth of erasureSla, at most ` +
        `one hour), got ${seconds} s`,
    );
  }
  return batchWindow;
}

/**
 * GDPR erasure requests from other services, end to end: the bus, the intake, the receipts table (evidence), the
 * outcome events back to the requester, the overdue check and their alarms, and the events' schema registry. The
 * event schemas are defined in lambdas/core/erasure/request-schema.ts and event-schemas.ts.
 */
export class ErasureRequests extends Construct {
  readonly bus: events.IEventBus;
  readonly receipts: ErasureReceiptsTable;
  readonly intake: ErasureIntake;
  readonly outcomes: ErasureOutcomes;
  readonly eventSchemas: ErasureEventSchemas;
  /** Receipt to dueAt, as configured: the CLI's own erasures get the same deadlines (stack output). */
  readonly erasureSla: Duration;
  /** Requests within this window share one execution (0: one execution per request). */
  readonly batchWindow: Duration;
  /**
   * For an existing bus, which the stack cannot restrict: the statements its owner should add to its policy.
   * Undefined for the stack's own bus, which has them already.
   */
  readonly busPolicyToApply?: iam.PolicyDocument;

  constructor(scope: Construct, id: string, props: ErasureRequestsProps) {
    super(scope, id);
    const erasureSla = checkErasureSla(props.erasureSla);
    this.erasureSla = erasureSla;
    this.batchWindow = checkBatchWindow(props.batchWindow, erasureSla);
    this.bus =
      props.eventBusName === undefined
        ? new events.EventBus(this, 'Bus', { description: 'rekognition-cleanup: GDPR erasure requests and outcomes.' })
        : events.EventBus.fromEventBusName(this, 'Bus', props.eventBusName);
    const requesters = parseErasureRequesters(props.requesters);
    this.receipts = new ErasureReceiptsTable(this, 'Receipts');
    const access = new ErasureAccess(
      props.stateMachine,
      this.bus,
      this.receipts.table,
      ErasureReceiptsTable.STATUS_INDEX,
    );
    const common = { bus: this.bus, stateMachine: props.stateMachine, receipts: this.receipts.table, access };
    this.intake = new ErasureIntake(this, 'Intake', {
      ...common,
      recordsKey: props.recordsKey,
      requesters,
      erasureSla,
      batchWindow: this.batchWindow,
      delivery: props.delivery,
      logRetention: props.logRetention,
    });
    this.outcomes = new ErasureOutcomes(this, 'Outcomes', {
      ...common,
      recordsKey: props.recordsKey,
      statusIndex: ErasureReceiptsTable.STATUS_INDEX,
      delivery: props.delivery,
      logRetention: props.logRetention,
    });
    this.eventSchemas = new ErasureEventSchemas(this, 'EventSchemas');
    // The two functions that publish rekognition-cleanup's own events (ErasureRejected/Failed/Completed).
    const publishers = [this.intake.function.role, this.outcomes.receiptFunction.role].filter(
      (role): role is iam.IRole => role !== undefined,
    );
    if (this.bus instanceof events.EventBus) {
      restrictErasureBus(this.bus, requesters, publishers);
    } else {
      const roleArns = publishers.map((role) => role.roleArn);
      this.busPolicyToApply = new iam.PolicyDocument({
        statements: erasureBusStatements(this.bus.eventBusArn, requesters, roleArns, true),
      });
      Annotations.of(this).addWarningV2(
        'rekognition-cleanup:erasure-bus-not-restricted',
        `The erasure bus ${props.eventBusName} is not the stack's: its policy is left alone, so any principal the ` +
          'bus admits may publish as a requester or forge ErasureCompleted. Only the rule and the intake check ' +
          'sources and accounts. Add the statements of the ErasureBusPolicyStatements output to the bus policy.',
      );
    }
  }
}

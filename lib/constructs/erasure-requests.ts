import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { DeliveryOptions } from './erasure-access';
import { ErasureAccess } from './erasure-access';
import { ErasureIntake } from './erasure-intake';
import { ErasureOutcomes } from './erasure-outcomes';
import { ErasureReceiptsTable } from './erasure-receipts-table';

export interface ErasureRequestsProps {
  /** The cleanup workflow that performs the erasures. */
  readonly stateMachine: sfn.StateMachine;
  /** Name of an existing bus (same account and region) to take requests from. @default a new bus */
  readonly eventBusName?: string;
  /** Receipt to dueAt. Must leave room before the legal deadline of one month. @default Duration.hours(24) */
  readonly erasureSla?: Duration;
  /** Retries and maximum event age of each rule target. @default 3 attempts within 1 hour */
  readonly delivery?: DeliveryOptions;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** The shortest month: an SLA beyond it could end after the GDPR Art. 12(3) deadline. */
const MAX_SLA = Duration.days(28);

/**
 * GDPR erasure requests from other services, end to end: the bus, the intake, the receipts table (evidence), the
 * outcome events back to the requester, the overdue check and their alarms. See lambdas/core/erasure/events.ts
 * for the event schemas.
 */
export class ErasureRequests extends Construct {
  readonly bus: events.IEventBus;
  readonly receipts: ErasureReceiptsTable;
  readonly intake: ErasureIntake;
  readonly outcomes: ErasureOutcomes;

  constructor(scope: Construct, id: string, props: ErasureRequestsProps) {
    super(scope, id);
    const erasureSla = props.erasureSla ?? Duration.hours(24);
    const slaSeconds = erasureSla.toSeconds();
    if (slaSeconds <= 0 || slaSeconds > MAX_SLA.toSeconds()) {
      throw new Error(`erasureSla must be between 1 second and ${MAX_SLA.toDays()} days, got ${erasureSla}`);
    }
    this.bus =
      props.eventBusName === undefined
        ? new events.EventBus(this, 'Bus', { description: 'rekognition-cleanup: GDPR erasure requests and outcomes.' })
        : events.EventBus.fromEventBusName(this, 'Bus', props.eventBusName);
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
      erasureSla,
      delivery: props.delivery,
      logRetention: props.logRetention,
    });
    this.outcomes = new ErasureOutcomes(this, 'Outcomes', {
      ...common,
      statusIndex: ErasureReceiptsTable.STATUS_INDEX,
      delivery: props.delivery,
      logRetention: props.logRetention,
    });
  }
}

import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RetentionPolicy } from '../config/retention-policies';
import { DeadLetterQueue } from './dead-letter-queue';

export interface RetentionSchedulesProps {
  /** The cleanup workflow the schedules start. */
  readonly stateMachine: sfn.IStateMachine;
  /** Validated policies (lib/config/retention-policies.ts); one schedule each, disabled ones included. */
  readonly policies: readonly RetentionPolicy[];
  /** Attempts after the first failed StartExecution. @default 3 */
  readonly retryAttempts?: number;
  /** How long Scheduler keeps retrying one run before it goes to the dead-letter queue. @default Duration.hours(1) */
  readonly maxEventAge?: Duration;
}

/**
 * Scheduled retention purges: one EventBridge Scheduler schedule per policy, in a schedule group of their own.
 * Scheduler assumes a role that can start this state machine and nothing else (plus writing its dead-letter
 * queue); runs that cannot be started after the retries land in an encrypted dead-letter queue with an alarm.
 */
export class RetentionSchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetters: DeadLetterQueue;
  /** Keyed by policy name. */
  readonly schedules: ReadonlyMap<string, scheduler.Schedule>;

  constructor(scope: Construct, id: string, props: RetentionSchedulesProps) {
    super(scope, id);
    // The group's name is derived from the construct path, so a retained group would collide with the next stack of
    // the same name. Its schedules are configuration (cdk.json), re-created by every deploy: it goes with the stack.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: starts the rekognition-cleanup state machine for retention policies.',
      // Only schedules of this account and this group may use the role (confused-deputy protection).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      purpose: 'A scheduled retention purge could not be started: data past its retention period was not deleted',
    });

    const schedules = new Map<string, scheduler.Schedule>();
    for (const policy of props.policies) {
      const target = new targets.StepFunctionsStartExecution(props.stateMachine, {
        role: this.role,
        input: scheduler.ScheduleTargetInput.fromObject(policy.job),
        deadLetterQueue: this.deadLetters.queue,
        retryAttempts: props.retryAttempts ?? 3,
        maxEventAge: props.maxEventAge ?? Duration.hours(1),
      });
      const schedule = new scheduler.Schedule(this, `Policy-${policy.name}`, {
        scheduleName: policy.name,
        scheduleGroup: this.group,
        description: `rekognition-cleanup retention policy "${policy.name}"${policy.dryRun ? ' (dry run)' : ''}`,
        schedule: scheduler.ScheduleExpression.expression(policy.schedule, TimeZone.of(policy.timeZone)),
        target,
        enabled: policy.enabled,
      });
      schedules.set(policy.name, schedule);
    }
    this.schedules = schedules;
  }
}

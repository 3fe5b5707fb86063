import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DEFAULT_TPS, formatTpsQuotas } from '../../lambdas/core/rates/quotas';
import { buildDefinition, DEFAULT_TUNING, type WorkflowFunctions, type WorkflowTuning } from '../workflow/definition';
import { CleanupFunction } from './cleanup-function';
import { RekognitionPermissions } from './rekognition-permissions';

export interface CleanupWorkflowProps {
  /** Tag that protects a collection or project version from selectors. @default 'cleanup:protect' */
  readonly protectTagKey?: string;
  /** Value the protect tag must have. @default 'true' */
  readonly protectTagValue?: string;
  /** A version still not deletable after this many polls is reported as failed. @default 200 */
  readonly maxVersionPolls?: number;
  /** ...or after this long since its first poll. @default Duration.hours(12) */
  readonly maxVersionWait?: Duration;
  /** Whole-job timeout. @default Duration.hours(24) */
  readonly jobTimeout?: Duration;
  /**
   * Rekognition TPS quotas of the account, per operation (`'*'` for the rest). Map concurrency and each worker's
   * rate share are derived from them, so a job runs just under the quotas instead of provoking throttling.
   * @default { '*': 5 } (conservative: at or below the default quota of every operation the workflow calls)
   */
  readonly rekognitionTps?: Record<string, number>;
  /** Poll intervals. @default DEFAULT_TUNING */
  readonly tuning?: Partial<WorkflowTuning>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The cleanup state machine and its functions, each with only the Rekognition permissions it needs, plus the
 * state machine's log group and an alarm on failed jobs.
 */
export class CleanupWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: WorkflowFunctions;
  readonly failedJobsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CleanupWorkflowProps = {}) {
    super(scope, id);
    const tuning: WorkflowTuning = { ...DEFAULT_TUNING, ...props.tuning };
    const allow = new RekognitionPermissions(this);
    const protection = {
      PROTECT_TAG_KEY: props.protectTagKey ?? 'cleanup:protect',
      PROTECT_TAG_VALUE: props.protectTagValue ?? 'true',
    };
    const common = { logRetention: props.logRetention };
    const quotas = { REKOGNITION_TPS: tpsSetting(props.rekognitionTps) };

    this.functions = {
      plan: new CleanupFunction(this, 'Plan', {
        ...common,
        handler: 'plan',
        description: 'Validates a cleanup job and resolves its selectors into targets (read-only).',
        timeout: Duration.minutes(5),
        environment: { ...protection, ...quotas },
        permissions: [
          allow.listAll('ListCollections', 'DescribeProjects'),
          allow.onCollections('DescribeCollection', 'ListFaces'),
          allow.onProjects('DescribeProjectVersions'),
          allow.readTags(),
        ],
      }),
      findSubjectFaces: new CleanupFunction(this, 'FindSubjectFaces', {
        ...common,
        handler: 'find-subject-faces',
        description: "Finds a subject's faces in one collection by UserId and ExternalImageId (read-only).",
        timeout: Duration.minutes(15),
        permissions: [allow.onCollections('ListFaces')],
      }),
      finalizePlan: new CleanupFunction(this, 'FinalizePlan', {
        ...common,
        handler: 'finalize-plan',
        description: 'Counts what the plan deletes and enforces maxDeletions (no AWS calls).',
        timeout: Duration.seconds(30),
        environment: quotas,
      }),
      cleanCollection: new CleanupFunction(this, 'CleanCollection', {
        ...common,
        handler: 'clean-collection',
        description: 'Deletes a collection, or empties it page by page within a time budget.',
        timeout: Duration.minutes(15),
        memorySize: 1024,
        environment: protection,
        permissions: [
          allow.onCollections(
            'DeleteCollection',
            'DescribeCollection',
            'ListFaces',
            'DeleteFaces',
            'ListUsers',
            'DeleteUser',
            'DisassociateFaces',
          ),
          allow.readTags(),
        ],
      }),
      deleteFaces: new CleanupFunction(this, 'DeleteFaces', {
        ...common,
        handler: 'delete-faces',
        description: "Deletes explicit face ids or a subject's faces and user, in batches.",
        timeout: Duration.minutes(5),
        permissions: [allow.onCollections('DeleteFaces', 'ListFaces', 'DisassociateFaces', 'DeleteUser')],
      }),
      advanceProjectVersion: new CleanupFunction(this, 'AdvanceProjectVersion', {
        ...common,
        handler: 'advance-project-version',
        description: 'One poll of a project version: describe, then stop, delete or wait.',
        timeout: Duration.minutes(1),
        environment: {
          ...protection,
          MAX_VERSION_POLLS: String(props.maxVersionPolls ?? 200),
          MAX_VERSION_WAIT_SECONDS: String((props.maxVersionWait ?? Duration.hours(12)).toSeconds()),
        },
        permissions: [
          allow.onProjects('DescribeProjectVersions', 'StopProjectVersion', 'DeleteProjectVersion'),
          allow.readTags(),
        ],
      }),
      deleteProject: new CleanupFunction(this, 'DeleteProject', {
        ...common,
        handler: 'delete-project',
        description: 'Deletes a Custom Labels project once it has no versions left.',
        timeout: Duration.minutes(1),
        permissions: [allow.onProjects('DescribeProjectVersions', 'DeleteProject')],
      }),
      report: new CleanupFunction(this, 'Report', {
        ...common,
        handler: 'report',
        description: 'Builds the job report from the plan and the results (no AWS calls).',
        timeout: Duration.seconds(30),
      }),
    };

    const logGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'rekognition-cleanup: one cleanup job per execution (see README: the job contract).',
      // States live in their own scope: their ids are the state names, which may repeat function ids.
      definitionBody: sfn.DefinitionBody.fromChainable(
        buildDefinition(new Construct(this, 'States'), this.functions, tuning),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: props.jobTimeout ?? Duration.hours(24),
      tracingEnabled: true,
      // Execution data holds subject ids (personal data): keep it out of CloudWatch Logs.
      logs: { destination: logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
    });

    this.failedJobsAlarm = new cloudwatch.Alarm(this, 'FailedJobs', {
      alarmDescription: 'A cleanup job failed, was rejected or timed out: something was not deleted.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** Validated at synth: a typo in a quota must fail `cdk synth`, not a job. */
function tpsSetting(tps: Record<string, number> | undefined): string {
  const perOperation: Record<string, number> = {};
  let fallback = DEFAULT_TPS;
  for (const [operation, value] of Object.entries(tps ?? {})) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`rekognitionTps.${operation} must be a positive number`);
    if (operation === '*') fallback = value;
    else if (!/^[A-Z][A-Za-z]+$/.test(operation))
      throw new Error(`rekognitionTps: "${operation}" is not an operation name`);
    else perOperation[operation] = value;
  }
  return formatTpsQuotas({ default: fallback, perOperation });
}

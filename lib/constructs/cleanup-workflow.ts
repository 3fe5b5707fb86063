import { Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { JobMetric } from '../../lambdas/core/metrics/catalogue';
import { DEFAULT_MAX_DELETIONS, DEFAULT_MAX_DELETIONS_ENV } from '../../lambdas/core/job/deletion-cap';
import { DEFAULT_TPS, formatTpsQuotas } from '../../lambdas/core/rates/quotas';
import { buildDefinition, DEFAULT_TUNING, type WorkflowFunctions, type WorkflowTuning } from '../workflow/definition';
import { CleanupFunction } from './cleanup-function';
import { checkWorkflowOptions } from './cleanup-workflow-props';
import { JobStore } from './job-store';
import { customMetric } from './custom-metric';
import { acknowledge, Reasons, wildcardResource } from './nag-acknowledgements';
import { RekognitionPermissions } from './rekognition-permissions';
import { operationsOfWorker, REKOGNITION_WORKERS, type RekognitionWorker } from '../../lambdas/core/workers';

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
  /** How long the job store keeps a job's plan, progress and report. @default Duration.days(30) */
  readonly jobDataRetention?: Duration;
  /**
   * The maxDeletions of a job that selects (collections sections, projectVersions by projectArn) and gives none: a
   * plan bigger than this is refused, and the act stops there. Explicit faces, erasures and version ARNs get none.
   * @default 100,000 (DEFAULT_MAX_DELETIONS: above routine retention purges, far below a whole account)
   */
  readonly defaultMaxDeletions?: number;
}

/**
 * The cleanup state machine and its functions, each with only the Rekognition permissions it needs, plus the
 * state machine's log group and two alarms: jobs that failed (rejected, timed out, crashed or incomplete) and jobs
 * that ran to their report without deleting everything planned.
 */
export class CleanupWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: WorkflowFunctions;
  readonly jobStore: JobStore;
  readonly failedJobsAlarm: cloudwatch.Alarm;
  readonly incompleteJobsAlarm: cloudwatch.Alarm;

  constructor(
    scope: Construct,
    id: string,
    props: CleanupWorkflowProps = {},
    /** Set by RekognitionCleanup from its own props (erasureBatchWindow), checked there against the erasure SLA. */
    erasure: { batchWindow?: Duration } = {},
  ) {
    super(scope, id);
    checkWorkflowOptions(props);
    const tuning: WorkflowTuning = { ...DEFAULT_TUNING, ...props.tuning };
    const allow = new RekognitionPermissions(this);
    const protection = {
      PROTECT_TAG_KEY: props.protectTagKey ?? 'cleanup:protect',
      PROTECT_TAG_VALUE: props.protectTagValue ?? 'true',
    };
    const common = { logRetention: props.logRetention };
    const quotas = { REKOGNITION_TPS: tpsSetting(props.rekognitionTps) };
    // The handler, and the Rekognition calls the one table (lambdas/core/workers.ts) gives it.
    const worker = (handler: RekognitionWorker) => ({ handler, permissions: allow.forWorker(handler) });

    this.functions = {
      plan: new CleanupFunction(this, 'Plan', {
        ...common,
        ...worker('plan'),
        description: 'Validates a cleanup job and resolves its selectors into targets (read-only).',
        timeout: Duration.minutes(5),
        environment: {
          ...protection,
          ...quotas,
          [DEFAULT_MAX_DELETIONS_ENV]: String(props.defaultMaxDeletions ?? DEFAULT_MAX_DELETIONS),
        },
      }),
      findSubjectFaces: new CleanupFunction(this, 'FindSubjectFaces', {
        ...common,
        ...worker('find-subject-faces'),
        description: "Finds a subject's faces in one collection by UserId and ExternalImageId (read-only).",
        timeout: Duration.minutes(15),
        environment: protection,
      }),
      finalizePlan: new CleanupFunction(this, 'FinalizePlan', {
        ...common,
        handler: 'finalize-plan',
        description: 'Counts what the stored plan deletes and enforces maxDeletions (no Rekognition calls).',
        // Reads and writes the whole plan: seconds for 10,000 collections.
        timeout: Duration.minutes(5),
        memorySize: 1024,
        environment: quotas,
        // The report's subjectRef, which must match the erasure receipts' (the intake hashes too).
        hashesSubjectIds: true,
      }),
      cleanCollection: new CleanupFunction(this, 'CleanCollection', {
        ...common,
        ...worker('clean-collection'),
        description: 'Deletes a collection, or empties it page by page within a time budget.',
        timeout: Duration.minutes(15),
        memorySize: 1024,
        environment: protection,
      }),
      deleteFaces: new CleanupFunction(this, 'DeleteFaces', {
        ...common,
        ...worker('delete-faces'),
        description: "Deletes explicit face ids or a subject's faces and user, in batches.",
        timeout: Duration.minutes(5),
        // Logs the subject's user id hashed (userRef).
        hashesSubjectIds: true,
      }),
      advanceProjectVersion: new CleanupFunction(this, 'AdvanceProjectVersion', {
        ...common,
        ...worker('advance-project-version'),
        description: 'One poll of a project version: describe, then stop, delete or wait.',
        timeout: Duration.minutes(1),
        environment: {
          ...protection,
          MAX_VERSION_POLLS: String(props.maxVersionPolls ?? 200),
          MAX_VERSION_WAIT_SECONDS: String((props.maxVersionWait ?? Duration.hours(12)).toSeconds()),
        },
      }),
      deleteProject: new CleanupFunction(this, 'DeleteProject', {
        ...common,
        ...worker('delete-project'),
        description: 'Deletes a Custom Labels project once it has no versions left.',
        timeout: Duration.minutes(1),
      }),
      report: new CleanupFunction(this, 'Report', {
        ...common,
        handler: 'report',
        description: 'Builds the job report from the stored plan and outcomes (no Rekognition calls).',
        timeout: Duration.minutes(5),
        memorySize: 1024,
      }),
      closeErasureBatch: new CleanupFunction(this, 'CloseErasureBatch', {
        ...common,
        handler: 'close-erasure-batch',
        description: "Closes an erasure batch after its window and stores its members' subjects as one job.",
        timeout: Duration.minutes(1),
        // The batch job's key in the store is its keyed fingerprint, as for every erasure stored by reference.
        hashesSubjectIds: true,
      }),
    };

    this.jobStore = new JobStore(this, 'JobStore', { dataRetention: props.jobDataRetention });
    // Every function of the workflow reads or writes the job store; those that delete also move the deletion
    // budget (an UpdateItem per reservation).
    const deleters: ReadonlySet<CleanupFunction> = new Set([
      this.functions.cleanCollection,
      this.functions.deleteFaces,
      this.functions.advanceProjectVersion,
    ] as CleanupFunction[]);
    // The batch's closer moves the open batch (conditional updates) like the intake that fills it.
    const updaters: ReadonlySet<CleanupFunction> = new Set([
      ...deleters,
      this.functions.closeErasureBatch as CleanupFunction,
    ]);
    for (const fn of Object.values(this.functions) as CleanupFunction[]) {
      this.jobStore.connect(
        fn,
        updaters.has(fn) ? ['GetItem', 'PutItem', 'Query', 'DeleteItem', 'UpdateItem'] : undefined,
      );
    }

    const logGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      // Under /aws/vendedlogs/: CloudWatch Logs then authorizes delivery without adding the group to the account's
      // log resource policy, whose 5,120-character limit otherwise makes CreateStateMachine fail in busy accounts.
      logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'rekognition-cleanup: one cleanup job per execution (see README: the job contract).',
      // States live in their own scope: their ids are the state names, which may repeat function ids.
      definitionBody: sfn.DefinitionBody.fromChainable(
        buildDefinition(new Construct(this, 'States'), this.functions, tuning, erasure.batchWindow),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: props.jobTimeout ?? Duration.hours(24),
      tracingEnabled: true,
      // Every state transition (names and times), queryable across executions with Logs Insights. Execution data
      // holds subject ids (personal data): inputs and outputs stay out of CloudWatch Logs. The Fail states' causes
      // hold none (a field path and rule, or the report, which names subjects by subjectRef).
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.acknowledgeStateMachineRole();
    for (const fn of Object.values(this.functions)) {
      acknowledge(fn, { id: 'Serverless-LambdaDLQ', reason: Reasons.invokedByTheStateMachine });
    }

    this.failedJobsAlarm = new cloudwatch.Alarm(this, 'FailedJobs', {
      alarmDescription: 'A cleanup job failed, was rejected or timed out: something was not deleted.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.incompleteJobsAlarm = new cloudwatch.Alarm(this, 'IncompleteJobs', {
      alarmDescription:
        'A cleanup job ran to its report but something planned was not deleted, or an erasure kept faces for ' +
        'review (status not SUCCEEDED): see the report (execution output or cause) and the ItemsFailed metric.',
      metric: customMetric(JobMetric.JobsIncomplete, 'Sum', Duration.minutes(5)),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** The wildcards CDK puts in the state machine's role: logging and tracing, and each function's versions. */
  private acknowledgeStateMachineRole(): void {
    const { role } = this.stateMachine;
    acknowledge(role, wildcardResource(role, '*', Reasons.stateMachineLogDeliveryAndTracing));
    for (const fn of Object.values(this.functions)) {
      acknowledge(role, wildcardResource(role, `${fn.functionArn}:*`, Reasons.invokeFunctionVersions));
    }
  }
}

/** Every Rekognition operation a worker calls (lambdas/core/workers.ts): the only names a quota can be given for. */
const CALLED: ReadonlySet<string> = new Set(REKOGNITION_WORKERS.flatMap(operationsOfWorker));

/** Validated at synth: a typo in a quota must fail `cdk synth`, not a job. */
function tpsSetting(tps: Record<string, number> | undefined): string {
  const perOperation: Record<string, number> = {};
  let fallback = DEFAULT_TPS;
  for (const [operation, value] of Object.entries(tps ?? {})) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`rekognitionTps.${operation} must be a positive number`);
    if (operation === '*') fallback = value;
    else if (!CALLED.has(operation)) {
      throw new Error(
        `rekognitionTps: "${operation}" is not an operation the workflow calls (${[...CALLED].join(', ')})`,
      );
    } else perOperation[operation] = value;
  }
  return formatTpsQuotas({ default: fallback, perOperation });
}

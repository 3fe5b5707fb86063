/**
 * The erasure path offline, end to end: a small bus that hands ErasureRequested events to the real intake core,
 * which records receipts in the local receipts store, keeps jobs in the local job store and starts executions on
 * local Step Functions (the local runner). When an execution closes, the real receipt core settles its receipts and
 * publishes ErasureCompleted / ErasureFailed back on this bus. What deploys is the same code, with AWS clients.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { type IntakeOutcome, takeErasureRequest } from '../../lambdas/core/erasure/intake';
import { type OutcomeResult, recordErasureOutcome } from '../../lambdas/core/erasure/record-outcome';
import type { ReceiptsTable } from '../../lambdas/core/erasure/receipts-store';
import type { AllowedRequester } from '../../lambdas/core/erasure/requesters';
import { batchWindowSecondsFromEnv, slaSecondsFromEnv } from '../../lambdas/core/erasure/settings';
import { JobStore } from '../../lambdas/core/store/job-store';
import { createDocumentClient } from '../../lambdas/core/store/store-client';
import { DEFAULT_JOB_DATA_TTL_DAYS, JOB_TABLE_ENV } from '../../lambdas/core/store/table-schema';
import {
  type CloudFormationTemplate,
  defaultWorkflow,
  type RunWorkflowOptions,
  runWorkflow,
  type WorkflowRun,
  workflowFromTemplate,
} from '../runner';
import { startJobStore } from '../store';
import { LocalStepFunctions } from './local-step-functions';
import { serveLocally } from './served-locally';

const INTAKE_ENTRY = 'lambdas/erasure-intake/index.ts';
const BUS_NAME = 'local-erasure-bus';

/** An event the stack published on the bus (ErasureRejected, ErasureCompleted, ErasureFailed). */
export interface PublishedEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

export interface LocalErasureBusOptions {
  /** The stack to play (default: the workflow local runs execute, as the CLI runs it). */
  template?: CloudFormationTemplate;
  rekognition: RekognitionClient;
  receipts: ReceiptsTable;
  /** Who may ask (the stack's `erasureRequesters`, as the intake reads them). */
  requesters: readonly AllowedRequester[];
  /** Wait states and retry intervals last this fraction of their real duration (the batch window too). */
  timeScale: number;
  /** Every event published, as it is published. */
  onPublished?: (event: PublishedEvent) => void;
  /** Runs each execution. @default the local runner's runWorkflow (the bench passes one that records state sizes) */
  runWorkflow?: (options: RunWorkflowOptions) => Promise<WorkflowRun>;
}

export interface LocalErasureBus {
  /** Delivers an event to the intake, as the intake rule does; the intake's answer. */
  put(event: unknown): Promise<IntakeOutcome>;
  /** Resolves once every execution started has ended and its receipts are settled. */
  settled(): Promise<void>;
  /** What the receipt core did for each closed execution. */
  readonly outcomes: OutcomeResult[];
  readonly published: PublishedEvent[];
  readonly stepFunctions: LocalStepFunctions;
  readonly jobs: JobStore;
  /** The batch window the intake reads from the template (0: one execution per request), before timeScale. */
  readonly batchWindowSeconds: number;
  close(): Promise<void>;
}

export async function startLocalErasureBus(options: LocalErasureBusOptions): Promise<LocalErasureBus> {
  const workflow = options.template === undefined ? defaultWorkflow() : workflowFromTemplate(options.template);
  const intakeEnv = [...workflow.functions.values()].find((fn) => fn.entry === INTAKE_ENTRY)?.environment;
  if (intakeEnv === undefined) throw new Error('the template has no erasure intake function');
  const tableName = intakeEnv[JOB_TABLE_ENV];
  if (tableName === undefined) throw new Error(`the erasure intake has no ${JOB_TABLE_ENV}`);

  const store = await startJobStore();
  await store.createTable(tableName);
  const documents = createDocumentClient({ endpoint: store.url });
  const jobs = new JobStore(documents, tableName, DEFAULT_JOB_DATA_TTL_DAYS);

  const published: PublishedEvent[] = [];
  const outcomes: OutcomeResult[] = [];
  const events = serveLocally(
    new EventBridgeClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    async (command, input) => {
      if (command !== 'PutEventsCommand') throw new Error(`local bus: ${command} is not modelled`);
      const entries = (input.Entries ?? []) as { Source: string; DetailType: string; Detail: string }[];
      for (const entry of entries) {
        const event = { source: entry.Source, detailType: entry.DetailType, detail: JSON.parse(entry.Detail) };
        published.push(event);
        options.onPublished?.(event);
      }
      return { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `local-${published.length}-${i}` })) };
    },
  );
  const bus = { client: events, eventBusName: BUS_NAME };
  const batchWindowSeconds = batchWindowSecondsFromEnv(intakeEnv);
  const run = options.runWorkflow ?? runWorkflow;
  const stateMachineArn = `arn:aws:states:us-east-1:123456789012:stateMachine:${workflow.stateMachineName}`;
  const stepFunctions: LocalStepFunctions = new LocalStepFunctions({
    stateMachineArn,
    run: (job, executionName) =>
      run({
        job,
        executionName,
        workflow,
        rekognition: options.rekognition,
        timeScale: options.timeScale,
        jobStoreEndpoint: store.url,
      }),
    onClosed: async (executionArn) => {
      const change = {
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn },
      };
      outcomes.push(
        await recordErasureOutcome(change, { sfn: stepFunctions.client, bus, receipts: options.receipts, jobs }),
      );
    },
  });

  return {
    put: (event) =>
      takeErasureRequest(event, {
        sfn: stepFunctions.client,
        bus,
        receipts: options.receipts,
        stateMachineArn,
        requesters: options.requesters,
        slaSeconds: slaSecondsFromEnv(intakeEnv),
        batchWindowSeconds,
        jobs,
      }),
    settled: () => stepFunctions.idle(),
    outcomes,
    published,
    stepFunctions,
    jobs,
    batchWindowSeconds,
    close: async () => {
      documents.destroy();
      await store.close();
    },
  };
}

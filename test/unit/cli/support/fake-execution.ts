/** A deployed execution as the SFN API shows it over successive polls: history events, then its end. */
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  GetExecutionHistoryCommand,
  type GetExecutionHistoryInput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { JobRef, LaneInput, LaneProgress, RatePlan } from '../../../../lambdas/core/contracts';
import type { CleanupReport } from '../../../../lambdas/core/report/types';
import type { WorkKind } from '../../../../lambdas/core/store/job-store';

type SfnMock = AwsClientStub<SFNClient>;

/** Builds history events with ids in order and the previousEventId chains Step Functions writes. */
export class HistoryBuilder {
  private nextId = 1;

  private event(type: string, details: Partial<HistoryEvent>, previousEventId?: number): HistoryEvent {
    const id = this.nextId++;
    return {
      id,
      type: type as HistoryEvent['type'],
      timestamp: new Date('2026-11-22T10:00:00Z'),
      previousEventId: previousEventId ?? id - 1,
      ...details,
    };
  }

  started(input: unknown): HistoryEvent[] {
    return [this.event('ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(input) } }, 0)];
  }

  /** A Lambda task that succeeded: entered with `input`, scheduled, started, succeeded, exited with `output`. */
  task(name: string, output: unknown, input: unknown = {}): HistoryEvent[] {
    const entered = this.event('TaskStateEntered', {
      stateEnteredEventDetails: { name, input: JSON.stringify(input) },
    });
    const rest = [
      this.event('LambdaFunctionScheduled', {}, entered.id),
      this.event('LambdaFunctionStarted', {}),
      this.event('LambdaFunctionSucceeded', {}),
      this.event('TaskStateExited', { stateExitedEventDetails: { name, output: JSON.stringify(output) } }),
    ];
    return [entered, ...rest];
  }

  /** A Lambda attempt that failed (Step Functions then retries or catches). */
  failedAttempt(name: string, error: string, cause: string, input: unknown = {}): HistoryEvent[] {
    const entered = this.event('TaskStateEntered', {
      stateEnteredEventDetails: { name, input: JSON.stringify(input) },
    });
    return [
      entered,
      this.event('LambdaFunctionScheduled', {}, entered.id),
      this.event('LambdaFunctionStarted', {}),
      this.event('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } }),
    ];
  }

  /** A Pass state (a lane loop's `<Worker>RecordFailure` or `<Worker>Abandoned`: the lane with `caught`). */
  pass(passState: string, input: unknown): HistoryEvent[] {
    return [
      this.event('PassStateEntered', { stateEnteredEventDetails: { name: passState, input: JSON.stringify(input) } }),
      this.event('PassStateExited', { stateExitedEventDetails: { name: passState, output: JSON.stringify(input) } }),
    ];
  }

  /** A lane Map: entered and exited with the JobRef (its results are discarded), its lanes' events in between. */
  map(name: string, ref: unknown, iterations: HistoryEvent[][]): HistoryEvent[] {
    const state = JSON.stringify(ref);
    return [
      this.event('MapStateEntered', { stateEnteredEventDetails: { name, input: state } }),
      this.event('MapStateStarted', { mapStateStartedEventDetails: { length: iterations.length } }),
      ...iterations.flat(),
      this.event('MapStateSucceeded', {}),
      this.event('MapStateExited', { stateExitedEventDetails: { name, output: state } }),
    ];
  }

  succeeded(output: unknown): HistoryEvent[] {
    return [this.event('ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(output) } })];
  }

  failed(error: string, cause: string): HistoryEvent[] {
    return [this.event('ExecutionFailed', { executionFailedEventDetails: { error, cause } })];
  }
}

export const JOB_ID = '5d0c7a1e9b3f4c2a8e6d1f0b7a9c3e5d';
const EXECUTION_ID = 'arn:aws:states:eu-west-1:123456789012:execution:RekognitionCleanup:retention-2026-11-22';
const STARTED_AT = '2026-11-22T10:00:00.000Z';
const share = (concurrency: number) => ({ concurrency, tps: { DeleteFaces: 5 } });
const RATES: RatePlan = {
  find: share(2),
  collections: share(1),
  faceGroups: share(1),
  subjects: share(1),
  projectVersions: share(1),
};

/** The Plan's (and every Map's) state: a reference to the stored plan, its lanes and counts; no data. */
export function jobRef(
  planned: JobRef['planned'],
  lanes: JobRef['lanes'],
  overrides: Partial<JobRef> = {},
): JobRef & { planning: { done: true; invocations: number } } {
  return {
    jobId: JOB_ID,
    executionId: EXECUTION_ID,
    startedAt: STARTED_AT,
    dryRun: false,
    rates: RATES,
    lanes,
    planned,
    planning: { done: true, invocations: 1 },
    ...overrides,
  };
}

/** A lane worker's state (its input, and its output with the new progress): where the lane is, never its items. */
export function laneState(
  kind: WorkKind,
  lane: number,
  progress: LaneProgress | { done: false },
  overrides: Partial<LaneInput> = {},
): LaneInput {
  const rateKey = kind === 'projects' ? 'projectVersions' : kind;
  return {
    jobId: JOB_ID,
    kind,
    lane,
    executionId: EXECUTION_ID,
    startedAt: STARTED_AT,
    dryRun: false,
    rates: RATES[rateKey],
    progress,
    ...overrides,
  };
}

export interface ScriptedExecution {
  executionArn: string;
  name?: string;
  input?: string;
  /** The events that appear before each poll; the execution ends with the last batch. */
  batches: HistoryEvent[][];
  end: Pick<DescribeExecutionOutput, 'status' | 'output' | 'error' | 'cause'>;
}

/**
 * DescribeExecution reveals one more batch per call and reports RUNNING until the last; GetExecutionHistory pages
 * what is revealed, in either order, with numeric nextTokens.
 */
export function scriptExecution(
  mock: SfnMock,
  script: ScriptedExecution,
): { historyCalls: GetExecutionHistoryInput[] } {
  let revealed = 0;
  const historyCalls: GetExecutionHistoryInput[] = [];
  const startDate = new Date('2026-11-22T10:00:00Z');
  mock.on(DescribeExecutionCommand, { executionArn: script.executionArn }).callsFake(() => {
    revealed = Math.min(revealed + 1, script.batches.length);
    const ended = revealed === script.batches.length;
    return {
      executionArn: script.executionArn,
      name: script.name,
      input: script.input,
      startDate,
      ...(ended ? { ...script.end, stopDate: new Date('2026-11-22T10:20:00Z') } : { status: 'RUNNING' }),
    };
  });
  mock.on(GetExecutionHistoryCommand).callsFake((input: GetExecutionHistoryInput) => {
    historyCalls.push(input);
    const events = script.batches.slice(0, revealed).flat();
    const ordered = input.reverseOrder === true ? [...events].reverse() : events;
    const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
    const size = input.maxResults ?? 100;
    const page = ordered.slice(start, start + size);
    return { events: page, ...(start + size < ordered.length ? { nextToken: String(start + size) } : {}) };
  });
  return { historyCalls };
}

export function report(overrides: Partial<CleanupReport> = {}): CleanupReport {
  return {
    jobId: JOB_ID,
    executionId: EXECUTION_ID,
    requestId: 'retention-2026-11-22',
    dryRun: false,
    status: 'SUCCEEDED',
    startedAt: '2026-11-22T10:00:00.000Z',
    finishedAt: '2026-11-22T10:20:00.000Z',
    planned: { plannedDeletions: 40960, faces: 40960, collections: 0, users: 0, projectVersions: 0, projects: 0 },
    deleted: { faces: 40960, collections: 0, users: 0, projectVersions: 0, projects: 0 },
    counts: { alreadyAbsent: 0, skipped: 0, failed: 0 },
    collections: [
      {
        collectionId: 'tmp-1',
        action: 'DELETE_FACES',
        outcome: 'EMPTIED',
        plannedFaces: 40960,
        facesDeleted: 40960,
        usersDeleted: 0,
        facesAlreadyAbsent: 0,
        usersAlreadyAbsent: 0,
        reasons: ['collections[0]: prefix "tmp-", older than 30 days'],
      },
    ],
    faces: [],
    subjects: [],
    projectVersions: [],
    projects: [],
    skipped: [],
    absent: [],
    failures: [],
    notes: [],
    ...overrides,
  };
}

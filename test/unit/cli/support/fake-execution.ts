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
import type { CleanupReport } from '../../../../lambdas/core/report/types';

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

  /** A Lambda task that succeeded: entered, scheduled, started, succeeded, exited with `output`. */
  task(name: string, output: unknown): HistoryEvent[] {
    const entered = this.event('TaskStateEntered', { stateEnteredEventDetails: { name, input: '{}' } });
    const rest = [
      this.event('LambdaFunctionScheduled', {}, entered.id),
      this.event('LambdaFunctionStarted', {}),
      this.event('LambdaFunctionSucceeded', {}),
      this.event('TaskStateExited', { stateExitedEventDetails: { name, output: JSON.stringify(output) } }),
    ];
    return [entered, ...rest];
  }

  /** A Lambda attempt that failed (Step Functions then retries or catches). */
  failedAttempt(name: string, error: string, cause: string): HistoryEvent[] {
    const entered = this.event('TaskStateEntered', { stateEnteredEventDetails: { name, input: '{}' } });
    return [
      entered,
      this.event('LambdaFunctionScheduled', {}, entered.id),
      this.event('LambdaFunctionStarted', {}),
      this.event('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } }),
    ];
  }

  /** The catch's Pass state, entered with the item and its failure. */
  caught(passState: string, item: unknown): HistoryEvent[] {
    return [
      this.event('PassStateEntered', { stateEnteredEventDetails: { name: passState, input: JSON.stringify(item) } }),
    ];
  }

  succeeded(output: unknown): HistoryEvent[] {
    return [this.event('ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(output) } })];
  }

  failed(error: string, cause: string): HistoryEvent[] {
    return [this.event('ExecutionFailed', { executionFailedEventDetails: { error, cause } })];
  }
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
    executionId: 'arn:aws:states:eu-west-1:123456789012:execution:RekognitionCleanup:retention-2026-11-22',
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

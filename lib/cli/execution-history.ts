import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';

/** GetExecutionHistory's largest page. */
const PAGE_SIZE = 1000;

/**
 * An execution's history, read a little at a time while it runs. Pages are read newest first: a forward read
 * ends without a nextToken to resume from, while a reverse read can stop at the first event already seen, so
 * each poll costs one call however long the history grows.
 */
export class ExecutionHistory {
  private lastSeenId = 0;

  constructor(
    private readonly sfn: SFNClient,
    private readonly executionArn: string,
  ) {}

  /** Events recorded since the previous call, oldest first. */
  async newEvents(): Promise<HistoryEvent[]> {
    const fresh: HistoryEvent[] = [];
    let nextToken: string | undefined;
    let caughtUp = false;
    do {
      const page = await this.sfn.send(
        new GetExecutionHistoryCommand({
          executionArn: this.executionArn,
          reverseOrder: true,
          maxResults: PAGE_SIZE,
          includeExecutionData: true,
          nextToken,
        }),
      );
      for (const event of page.events ?? []) {
        if ((event.id ?? 0) <= this.lastSeenId) {
          caughtUp = true;
          break;
        }
        fresh.push(event);
      }
      nextToken = page.nextToken;
    } while (!caughtUp && nextToken !== undefined);
    fresh.reverse();
    this.lastSeenId = fresh.at(-1)?.id ?? this.lastSeenId;
    return fresh;
  }
}

/** The most recent events (at most one page), oldest first: enough for `status` to say what is going on. */
export async function latestEvents(sfn: SFNClient, executionArn: string, max = PAGE_SIZE): Promise<HistoryEvent[]> {
  const page = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: max, includeExecutionData: true }),
  );
  return [...(page.events ?? [])].reverse();
}

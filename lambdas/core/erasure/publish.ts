import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ERASURE_SOURCE } from './events';

export interface ErasureBus {
  client: EventBridgeClient;
  eventBusName: string;
}

export interface OutgoingEvent {
  detailType: string;
  detail: object;
  /** ARNs the event is about (e.g. the execution). */
  resources?: string[];
}

/** Some entries were not accepted: thrown so the invocation is retried rather than the event silently lost. */
export class ErasurePublishError extends Error {
  override readonly name = 'ErasurePublishError';
}

/** Puts the events on the erasure bus with source `rekognition-cleanup`; throws unless every entry is accepted. */
export async function publish(bus: ErasureBus, events: OutgoingEvent[]): Promise<void> {
  const output = await bus.client.send(
    new PutEventsCommand({
      Entries: events.map((event) => ({
        EventBusName: bus.eventBusName,
        Source: ERASURE_SOURCE,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        ...(event.resources === undefined ? {} : { Resources: event.resources }),
      })),
    }),
  );
  const failed = output.FailedEntryCount ?? 0;
  if (failed > 0) {
    const codes = [...new Set((output.Entries ?? []).map((entry) => entry.ErrorCode).filter(Boolean))];
    throw new ErasurePublishError(`PutEvents rejected ${failed} of ${events.length} events (${codes.join(', ')})`);
  }
}

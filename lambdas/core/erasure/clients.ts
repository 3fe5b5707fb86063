import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One client of each kind per process, created on first use and reused across invocations. */
let sfn: SFNClient | undefined;
let events: EventBridgeClient | undefined;
let documents: DynamoDBDocumentClient | undefined;

export function sfnClient(): SFNClient {
  sfn ??= new SFNClient({});
  return sfn;
}

export function eventBridgeClient(): EventBridgeClient {
  events ??= new EventBridgeClient({});
  return events;
}

export function documentClient(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documents;
}

import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaPictures } from '../rates/quota-pictures';
import type { QuotaPicture } from '../rates/rate-controller';
import { type JobStore, jobPartition } from './job-store';
import { JOB_TABLE } from './table-schema';
import { conditionalWrite } from './conditional-write';

const { partitionKey: PK, sortKey: SK, timeToLiveAttribute: TTL } = JOB_TABLE;
const PREFIX = 'RATE#';

/**
 * The job's picture of each operation's quota, shared by all its workers and kept across their invocations: one
 * item per operation, `RATE#<operation>`, in the job's partition. Reading them all is one Query (a worker does it
 * about once a second); a cut is one conditional PutItem on the picture's cut count, so of two workers throttled
 * at once only one cuts, and the other finds its throttle answered.
 */
export function jobQuotaPictures(store: JobStore, jobId: string): QuotaPictures {
  return {
    async load() {
      const pictures: Record<string, QuotaPicture> = {};
      let start: Record<string, unknown> | undefined;
      do {
        const page = await store.client.send(
          new QueryCommand({
            TableName: store.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
            ExpressionAttributeValues: { ':pk': jobPartition(jobId), ':prefix': PREFIX },
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        for (const item of page.Items ?? []) {
          pictures[String(item[SK]).slice(PREFIX.length)] = {
            peak: Number(item.peak),
            cutAt: Number(item.cutAt),
            recoveryMs: Number(item.recoveryMs),
            cuts: Number(item.cuts),
          };
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return pictures;
    },

    propose(operation, expectedCuts, next) {
      return conditionalWrite(() =>
        store.client.send(
          new PutCommand({
            TableName: store.tableName,
            Item: {
              [PK]: jobPartition(jobId),
              [SK]: `${PREFIX}${operation}`,
              ...next,
              [TTL]: Math.floor(Date.now() / 1000) + store.ttlDays * 86_400,
            },
            ConditionExpression: expectedCuts === 0 ? 'attribute_not_exists(#sk)' : '#cuts = :expected',
            ExpressionAttributeNames: expectedCuts === 0 ? { '#sk': SK } : { '#cuts': 'cuts' },
            ...(expectedCuts === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedCuts } }),
          }),
        ),
      );
    },
  };
}

/**
 * The erasure events as whole EventBridge events (envelope and detail), for the schema registry, from which other
 * teams generate bindings (`aws schemas get-code-binding-source`). The detail schemas are the published ones.
 */
import type * as z from 'zod/mini';
import {
  erasureCompletedDetail,
  erasureFailedDetail,
  erasureRejectedDetail,
} from '../../lambdas/core/erasure/event-schemas';
import { erasureRequestedDetail } from '../../lambdas/core/erasure/request-schema';
import { ERASURE_SOURCE, ErasureDetailTypes } from '../../lambdas/core/erasure/events';
import { type JsonSchema, toJsonSchema } from './json-schema';

export interface ErasureEventSchema {
  detailType: string;
  /** Who publishes it: another service (any allowed requester's source), or rekognition-cleanup itself. */
  source?: string;
  detail: z.core.$ZodType;
  /** The file under schemas/ holding the detail's JSON Schema. */
  file: string;
}

export const ERASURE_EVENT_SCHEMAS: readonly ErasureEventSchema[] = [
  { detailType: ErasureDetailTypes.Requested, detail: erasureRequestedDetail, file: 'erasure-requested.schema.json' },
  {
    detailType: ErasureDetailTypes.Completed,
    source: ERASURE_SOURCE,
    detail: erasureCompletedDetail,
    file: 'erasure-completed.schema.json',
  },
  {
    detailType: ErasureDetailTypes.Failed,
    source: ERASURE_SOURCE,
    detail: erasureFailedDetail,
    file: 'erasure-failed.schema.json',
  },
  {
    detailType: ErasureDetailTypes.Rejected,
    source: ERASURE_SOURCE,
    detail: erasureRejectedDetail,
    file: 'erasure-rejected.schema.json',
  },
];

const str = { type: 'string' };

/** The whole event: EventBridge's envelope fields, `detail-type` and `source` pinned where they are fixed. */
export function eventJsonSchema(event: ErasureEventSchema): JsonSchema {
  const { $schema, title, ...detail } = toJsonSchema(event.detail, `${event.detailType}Detail`);
  return {
    $schema,
    title: event.detailType,
    description: `An EventBridge event with detail-type ${event.detailType}.`,
    type: 'object',
    required: ['detail-type', 'source', 'detail'],
    properties: {
      version: str,
      id: str,
      'detail-type': { const: event.detailType },
      source: event.source === undefined ? { ...str, description: "The requester's source." } : { const: event.source },
      account: str,
      time: { ...str, format: 'date-time' },
      region: str,
      resources: { type: 'array', items: str },
      detail: { title, ...detail },
    },
  };
}

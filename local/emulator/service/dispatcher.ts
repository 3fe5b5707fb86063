/**
 * The request pipeline, in the order a real service would refuse a call: unknown operation, then quota, then an
 * injected fault, then the model's constraints on the whole request, then the operation's own checks and effect.
 * Every step is counted in the stats.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorWorld } from '../model/emulator-world';
import { findOperation } from '../operations/registry';
import { validateInput } from './input-shape';
import type { FaultInjector } from './faults';
import { serializeResponse } from './json-body';
import type { QuotaTable } from './quotas';
import { errors, ServiceError } from './service-error';
import type { StatsRecorder } from './stats';
import type { Input } from './validation';

const TARGET_PREFIX = 'RekognitionService.';

export interface DispatchResult {
  status: number;
  /** JSON text, or bytes for handlers that serialize their own response (see JsonBody). */
  body: string | Buffer;
}

export interface DispatcherParts {
  world: EmulatorWorld;
  stats: StatsRecorder;
  quotas: QuotaTable;
  faults: FaultInjector;
}

export class Dispatcher {
  constructor(private readonly parts: DispatcherParts) {}

  dispatch(target: string | undefined, rawBody: string): DispatchResult {
    const { stats, quotas, faults, world } = this.parts;
    const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : (target ?? '');
    const handler = target?.startsWith(TARGET_PREFIX) ? findOperation(operation) : undefined;
    stats.call(operation || '(none)');
    if (!handler) {
      stats.outcome(operation || '(none)', 'errors');
      return failure(errors.unknownOperation(`Unknown operation: X-Amz-Target ${target ?? '(missing)'}`));
    }
    if (!quotas.allow(operation)) {
      stats.outcome(operation, 'throttled');
      return failure(errors.provisionedThroughputExceeded(`Provisioned rate exceeded for ${operation}`));
    }
    const fault = faults.draw();
    if (fault?.timing === 'before') {
      stats.outcome(operation, 'faults');
      return failure(fault.error);
    }
    let result: DispatchResult;
    try {
      const input = parseBody(rawBody);
      validateInput(handler.input, input);
      result = { status: 200, body: serializeResponse(handler.run(input, world)) };
    } catch (error) {
      result = failure(asServiceError(error));
      if (!fault) stats.outcome(operation, 'errors');
    }
    if (fault) {
      // 'after': the change (if any) is applied, but the caller only learns about a failure: a lost response.
      stats.outcome(operation, 'faults');
      return failure(fault.error);
    }
    return result;
  }
}

function parseBody(rawBody: string): Input {
  let parsed: unknown;
  try {
    parsed = rawBody.length === 0 ? {} : JSON.parse(rawBody);
  } catch {
    throw errors.serialization('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw errors.serialization('The request body must be a JSON object');
  }
  return parsed as Input;
}

function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  // A bug in the emulator, not a modelled error: answer like the service would, and leave a trace for whoever runs it.
  console.error('rekognition emulator: unexpected error', error);
  return errors.internalServerError('Internal server error');
}

/**
 * The service's error body: `Code` repeats the type and `Logref` identifies the failure for AWS support; the SDK
 * copies both onto its exception objects.
 */
export function failure(error: ServiceError): DispatchResult {
  const body = { __type: error.type, Code: error.type, Logref: randomUUID(), Message: error.message };
  return { status: error.status, body: JSON.stringify(body) };
}

/**
 * Who may ask for erasures, as the intake sees it. The bus policy admits only the configured principals (see
 * lib/constructs/erasure-bus-policy.ts); the intake cannot see the principal, so it re-checks what the event
 * carries: the `source` each requester is pinned to, the `account` that called PutEvents, and the dry-run permission.
 * A dry run is refused unless allowed because its receipt tells which collections hold a person's faces.
 */
import type { FailureReason } from './events';
import { ErasureEnv } from './settings';
import { functionEnv } from '../function-env';

/** One allowed requester, as the intake receives it (ErasureEnv.Requesters, JSON). */
export interface AllowedRequester {
  /** The EventBridge `source` this requester publishes with; unique across requesters. */
  source: string;
  /** Accounts its principals belong to: the account ids listed, and the account of each principal ARN listed. */
  accounts: string[];
  allowDryRun: boolean;
}

/** Missing means nobody: a deployment without requesters must not fall open. */
export function requestersFromEnv(env: NodeJS.ProcessEnv = functionEnv()): AllowedRequester[] {
  const raw = env[ErasureEnv.Requesters];
  if (raw === undefined || raw === '') return [];
  const value: unknown = JSON.parse(raw);
  if (!Array.isArray(value) || !value.every(isAllowedRequester)) {
    throw new Error(`${ErasureEnv.Requesters} must be a JSON array of { source, accounts, allowDryRun }`);
  }
  return value;
}

function isAllowedRequester(value: unknown): value is AllowedRequester {
  if (typeof value !== 'object' || value === null) return false;
  const { source, accounts, allowDryRun } = value as Record<string, unknown>;
  return (
    typeof source === 'string' &&
    Array.isArray(accounts) &&
    accounts.every((account) => typeof account === 'string') &&
    typeof allowDryRun === 'boolean'
  );
}

/** The requester the event's source and account identify, or why the event is refused. */
export function requesterOf(
  requesters: readonly AllowedRequester[],
  source: unknown,
  account: unknown,
): AllowedRequester | FailureReason {
  const requester = requesters.find((candidate) => candidate.source === source);
  if (requester === undefined) {
    return { code: 'REQUESTER_NOT_ALLOWED', field: 'source', message: 'source: is not an allowed erasure requester' };
  }
  if (typeof account !== 'string' || !requester.accounts.includes(account)) {
    return {
      code: 'REQUESTER_NOT_ALLOWED',
      field: 'account',
      message: 'account: may not publish erasure requests with this source',
    };
  }
  return requester;
}

export function dryRunRefusal(requester: AllowedRequester, dryRun: boolean): FailureReason | undefined {
  if (!dryRun || requester.allowDryRun) return undefined;
  return {
    code: 'DRY_RUN_NOT_ALLOWED',
    field: 'detail.dryRun',
    message: 'detail.dryRun: this requester may not ask for dry runs',
  };
}

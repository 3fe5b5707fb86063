/**
 * Who may ask for erasures: the construct prop `erasureRequesters`, or the cdk.json context key of the same name.
 * Each requester is pinned to one EventBridge `source` and lists the principals that may publish with it: IAM role
 * or user ARNs (only that principal) or 12-digit account ids (any principal of that account). Validated at synth;
 * a bad entry fails `cdk synth` with a message naming the entry and the field.
 *
 * No configuration means no requester: nobody outside the stack can ask for an erasure.
 */
import type { AllowedRequester } from '../../lambdas/core/erasure/requesters';
import { ERASURE_SOURCE } from '../../lambdas/core/erasure/events';

export const ERASURE_REQUESTERS_CONTEXT_KEY = 'erasureRequesters';

/** One requester as written in cdk.json. */
export interface ErasureRequesterConfig {
  /** The `source` its ErasureRequested events carry: 1-256 chars of [A-Za-z0-9._/-], unique, not `aws.*`. */
  readonly source: string;
  /** 1-20 role or user ARNs (`arn:aws:iam::111122223333:role/crm-erasures`) or account ids (`111122223333`). */
  readonly principals: readonly string[];
  /** May it ask for dry runs? A dry run's receipt tells which collections hold a person's faces. @default false */
  readonly allowDryRun?: boolean;
}

/** A validated requester: what the bus policy and the intake are built from. */
export interface ErasureRequester extends AllowedRequester {
  /** Principal ARNs (roles, users) that may publish with `source`. */
  principalArns: string[];
  /** Accounts any principal of which may publish with `source`. */
  principalAccounts: string[];
}

export class ErasureRequesterError extends Error {
  override readonly name = 'ErasureRequesterError';
}

const SOURCE = /^[A-Za-z0-9._/-]{1,256}$/;
const ACCOUNT = /^\d{12}$/;
/** Roles and users, with an optional path; no wildcards, which would admit principals nobody listed. */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const MAX_PRINCIPALS = 20;
/** Lambda's 4 KB environment is shared with the other variables. */
const MAX_REQUESTERS = 20;

/**
 * Validates the context value (an array, or its JSON text when given with `-c`).
 * @throws ErasureRequesterError naming the entry and field of the first problem.
 */
export function parseErasureRequesters(raw: unknown): ErasureRequester[] {
  if (raw === undefined || raw === null) return [];
  const value = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!Array.isArray(value) || value.length > MAX_REQUESTERS) {
    throw new ErasureRequesterError(
      `${ERASURE_REQUESTERS_CONTEXT_KEY}: must be an array of at most ${MAX_REQUESTERS} requesters`,
    );
  }
  const requesters = value.map((entry, index) => parseRequester(entry, `${ERASURE_REQUESTERS_CONTEXT_KEY}[${index}]`));
  const seen = new Map<string, number>();
  for (const [index, { source }] of requesters.entries()) {
    const first = seen.get(source);
    if (first !== undefined) {
      throw new ErasureRequesterError(
        `${ERASURE_REQUESTERS_CONTEXT_KEY}[${index}].source: ${source} is already the source of ` +
          `${ERASURE_REQUESTERS_CONTEXT_KEY}[${first}]; list all of its principals there`,
      );
    }
    seen.set(source, index);
  }
  return requesters;
}

function parseRequester(entry: unknown, where: string): ErasureRequester {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ErasureRequesterError(`${where}: must be an object { source, principals, allowDryRun? }`);
  }
  const { source, principals, allowDryRun, ...unknown } = entry as Record<string, unknown>;
  const [extra] = Object.keys(unknown);
  if (extra !== undefined) throw new ErasureRequesterError(`${where}.${extra}: unknown field`);
  if (typeof source !== 'string' || !SOURCE.test(source)) {
    throw new ErasureRequesterError(`${where}.source: must be 1-256 chars of [A-Za-z0-9._/-]`);
  }
  if (source === ERASURE_SOURCE || source.startsWith('aws.')) {
    throw new ErasureRequesterError(`${where}.source: ${source} is reserved (rekognition-cleanup's own, or AWS's)`);
  }
  if (allowDryRun !== undefined && typeof allowDryRun !== 'boolean') {
    throw new ErasureRequesterError(`${where}.allowDryRun: must be a boolean`);
  }
  if (!Array.isArray(principals) || principals.length === 0 || principals.length > MAX_PRINCIPALS) {
    throw new ErasureRequesterError(`${where}.principals: must list 1-${MAX_PRINCIPALS} principal ARNs or account ids`);
  }
  const principalArns: string[] = [];
  const principalAccounts: string[] = [];
  const accounts = new Set<string>();
  for (const [index, principal] of principals.entries()) {
    const arn = typeof principal === 'string' ? PRINCIPAL_ARN.exec(principal) : null;
    if (typeof principal === 'string' && ACCOUNT.test(principal)) {
      principalAccounts.push(principal);
      accounts.add(principal);
    } else if (arn !== null && typeof principal === 'string') {
      principalArns.push(principal);
      accounts.add(arn[1] ?? '');
    } else {
      throw new ErasureRequesterError(
        `${where}.principals[${index}]: must be a 12-digit account id or an IAM role or user ARN ` +
          '(arn:aws:iam::111122223333:role/name), without wildcards',
      );
    }
  }
  return {
    source,
    accounts: [...accounts].sort(),
    allowDryRun: allowDryRun ?? false,
    principalArns: [...new Set(principalArns)].sort(),
    principalAccounts: [...new Set(principalAccounts)].sort(),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ErasureRequesterError(`${ERASURE_REQUESTERS_CONTEXT_KEY}: is not valid JSON`);
  }
}

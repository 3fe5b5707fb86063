/**
 * Retention policies are configuration, not code: the cdk.json context key `retentionPolicies` holds an array of
 * them, each deployed as one EventBridge Scheduler schedule that starts the cleanup workflow with the policy's job.
 *
 * Everything is validated at synth, and a bad policy fails `cdk synth` with a message naming the policy and the
 * field, e.g. `retentionPolicies[1] ("tmp-purge").job.collections[0].select.prefix: must match ...`. The job is
 * checked by the same validateJob the workflow runs, so a policy that synthesizes is a job the workflow accepts.
 */
import { InvalidJobError } from '../../lambdas/core/errors';
import {
  boolean,
  expectObject,
  fail,
  isPlainObject,
  quote,
  type Rule,
  record,
  text,
} from '../../lambdas/core/job/rules';
import type { CleanupJob } from '../../lambdas/core/job/types';
import { validateJob } from '../../lambdas/core/job/validate';
import { DuplicateKeyError, parseStrictJson } from '../json/parse-strict-json';
import { scheduleExpressionProblem, timeZoneProblem } from './schedule-expression';

/** The cdk.json context key. */
export const RETENTION_POLICIES_CONTEXT_KEY = 'retentionPolicies';

/** One policy as written in cdk.json. */
export interface RetentionPolicyConfig {
  /** 1-64 chars of [A-Za-z0-9_-], unique: it names the schedule. */
  name: string;
  /** "cron(minutes hours day-of-month month day-of-week year)" or "rate(n minute|minutes|hour|hours|day|days)". */
  schedule: string;
  /** IANA time zone the schedule is read in. @default "UTC" */
  timeZone?: string;
  /** A disabled policy is deployed with its schedule DISABLED. @default true */
  enabled?: boolean;
  /** Plan and report only. Deploy a new policy in dry-run mode first. @default false */
  dryRun?: boolean;
  /** The job contract, without requestId (each run gets a fresh execution name) and without dryRun (see above). */
  job: CleanupJob;
}

/** A validated policy: defaults applied, `job` normalised by validateJob and carrying the policy's dryRun. */
export interface RetentionPolicy {
  name: string;
  schedule: string;
  timeZone: string;
  enabled: boolean;
  dryRun: boolean;
  job: CleanupJob;
}

/** A policy that cannot be deployed; the message names the policy and the field. */
export class RetentionPolicyError extends Error {
  override readonly name = 'RetentionPolicyError';
}

const POLICY_NAME = text({
  min: 1,
  max: 64,
  pattern: /^[A-Za-z0-9_-]+$/,
  rule: 'must match [A-Za-z0-9_-]+ (1-64 chars)',
});

const schedule: Rule<string> = (value, path, context) => {
  const expression = text({ min: 1, max: 256, pattern: /^[ -~]+$/, rule: 'must be a schedule expression' })(
    value,
    path,
    context,
  );
  const problem = scheduleExpressionProblem(expression);
  if (problem !== undefined) fail(path, problem);
  return expression;
};

const timeZone: Rule<string> = (value, path) => {
  if (typeof value !== 'string') fail(path, 'must be a string');
  const problem = timeZoneProblem(value);
  if (problem !== undefined) fail(path, problem);
  return value;
};

/** Fields the policy sets itself, which the job must therefore leave out. */
const JOB_FIELDS_OWNED_BY_THE_POLICY: Record<string, string> = {
  requestId: 'not allowed in a retention policy: every run needs a fresh execution name',
  dryRun: 'set dryRun on the policy, not in its job',
};

const job: Rule<Record<string, unknown>> = (value, path) => {
  const raw = expectObject(value, path);
  for (const [field, rule] of Object.entries(JOB_FIELDS_OWNED_BY_THE_POLICY)) {
    if (Object.hasOwn(raw, field)) fail(`${path}.${field}`, rule);
  }
  return raw;
};

const policyRule = record<Omit<RetentionPolicyConfig, 'job'> & { job: Record<string, unknown> }>({
  fields: { name: POLICY_NAME, schedule, timeZone, enabled: boolean, dryRun: boolean, job },
  required: ['name', 'schedule', 'job'],
});

/**
 * Validates the context value (an array, or its JSON text when given with `-c`) into deployable policies.
 * @param now the instant `createdBefore` cut-offs are checked against (synth time).
 * @throws RetentionPolicyError naming the policy and field of the first problem.
 */
export function parseRetentionPolicies(raw: unknown, now: Date = new Date()): RetentionPolicy[] {
  if (raw === undefined || raw === null) return [];
  const value = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!Array.isArray(value)) {
    throw new RetentionPolicyError(`${RETENTION_POLICIES_CONTEXT_KEY}: must be an array of retention policies`);
  }
  const policies = value.map((entry, index) => parsePolicy(entry, index, now));
  const seen = new Map<string, number>();
  for (const [index, policy] of policies.entries()) {
    const first = seen.get(policy.name);
    if (first !== undefined) {
      throw new RetentionPolicyError(
        `${label(index, policy.name)}.name: must be unique (already used by ${RETENTION_POLICIES_CONTEXT_KEY}[${first}])`,
      );
    }
    seen.set(policy.name, index);
  }
  return policies;
}

function parsePolicy(entry: unknown, index: number, now: Date): RetentionPolicy {
  const name = policyName(entry);
  const where = label(index, name);
  let config: ReturnType<typeof policyRule>;
  try {
    config = policyRule(entry, 'policy', { nowMs: now.getTime() });
  } catch (error) {
    throw asPolicyError(error, where, (field) => field.replace(/^policy\.?/, ''));
  }
  let validated: CleanupJob;
  try {
    validated = validateJob(config.job, now);
  } catch (error) {
    throw asPolicyError(error, where, (field) => (field === 'job' ? 'job' : `job.${field}`));
  }
  const dryRun = config.dryRun ?? false;
  return {
    name: config.name,
    schedule: config.schedule,
    timeZone: config.timeZone ?? 'UTC',
    enabled: config.enabled ?? true,
    dryRun,
    job: { ...validated, dryRun },
  };
}

function asPolicyError(error: unknown, where: string, toPolicyField: (field: string) => string): Error {
  if (!(error instanceof InvalidJobError)) return error as Error;
  const field = toPolicyField(error.field);
  return new RetentionPolicyError(`${where}${field === '' ? '' : `.${field}`}: ${error.rule}`);
}

/** The policy's name when it is a valid one, to name the policy in errors about its other fields. */
function policyName(entry: unknown): string | undefined {
  if (!isPlainObject(entry)) return undefined;
  try {
    return POLICY_NAME(entry.name, 'name', { nowMs: 0 });
  } catch {
    return undefined;
  }
}

function label(index: number, name: string | undefined): string {
  const base = `${RETENTION_POLICIES_CONTEXT_KEY}[${index}]`;
  return name === undefined ? base : `${base} (${JSON.stringify(name)})`;
}

function parseJson(text: string): unknown {
  try {
    return parseStrictJson(text);
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      const { key, path } = error.duplicate;
      const where = path.startsWith('[') ? path : `.${path}`;
      throw new RetentionPolicyError(
        `${RETENTION_POLICIES_CONTEXT_KEY}${where}: duplicate key ${quote(key)} ${error.position}`,
      );
    }
    throw new RetentionPolicyError(`${RETENTION_POLICIES_CONTEXT_KEY}: is not valid JSON`);
  }
}

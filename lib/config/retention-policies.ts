/**
 * Retention policies are configuration, not code: the cdk.json context key `retentionPolicies` holds an array of
 * them, each deployed as one EventBridge Scheduler schedule that starts the cleanup workflow with the policy's job.
 *
 * Everything is validated at synth, and a bad policy fails `cdk synth` with a message naming the policy and the
 * field, e.g. `retentionPolicies[1] ("tmp-purge").job.collections[0].select.prefix: must match ...`. The job is
 * checked by the same schema and cut-off rule the workflow applies, so a policy that synthesizes is a job the
 * workflow accepts. The schema is published as schemas/retention-policies.schema.json.
 */
import * as z from 'zod/mini';
import { InvalidJobError } from '../../lambdas/core/errors';
import { jobSections, SELECTS_SOMETHING_JSON, selectsSomething } from '../../lambdas/core/job/job-schema';
import type { CleanupJob } from '../../lambdas/core/job/types';
import { checkCutOffs } from '../../lambdas/core/job/validate';
import { before, boolean, described, isPlainObjectProblem, object, rule, text } from '../../lambdas/core/schema/fields';
import { formatPath, quote } from '../../lambdas/core/schema/issue-path';
import { firstProblem } from '../../lambdas/core/schema/problems';
import { DuplicateKeyError, parseStrictJson } from '../json/parse-strict-json';
import { scheduleExpressionProblem, timeZoneProblem } from './schedule-expression';

/** The cdk.json context key. */
export const RETENTION_POLICIES_CONTEXT_KEY = 'retentionPolicies';

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

const schedule = text({ min: 1, max: 256, pattern: /^[ -~]+$/, rule: 'must be a schedule expression' }).check(
  rule<string>((expression) => {
    const problem = scheduleExpressionProblem(expression);
    return problem === undefined ? undefined : { message: problem };
  }),
);

const timeZone = z.string({ error: 'must be a string' }).check(
  rule<string>((value) => {
    const problem = timeZoneProblem(value);
    return problem === undefined ? undefined : { message: problem };
  }),
);

/** Fields the policy sets itself, which the job must therefore leave out. */
const JOB_FIELDS_OWNED_BY_THE_POLICY: Record<string, string> = {
  requestId: 'not allowed in a retention policy: every run needs a fresh execution name',
  dryRun: 'set dryRun on the policy, not in its job',
};

/** The job contract without requestId and dryRun; naming them gets a message that says why. */
const policyJob = before(
  (value) => {
    const problem = isPlainObjectProblem(value);
    if (problem !== undefined) return problem;
    const owned = Object.keys(JOB_FIELDS_OWNED_BY_THE_POLICY).find((field) => Object.hasOwn(value as object, field));
    return owned === undefined ? undefined : { message: JOB_FIELDS_OWNED_BY_THE_POLICY[owned] ?? '', path: [owned] };
  },
  object(jobSections, selectsSomething),
);

/** One policy as written in cdk.json. */
export const retentionPolicy = described(
  object({
    name: described(POLICY_NAME.clone(), '1-64 chars of [A-Za-z0-9_-], unique: it names the schedule.'),
    schedule: described(
      schedule,
      'EventBridge Scheduler expression: "cron(minutes hours day-of-month month day-of-week year)" or "rate(n minute|minutes|hour|hours|day|days)".',
    ),
    timeZone: z.optional(described(timeZone, 'IANA time zone the schedule is read in. Default "UTC".')),
    enabled: z.optional(
      described(boolean(), 'A disabled policy is deployed with its schedule DISABLED. Default true.'),
    ),
    dryRun: z.optional(
      described(boolean(), 'Plan and report only. Deploy a new policy in dry-run mode first. Default false.'),
    ),
    job: described(
      policyJob,
      'The job contract, without requestId (each run gets a fresh execution name) and without dryRun (set on the policy).',
      SELECTS_SOMETHING_JSON,
    ),
  }),
  'A retention policy: a job the stack runs on a schedule (EventBridge Scheduler).',
);

/** The cdk.json context value `retentionPolicies`; names must be unique, which parseRetentionPolicies checks. */
export const retentionPolicies = described(
  z.array(retentionPolicy),
  'The cdk.json context value retentionPolicies: the retention policies, with unique names.',
);

export type RetentionPolicyConfig = z.output<typeof retentionPolicy>;

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
  const where = label(index, policyName(entry));
  const parsed = retentionPolicy.safeParse(entry);
  if (!parsed.success) {
    const { path, rule: broken } = firstProblem(entry, parsed.error.issues);
    throw new RetentionPolicyError(`${where}${path.length === 0 ? '' : `.${formatPath(path)}`}: ${broken}`);
  }
  const config = parsed.data;
  try {
    checkCutOffs(config.job, now);
  } catch (error) {
    if (!(error instanceof InvalidJobError)) throw error;
    throw new RetentionPolicyError(`${where}.job.${error.field}: ${error.rule}`);
  }
  const dryRun = config.dryRun ?? false;
  return {
    name: config.name,
    schedule: config.schedule,
    timeZone: config.timeZone ?? 'UTC',
    enabled: config.enabled ?? true,
    dryRun,
    job: { ...config.job, dryRun },
  };
}

/** The policy's name when it is a valid one, to name the policy in errors about its other fields. */
function policyName(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const name = POLICY_NAME.safeParse((entry as Record<string, unknown>).name);
  return name.success ? name.data : undefined;
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

import { Duration, Token } from 'aws-cdk-lib';
import type { CleanupWorkflowProps } from './cleanup-workflow';

/** Rekognition's tag rules: keys of 1-128 and values of 0-256 such characters, and no `aws:` key. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** A Standard workflow runs for at most a year. */
const MAX_JOB_TIMEOUT = Duration.days(365);
/** An upper bound that catches a unit mistake (milliseconds given as seconds), far above any real poll. */
const MAX_POLL = Duration.hours(1);

/**
 * A mistake in the workflow's options fails `cdk synth`, with the option's path and the rule, instead of a job or a
 * deployment. Values that are tokens (resolved at deploy time) are left to CloudFormation. rekognitionTps is
 * checked where it is turned into the functions' setting (cleanup-workflow.ts).
 */
export function checkWorkflowOptions(options: CleanupWorkflowProps, path = 'workflow'): void {
  const fail = (field: string, rule: string): never => {
    throw new Error(`${path}.${field}: ${rule}`);
  };
  const { protectTagKey: key, protectTagValue: value } = options;
  if (key !== undefined && !Token.isUnresolved(key)) {
    if (key.length < 1 || key.length > 128 || !TAG_CHARACTERS.test(key) || key.toLowerCase().startsWith('aws:')) {
      fail('protectTagKey', 'must be a tag key (1-128 letters, digits, spaces or _.:/=+-@, not starting with aws:)');
    }
  }
  if (value !== undefined && !Token.isUnresolved(value)) {
    if (value.length > 256 || !TAG_CHARACTERS.test(value)) {
      fail('protectTagValue', 'must be a tag value (0-256 letters, digits, spaces or _.:/=+-@)');
    }
  }
  positiveInteger(options.maxVersionPolls, 'maxVersionPolls', fail);
  positiveInteger(options.defaultMaxDeletions, 'defaultMaxDeletions', fail);
  within(options.maxVersionWait, Duration.seconds(1), MAX_JOB_TIMEOUT, 'maxVersionWait', fail);
  within(options.jobTimeout, Duration.minutes(1), MAX_JOB_TIMEOUT, 'jobTimeout', fail);
  within(options.jobDataRetention, Duration.days(1), Duration.days(3650), 'jobDataRetention', fail);
  for (const [name, poll] of Object.entries(options.tuning ?? {})) {
    within(poll, Duration.seconds(1), MAX_POLL, `tuning.${name}`, fail);
  }
}

type Fail = (field: string, rule: string) => never;

function positiveInteger(value: number | undefined, field: string, fail: Fail): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isSafeInteger(value) || value < 1) fail(field, 'must be a positive integer');
}

function within(value: Duration | undefined, min: Duration, max: Duration, field: string, fail: Fail): void {
  if (value === undefined) return;
  if (!(value instanceof Duration)) fail(field, 'must be a Duration');
  if (value.isUnresolved()) return;
  const seconds = value.toSeconds({ integral: false });
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    fail(field, `must be between ${min.toHumanString()} and ${max.toHumanString()}`);
  }
}

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CleanupStack } from '../../../lib/cleanup-stack';
import { parseRetentionPolicies, RetentionPolicyError } from '../../../lib/config/retention-policies';

const NOW = new Date('2026-11-22T00:00:00Z');
const JOB = { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] };
const GOOD = { name: 'tmp-purge', schedule: 'cron(0 3 * * ? *)', job: JOB };

/** Synthesizes the stack as `cdk synth` does, with the policies as the cdk.json context value. */
function synthWithContext(context: Record<string, unknown>): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return Template.fromStack(new CleanupStack(app, 'ConfigTest'));
}

describe('good policies', () => {
  test('get their defaults: UTC, enabled, not a dry run; the job is normalised and carries dryRun', () => {
    const [policy] = parseRetentionPolicies([{ ...GOOD, job: { ...JOB, maxDeletions: 10 } }], NOW);
    expect(policy).toEqual({
      name: 'tmp-purge',
      schedule: 'cron(0 3 * * ? *)',
      timeZone: 'UTC',
      enabled: true,
      dryRun: false,
      job: { maxDeletions: 10, collections: JOB.collections, dryRun: false },
    });
  });

  test('createdBefore is normalised to UTC, as the workflow will read it', () => {
    const job = {
      collections: [{ select: { createdBefore: '2025-01-01T00:00:00+01:00' }, action: 'DELETE_COLLECTION' }],
    };
    const [policy] = parseRetentionPolicies([{ ...GOOD, job, dryRun: true }], NOW);
    expect(policy?.job.collections?.[0]?.select.createdBefore).toBe('2024-12-31T23:00:00.000Z');
    expect(policy?.job.dryRun).toBe(true);
  });

  test('the examples shipped in cdk.json are valid, disabled and dry runs', () => {
    const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'cdk.json'), 'utf8'));
    const policies = parseRetentionPolicies(cdkJson.context.retentionPolicies, NOW);
    expect(policies.map((p) => [p.enabled, p.dryRun])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(policies[0]?.job.collections?.[0]).toEqual({
      select: { prefix: 'tmp-', olderThanDays: 30 },
      action: 'DELETE_FACES',
    });
    expect(policies[1]?.job.projectVersions?.[0]?.select).toMatchObject({ olderThanDays: 90, keepLatest: 2 });
  });

  test('synthesize from the context, as an array or as the JSON text `-c` passes', () => {
    const policies = [GOOD, { ...GOOD, name: 'weekly', schedule: 'rate(7 days)', enabled: false }];
    for (const value of [policies, JSON.stringify(policies)]) {
      const template = synthWithContext({ retentionPolicies: value });
      template.resourceCountIs('AWS::Scheduler::Schedule', 2);
      template.hasResourceProperties('AWS::Scheduler::Schedule', { Name: 'weekly', State: 'DISABLED' });
    }
  });

  test('no policy at all is fine', () => {
    expect(parseRetentionPolicies(undefined)).toEqual([]);
    expect(parseRetentionPolicies([])).toEqual([]);
  });
});

const at = (index: number, name?: string) => `retentionPolicies[${index}]${name === undefined ? '' : ` ("${name}")`}`;

describe.each<[string, unknown, string]>([
  ['not an array', { name: 'x' }, 'retentionPolicies: must be an array of retention policies'],
  ['JSON text that does not parse', '[{"name": ', 'retentionPolicies: is not valid JSON'],
  ['a policy that is not an object', ['tmp-purge'], `${at(0)}: must be an object`],
  ['no name', [{ schedule: GOOD.schedule, job: JOB }], `${at(0)}.name: is required`],
  ['a name with a space', [{ ...GOOD, name: 'tmp purge' }], `${at(0)}.name: must match [A-Za-z0-9_-]+ (1-64 chars)`],
  ['a name of 65 chars', [{ ...GOOD, name: 'n'.repeat(65) }], `${at(0)}.name: must match`],
  [
    'two policies with one name',
    [GOOD, GOOD],
    `${at(1, 'tmp-purge')}.name: must be unique (already used by retentionPolicies[0])`,
  ],
  ['an unknown field (typo)', [{ ...GOOD, enable: false }], `${at(0, 'tmp-purge')}.enable: unknown field`],
  ['no schedule', [{ name: 'p', job: JOB }], `${at(0, 'p')}.schedule: is required`],
  [
    'a schedule in words',
    [{ ...GOOD, schedule: 'every night' }],
    `${at(0, 'tmp-purge')}.schedule: must be "cron(<6 fields>)"`,
  ],
  ['a 5-field (Unix) cron', [{ ...GOOD, schedule: 'cron(0 3 * * *)' }], 'schedule: cron needs 6 fields'],
  [
    'a cron with both days',
    [{ ...GOOD, schedule: 'cron(0 3 1 * MON *)' }],
    'schedule: cron: exactly one of day-of-month',
  ],
  ['a cron at minute 60', [{ ...GOOD, schedule: 'cron(60 3 * * ? *)' }], 'schedule: cron minutes "60" is not valid'],
  ['a cron at hour 24', [{ ...GOOD, schedule: 'cron(0 24 * * ? *)' }], 'schedule: cron hours "24" is not valid'],
  ['a cron in month 13', [{ ...GOOD, schedule: 'cron(0 3 1 13 ? *)' }], 'schedule: cron month "13" is not valid'],
  ['a cron with a letter', [{ ...GOOD, schedule: 'cron(0 3 * * ? x)' }], 'schedule: cron year "x" is not valid'],
  ['a rate of 0', [{ ...GOOD, schedule: 'rate(0 days)' }], 'schedule: must be "cron(<6 fields>)"'],
  ['a plural rate of 1', [{ ...GOOD, schedule: 'rate(1 days)' }], 'schedule: a rate of 1 takes a singular unit'],
  ['a singular rate of 5', [{ ...GOOD, schedule: 'rate(5 day)' }], 'schedule: a rate of 1 takes a singular unit'],
  ['a rate in weeks', [{ ...GOOD, schedule: 'rate(1 week)' }], 'schedule: must be "cron(<6 fields>)"'],
  [
    'an unknown time zone',
    [{ ...GOOD, timeZone: 'Mars/Olympus_Mons' }],
    `${at(0, 'tmp-purge')}.timeZone: must be an IANA`,
  ],
  ['an offset for a time zone', [{ ...GOOD, timeZone: '+01:00' }], 'timeZone: must be an IANA time zone name'],
  ['a time zone as a number', [{ ...GOOD, timeZone: 1 }], 'timeZone: must be a string'],
  ['enabled as a string', [{ ...GOOD, enabled: 'false' }], `${at(0, 'tmp-purge')}.enabled: must be a boolean`],
  ['dryRun as a string', [{ ...GOOD, dryRun: 'yes' }], `${at(0, 'tmp-purge')}.dryRun: must be a boolean`],
  ['no job', [{ name: 'p', schedule: GOOD.schedule }], `${at(0, 'p')}.job: is required`],
  ['a job that is a string', [{ ...GOOD, job: 'purge tmp-' }], `${at(0, 'tmp-purge')}.job: must be an object`],
  [
    'a job with a requestId',
    [{ ...GOOD, job: { ...JOB, requestId: 'nightly' } }],
    'job.requestId: not allowed in a retention policy',
  ],
  ['a job with its own dryRun', [{ ...GOOD, job: { ...JOB, dryRun: true } }], 'job.dryRun: set dryRun on the policy'],
  ['a job selecting nothing', [{ ...GOOD, job: {} }], `${at(0, 'tmp-purge')}.job: selects nothing`],
  [
    'a job with a bad prefix (second policy)',
    [GOOD, { ...GOOD, name: 'other', job: { collections: [{ select: { prefix: 'tmp/' }, action: 'DELETE_FACES' }] } }],
    `${at(1, 'other')}.job.collections[0].select.prefix: must match [a-zA-Z0-9_.\\-]+ (1-255 chars)`,
  ],
  [
    'a job whose empty select would match every collection',
    [{ ...GOOD, job: { collections: [{ select: {}, action: 'DELETE_COLLECTION' }] } }],
    `${at(0, 'tmp-purge')}.job.collections[0].select: must contain at least one of`,
  ],
  [
    'a job keeping versions without a project',
    [{ ...GOOD, job: { projectVersions: [{ select: { keepLatest: 2 } }] } }],
    `${at(0, 'tmp-purge')}.job.projectVersions[0].select: must contain arns or projectArn`,
  ],
  [
    // As `-c retentionPolicies='[...]'` passes them: the text, in which JSON.parse would let the last dryRun win.
    'a duplicate key in the JSON text',
    `[{"name": "tmp-purge", "schedule": "cron(0 3 * * ? *)", "dryRun": true, "job": ${JSON.stringify(JOB)}, "dryRun": false}]`,
    'retentionPolicies[0].dryRun: duplicate key "dryRun" (line 1, column 171; first at line 1, column 57)',
  ],
  [
    'a duplicate key deep in a job, in the JSON text',
    '[{"name": "p", "schedule": "rate(1 day)", "job": {"collections": [{"select": {"prefix": "tmp-", "prefix": ""}, "action": "DELETE_FACES"}]}}]',
    'retentionPolicies[0].job.collections[0].select.prefix: duplicate key "prefix" (line 1',
  ],
])('%s', (_, policies, message) => {
  test('is refused with a message naming the policy and the field', () => {
    expect(() => parseRetentionPolicies(policies, NOW)).toThrow(RetentionPolicyError);
    expect(() => parseRetentionPolicies(policies, NOW)).toThrow(message);
  });

  test('fails synth', () => {
    expect(() => synthWithContext({ retentionPolicies: policies })).toThrow(message);
  });
});

test('an erasure bus name from the context must be a bus name', () => {
  expect(() => synthWithContext({ erasureEventBusName: 'arn:aws:events:eu-west-1:1:event-bus/x y' })).toThrow(
    'erasureEventBusName: must be an event bus name',
  );
  synthWithContext({ erasureEventBusName: 'shared' }).resourceCountIs('AWS::Events::EventBus', 0);
});

describe('a STOP policy', () => {
  const stopJob = (entry: Record<string, unknown>) => ({
    name: 'stop-experiments',
    schedule: 'cron(0 20 * * ? *)',
    job: {
      projectVersions: [
        {
          select: { projectArn: 'arn:aws:rekognition:us-east-1:123456789012:project/lab/1700000000000' },
          action: 'STOP',
          ...entry,
        },
      ],
    },
  });

  test('is a policy like any other', () => {
    const [policy] = parseRetentionPolicies([stopJob({})]);
    expect(policy?.job.projectVersions?.[0]?.action).toBe('STOP');
  });

  test('with deleteProjectWhenEmpty it fails the synth, naming the policy and the field', () => {
    expect(() => parseRetentionPolicies([stopJob({ deleteProjectWhenEmpty: true })])).toThrow(
      'retentionPolicies[0] ("stop-experiments").job.projectVersions[0].deleteProjectWhenEmpty: ' +
        'not allowed with action "STOP": a stopped version is kept',
    );
  });
});

import { App } from 'aws-cdk-lib';
import { parseErasureRequesters } from '../../../lib/config/erasure-requesters';
import { CleanupStack } from '../../../lib/cleanup-stack';

const CRM = { source: 'crm.customers', principals: ['arn:aws:iam::111122223333:role/crm/erasures'] };

describe('a valid configuration', () => {
  test('none, or an empty list, is nobody', () => {
    expect(parseErasureRequesters(undefined)).toEqual([]);
    expect(parseErasureRequesters([])).toEqual([]);
  });

  test('splits principals into ARNs and accounts, and knows every account they belong to', () => {
    const [requester] = parseErasureRequesters([
      { ...CRM, principals: [...CRM.principals, '444455556666', 'arn:aws:iam::111122223333:user/ops'] },
    ]);
    expect(requester).toEqual({
      source: 'crm.customers',
      principalArns: ['arn:aws:iam::111122223333:role/crm/erasures', 'arn:aws:iam::111122223333:user/ops'],
      principalAccounts: ['444455556666'],
      accounts: ['111122223333', '444455556666'],
      allowDryRun: false,
    });
  });

  test('may be given as JSON text (cdk synth -c)', () => {
    expect(parseErasureRequesters(JSON.stringify([{ ...CRM, allowDryRun: true }]))[0]?.allowDryRun).toBe(true);
  });
});

describe('a bad configuration fails with the entry and the field', () => {
  test.each<[string, unknown, RegExp]>([
    ['not an array', { source: 'x' }, /^erasureRequesters: must be an array/],
    ['bad JSON', '[{', /^erasureRequesters: is not valid JSON/],
    ['an entry not an object', ['crm'], /^erasureRequesters\[0\]: must be an object/],
    ['an unknown field', [{ ...CRM, dryRun: true }], /^erasureRequesters\[0\]\.dryRun: unknown field/],
    ['no source', [{ principals: CRM.principals }], /^erasureRequesters\[0\]\.source: must be/],
    ['a source with a space', [{ ...CRM, source: 'crm customers' }], /^erasureRequesters\[0\]\.source: must be/],
    ['our own source', [{ ...CRM, source: 'rekognition-cleanup' }], /\.source: rekognition-cleanup is reserved/],
    ['an AWS source', [{ ...CRM, source: 'aws.s3' }], /\.source: aws\.s3 is reserved/],
    ['no principals', [{ source: 'crm' }], /^erasureRequesters\[0\]\.principals: must list 1-20/],
    ['empty principals', [{ ...CRM, principals: [] }], /\.principals: must list 1-20/],
    ['a wildcard ARN', [{ ...CRM, principals: ['arn:aws:iam::111122223333:role/*'] }], /\.principals\[0\]: must be/],
    ['a star', [{ ...CRM, principals: ['*'] }], /\.principals\[0\]: must be a 12-digit account id/],
    ['an 11-digit account', [{ ...CRM, principals: ['11112222333'] }], /\.principals\[0\]: must be/],
    [
      'an assumed-role session',
      [{ ...CRM, principals: ['arn:aws:sts::111122223333:assumed-role/r/s'] }],
      /\.principals\[0\]/,
    ],
    ['allowDryRun as a string', [{ ...CRM, allowDryRun: 'yes' }], /\.allowDryRun: must be a boolean/],
    [
      'a source listed twice',
      [CRM, { ...CRM, principals: ['444455556666'] }],
      /^erasureRequesters\[1\]\.source: crm\.customers is already the source of erasureRequesters\[0\]/,
    ],
  ])('%s', (_, raw, message) => {
    expect(() => parseErasureRequesters(raw)).toThrow(message);
  });
});

test('the stack reads the cdk.json context value, and synth fails on a bad one', () => {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], erasureRequesters: [{ ...CRM, principals: ['everyone'] }] },
  });
  expect(() => new CleanupStack(app, 'Bad')).toThrow(/erasureRequesters\[0\]\.principals\[0\]: must be/);
});

test("synth fails when the requesters do not fit the intake's environment", () => {
  const accounts = Array.from({ length: 20 }, (_, i) => String(100000000000 + i));
  const requesters = Array.from({ length: 20 }, (_, i) => ({ source: `service-${i}.erasures`, principals: accounts }));
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  expect(() => new CleanupStack(app, 'Big', { erasureRequesters: requesters })).toThrow(
    /erasureRequesters: \d+ chars in the intake's environment, at most 3000/,
  );
});

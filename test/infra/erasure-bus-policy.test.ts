/**
 * Who can publish on the erasure bus: the policy's shape in the template, and its effect, evaluated offline
 * (support/bus-policy-simulation.ts) for the principals an attacker would try.
 */
import './support/skip-builtin-validation';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { synthStack } from '../support/synth';
import {
  busPolicy,
  type Decision,
  functionRoleId,
  outputJson,
  roleArn,
  simulatePutEvents,
} from './support/bus-policy-simulation';

const CRM_ROLE = 'arn:aws:iam::111122223333:role/crm-erasures';
const REQUESTERS = [
  { source: 'crm.customers', principals: [CRM_ROLE], allowDryRun: true },
  { source: 'support.tickets', principals: ['444455556666'] },
];
const { template } = synthStack({ erasureRequesters: REQUESTERS });
const { template: closed } = synthStack();
const policy = busPolicy(template);

const INTAKE = roleArn(functionRoleId(template, 'ErasureIntakeFunction'));
const RECEIPT = roleArn(functionRoleId(template, 'ErasureOutcomesReceiptFunction'));
const OVERDUE = roleArn(functionRoleId(template, 'ErasureOutcomesOverdueFunction'));
const ADMIN = 'arn:aws:iam::123456789012:role/Administrator';
const CRM_OTHER_ROLE = 'arn:aws:iam::111122223333:role/crm-batch';
const SUPPORT_ROLE = 'arn:aws:iam::444455556666:role/any-support-role';
const OUTSIDER = 'arn:aws:iam::999999999999:role/outsider';

describe('the policy, as simulated', () => {
  test.each<[string, string, string[], Decision]>([
    ['the intake publishes our outcomes', INTAKE, ['rekognition-cleanup'], 'Allowed'],
    ['the receipt function publishes our outcomes', RECEIPT, ['rekognition-cleanup'], 'Allowed'],
    [
      'an administrator of our account cannot forge ErasureCompleted',
      ADMIN,
      ['rekognition-cleanup'],
      'ExplicitlyDenied',
    ],
    ['another of our functions cannot either', OVERDUE, ['rekognition-cleanup'], 'ExplicitlyDenied'],
    ['a requester cannot forge ErasureCompleted', CRM_ROLE, ['rekognition-cleanup'], 'ExplicitlyDenied'],
    ['a listed role publishes with its source', CRM_ROLE, ['crm.customers'], 'Allowed'],
    ['any principal of a listed account publishes with its source', SUPPORT_ROLE, ['support.tickets'], 'Allowed'],
    ['a listed role cannot use another requester’s source', CRM_ROLE, ['support.tickets'], 'ExplicitlyDenied'],
    [
      'another role of the requester’s account is not the requester',
      CRM_OTHER_ROLE,
      ['crm.customers'],
      'ExplicitlyDenied',
    ],
    ['an administrator of our account cannot pose as a requester', ADMIN, ['crm.customers'], 'ExplicitlyDenied'],
    ['our intake cannot pose as a requester', INTAKE, ['crm.customers'], 'ExplicitlyDenied'],
    ['an unlisted source is refused, even to an administrator', ADMIN, ['aws.partner/anything'], 'ExplicitlyDenied'],
    ['an unlisted source is refused to a requester', CRM_ROLE, ['crm.other'], 'ExplicitlyDenied'],
    ['an outside account gets nothing', OUTSIDER, ['crm.customers'], 'ExplicitlyDenied'],
    [
      'a batch mixing its own source with ours is refused',
      CRM_ROLE,
      ['crm.customers', 'rekognition-cleanup'],
      'ExplicitlyDenied',
    ],
    ['a batch of its own source only is allowed', CRM_ROLE, ['crm.customers', 'crm.customers'], 'Allowed'],
  ])('%s', async (_, principal, sources, decision) => {
    expect(await simulatePutEvents(policy, principal, sources)).toBe(decision);
  });

  test('without requesters (the default), only our own functions publish, and only as rekognition-cleanup', async () => {
    const closedPolicy = busPolicy(closed);
    const intake = roleArn(functionRoleId(closed, 'ErasureIntakeFunction'));
    expect(await simulatePutEvents(closedPolicy, intake, ['rekognition-cleanup'])).toBe('Allowed');
    for (const source of ['crm.customers', 'any.service']) {
      expect(await simulatePutEvents(closedPolicy, ADMIN, [source])).toBe('ExplicitlyDenied');
      expect(await simulatePutEvents(closedPolicy, CRM_ROLE, [source])).not.toBe('Allowed');
    }
    expect(await simulatePutEvents(closedPolicy, ADMIN, ['rekognition-cleanup'])).toBe('ExplicitlyDenied');
  });
});

describe('the policy, as synthesized', () => {
  const bus = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ErasureBus'), 'Arn'] };

  test('the Deny of forged outcomes names our two publishing roles', () => {
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Sid: 'cdk-DenyForgedOutcomes',
        Effect: 'Deny',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: bus,
        Condition: {
          'ForAnyValue:StringEquals': { 'events:source': ['rekognition-cleanup'] },
          ArnNotEquals: {
            'aws:PrincipalArn': [
              { 'Fn::GetAtt': [functionRoleId(template, 'ErasureIntakeFunction'), 'Arn'] },
              { 'Fn::GetAtt': [functionRoleId(template, 'ErasureOutcomesReceiptFunction'), 'Arn'] },
            ],
          },
        },
      },
    });
  });

  test('each requester is allowed its source only, and denied to everyone else', () => {
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Effect: 'Allow',
        Principal: { AWS: CRM_ROLE },
        Condition: {
          'ForAllValues:StringEquals': { 'events:source': ['crm.customers'] },
          Null: { 'events:source': 'false' },
        },
      }),
    });
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Effect: 'Deny',
        Principal: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'events:source': ['support.tickets'] },
          StringNotEquals: { 'aws:PrincipalAccount': ['444455556666'] },
        },
      }),
    });
  });

  test('no other source at all', () => {
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: Match.objectLike({
        Sid: 'cdk-DenyUnlistedSources',
        Effect: 'Deny',
        Condition: {
          'ForAnyValue:StringNotEquals': {
            'events:source': ['rekognition-cleanup', 'crm.customers', 'support.tickets'],
          },
        },
      }),
    });
  });
});

describe('an existing bus', () => {
  const { stack, template: shared } = synthStack({ erasureEventBusName: 'shared', erasureRequesters: REQUESTERS });

  test('gets no policy from the stack, which says so at synth', () => {
    shared.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    Annotations.fromStack(stack).hasWarning(
      '/TestCleanup/Default/Erasure',
      Match.stringLikeRegexp('erasure bus shared is not the stack'),
    );
  });

  test("the statements its owner should add are an output, and they protect the bus's erasure traffic only", async () => {
    const statements = outputJson(shared, 'ErasureBusPolicyStatements');
    const sharedBus = 'arn:aws:events:eu-west-1:123456789012:event-bus/shared';
    const applied = { Version: '2012-10-17', Statement: statements as unknown[] };
    const intake = roleArn(functionRoleId(shared, 'ErasureIntakeFunction'));
    const decide = (principal: string, sources: string[]) => simulatePutEvents(applied, principal, sources, sharedBus);

    expect(await decide(intake, ['rekognition-cleanup'])).toBe('Allowed');
    expect(await decide(ADMIN, ['rekognition-cleanup'])).toBe('ExplicitlyDenied');
    expect(await decide(CRM_ROLE, ['crm.customers'])).toBe('Allowed');
    expect(await decide(CRM_OTHER_ROLE, ['crm.customers'])).toBe('ExplicitlyDenied');
    // The bus carries other services' events too: those are not the stack's to refuse.
    expect(await decide(ADMIN, ['orders.placed'])).toBe('Allowed');
  });
});

import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IDependable } from 'constructs';
import { ERASURE_SOURCE } from '../../lambdas/core/erasure/events';
import type { ErasureRequester } from '../config/erasure-requesters';

/**
 * The erasure bus's resource policy: who may publish what on it. Allows alone would not do: a principal of the bus's
 * own account needs no resource policy when its identity policy allows events:PutEvents, so every restriction is an
 * explicit Deny, which binds everyone.
 *
 * - each requester's principals may publish with its source (the Allow a cross-account principal needs);
 * - nobody but `ownRoles` may publish with source rekognition-cleanup, so an ErasureCompleted cannot be forged;
 * - nobody but a requester's principals may publish with its source;
 * - no other source may be published at all: the bus carries erasure requests and their outcomes only (left out
 *   for a `shared` bus, which carries other events too).
 *
 * `events:source` holds one value per entry of a PutEvents call, hence the ForAllValues / ForAnyValue operators.
 */
export function erasureBusStatements(
  busArn: string,
  requesters: readonly ErasureRequester[],
  ownRoleArns: readonly string[],
  shared = false,
): iam.PolicyStatement[] {
  const putEvents = { actions: ['events:PutEvents'], resources: [busArn] };
  const everyone = [new iam.StarPrincipal()];
  const allows = requesters.map(
    (requester, index) =>
      new iam.PolicyStatement({
        sid: `AllowRequester${index}`,
        ...putEvents,
        principals: [
          ...requester.principalArns.map((arn) => new iam.ArnPrincipal(arn)),
          ...requester.principalAccounts.map((account) => new iam.AccountPrincipal(account)),
        ],
        conditions: {
          'ForAllValues:StringEquals': { 'events:source': [requester.source] },
          // ForAllValues holds for a request without the key: never let that be an Allow.
          Null: { 'events:source': 'false' },
        },
      }),
  );
  const forgedOutcomes = new iam.PolicyStatement({
    sid: 'DenyForgedOutcomes',
    effect: iam.Effect.DENY,
    ...putEvents,
    principals: everyone,
    conditions: {
      'ForAnyValue:StringEquals': { 'events:source': [ERASURE_SOURCE] },
      ArnNotEquals: { 'aws:PrincipalArn': [...ownRoleArns] },
    },
  });
  const impersonation = requesters.map(
    (requester, index) =>
      new iam.PolicyStatement({
        sid: `DenyOtherPublishers${index}`,
        effect: iam.Effect.DENY,
        ...putEvents,
        principals: everyone,
        // Conditions are ANDed: denied when the principal is none of the ARNs and in none of the accounts.
        conditions: {
          'ForAnyValue:StringEquals': { 'events:source': [requester.source] },
          ...(requester.principalArns.length === 0
            ? {}
            : { ArnNotEquals: { 'aws:PrincipalArn': requester.principalArns } }),
          ...(requester.principalAccounts.length === 0
            ? {}
            : { StringNotEquals: { 'aws:PrincipalAccount': requester.principalAccounts } }),
        },
      }),
  );
  const unlisted = new iam.PolicyStatement({
    sid: 'DenyUnlistedSources',
    effect: iam.Effect.DENY,
    ...putEvents,
    principals: everyone,
    conditions: {
      'ForAnyValue:StringNotEquals': { 'events:source': [ERASURE_SOURCE, ...requesters.map((r) => r.source)] },
    },
  });
  return [...allows, forgedOutcomes, ...impersonation, ...(shared ? [] : [unlisted])];
}

/** Adds the statements to a bus the stack owns (an imported bus cannot take them: see README, "Security"). */
export function restrictErasureBus(
  bus: events.EventBus,
  requesters: readonly ErasureRequester[],
  ownRoles: readonly iam.IRole[],
): void {
  const statements = erasureBusStatements(
    bus.eventBusArn,
    requesters,
    ownRoles.map((role) => role.roleArn),
  );
  // One AWS::Events::EventBusPolicy per statement, each a read-modify-write of the same bus policy: one at a time.
  let previous: IDependable | undefined;
  for (const statement of statements) {
    const { policyDependable } = bus.addToResourcePolicy(statement);
    if (previous !== undefined && policyDependable instanceof Construct) policyDependable.node.addDependency(previous);
    previous = policyDependable;
  }
}

import { type Acknowledgment, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag findings we accept, each with the reason a reviewer reads. They are acknowledged on the narrowest
 * construct that raises them (a role, a queue, a function, a secret), never on the stack, and
 * test/infra/nag.test.ts fails on an acknowledgement that no longer matches a finding.
 */
export type Acknowledgement = Acknowledgment;

export function acknowledge(scope: IConstruct, ...acknowledgements: readonly Acknowledgement[]): void {
  if (acknowledgements.length > 0) Validations.of(scope).acknowledge(...acknowledgements);
}

/**
 * AwsSolutions-IAM5's finding for one wildcard resource, rendered as cdk-nag renders it (`<Logical.Attr>`,
 * `<AWS::Region>`), so the acknowledgement names exactly that resource and not the rule as a whole.
 */
export function wildcardResource(scope: IConstruct, resource: string, reason: string): Acknowledgement {
  return { id: `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`, reason };
}

/** cdk-nag's flattening of CloudFormation references (its utils/flatten-cfn-reference, which it does not export). */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const intrinsic = node as Record<string, unknown>;
    if (intrinsic['Fn::Join'] !== undefined) {
      const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (intrinsic['Fn::Sub'] !== undefined) return flatten(intrinsic['Fn::Sub']);
    if (intrinsic['Fn::GetAtt'] !== undefined) {
      const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (intrinsic['Fn::ImportValue'] !== undefined) return flatten(intrinsic['Fn::ImportValue']);
    if (intrinsic.Ref !== undefined) return `<${flatten(intrinsic.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** The reasons, in one place so a review reads them together. */
export const Reasons = {
  xrayTracing:
    'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource type, so IAM ' +
    'requires "*"; they can only write trace data.',
  rekognitionListings:
    'rekognition:ListCollections and rekognition:DescribeProjects have no resource type in the Service ' +
    'Authorization Reference, so IAM requires "*"; both are read-only listings (the plan resolves selectors with ' +
    "them, delete-project reads a project's status before deleting it).",
  rekognitionCollections:
    'Collections are chosen per job at run time (selectors, subjects, explicit ids), so their names are unknown at ' +
    "deploy time; the pattern is limited to this account and region's Rekognition collections.",
  rekognitionProjects:
    'Custom Labels projects and versions are chosen per job at run time; the pattern is limited to this account and ' +
    "region's project and project-version ARNs (project/<name>/...).",
  thisStateMachinesExecutions:
    'Execution names are chosen per request at run time; the pattern is limited to the executions of this one ' +
    'state machine (execution:<its name>:*).',
  invokeFunctionVersions:
    "Added by CDK's LambdaInvoke grant: the wildcard only covers versions and aliases of this one function.",
  stateMachineLogDeliveryAndTracing:
    "Step Functions' CloudWatch Logs delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, " +
    'DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and ' +
    'X-Ray tracing have no resource type: IAM requires "*", as AWS documents for state machine logging.',
  invokedByTheStateMachine:
    'Invoked synchronously by the state machine, and a Lambda dead-letter queue only receives failed asynchronous ' +
    'invocations: it would never receive anything. Task errors are retried and caught by the workflow and end up ' +
    'in the job report (and the FailedJobs/IncompleteJobs alarms).',
  onFailureDestination:
    'Invoked asynchronously by EventBridge, with an on-failure destination that ends in the dead-letter queue as a ' +
    'reference and an error name (FailureRecords); a Lambda dead-letter queue would keep the whole event instead.',
  requestsKeepNoCopy:
    "An erasure request carries the subject's ids, and a target dead-letter queue would keep the whole event for " +
    'days. Undelivered requests are counted instead (the FailedInvocations alarm), and the requester sends again.',
  terminalQueue:
    'This queue is the end of the line: the dead-letter destination itself (or, for refused requests, where they ' +
    'are parked), with an alarm on its first message, read by operators and redriven by hand. Nothing consumes it ' +
    'automatically, so there is no failed receive for a dead-letter queue of its own to catch.',
} as const;

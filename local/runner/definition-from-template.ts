import type { StateMachineDefinition } from '../vendor/aws-local-stepfunctions';

/** The parts of a synthesized template the runner reads; values are CloudFormation JSON, checked where used. */
export interface CloudFormationTemplate {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- template JSON is loosely shaped; readers check what they use.
  Resources: Record<string, { Type: string; Properties?: any; Metadata?: any }>;
}

/** Metadata key set by CleanupFunction; duplicated here so the runner does not load CDK constructs to read it. */
const HANDLER_ENTRY_METADATA = 'rekognition-cleanup:entry';
const LOCAL_REGION = 'us-east-1';
const LOCAL_ACCOUNT = '123456789012';

export interface LocalFunction {
  logicalId: string;
  arn: string;
  /** Handler source, relative to the project root (e.g. `lambdas/plan/index.ts`). */
  entry: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
}

export interface LocalWorkflow {
  definition: StateMachineDefinition;
  /** Keyed by the function ARN as it appears in the definition's Task resources. */
  functions: Map<string, LocalFunction>;
  stateMachineName: string;
}

/**
 * Takes the state machine from a synthesized template and resolves its CloudFormation intrinsics (Fn::Join,
 * Fn::GetAtt, Ref) into a plain definition, with local ARNs for the functions it invokes.
 */
export function workflowFromTemplate(template: CloudFormationTemplate): LocalWorkflow {
  const machines = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine in the template, found ${machines.length}`);
  const [machineId, machine] = machines[0]!;

  const functions = new Map<string, LocalFunction>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const entry = resource.Metadata?.[HANDLER_ENTRY_METADATA];
    if (typeof entry !== 'string') continue;
    const props = resource.Properties ?? {};
    const fn: LocalFunction = {
      logicalId,
      arn: functionArn(logicalId),
      entry,
      timeoutSeconds: props.Timeout ?? 3,
      memoryMb: props.MemorySize ?? 128,
      environment: resolveEnvironment(props.Environment?.Variables ?? {}, template),
    };
    functions.set(fn.arn, fn);
  }

  const resolved = resolve(machine.Properties?.DefinitionString, template);
  if (typeof resolved !== 'string') throw new Error('DefinitionString did not resolve to a string');
  let text = resolved;
  for (const [key, value] of Object.entries(machine.Properties?.DefinitionSubstitutions ?? {})) {
    text = text.split(`\${${key}}`).join(String(resolve(value, template)));
  }
  return { definition: JSON.parse(text) as StateMachineDefinition, functions, stateMachineName: machineId };
}

export function functionArn(logicalId: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
}

function resolve(value: unknown, template: CloudFormationTemplate): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolve(part, template))).join(separator);
  }
  if ('Fn::GetAtt' in node) {
    const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
    const type = template.Resources[logicalId]?.Type;
    if (type === 'AWS::Lambda::Function' && attribute === 'Arn') return functionArn(logicalId);
    return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}/${attribute}`;
  }
  if ('Ref' in node) return pseudoParameter(node.Ref as string);
  return value;
}

function pseudoParameter(name: string): string {
  switch (name) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::Region':
      return LOCAL_REGION;
    case 'AWS::AccountId':
      return LOCAL_ACCOUNT;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return name;
  }
}

function resolveEnvironment(
  variables: Record<string, unknown>,
  template: CloudFormationTemplate,
): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(resolve(v, template))]));
}

/**
 * The erasure bus's resource policy, read back from the synthesized template, evaluated offline by
 * @cloud-copilot/iam-simulate as IAM would evaluate a PutEvents call: the identity side, the bus policy, same- and
 * cross-account rules.
 *
 * The simulator does not derive global condition keys from the principal, so `simulatePutEvents` sets
 * aws:PrincipalArn and aws:PrincipalAccount as IAM does for a role or user, and events:source with one value per
 * entry of the call.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Template } from 'aws-cdk-lib/assertions';

export const ACCOUNT = '123456789012';
export const BUS_ARN = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/erasure`;

type Json = unknown;
type Resources = Record<string, { Type: string }>;

/** Tokens as CloudFormation would resolve them in account ACCOUNT: a role's Arn is role/<its logical id>. */
function resolve(value: Json, resources: Resources): Json {
  if (Array.isArray(value)) return value.map((item) => resolve(item, resources));
  if (typeof value !== 'object' || value === null) return value;
  const token = value as Record<string, Json>;
  if ('Ref' in token) {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::AccountId': ACCOUNT,
      'AWS::Region': 'eu-west-1',
    };
    const ref = pseudo[String(token.Ref)];
    if (ref === undefined) throw new Error(`unresolved Ref ${String(token.Ref)}`);
    return ref;
  }
  if ('Fn::Join' in token) {
    const [separator, parts] = token['Fn::Join'] as [string, Json[]];
    return parts.map((part) => resolve(part, resources)).join(separator);
  }
  if ('Fn::GetAtt' in token) {
    const [id, attribute] = token['Fn::GetAtt'] as [string, string];
    const type = resources[id]?.Type;
    if (attribute === 'Arn' && type === 'AWS::IAM::Role') return roleArn(id);
    if (attribute === 'Arn' && type === 'AWS::Events::EventBus') return BUS_ARN;
    throw new Error(`unresolved Fn::GetAtt ${id}.${attribute}`);
  }
  return Object.fromEntries(Object.entries(token).map(([key, member]) => [key, resolve(member, resources)]));
}

export const roleArn = (logicalId: string) => `arn:aws:iam::${ACCOUNT}:role/${logicalId}`;

/** The logical id of the role of the function whose logical id starts with `prefix`. */
export function functionRoleId(template: Template, prefix: string): string {
  const functions = template.findResources('AWS::Lambda::Function');
  const fn = Object.entries(functions).find(([id]) => id.startsWith(prefix))?.[1];
  if (fn === undefined) throw new Error(`no function ${prefix}`);
  return fn.Properties.Role['Fn::GetAtt'][0] as string;
}

/** Every AWS::Events::EventBusPolicy statement of the template, as one policy document. */
export function busPolicy(template: Template): { Version: string; Statement: Json[] } {
  const resources = template.toJSON().Resources as Resources;
  const statements = Object.values(template.findResources('AWS::Events::EventBusPolicy')).map((policy) =>
    resolve(policy.Properties.Statement, resources),
  );
  return { Version: '2012-10-17', Statement: statements };
}

/** A stack output, tokens resolved, parsed as JSON. */
export function outputJson(template: Template, name: string): unknown {
  const outputs = template.toJSON().Outputs as Record<string, { Value: Json }>;
  const output = outputs[name];
  if (output === undefined) throw new Error(`no output ${name}`);
  return JSON.parse(String(resolve(output.Value, template.toJSON().Resources as Resources)));
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/**
 * The decision for `principal` (a role or user ARN) calling PutEvents on the bus with one entry per source. The
 * principal's own identity policy allows events:PutEvents on everything: the worst case, an administrator.
 */
export async function simulatePutEvents(
  policy: ReturnType<typeof busPolicy>,
  principal: string,
  sources: string[],
  busArn = BUS_ARN,
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal,
        action: 'events:PutEvents',
        resource: { resource: busArn, accountId: ACCOUNT },
        contextVariables: {
          'events:source': sources,
          'aws:PrincipalArn': principal,
          'aws:PrincipalAccount': principal.split(':')[4] ?? '',
        },
      },
      identityPolicies: [
        {
          name: 'administrator',
          policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }],
          },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policy,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/**
 * Each function's configuration follows from its code. The handlers are scanned (support/reachable-code.ts: every
 * AWS SDK command and every project function reachable from `handler`), and the synthesized template must match:
 *
 * - IAM: the role's actions are exactly the commands the code can send, plus what the platform uses on the
 *   function's behalf (X-Ray, its own log group, its on-failure queue). A call without a permission fails this test,
 *   and so does a permission without a call. Each action's resource is the narrowest IAM allows (below).
 * - Rekognition: what each worker calls is written once, in lambdas/core/workers.ts, and the grants and the rate
 *   plan derive from it. The table must be the code's truth (the scanned commands) and the state machine's (each
 *   lane Map runs the worker the table names, with the share it names).
 * - The subject key: named on exactly the functions whose code makes pseudonyms, identical on all of them.
 *
 * Functions are found through the handler entry CleanupFunction records, so a new function is covered unasked.
 */
import './support/skip-builtin-validation';
import { Template } from 'aws-cdk-lib/assertions';
import { HANDLER_ENTRY_METADATA } from '../../lib/constructs/cleanup-function';
import {
  operationsOfWorker,
  REKOGNITION_WORKERS,
  type RekognitionWorker,
  WORK,
  WORK_KINDS,
  type WorkKind,
} from '../../lambdas/core/workers';
import { deployedApp } from './support/deployed-app';
import { scanHandlers } from './support/reachable-code';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- template JSON is untyped; the assertions below are its type check.
type Json = Record<string, any>;
const { stack } = deployedApp();
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources as Record<string, Json>;

const idOf = (type: string, prefix: string): string => {
  const id = Object.keys(resources).find((key) => key.startsWith(prefix) && resources[key]?.Type === type);
  if (id === undefined) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const key = (value: unknown) => JSON.stringify(value);

// --- What each action may be granted on -------------------------------------------------------------------------
const STATE_MACHINE = { Ref: idOf('AWS::StepFunctions::StateMachine', 'WorkflowStateMachine') };
const TABLE = arnOf(idOf('AWS::DynamoDB::Table', 'ErasureReceipts'));
const JOB_TABLE = arnOf(idOf('AWS::DynamoDB::Table', 'WorkflowJobStore'));
const JOB_KEY = arnOf(idOf('AWS::KMS::Key', 'WorkflowJobStore'));
const partitionRegionAccount = (service: string) => [
  'arn:',
  { Ref: 'AWS::Partition' },
  `:${service}:`,
  { Ref: 'AWS::Region' },
  ':',
  { Ref: 'AWS::AccountId' },
];
const rekognition = (pattern: string) => ({
  'Fn::Join': ['', [...partitionRegionAccount('rekognition'), `:${pattern}`]],
});
const EXECUTIONS = {
  'Fn::Join': [
    '',
    [...partitionRegionAccount('states'), ':execution:', { 'Fn::GetAtt': [STATE_MACHINE.Ref, 'Name'] }, ':*'],
  ],
};

/**
 * Rekognition's resource types per action, from the Service Authorization Reference. `project/*` covers both
 * project and project-version ARNs. An action the code calls that is missing here fails the test: look it up.
 */
const REKOGNITION: Record<string, unknown[]> = {
  ListCollections: ['*'],
  DescribeProjects: ['*'],
  DescribeCollection: [rekognition('collection/*')],
  ListFaces: [rekognition('collection/*')],
  DeleteFaces: [rekognition('collection/*')],
  DeleteCollection: [rekognition('collection/*')],
  ListUsers: [rekognition('collection/*')],
  DeleteUser: [rekognition('collection/*')],
  DisassociateFaces: [rekognition('collection/*')],
  DescribeProjectVersions: [rekognition('project/*')],
  StopProjectVersion: [rekognition('project/*')],
  DeleteProjectVersion: [rekognition('project/*')],
  DeleteProject: [rekognition('project/*')],
  ListTagsForResource: [rekognition('collection/*'), rekognition('project/*')],
};

/**
 * This stack's resources only: this state machine, its executions, the erasure bus, the receipts table and index,
 * the job store's table.
 */
const OTHERS: Record<string, unknown[]> = {
  'states:StartExecution': [STATE_MACHINE],
  'states:DescribeExecution': [EXECUTIONS],
  'events:PutEvents': [arnOf(idOf('AWS::Events::EventBus', 'ErasureBus'))],
  'dynamodb:GetItem': [TABLE, JOB_TABLE],
  'dynamodb:PutItem': [TABLE, JOB_TABLE],
  'dynamodb:UpdateItem': [TABLE, JOB_TABLE],
  'dynamodb:DeleteItem': [JOB_TABLE],
  'kms:GenerateMac': [arnOf(idOf('AWS::KMS::Key', 'SubjectKey'))],
  'dynamodb:Query': [{ 'Fn::Join': ['', [TABLE, '/index/status-dueAt']] }, JOB_TABLE],
};

function allowedResources(action: string): unknown[] {
  const [service, operation] = action.split(':') as [string, string];
  const allowed = service === 'rekognition' ? REKOGNITION[operation] : OTHERS[action];
  if (allowed === undefined) throw new Error(`${action}: add its narrowest resource to least-privilege.test.ts`);
  return allowed;
}

// --- The functions, their grants and their code ------------------------------------------------------------------
interface FunctionUnderTest {
  logicalId: string;
  handler: string;
  fn: Json;
  /** action -> resources (as JSON), over every policy attached to the function's role. */
  grants: Map<string, Set<string>>;
  role: Json;
}

const functions: FunctionUnderTest[] = Object.entries(resources)
  .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.[HANDLER_ENTRY_METADATA] !== undefined)
  .map(([logicalId, fn]) => {
    const handler = (fn.Metadata[HANDLER_ENTRY_METADATA] as string).split('/')[1] as string;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const grants = new Map<string, Set<string>>();
    for (const policy of Object.values(resources)) {
      if (policy.Type !== 'AWS::IAM::Policy' || !key(policy.Properties.Roles).includes(key({ Ref: roleId }))) continue;
      for (const statement of policy.Properties.PolicyDocument.Statement as Json[]) {
        expect(statement.Effect).toBe('Allow');
        for (const action of [statement.Action].flat() as string[]) {
          const granted = grants.get(action) ?? new Set<string>();
          for (const resource of [statement.Resource].flat()) granted.add(key(resource));
          grants.set(action, granted);
        }
      }
    }
    return { logicalId, handler, fn, grants, role: resources[roleId] as Json };
  });
const code = scanHandlers([...new Set(functions.map((f) => f.handler))]);
const reachable = (handler: string) => {
  const scanned = code.get(handler);
  if (scanned === undefined) throw new Error(`${handler} was not scanned`);
  return scanned;
};

/** What the platform does with the function's role, not its code. */
function platformGrants(f: FunctionUnderTest): Record<string, unknown[]> {
  const logGroup = arnOf(f.fn.Properties.LoggingConfig.LogGroup.Ref);
  const grants: Record<string, unknown[]> = {
    'xray:PutTraceSegments': ['*'],
    'xray:PutTelemetryRecords': ['*'],
    'logs:CreateLogStream': [logGroup],
    'logs:PutLogEvents': [logGroup],
  };
  const invokeConfig = Object.values(resources).find(
    (r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && key(r.Properties.FunctionName) === key({ Ref: f.logicalId }),
  );
  const onFailure = invokeConfig?.Properties.DestinationConfig?.OnFailure?.Destination;
  // The erasure functions' failures go to the default bus, where a rule cuts them down (FailureRecords).
  if (onFailure !== undefined)
    grants[key(onFailure).includes(':event-bus/') ? 'events:PutEvents' : 'sqs:SendMessage'] = [onFailure];
  // DynamoDB encrypts and decrypts the job store's items with its key, on behalf of the functions that use it.
  if (f.fn.Properties.Environment?.Variables?.JOB_TABLE_NAME !== undefined) {
    grants['kms:Decrypt'] = [JOB_KEY];
    grants['kms:GenerateDataKey'] = [JOB_KEY];
  }
  return grants;
}

test('every function of the stack is scanned', () => {
  expect(functions.map((f) => f.handler).sort()).toEqual([
    'advance-project-version',
    'clean-collection',
    'close-erasure-batch',
    'delete-faces',
    'delete-project',
    'erasure-intake',
    'erasure-overdue',
    'erasure-receipt',
    'finalize-plan',
    'find-subject-faces',
    'plan',
    'report',
  ]);
});

describe.each(functions.map((f) => [f.handler, f] as const))('%s', (_, f) => {
  const platform = platformGrants(f);

  test('the Rekognition operations its code can call are exactly those the workers table gives it', () => {
    const called = [...reachable(f.handler).actions].filter((action) => action.startsWith('rekognition:'));
    const listed = (REKOGNITION_WORKERS as readonly string[]).includes(f.handler)
      ? operationsOfWorker(f.handler as RekognitionWorker)
      : [];
    expect(called.sort()).toEqual(listed.map((operation) => `rekognition:${operation}`).sort());
  });

  /** What the role grants for the function's code: without what the platform uses (the same action may be both). */
  const forCode = (action: string): string[] => {
    const platformResources = (platform[action] ?? []).map(key);
    return [...(f.grants.get(action) ?? [])].filter((resource) => !platformResources.includes(resource));
  };

  test('its role allows exactly the AWS calls its code makes', () => {
    const granted = [...f.grants.keys()].filter((action) => forCode(action).length > 0).sort();
    expect(granted).toEqual([...reachable(f.handler).actions].sort());
  });

  test('each call only on the narrowest resource IAM allows: this account, region and stack', () => {
    for (const action of reachable(f.handler).actions) {
      const granted = forCode(action);
      const allowed = allowedResources(action).map(key);
      // Narrower than the widest legitimate scope is fine (e.g. tags read on collections only), wider never is.
      expect([action, granted.length > 0 && granted.every((resource) => allowed.includes(resource))]).toEqual([
        action,
        true,
      ]);
    }
  });

  test('and what the platform does for it: X-Ray, its own log group, its on-failure queue (send only)', () => {
    for (const [action, allowed] of Object.entries(platform)) {
      const granted = [...(f.grants.get(action) ?? [])];
      expect([action, allowed.map(key).filter((resource) => !granted.includes(resource))]).toEqual([action, []]);
    }
  });

  test('its role has no managed policy and no inline policy (no AWSLambdaBasicExecutionRole)', () => {
    expect(f.role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(f.role.Properties.Policies).toBeUndefined();
  });
});

test('the state machine role invokes exactly the functions its definition calls, plus logging and tracing', () => {
  const machine = resources[STATE_MACHINE.Ref] as Json;
  const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0] as string;
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && key(r.Properties.Roles) === key([{ Ref: roleId }]))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
  const invoked = statements
    .filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'))
    .flatMap((s) => [s.Resource].flat())
    .map((r) => (r['Fn::GetAtt'] ?? r['Fn::Join'][1][0]['Fn::GetAtt'])[0] as string);
  const called = [...key(machine.Properties.DefinitionString).matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map(
    (m) => m[1],
  );
  expect([...new Set(invoked)].sort()).toEqual([...new Set(called)].sort());
  const others = statements.flatMap((s) => [s.Action].flat()).filter((a) => a !== 'lambda:InvokeFunction');
  for (const action of others) expect(action).toMatch(/^(logs|xray):[A-Za-z]+$/);
});

describe("the workers table is the state machine's", () => {
  const machine = resources[STATE_MACHINE.Ref] as Json;
  // The definition with each intrinsic replaced by the logical id it names (a function's, for a Task).
  const parts = machine.Properties.DefinitionString['Fn::Join'][1] as (string | Json)[];
  const definition = JSON.parse(
    parts.map((part) => (typeof part === 'string' ? part : (part.Ref ?? part['Fn::GetAtt'][0]))).join(''),
  ) as Json;
  const handlerOf = new Map(functions.map((f) => [f.logicalId, f.handler]));
  const laneMaps: Json[] = [];
  const invoked = (states: Record<string, Json>): string[] =>
    Object.values(states).flatMap((state) => {
      if (state.ItemSelector?.kind !== undefined) laneMaps.push(state);
      const nested = [state.ItemProcessor, ...(state.Branches ?? [])].filter(Boolean) as Json[];
      const own = handlerOf.get(state.Resource) ?? handlerOf.get(state.Parameters?.FunctionName);
      return [...(own === undefined ? [] : [own]), ...nested.flatMap((inner) => invoked(inner.States))];
    });
  invoked(definition.States);

  test('every kind of work has its lane Map', () => {
    expect(laneMaps.map((map) => map.ItemSelector.kind).sort()).toEqual([...WORK_KINDS].sort());
  });

  test.each(WORK_KINDS)('%s: its lanes run the worker the table names, with the rate share it names', (kind) => {
    const map = laneMaps.find((m) => m.ItemSelector.kind === kind) as Json;
    const { worker, rate } = WORK[kind as WorkKind];
    expect([...new Set(invoked(map.ItemProcessor.States))]).toEqual([worker]);
    expect(map.ItemSelector['rates.$']).toBe(`$.rates.${rate}`);
    expect(map.MaxConcurrencyPath).toBe(`$.rates.${rate}.concurrency`);
  });
});

describe('the subject key (KMS HMAC): pseudonyms without a secret in any environment', () => {
  const KEY_ARN = 'SUBJECT_KEY_ARN';
  const making = functions.filter((f) =>
    reachable(f.handler).symbols.has('lambdas/core/pseudonyms/pseudonym.ts#pseudonym'),
  );
  const keyed = functions.filter((f) => f.fn.Properties.Environment?.Variables?.[KEY_ARN] !== undefined);
  const keyId = idOf('AWS::KMS::Key', 'SubjectKey');

  test('is named on exactly the functions whose code makes pseudonyms, and the same on all of them', () => {
    expect(making.map((f) => f.handler).sort()).toEqual([
      'close-erasure-batch',
      'delete-faces',
      'erasure-intake',
      'finalize-plan',
    ]);
    expect(keyed.map((f) => f.handler).sort()).toEqual(making.map((f) => f.handler).sort());
    const values = new Set(keyed.map((f) => key(f.fn.Properties.Environment.Variables[KEY_ARN])));
    expect([...values]).toEqual([key(arnOf(keyId))]);
  });

  test('is an HMAC_256 key for GenerateMac only, multi-Region, kept when the stack goes', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', MultiRegion: true },
    });
  });

  test('no function has a salt or any secret in its environment, and none reads Secrets Manager', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    for (const f of functions) {
      const variables = JSON.stringify(f.fn.Properties.Environment?.Variables ?? {});
      expect(variables).not.toMatch(/SALT|resolve:secretsmanager/);
      expect([...f.grants.keys()].filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    }
  });
});

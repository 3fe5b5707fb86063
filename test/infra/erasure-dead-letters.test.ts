import './support/skip-builtin-validation';
import { Match } from 'aws-cdk-lib/assertions';
import { synthStack } from '../support/synth';
import { type InputTransformer, transformInput } from './support/input-transformer';

/**
 * Issue 11: the erasure queues carry a reference and a reason, never the subject, and are encrypted with the
 * customer-managed key of the job store. Every way a message can reach them is checked: a rule target, a rule
 * target's dead-letter queue, and Lambda's on-failure destination (via the default bus and a transforming rule).
 */
const { template } = synthStack({
  erasureRequesters: [{ source: 'crm.customers', principals: ['111122223333'], allowDryRun: true }],
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON, read by path as the tests go
type Json = any;
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
const idOf = (type: string, prefix: string): string => {
  const id = Object.keys(resources).find((key) => key.startsWith(prefix) && resources[key]?.Type === type);
  if (id === undefined) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const ERASURE_QUEUES = ['ErasureIntakeDeadLetters', 'ErasureIntakeInvalidRequests', 'ErasureOutcomesDeadLetters'].map(
  (prefix) => idOf('AWS::SQS::Queue', prefix),
);
const JOB_KEY = idOf('AWS::KMS::Key', 'WorkflowJobStore');
const isErasureQueue = (value: unknown) =>
  ERASURE_QUEUES.some((id) => JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));

/** An ErasureRequested event as an allowed requester publishes it, with the ids the queues must never hold. */
const RAW_IDS = ['customer-4711042', 'passport-scan-77', 'selfie-2026-01'];
const request = {
  version: '0',
  id: '6f1c2a7e-0000-4000-8000-000000000001',
  'detail-type': 'ErasureRequested',
  source: 'crm.customers',
  account: '111122223333',
  time: '2026-12-04T10:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    requestId: 'crm-2026-000123',
    subject: { userId: RAW_IDS[0], externalImageIds: RAW_IDS.slice(1), collectionIds: ['kyc-eu'] },
    requester: 'crm-service',
  },
};
/** What Lambda sends to an EventBridge on-failure destination: the invocation record, the whole event inside. */
const invocationRecord = (requestPayload: unknown, errorMessage: string) => ({
  version: '0',
  id: 'b0c1d2e3-0000-4000-8000-000000000002',
  'detail-type': 'Lambda Function Invocation Result - Failure',
  source: 'lambda',
  account: '111122223333',
  time: '2026-12-04T10:01:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:lambda:eu-west-1:111122223333:function:intake:$LATEST'],
  detail: {
    version: '1.0',
    timestamp: '2026-12-04T10:01:00.000Z',
    requestContext: {
      requestId: 'c4a1',
      functionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:intake:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'ProvisionedThroughputExceededException', errorMessage, trace: [errorMessage] },
  },
});

describe('the erasure queues', () => {
  test.each(ERASURE_QUEUES)('%s is encrypted with the job store key', (id) => {
    expect(resources[id]?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [JOB_KEY, 'Arn'] });
  });

  test('EventBridge may use the key for this account only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  test('no Lambda destination writes to them directly (it would copy the whole event)', () => {
    const direct = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Lambda::EventInvokeConfig' &&
        isErasureQueue(r.Properties.DestinationConfig?.OnFailure?.Destination),
    );
    expect(direct).toEqual([]);
  });

  const targets = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Events::Rule')
    .flatMap(([ruleId, r]) => (r.Properties.Targets as Json[]).map((target) => ({ ruleId, rule: r, target })))
    .filter(({ target }) => isErasureQueue(target.Arn) || isErasureQueue(target.DeadLetterConfig?.Arn));

  test('every rule that reaches them cuts the event down first', () => {
    expect(targets.length).toBeGreaterThanOrEqual(4);
    for (const { ruleId, rule, target } of targets) {
      // Our own ErasureRejected: its detail names the request, never the subject (parse-request.ts).
      const ownRejections =
        target.InputPath === '$.detail' &&
        JSON.stringify(rule.Properties.EventPattern) ===
          JSON.stringify({ 'detail-type': ['ErasureRejected'], source: ['rekognition-cleanup'] });
      expect([ruleId, ownRejections || target.InputTransformer !== undefined]).toEqual([ruleId, true]);
    }
  });

  const failureRules = targets.filter(({ rule }) => rule.Properties.EventPattern?.source?.[0] === 'lambda');

  test('one failure rule per erasure function', () => {
    expect(failureRules.map(({ ruleId }) => ruleId.replace(/FunctionFailureRecords.*/, '')).sort()).toEqual([
      'ErasureIntake',
      'ErasureOutcomesOverdue',
      'ErasureOutcomesReceipt',
    ]);
  });

  test('a failed intake leaves the request reference and the error name, none of the subject ids', () => {
    const intake = failureRules.find(({ ruleId }) => ruleId.startsWith('ErasureIntake'));
    const record = transformInput(
      intake!.target.InputTransformer as InputTransformer,
      invocationRecord(request, `Throughput exceeded on item ${RAW_IDS[0]}`),
    );
    expect(record).toEqual({
      failed: 'erasure-intake',
      condition: 'RetriesExhausted',
      error: 'ProvisionedThroughputExceededException',
      reference: { source: 'crm.customers', eventId: request.id, requestId: 'crm-2026-000123' },
    });
    for (const id of RAW_IDS) expect(JSON.stringify(record)).not.toContain(id);
  });

  test('a failed receipt leaves the execution ARN, never its input or output', () => {
    const receiptRule = Object.values(resources).find(
      (r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern?.source?.[0] === 'aws.states',
    );
    const statusChange = {
      id: 'e1',
      source: 'aws.states',
      detail: {
        executionArn: 'arn:aws:states:eu-west-1:111122223333:execution:Cleanup:crm_1_abc',
        status: 'FAILED',
        // A job started by hand with inline subjects: the event itself carries them.
        input: JSON.stringify({ requestId: 'r1', subjects: [{ userId: RAW_IDS[0] }] }),
        output: null,
      },
    };
    const delivered = transformInput(receiptRule!.Properties.Targets[0].InputTransformer, statusChange);
    expect(delivered).toEqual({
      id: 'e1',
      detail: { executionArn: statusChange.detail.executionArn, status: 'FAILED' },
    });
    const failure = failureRules.find(({ ruleId }) => ruleId.startsWith('ErasureOutcomesReceipt'));
    const record = transformInput(
      failure!.target.InputTransformer as InputTransformer,
      invocationRecord(delivered, `no receipt for ${RAW_IDS[0]}`),
    );
    expect(record).toEqual({
      failed: 'erasure-receipt',
      condition: 'RetriesExhausted',
      error: 'ProvisionedThroughputExceededException',
      reference: { executionArn: statusChange.detail.executionArn, status: 'FAILED' },
    });
    for (const id of RAW_IDS) expect(JSON.stringify(record)).not.toContain(id);
  });
});

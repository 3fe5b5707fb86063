import { createHmac } from 'node:crypto';
import { GenerateMacCommand } from '@aws-sdk/client-kms';
import type { ReceiptRecord } from '../../../lambdas/core/erasure/receipts-store';
import { cliHarness, STATE_MACHINE_ARN } from './support/cli-harness';
import { KMS_SECRET, mockDeployedStack, STACK_NAME, SUBJECT_KEY_ARN } from './support/deployed-stack-mocks';

/** The deployed shapes: receipts as the intake and the receipt function write them, read through the SDK. */
const cli = cliHarness();
// The harness's clock: 2026-11-22T10:30:00Z.
const refOf = (message: string) => `hmac:${createHmac('sha256', KMS_SECRET).update(message).digest('base64url')}`;
const ALICE = refOf('customer-4711\nselfie-1.jpg');

function receipt(requestId: string, overrides: Partial<ReceiptRecord>): ReceiptRecord {
  return {
    receiptKey: `crm-customers_${requestId}_0123`,
    requestId,
    subjectRef: refOf(requestId),
    status: 'COMPLETED',
    dryRun: false,
    receivedAt: '2026-11-20T09:00:00.000Z',
    dueAt: '2026-11-21T09:00:00.000Z',
    legalDeadline: '2026-12-20T09:00:00.000Z',
    requester: 'crm-service',
    requestSource: 'crm.customers',
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:RekognitionCleanup:${requestId}`,
    collections: [{ collectionId: 'kyc-eu', outcome: 'SUCCEEDED', facesDeleted: 2, faceIds: ['f1', 'f2'] }],
    failures: [],
    requestHash: 'hmac:bookkeeping',
    requestEventId: 'event-1',
    ...overrides,
  } as ReceiptRecord;
}

const RECEIPTS = [
  receipt('crm-1', { subjectRef: ALICE, finishedAt: '2026-11-20T09:05:00.000Z' }),
  // Still running, due yesterday: overdue.
  receipt('crm-2', {
    status: 'IN_PROGRESS',
    receivedAt: '2026-11-21T08:00:00.000Z',
    dueAt: '2026-11-22T08:00:00.000Z',
    collections: [],
  }),
  // Still running, due tomorrow.
  receipt('crm-3', {
    status: 'IN_PROGRESS',
    receivedAt: '2026-11-22T10:00:00.000Z',
    dueAt: '2026-11-23T10:00:00.000Z',
    requester: 'support, "tier 2"',
    collections: [],
  }),
];

let stack: ReturnType<typeof mockDeployedStack>;
beforeEach(() => {
  cli.reset();
  stack = mockDeployedStack(cli);
  for (const r of RECEIPTS) stack.receipts.set(r.receiptKey, structuredClone(r));
});

const receipts = (...args: string[]) => cli.run(['receipts', ...args, '--stack-name', STACK_NAME]);

test('list: status, received and due times, the legal deadline and the requester, oldest first', async () => {
  const result = await receipts('list');
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines[0]?.split(/\s{2,}/)).toEqual([
    'requestId',
    'source',
    'requester',
    'status',
    'receivedAt',
    'dueAt',
    'legalDeadline',
  ]);
  expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[0])).toEqual(['crm-1', 'crm-2', 'crm-3']);
  expect(lines[2]).toContain('IN_PROGRESS (OVERDUE)');
  expect(lines[2]).toContain('2026-12-20T09:00:00.000Z');
  expect(lines[3]).toContain('support, "tier 2"');
});

test.each([
  [['--open'], ['crm-2', 'crm-3']],
  [['--overdue'], ['crm-2']],
  [
    ['--since', '2026-11-21T00:00:00Z'],
    ['crm-2', 'crm-3'],
  ],
  [['--open', '--since', '2026-11-22'], ['crm-3']],
])('list %j', async (filters, expected) => {
  const result = await receipts('list', ...filters, '--json');
  expect(result.code).toBe(0);
  expect((JSON.parse(result.stdout) as { requestId: string }[]).map((r) => r.requestId)).toEqual(expected);
});

test('show <requestId>: the receipt as requesters get it, without the bookkeeping', async () => {
  const result = await receipts('show', 'crm-1');
  expect(result.code).toBe(0);
  const [shown] = JSON.parse(result.stdout) as Record<string, unknown>[];
  expect(shown).toMatchObject({ requestId: 'crm-1', status: 'COMPLETED', subjectRef: ALICE });
  expect(shown).not.toHaveProperty('requestHash');
  expect(shown).not.toHaveProperty('receiptKey');
  const missing = await receipts('show', 'crm-404');
  expect(missing.code).toBe(1);
  expect(missing.stdout).toContain('no receipt for requestId "crm-404"');
});

test('export --format csv: one quoted row per receipt, free text escaped', async () => {
  const result = await receipts('export');
  expect(result.code).toBe(0);
  const rows = result.stdout.trim().split('\r\n');
  expect(rows).toHaveLength(4);
  expect(rows[0]).toBe(
    '"requestId","source","requester","status","dryRun","receivedAt","dueAt","legalDeadline","finishedAt","facesDeleted","subjectRef"',
  );
  expect(rows[1]).toContain('"crm-1","crm.customers","crm-service","COMPLETED","false"');
  expect(rows[1]).toContain('"2"');
  expect(rows[3]).toContain('"support, ""tier 2"""');
});

test('export --format json, with the same filters', async () => {
  const result = await receipts('export', '--format', 'json', '--open');
  expect((JSON.parse(result.stdout) as { requestId: string }[]).map((r) => r.requestId)).toEqual(['crm-2', 'crm-3']);
  expect((await receipts('export', '--format', 'xml')).code).toBe(2);
});

test("subject-ref: the person's pseudonym with the stack's KMS key, and their receipts", async () => {
  const result = await receipts('subject-ref', '--user-id', 'customer-4711', '--external-image-id', 'selfie-1.jpg');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`subjectRef ${ALICE}`);
  expect(result.stdout).toContain('crm-1');
  expect(result.stdout).not.toContain('crm-2');
  const mac = cli.mocks.kms.commandCalls(GenerateMacCommand)[0]?.args[0].input;
  expect(mac?.KeyId).toBe(SUBJECT_KEY_ARN);
  expect(mac?.MacAlgorithm).toBe('HMAC_SHA_256');
  // Nobody else's receipts, and no raw id on the output.
  const other = await receipts('subject-ref', '--user-id', 'customer-9999');
  expect(other.code).toBe(1);
  expect(other.stdout).toContain('no receipts');
  expect(other.stdout + other.stderr).not.toContain('customer-9999');
});

test('the stack is found from the state machine as well', async () => {
  const result = await cli.run(['receipts', 'list', '--state-machine-arn', STATE_MACHINE_ARN, '--json']);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toHaveLength(3);
});

test.each([
  [['receipts', 'list', '--stack-name', STACK_NAME, '--state-machine-arn', STATE_MACHINE_ARN], 'not both'],
  [['receipts', 'delete', '--stack-name', STACK_NAME], 'receipts needs one of'],
  [['receipts', 'show', '--stack-name', STACK_NAME], 'needs the requestId'],
  [['receipts', 'subject-ref', '--stack-name', STACK_NAME], 'needs --user-id'],
  [['receipts', 'list', '--since', 'yesterday', '--stack-name', STACK_NAME], '--since must be'],
])('%j: exit 2, nothing read', async (argv, message) => {
  const result = await cli.run(argv);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
  expect(cli.awsCalls()).toBe(0);
});

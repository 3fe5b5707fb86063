import { mkdtempSync } from 'node:fs';
import { ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { World } from '../../local/emulator';
import { runCli } from './support/cli';
import { e2eSuite } from './support/e2e-env';
import { facesOf } from '../support/world-faces';

/**
 * Issue 15: an erasure that names a collection which does not exist (a typo, the wrong region) is a failure of that
 * erasure, NOT_FOUND and exit 1, never a success that erased nothing; the collections that do exist are still
 * erased, and the receipt says FAILED. Child processes, as a person runs them.
 */
const suite = e2eSuite({ warmUp: false });
const CLI_TIMEOUT_MS = 180_000;
const USER = 'customer-4711042';
const WORLD: World = {
  collections: [{ id: 'kyc-eu', faces: facesOf(0x7, 3, (n) => (n <= 2 ? { userId: USER } : {})) }],
};

function erase(endpoint: string, requestId: string, extra: string[] = []) {
  return runCli([
    'erase',
    '--user-id',
    USER,
    '--collection-id',
    'kyc_eu',
    '--collection-id',
    'kyc-eu',
    '--request-id',
    requestId,
    '--rekognition-endpoint',
    endpoint,
    '--json',
    ...extra,
  ]);
}

/** The local receipt of `requestId`, as `receipts show --json` gives it to the privacy team. */
async function receiptOf(requestId: string) {
  const shown = await runCli(['receipts', 'show', requestId, '--json']);
  expect(shown.code).toBe(0);
  const receipts = JSON.parse(shown.stdout) as Record<string, unknown>[];
  expect(receipts).toHaveLength(1);
  return receipts[0];
}

/** The receipt's reason names the missing collection, not the generic INCOMPLETE. */
const NOT_FOUND_REASON = {
  code: 'NOT_FOUND',
  collectionIds: ['kyc_eu'],
  message: expect.stringMatching(/^the request names collection "kyc_eu", not found in this account and region/),
};

async function facesLeft(rekognition: RekognitionClient) {
  return (await rekognition.send(new ListFacesCommand({ CollectionId: 'kyc-eu' }))).Faces ?? [];
}

beforeEach(() => {
  process.env.REKOGNITION_CLEANUP_RECEIPTS_DIR = path.join(mkdtempSync(path.join(tmpdir(), 'receipts-')), 'r');
});

test(
  'a named collection that does not exist fails the erasure (NOT_FOUND, exit 1); the one that exists is erased',
  async () => {
    const env = await suite.start({ seed: WORLD });
    const result = await erase(env.emulator.url, 'ticket-missing');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.failures).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'subject', id: 'kyc_eu', error: 'NOT_FOUND' })]),
    );
    expect(JSON.stringify(report.absent ?? [])).not.toContain('kyc_eu');
    expect(result.stderr).toContain('receipt FAILED');
    expect(await receiptOf('ticket-missing')).toMatchObject({ status: 'FAILED', reason: NOT_FOUND_REASON });
    // The existing collection was still erased: the person's two faces are gone, the other face stays.
    const left = await facesLeft(env.rekognition);
    expect(left.map((face) => face.UserId ?? null)).toEqual([null]);
  },
  CLI_TIMEOUT_MS,
);

test(
  'its dry run says so too, and deletes nothing',
  async () => {
    const env = await suite.start({ seed: WORLD });
    const result = await erase(env.emulator.url, 'ticket-missing-dry', ['--dry-run']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).failures).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'kyc_eu', error: 'NOT_FOUND' })]),
    );
    expect(await receiptOf('ticket-missing-dry')).toMatchObject({
      status: 'FAILED',
      dryRun: true,
      reason: NOT_FOUND_REASON,
    });
    expect(await facesLeft(env.rekognition)).toHaveLength(3);
  },
  CLI_TIMEOUT_MS,
);

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { World } from '../../local/emulator';
import { runCli } from './support/cli';
import { e2eSuite } from './support/e2e-env';
import { facesOf } from '../support/world-faces';

/**
 * Issue 15: a local `erase` leaves a receipt in the local receipts table, settled as the stack's receipt function
 * settles one, and `receipts` (list, show, export, subject-ref with the local key file) finds it. Child processes,
 * as a person runs them; receipts in a folder of this test.
 */
const suite = e2eSuite({ warmUp: false });
const CLI_TIMEOUT_MS = 180_000;
const USER = 'customer-4711042';
const WORLD: World = {
  collections: [{ id: 'kyc-eu', faces: facesOf(0x5, 4, (n) => (n <= 2 ? { userId: USER } : {})) }],
};

test(
  'erase, then receipts list, show, export and subject-ref',
  async () => {
    process.env.REKOGNITION_CLEANUP_RECEIPTS_DIR = path.join(mkdtempSync(path.join(tmpdir(), 'receipts-')), 'r');
    const env = await suite.start({ seed: WORLD });
    const erase = await runCli([
      'erase',
      '--user-id',
      USER,
      '--collection-id',
      'kyc-eu',
      '--request-id',
      'ticket-7',
      '--rekognition-endpoint',
      env.emulator.url,
      '--json',
    ]);
    expect(erase.code).toBe(0);
    expect(erase.stderr).toContain('receipt: requestId ticket-7');
    expect(erase.stderr).toContain('receipt COMPLETED');

    const list = await runCli(['receipts', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ticket-7\s+rekognition-cleanup\.cli\s+COMPLETED/);
    expect((await runCli(['receipts', 'list', '--open', '--json'])).stdout.trim()).toBe('[]');

    const shown = await runCli(['receipts', 'show', 'ticket-7']);
    expect(shown.code).toBe(0);
    const [receipt] = JSON.parse(shown.stdout) as { status: string; collections: { facesDeleted: number }[] }[];
    expect(receipt?.status).toBe('COMPLETED');
    expect(receipt?.collections).toEqual([expect.objectContaining({ collectionId: 'kyc-eu', facesDeleted: 2 })]);

    const csv = await runCli(['receipts', 'export', '--format', 'csv']);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(2);

    const found = await runCli(['receipts', 'subject-ref', '--user-id', USER]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^subjectRef hmac:[A-Za-z0-9_-]{43}$/m);
    expect(found.stdout).toContain('ticket-7');
    expect((await runCli(['receipts', 'subject-ref', '--user-id', 'someone-else'])).code).toBe(1);

    // Nothing the receipts commands print holds the person's id.
    for (const output of [list, shown, csv, found]) expect(output.stdout + output.stderr).not.toContain(USER);
  },
  CLI_TIMEOUT_MS,
);

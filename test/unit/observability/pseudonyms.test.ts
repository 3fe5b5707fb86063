import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { pseudonym, useSubjectKey } from '../../../lambdas/core/pseudonyms/pseudonym';
import { fileSubjectKey, kmsSubjectKey, subjectKeyFromEnv } from '../../../lambdas/core/pseudonyms/subject-key';

afterEach(() => useSubjectKey(undefined));

describe('pseudonyms', () => {
  test('are full-length HMAC-SHA-256 of the identifier, never the identifier, stable for one key', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'key-')), 'subject-key');
    useSubjectKey(fileSubjectKey(file));
    const ref = await pseudonym('customer-8841');
    expect(ref).toMatch(/^hmac:[A-Za-z0-9_-]{43}$/);
    expect(ref).not.toContain('8841');
    expect(await pseudonym('customer-8841')).toBe(ref);
    // What the key file holds is what the HMAC was made with: anyone with the file can recompute it, nobody else.
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    expect(ref).toBe(`hmac:${createHmac('sha256', key).update('customer-8841').digest('base64url')}`);
  });

  test('the local key file is created on first use, mode 0600, and reused: two keys, two pseudonyms', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'key-'));
    const a = fileSubjectKey(path.join(dir, 'a'));
    const again = fileSubjectKey(path.join(dir, 'a'));
    const b = fileSubjectKey(path.join(dir, 'b'));
    const macA = await a.mac('customer-8841');
    expect(statSync(path.join(dir, 'a')).mode & 0o777).toBe(0o600);
    expect(await again.mac('customer-8841')).toBe(macA);
    expect(await b.mac('customer-8841')).not.toBe(macA);
  });

  test('deployed: GenerateMac with the KMS key, HMAC_SHA_256; the key never reaches the function', async () => {
    const kms = mockClient(KMSClient);
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(32).fill(7) });
    const mac = await kmsSubjectKey(new KMSClient({ region: 'eu-west-1' }), 'arn:aws:kms:eu-west-1:1:key/k').mac('x');
    expect(mac).toBe(Buffer.alloc(32, 7).toString('base64url'));
    expect(kms.commandCalls(GenerateMacCommand)[0]?.args[0].input).toMatchObject({
      KeyId: 'arn:aws:kms:eu-west-1:1:key/k',
      MacAlgorithm: 'HMAC_SHA_256',
    });
    kms.restore();
  });

  test('a deployed function without its key refuses, rather than making pseudonyms nobody can match', () => {
    expect(() => subjectKeyFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'finalize-plan' })).toThrow(
      /^SUBJECT_KEY_ARN is not set$/,
    );
  });
});

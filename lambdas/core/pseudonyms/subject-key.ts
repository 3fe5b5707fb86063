import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { functionEnv } from '../function-env';

/**
 * The key that turns a subject's identifier into its pseudonym (subjectRef, userRef, request fingerprints): an
 * HMAC-SHA-256 key. Deployed, it is a KMS HMAC key: it never leaves KMS, and nothing about it is in any function's
 * environment but its ARN. Locally (the runner, the CLI, the tests), a key file generated on first use.
 */
export interface SubjectKey {
  /** HMAC-SHA-256 of the message, full length, base64url. */
  mac(message: string): Promise<string>;
}

/** Set by the stack on every function whose code makes pseudonyms (lib/constructs/subject-key.ts). */
export const SUBJECT_KEY_ARN_ENV = 'SUBJECT_KEY_ARN';
/** Where the local key file is; default ~/.rekognition-cleanup/subject-key (README: "Security"). */
export const SUBJECT_KEY_FILE_ENV = 'REKOGNITION_CLEANUP_SUBJECT_KEY_FILE';

export function kmsSubjectKey(kms: KMSClient, keyId: string): SubjectKey {
  return {
    async mac(message) {
      const out = await kms.send(
        new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message, 'utf8') }),
      );
      if (out.Mac === undefined) throw new Error('KMS GenerateMac returned no Mac');
      return Buffer.from(out.Mac).toString('base64url');
    },
  };
}

/**
 * A local key file: 32 random bytes, created on first use with mode 0600 (exclusively: concurrent processes that
 * race to create it all end up with the one that won). Same file, same pseudonyms: local runs and tests agree.
 */
export function fileSubjectKey(file: string): SubjectKey {
  let key: Buffer | undefined;
  return {
    async mac(message) {
      key ??= loadOrCreate(file);
      return createHmac('sha256', key).update(message, 'utf8').digest('base64url');
    },
  };
}

export function defaultKeyFile(env: NodeJS.ProcessEnv = functionEnv()): string {
  return env[SUBJECT_KEY_FILE_ENV] ?? path.join(homedir(), '.rekognition-cleanup', 'subject-key');
}

/** The deployed KMS key when the function has one; outside Lambda, the local key file; in Lambda without: refuse. */
export function subjectKeyFromEnv(env: NodeJS.ProcessEnv = functionEnv()): SubjectKey {
  const arn = env[SUBJECT_KEY_ARN_ENV];
  if (arn !== undefined && arn !== '') return kmsSubjectKey(new KMSClient({}), arn);
  // A deployed function without its key would make pseudonyms no other function can match: refuse.
  if (env.AWS_LAMBDA_FUNCTION_NAME !== undefined) throw new Error(`${SUBJECT_KEY_ARN_ENV} is not set`);
  return fileSubjectKey(defaultKeyFile(env));
}

function loadOrCreate(file: string): Buffer {
  try {
    return readKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKey(file);
}

function readKey(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a rekognition-cleanup subject key (64 hex digits)`);
  return Buffer.from(text, 'hex');
}

import type * as RekognitionSdk from '@aws-sdk/client-rekognition';
import type * as StsSdk from '@aws-sdk/client-sts';
import { awsProblem } from './aws-clients';
import { UsageError } from './io';

// The SDK clients load when a check runs, not with the module: `--help` and usage errors come at once.
const rekognitionSdk = () => require('@aws-sdk/client-rekognition') as typeof RekognitionSdk;
const stsSdk = () => require('@aws-sdk/client-sts') as typeof StsSdk;

/** Who and where a job will run, checked before any prompt: a person confirms what they can see. */
export interface AwsAccess {
  account: string;
  region: string;
}

/** Thrown for credentials, region and endpoint problems: one line for the person to fix; exit 1. */
export class AccessError extends Error {
  override readonly name = 'AccessError';
}

/**
 * The account and region the default credentials reach (STS GetCallerIdentity, which needs no permission), so a
 * missing profile, an expired session or an unset region is said before a prompt, not after "delete" was typed.
 */
export async function checkAwsAccess(region: string | undefined, sts?: StsSdk.STSClient): Promise<AwsAccess> {
  const { GetCallerIdentityCommand, STSClient } = stsSdk();
  const client = sts ?? new STSClient(region === undefined ? {} : { region });
  try {
    const resolvedRegion = await client.config.region();
    const identity = await client.send(new GetCallerIdentityCommand({}));
    return { account: identity.Account ?? 'unknown', region: resolvedRegion };
  } catch (error) {
    throw new AccessError(awsProblem(error) ?? `cannot check the AWS credentials: ${(error as Error).message}`);
  } finally {
    if (sts === undefined) client.destroy();
  }
}

/** An emulator that is not there is said in one line, before the job starts (not as a retried network error). */
export async function checkRekognitionEndpoint(
  rekognition: RekognitionSdk.RekognitionClient,
  endpoint: string,
): Promise<void> {
  try {
    await rekognition.send(new (rekognitionSdk().ListCollectionsCommand)({ MaxResults: 1 }));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : (error as Error).name;
    throw new AccessError(
      `cannot reach the Rekognition endpoint ${endpoint} (${reason}): is the emulator running? (npm run emulator)`,
    );
  }
}

/**
 * `--rekognition-endpoint 127.0.0.1:4599` is a host, not a URL: the SDK would fail later with a raw TypeError.
 * Checked with the options, so it is a usage error (exit 2) with the fix in the message.
 */
export function checkEndpointUrl(endpoint: string): string {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    const hint = /^[\w.-]+:\d+$/.test(endpoint) ? ` (did you mean http://${endpoint}?)` : '';
    throw new UsageError(
      `--rekognition-endpoint must be a URL such as http://127.0.0.1:4599, got "${endpoint}"${hint}`,
    );
  }
  return endpoint;
}

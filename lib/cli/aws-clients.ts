import type * as CloudFormationSdk from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type * as KmsSdk from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type * as SfnSdk from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type * as RekognitionClientModule from '../../lambdas/core/aws/rekognition-client';
import type * as StoreClientModule from '../../lambdas/core/store/store-client';

export interface AwsClientOptions {
  /** Default: the SDK's own resolution (AWS_REGION, the profile). */
  region?: string;
  /** Rekognition only: talk to this endpoint (the emulator) with dummy credentials. */
  rekognitionEndpoint?: string;
}

/** The clients a command may need, created on first use so a command only resolves what it calls. */
export interface AwsClients {
  sfn(): SFNClient;
  cloudFormation(): CloudFormationClient;
  rekognition(): RekognitionClient;
  /** The deployed stack's job store and receipts table. */
  documents(): DynamoDBDocumentClient;
  /** GenerateMac with the stack's subject key (stored job keys, `receipts subject-ref`). */
  kms(): KMSClient;
}

export type AwsClientFactory = (options: AwsClientOptions) => AwsClients;

/** Polling and listing are cheap to retry: a few more attempts ride out throttling on busy accounts. */
const MAX_ATTEMPTS = 8;

/**
 * Each client's module loads when the client is first asked for (require), not with the CLI: `--help`, usage
 * errors and the first line come at once.
 */
export const createAwsClients: AwsClientFactory = (options) => {
  const region = options.region !== undefined ? { region: options.region } : {};
  let sfn: SFNClient | undefined;
  let cloudFormation: CloudFormationClient | undefined;
  let rekognition: RekognitionClient | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  let kms: KMSClient | undefined;
  return {
    documents: () => {
      documents ??= (require('../../lambdas/core/store/store-client') as typeof StoreClientModule).createDocumentClient(
        { endpoint: undefined, ...region },
      );
      return documents;
    },
    kms: () => {
      kms ??= new (require('@aws-sdk/client-kms') as typeof KmsSdk).KMSClient({
        ...region,
        maxAttempts: MAX_ATTEMPTS,
        retryMode: 'standard',
      });
      return kms;
    },
    sfn: () => {
      sfn ??= new (require('@aws-sdk/client-sfn') as typeof SfnSdk).SFNClient({
        ...region,
        maxAttempts: MAX_ATTEMPTS,
        retryMode: 'standard',
      });
      return sfn;
    },
    cloudFormation: () => {
      cloudFormation ??= new (
        require('@aws-sdk/client-cloudformation') as typeof CloudFormationSdk
      ).CloudFormationClient({ ...region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard' });
      return cloudFormation;
    },
    // The same construction the Lambda handlers use, so a local run behaves like the deployed one.
    rekognition: () => {
      rekognition ??= (
        require('../../lambdas/core/aws/rekognition-client') as typeof RekognitionClientModule
      ).createRekognitionClient({ endpoint: options.rekognitionEndpoint, region: options.region });
      return rekognition;
    },
  };
};

/** `arn:aws:states:eu-west-1:...` -> `eu-west-1`: an ARN names the only region its resource can be reached in. */
export function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}

/**
 * What went wrong talking to AWS, in one line: service errors and missing configuration are the user's to fix,
 * so they deserve a message rather than a stack trace.
 */
export function awsProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if ('$metadata' in error) return `${error.name}: ${error.message}`;
  if (error.name === 'CredentialsProviderError') return `no AWS credentials found: ${error.message}`;
  if (/region is missing/i.test(error.message)) return 'no AWS region configured: pass --region or set AWS_REGION';
  return undefined;
}

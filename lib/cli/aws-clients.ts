import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { KMSClient } from '@aws-sdk/client-kms';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRekognitionClient } from '../../lambdas/core/aws/rekognition-client';
import { createDocumentClient } from '../../lambdas/core/store/store-client';

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

export const createAwsClients: AwsClientFactory = (options) => {
  const region = options.region !== undefined ? { region: options.region } : {};
  let sfn: SFNClient | undefined;
  let cloudFormation: CloudFormationClient | undefined;
  let rekognition: RekognitionClient | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  let kms: KMSClient | undefined;
  return {
    documents: () => {
      documents ??= createDocumentClient({ endpoint: undefined, ...region });
      return documents;
    },
    kms: () => {
      kms ??= new KMSClient({ ...region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard' });
      return kms;
    },
    sfn: () => {
      sfn ??= new SFNClient({ ...region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard' });
      return sfn;
    },
    cloudFormation: () => {
      cloudFormation ??= new CloudFormationClient({ ...region, maxAttempts: MAX_ATTEMPTS, retryMode: 'standard' });
      return cloudFormation;
    },
    // The same construction the Lambda handlers use, so a local run behaves like the deployed one.
    rekognition: () => {
      rekognition ??= createRekognitionClient({ endpoint: options.rekognitionEndpoint, region: options.region });
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

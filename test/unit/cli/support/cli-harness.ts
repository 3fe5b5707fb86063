/** Runs the CLI in-process: in-memory streams, mocked AWS clients, no sleeping between polls. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientOptions } from '../../../../lib/cli/aws-clients';
import type { CliDeps } from '../../../../lib/cli/cli-context';
import type { CliIo } from '../../../../lib/cli/io';
import { main } from '../../../../lib/cli/main';

export const ACCOUNT = '123456789012';
export const STATE_MACHINE_ARN = `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:RekognitionCleanup`;
export const executionArn = (name: string) =>
  `arn:aws:states:eu-west-1:${ACCOUNT}:execution:RekognitionCleanup:${name}`;

class TextSink extends Writable {
  text = '';
  isTTY?: boolean;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Both stdin and stderr are terminals (the confirmation prompt is possible). */
  tty?: boolean;
  /** What the user types (the confirmation) or pipes in (--input -). */
  stdin?: string;
}

/** One CLI under test: its mocks are reset by `reset()` (call it in beforeEach). */
export function cliHarness() {
  const sfn = new SFNClient({ region: 'eu-west-1' });
  const cloudFormation = new CloudFormationClient({ region: 'eu-west-1' });
  const rekognition = new RekognitionClient({ region: 'eu-west-1' });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const kms = new KMSClient({ region: 'eu-west-1' });
  const mocks = {
    sfn: mockClient(sfn),
    cloudFormation: mockClient(cloudFormation),
    rekognition: mockClient(rekognition),
    /** The deployed job store and receipts table, at the document client's level (what the code sends). */
    documents: mockClient(documents),
    kms: mockClient(kms),
  };
  const clientRequests: AwsClientOptions[] = [];
  const sleeps: number[] = [];
  let stdinText = '';
  /** What the credentials check (STS) fails with, when a test sets it. */
  let accessProblem: Error | undefined;
  const deps: CliDeps = {
    awsClients: (options) => {
      clientRequests.push(options);
      return {
        sfn: () => sfn,
        cloudFormation: () => cloudFormation,
        rekognition: () => rekognition,
        documents: () => documents,
        kms: () => kms,
      };
    },
    readStdin: () => stdinText,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => new Date('2026-11-22T10:30:00Z'),
    checkAwsAccess: async (region) => {
      if (accessProblem !== undefined) throw accessProblem;
      return { account: '123456789012', region: region ?? 'eu-west-1' };
    },
    onInterrupt: () => () => undefined,
  };

  async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    stdinText = options.stdin ?? '';
    const stdout = new TextSink();
    const stderr = new TextSink();
    stderr.isTTY = options.tty === true;
    const stdin = Readable.from([options.stdin ?? '']) as Readable & { isTTY?: boolean };
    stdin.isTTY = options.tty === true;
    const io: CliIo = { stdout, stderr, stdin };
    const code = await main(argv, io, deps);
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  function reset(): void {
    for (const mock of Object.values(mocks)) mock.reset();
    clientRequests.length = 0;
    sleeps.length = 0;
    accessProblem = undefined;
  }

  function failAccess(error: Error): void {
    accessProblem = error;
  }

  /** Every SDK call of every client: "nothing was touched" means this is zero. */
  const awsCalls = () => Object.values(mocks).reduce((sum, mock) => sum + mock.calls().length, 0);

  return { run, reset, mocks, clients: { documents, kms }, clientRequests, sleeps, awsCalls, failAccess };
}

/** Writes a job file in a fresh temporary directory and returns its path. */
export function jobFile(job: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cli-job-')), 'job.json');
  writeFileSync(path, typeof job === 'string' ? job : JSON.stringify(job));
  return path;
}

export const RETENTION_JOB = {
  requestId: 'retention-2026-11-22',
  maxDeletions: 250_000,
  collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
};

export const sdkError = (name: string, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

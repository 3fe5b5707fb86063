import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** Resource metadata key naming the handler's source file; the local runner uses it to run the real code. */
export const HANDLER_ENTRY_METADATA = 'rekognition-cleanup:entry';

export interface CleanupFunctionProps {
  /** Folder name under `lambdas/`, e.g. `plan`; the handler is `lambdas/<handler>/index.ts`. */
  readonly handler: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Function-specific environment, merged over the shared defaults. @default {} */
  readonly environment?: Record<string, string>;
  /** IAM statements for exactly the calls this function makes. @default [] */
  readonly permissions?: iam.PolicyStatement[];
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default 'INFO' */
  readonly logLevel?: string;
}

/**
 * Every Lambda of the workflow, with the defaults owned in one place: Node 22 on ARM64, bundled by local esbuild
 * (no Docker), an explicit log group with retention, X-Ray tracing, source maps and Powertools settings.
 */
export class CleanupFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CleanupFunctionProps) {
    const entry = path.join('lambdas', props.handler, 'index.ts');
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(1),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'rekognition-cleanup',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: OutputFormat.CJS,
        // Bundle the pinned SDK instead of the runtime's, so what we test is what runs.
        externalModules: [],
      },
    });
    for (const statement of props.permissions ?? []) this.addToRolePolicy(statement);
    (this.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_ENTRY_METADATA, entry);
  }
}

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SERVICE_NAME } from '../../lambdas/core/metrics/catalogue';
import { HANDLER_BUNDLING, handlerBundleFolder } from './handler-bundling';
import { acknowledge, Reasons, wildcardResource } from './nag-acknowledgements';
import type { Permission } from './permission';
import { SubjectKey } from './subject-key';

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
  /**
   * IAM statements for exactly the calls this function's code makes (test/infra/least-privilege.test.ts derives
   * those calls from the code and compares). @default []
   */
  readonly permissions?: readonly Permission[];
  /**
   * The code makes subject pseudonyms (pseudonyms/pseudonym.ts): the function gets the subject key's ARN and
   * kms:GenerateMac on it. Checked against the code by test/infra/least-privilege.test.ts. @default false
   */
  readonly hashesSubjectIds?: boolean;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default 'INFO' */
  readonly logLevel?: string;
}

/**
 * Every Lambda of the workflow, with the defaults owned in one place: Node 24 (the latest Lambda runtime) on ARM64,
 * bundled by local esbuild (no Docker) or pre-bundled by the package build, an explicit log group with retention,
 * X-Ray tracing, source maps, Powertools settings, and a role of its own that can write to its log group and do
 * nothing else until `permissions` add to it.
 *
 * No reserved concurrency: how hard a job hits Rekognition is governed by the Map concurrency the plan derives
 * from the TPS quotas, and a second, uncoordinated limit would only turn into throttled task retries while taking
 * capacity from the account's unreserved pool.
 */
export class CleanupFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CleanupFunctionProps) {
    const entry = path.join('lambdas', props.handler, 'index.ts');
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Instead of AWSLambdaBasicExecutionRole, whose logs:* actions apply to every log group of the account.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `rekognition-cleanup ${props.handler}: writes its own log group, and calls only what its code calls.`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      ...handlerCode(props.handler),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(1),
      role,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
    });
    const acknowledgements = [wildcardResource(role, '*', Reasons.xrayTracing)];
    for (const permission of props.permissions ?? []) {
      role.addToPrincipalPolicy(permission.statement);
      acknowledgements.push(...permission.acknowledgements);
    }
    // Statements on the same pattern raise one finding: acknowledge it once per reason.
    const distinct = new Map(acknowledgements.map((a) => [`${a.id}\n${a.reason}`, a]));
    acknowledge(role, ...distinct.values());
    (this.node.defaultChild as lambda.CfnFunction).addMetadata(HANDLER_ENTRY_METADATA, entry);
    if (props.hashesSubjectIds === true) SubjectKey.of(scope).grantTo(this);
  }
}

/**
 * The handler's code. In the installed package the build has bundled it already (dist/lambda-bundles/<handler>),
 * so neither TypeScript sources nor esbuild are needed; from the source tree (our tests, `cdk synth`), NodejsFunction
 * bundles `lambdas/<handler>/index.ts` with local esbuild. Both with HANDLER_BUNDLING.
 */
function handlerCode(
  handler: string,
): Pick<NodejsFunctionProps, 'code' | 'handler' | 'entry' | 'projectRoot' | 'depsLockFilePath' | 'bundling'> {
  const bundle = handlerBundleFolder(PROJECT_ROOT, handler);
  if (existsSync(path.join(bundle, 'index.js')))
    return { code: lambda.Code.fromAsset(bundle), handler: 'index.handler' };
  return {
    entry: path.join(PROJECT_ROOT, 'lambdas', handler, 'index.ts'),
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    handler: 'handler',
    bundling: {
      forceDockerBundling: false,
      minify: HANDLER_BUNDLING.minify,
      sourceMap: HANDLER_BUNDLING.sourceMap,
      target: HANDLER_BUNDLING.target,
      format: OutputFormat.CJS,
      externalModules: [...HANDLER_BUNDLING.externalModules],
      // esbuild's size table for every function is noise in `cdk synth --quiet`; its warnings and errors stay.
      logLevel: LogLevel.WARNING,
    },
  };
}

import { type OptionSpecs, type ParsedArgs, REGION_OPTION } from './args';
import { UsageError } from './io';
import { checkEndpointUrl } from './aws-access';
import { parseRekognitionTps } from './rekognition-tps';

/** In this process, with the real handlers, against the emulator or the default AWS account. */
export interface LocalTarget {
  kind: 'local';
  rekognitionEndpoint?: string;
  region?: string;
  timeScale?: number;
  /** Replaces the stack's rekognitionTps for this run. */
  rekognitionTps?: Record<string, number>;
  /** Where to write the execution's history (run and plan only). */
  historyOut?: string;
}

/** The deployed state machine, named directly or through the stack that outputs it. */
export interface DeployedTarget {
  kind: 'deployed';
  stateMachineArn?: string;
  stackName?: string;
  region?: string;
  pollSeconds: number;
}

export type JobTarget = LocalTarget | DeployedTarget;

const DEFAULT_POLL_SECONDS = 2;

/** Where run, plan and erase send their job. */
export const TARGET_OPTIONS: OptionSpecs = {
  'state-machine-arn': {
    type: 'string',
    value: '<arn>',
    description: 'Start the job on this deployed state machine and follow it.',
  },
  'stack-name': {
    type: 'string',
    value: '<name>',
    description: 'Or: the deployed stack whose StateMachineArn output names the state machine.',
  },
  'rekognition-endpoint': {
    type: 'string',
    value: '<url>',
    description:
      'Run locally against this Rekognition endpoint (the emulator). Without it and without a state machine, the job runs locally against your default AWS account.',
  },
  ...REGION_OPTION,
  'poll-seconds': {
    type: 'string',
    value: '<s>',
    description: `Deployed runs: seconds between polls of the execution (default ${DEFAULT_POLL_SECONDS}).`,
  },
  'time-scale': {
    type: 'string',
    value: '<x>',
    description: 'Local runs: scale Wait states and retry intervals (default 0.01 on the emulator, 1 on AWS).',
  },
  'rekognition-tps': {
    type: 'string',
    value: '<Op=n,...>',
    description:
      "Local runs: the Rekognition quotas the workflow paces itself to, e.g. DeleteFaces=5,*=10 ('*' for every other operation; default: the stack's configuration).",
  },
};

/** run, plan and erase take it (an erasure's history holds a reference to its subject, never the ids). */
export const HISTORY_OUT_OPTION: OptionSpecs = {
  'history-out': {
    type: 'string',
    value: '<file>',
    description:
      'Local runs: write the execution history there, as `aws stepfunctions get-execution-history` prints it.',
  },
};

/** Options that only make sense in one mode are refused in the other rather than silently ignored. */
export function jobTargetFrom(args: ParsedArgs): JobTarget {
  const stateMachineArn = args.string('state-machine-arn');
  const stackName = args.string('stack-name');
  const region = args.string('region');
  if (stateMachineArn !== undefined && stackName !== undefined) {
    throw new UsageError('give --state-machine-arn or --stack-name, not both');
  }
  if (stateMachineArn === undefined && stackName === undefined) {
    if (args.has('poll-seconds')) throw new UsageError('--poll-seconds applies to deployed runs only');
    const tps = args.string('rekognition-tps');
    return {
      kind: 'local',
      rekognitionEndpoint: endpointOption(args),
      region,
      timeScale: args.positiveNumber('time-scale'),
      rekognitionTps: tps === undefined ? undefined : parseRekognitionTps(tps),
      historyOut: args.string('history-out'),
    };
  }
  if (args.has('rekognition-endpoint')) {
    throw new UsageError('--rekognition-endpoint runs the job locally; the deployed state machine uses its own');
  }
  for (const localOnly of ['time-scale', 'rekognition-tps', 'history-out']) {
    if (args.has(localOnly)) throw new UsageError(`--${localOnly} applies to local runs only`);
  }
  if (
    stateMachineArn !== undefined &&
    !/^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:.+$/.test(stateMachineArn)
  ) {
    throw new UsageError(
      '--state-machine-arn must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)',
    );
  }
  return {
    kind: 'deployed',
    stateMachineArn,
    stackName,
    region,
    pollSeconds: args.positiveNumber('poll-seconds') ?? DEFAULT_POLL_SECONDS,
  };
}

/** `--rekognition-endpoint`, checked to be a URL (run, plan, erase and inventory take it). */
export function endpointOption(args: ParsedArgs): string | undefined {
  const endpoint = args.string('rekognition-endpoint');
  return endpoint === undefined ? undefined : checkEndpointUrl(endpoint);
}

import { type OptionSpecs, type ParsedArgs, REGION_OPTION } from './args';
import { UsageError } from './io';

/** In this process, with the real handlers, against the emulator or the default AWS account. */
export interface LocalTarget {
  kind: 'local';
  rekognitionEndpoint?: string;
  region?: string;
  timeScale?: number;
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
    return {
      kind: 'local',
      rekognitionEndpoint: args.string('rekognition-endpoint'),
      region,
      timeScale: args.positiveNumber('time-scale'),
    };
  }
  if (args.has('rekognition-endpoint')) {
    throw new UsageError('--rekognition-endpoint runs the job locally; the deployed state machine uses its own');
  }
  if (args.has('time-scale')) throw new UsageError('--time-scale applies to local runs only');
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

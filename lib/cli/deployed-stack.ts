import { ListTagsForResourceCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { UsageError } from './io';
import {
  ERASURE_SLA_OUTPUT,
  JOB_STORE_OUTPUT,
  RECEIPTS_OUTPUT,
  requiredOutput,
  STATE_MACHINE_OUTPUT,
  SUBJECT_KEY_OUTPUT,
  stackOutputs,
} from './stack-output';

/** CloudFormation tags every resource it creates with its stack's name. */
const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

/** What the CLI reaches of a deployed stack beyond its state machine. */
export interface DeployedStack {
  stackName: string;
  stateMachineArn: string;
  /** The job store: erasures' jobs go in by reference, whole reports come out. */
  jobStoreTable: string;
  /** The KMS HMAC key of pseudonyms (stored job keys, subjectRef). */
  subjectKeyArn: string;
  receiptsTable: string;
  /** Receipt to dueAt, as the intake counts it. */
  slaSeconds: number;
}

/** The intake's default, for a stack deployed before it output its SLA. */
const DEFAULT_SLA_SECONDS = 86_400;

/**
 * The stack named by --stack-name or, for --state-machine-arn, the stack that created the state machine (its
 * `aws:cloudformation:stack-name` tag), read from its outputs.
 */
export async function deployedStack(
  clients: { sfn(): SFNClient; cloudFormation(): CloudFormationClient },
  target: { stackName?: string; stateMachineArn?: string },
): Promise<DeployedStack> {
  const stackName = target.stackName ?? (await stackOfStateMachine(clients.sfn(), target.stateMachineArn ?? ''));
  const outputs = await stackOutputs(clients.cloudFormation(), stackName);
  const stateMachineArn = requiredOutput(outputs, STATE_MACHINE_OUTPUT);
  if (target.stateMachineArn !== undefined && target.stateMachineArn !== stateMachineArn) {
    throw new UsageError(`stack "${stackName}" outputs another state machine than ${target.stateMachineArn}`);
  }
  return {
    stackName,
    stateMachineArn,
    jobStoreTable: requiredOutput(outputs, JOB_STORE_OUTPUT),
    subjectKeyArn: requiredOutput(outputs, SUBJECT_KEY_OUTPUT),
    receiptsTable: requiredOutput(outputs, RECEIPTS_OUTPUT),
    slaSeconds: Number(outputs.values[ERASURE_SLA_OUTPUT] ?? DEFAULT_SLA_SECONDS),
  };
}

async function stackOfStateMachine(sfn: SFNClient, stateMachineArn: string): Promise<string> {
  const listed = await sfn.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
  const name = listed?.tags?.find((tag) => tag.key === STACK_NAME_TAG)?.value;
  if (name === undefined || name === '') {
    throw new UsageError(
      `${stateMachineArn} has no ${STACK_NAME_TAG} tag: was it deployed by CloudFormation? Give --stack-name instead`,
    );
  }
  return name;
}

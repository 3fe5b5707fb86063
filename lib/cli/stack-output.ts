import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { UsageError } from './io';

/** The outputs lib/cleanup-stack.ts declares; their logical ids are the output keys. */
export const STATE_MACHINE_OUTPUT = 'StateMachineArn';
export const JOB_STORE_OUTPUT = 'JobStoreTableName';
export const RECEIPTS_OUTPUT = 'ErasureReceiptsTableName';
export const SUBJECT_KEY_OUTPUT = 'SubjectKeyArn';
export const ERASURE_SLA_OUTPUT = 'ErasureSlaSeconds';

/** The state machine a deployed rekognition-cleanup stack outputs, read with DescribeStacks. */
export async function stateMachineArnFromStack(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<string> {
  return requiredOutput(await stackOutputs(cloudFormation, stackName), STATE_MACHINE_OUTPUT);
}

/** A deployed stack's outputs, by key, with what a missing one's error message needs. */
export interface StackOutputs {
  stackName: string;
  status: string;
  values: Readonly<Record<string, string>>;
}

export async function stackOutputs(cloudFormation: CloudFormationClient, stackName: string): Promise<StackOutputs> {
  const stack = await describeStack(cloudFormation, stackName);
  const values: Record<string, string> = {};
  for (const { OutputKey, OutputValue } of stack.Outputs ?? []) {
    if (OutputKey !== undefined && OutputValue !== undefined && OutputValue !== '') values[OutputKey] = OutputValue;
  }
  return { stackName, status: stack.StackStatus ?? 'unknown status', values };
}

export function requiredOutput(outputs: StackOutputs, key: string): string {
  const value = outputs.values[key];
  if (value !== undefined) return value;
  const keys = Object.keys(outputs.values);
  throw new UsageError(
    `stack "${outputs.stackName}" (${outputs.status}) has no ${key} output` +
      ` (outputs: ${keys.length > 0 ? keys.join(', ') : 'none'}); is it a rekognition-cleanup stack, fully deployed` +
      ' with this version?',
  );
}

async function describeStack(cloudFormation: CloudFormationClient, stackName: string): Promise<Stack> {
  try {
    const out = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks?.[0];
    if (stack !== undefined) return stack;
  } catch (error) {
    // CloudFormation reports a missing stack as a ValidationError: that is the user's input, not a failure.
    if (!(error instanceof Error && error.name === 'ValidationError' && /does not exist/i.test(error.message))) {
      throw error;
    }
  }
  throw new UsageError(`stack "${stackName}" does not exist in this account and region (wrong --region?)`);
}

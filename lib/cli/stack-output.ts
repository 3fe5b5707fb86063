import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { UsageError } from './io';

/** The output lib/cleanup-stack.ts declares; its logical id is the output key. */
export const STATE_MACHINE_OUTPUT = 'StateMachineArn';

/** The state machine a deployed rekognition-cleanup stack outputs, read with DescribeStacks. */
export async function stateMachineArnFromStack(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<string> {
  const stack = await describeStack(cloudFormation, stackName);
  const output = stack.Outputs?.find((entry) => entry.OutputKey === STATE_MACHINE_OUTPUT)?.OutputValue;
  if (output === undefined || output === '') {
    const keys = (stack.Outputs ?? []).map((entry) => entry.OutputKey).filter(Boolean);
    throw new UsageError(
      `stack "${stackName}" (${stack.StackStatus ?? 'unknown status'}) has no ${STATE_MACHINE_OUTPUT} output` +
        ` (outputs: ${keys.length > 0 ? keys.join(', ') : 'none'}); is it a rekognition-cleanup stack, fully deployed?`,
    );
  }
  return output;
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

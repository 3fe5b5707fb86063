import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CleanupWorkflow, type CleanupWorkflowProps } from './constructs/cleanup-workflow';

export interface CleanupStackProps extends StackProps {
  /** @default {} */
  readonly workflow?: CleanupWorkflowProps;
}

export class CleanupStack extends Stack {
  readonly workflow: CleanupWorkflow;

  constructor(scope: Construct, id: string, props: CleanupStackProps = {}) {
    super(scope, id, props);
    this.workflow = new CleanupWorkflow(this, 'Workflow', props.workflow);
    new CfnOutput(this, 'StateMachineArn', {
      value: this.workflow.stateMachine.stateMachineArn,
      description: 'Start cleanup jobs here (rekognition-cleanup run --state-machine-arn, or aws stepfunctions).',
    });
  }
}

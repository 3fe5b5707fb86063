export { type AwsHistoryEvent, awsHistory, awsHistoryOfRun } from './aws-history';
export {
  type CloudFormationTemplate,
  type LocalFunction,
  type LocalWorkflow,
  workflowFromTemplate,
} from './definition-from-template';
export { type ExecutionStats, statsFromEvents } from './history';
export type { InvocationHooks, InvocationInfo, InvocationTimeout } from './lambda-invoker';
export { type RunWorkflowOptions, runWorkflow, type WorkflowRun } from './run-workflow';
export type { EventLog } from './sfn-types';
export {
  defaultWorkflow,
  fromArtefact,
  toArtefact,
  WORKFLOW_ARTEFACT,
  type WorkflowArtefact,
} from './workflow-artefact';
export { HISTORY_EVENT_LIMIT, STATE_PAYLOAD_LIMIT_BYTES, type StateLimitViolation } from './state-limits';
export { type LargestState, largestState, STATE_BYTES_TARGET } from './state-sizes';

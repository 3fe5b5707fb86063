/**
 * The construct library: what a CDK app imports from `rekognition-cleanup` (README, "Use it in your CDK app").
 * The CLI is the package's `bin`, not part of this API.
 */
export {
  type CleanupWorkflowProps,
  type ErasureRequesterConfig,
  RekognitionCleanup,
  type RekognitionCleanupProps,
  type RetentionPolicyConfig,
  type WorkflowTuning,
} from './rekognition-cleanup';
export { CleanupStack, type CleanupStackProps } from './cleanup-stack';
/** The job contract (state machine input), as retention policies and callers write it. */
export type { CleanupJob } from '../lambdas/core/job/types';

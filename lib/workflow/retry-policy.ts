import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames } from '../../lambdas/core/errors';

/**
 * Retries every Lambda task gets. Workers are idempotent and resume from the progress in their input, so retrying a
 * crashed or timed-out invocation repeats no deletion and skips none.
 */
export function addWorkerRetries(task: sfn.TaskStateBase): void {
  // Rekognition kept throttling or failing after the SDK's in-process retries: wait longer, with jitter so parallel
  // Map iterations do not retry in lockstep.
  task.addRetry({
    errors: [ErrorNames.RekognitionThrottled, ErrorNames.RekognitionUnavailable],
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxAttempts: 8,
    maxDelay: Duration.minutes(2),
    jitterStrategy: sfn.JitterType.FULL,
  });
  // The Lambda service itself, a crashed runtime or a timed-out invocation.
  task.addRetry({
    errors: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.ClientExecutionTimeoutException',
      'Sandbox.Timedout',
      'Runtime.ExitError',
      sfn.Errors.TIMEOUT,
    ],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 5,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
}

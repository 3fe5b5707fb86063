/**
 * Errors as the service sends them: `__type` names the SDK error class, and the HTTP status follows the class's
 * `$fault` in @aws-sdk/client-rekognition (client 400, server 500), which is what the SDK's retry logic looks at.
 */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const client = (type: string) => (message: string) => new ServiceError(type, message, 400);
const server = (type: string) => (message: string) => new ServiceError(type, message, 500);

export const errors = {
  /** A broken model constraint (required, length, range, pattern, enum), found before the operation runs. */
  validation: client('ValidationException'),
  invalidParameter: client('InvalidParameterException'),
  invalidPaginationToken: client('InvalidPaginationTokenException'),
  resourceNotFound: client('ResourceNotFoundException'),
  resourceAlreadyExists: client('ResourceAlreadyExistsException'),
  resourceInUse: client('ResourceInUseException'),
  conflict: client('ConflictException'),
  idempotentParameterMismatch: client('IdempotentParameterMismatchException'),
  serviceQuotaExceeded: client('ServiceQuotaExceededException'),
  limitExceeded: client('LimitExceededException'),
  imageTooLarge: client('ImageTooLargeException'),
  provisionedThroughputExceeded: client('ProvisionedThroughputExceededException'),
  throttling: server('ThrottlingException'),
  internalServerError: server('InternalServerError'),
  /** What AWS JSON services answer for a body that is not JSON, or a member of the wrong JSON type. */
  serialization: client('SerializationException'),
  unknownOperation: client('UnknownOperationException'),
} as const;

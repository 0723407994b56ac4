/** One closed set of codes, mapped once at each boundary (HTTP status, gRPC status, CLI exit). */
export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'overloaded'
  | 'deadline_exceeded'
  | 'internal';

export const errorCodes: readonly ErrorCode[] = [
  'invalid_argument',
  'unauthenticated',
  'forbidden',
  'not_found',
  'already_exists',
  'failed_precondition',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'overloaded',
  'deadline_exceeded',
  'internal',
];

export class BranchlineError extends Error {
  override name = 'BranchlineError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

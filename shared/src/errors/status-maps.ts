import type { ErrorCode } from './branchline-error.js';

export const httpStatusOf: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  overloaded: 503,
  deadline_exceeded: 504,
  internal: 500,
};

/** gRPC status numbers (grpc.status), kept here so `shared` needs no gRPC dependency. */
export const grpcStatusOf: Record<ErrorCode, number> = {
  invalid_argument: 3,
  deadline_exceeded: 4,
  not_found: 5,
  already_exists: 6,
  forbidden: 7,
  rate_limited: 8,
  overloaded: 8,
  failed_precondition: 9,
  payload_too_large: 11,
  internal: 13,
  unavailable: 14,
  unauthenticated: 16,
};

/** Metadata key that carries the stable Branchline code next to the gRPC status. */
export const errorCodeMetadataKey = 'bl-error-code';

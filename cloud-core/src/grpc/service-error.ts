import { BranchlineError, errorCodeMetadataKey, grpcStatusOf, type Logger } from '@branchline/shared';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

/** Maps any thrown value to a gRPC error carrying the stable Branchline code; never a stack. */
export function toServiceError(error: unknown, log: Logger): Partial<ServiceError> {
  const known =
    error instanceof BranchlineError
      ? error
      : new BranchlineError('internal', 'internal error', false, { cause: error });
  if (known.code === 'internal') log.error({ err: error }, 'gRPC handler failed');
  const metadata = new Metadata();
  metadata.set(errorCodeMetadataKey, known.code);
  return { code: grpcStatusOf[known.code] ?? status.INTERNAL, details: known.message, metadata };
}

/** Adapts an async function to grpc-js's callback style for unary handlers. */
export function unary<Req, Res>(
  log: Logger,
  handler: (request: Req, call: { getAuthContext(): unknown }) => Promise<Res>,
) {
  return (
    call: { request: Req; getAuthContext(): unknown },
    callback: (error: Partial<ServiceError> | null, value?: Res) => void,
  ) => {
    handler(call.request, call).then(
      (value) => callback(null, value),
      (error: unknown) => callback(toServiceError(error, log)),
    );
  };
}

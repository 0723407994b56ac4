export { BranchlineError, type ErrorCode, errorCodes, isErrorCode } from './branchline-error.js';
export { errorCodeMetadataKey, grpcStatusOf, httpStatusOf } from './status-maps.js';

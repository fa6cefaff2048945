export { ERROR_CODES, isErrorCode, type ErrorCode } from './error-codes.js';
export { EcgError, isEcgError, toEcgError, type EcgErrorOptions } from './ecg-error.js';
export { INFRASTRUCTURE_CODES, publicMessage } from './infrastructure-codes.js';

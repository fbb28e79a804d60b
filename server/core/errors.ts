import type { ErrorCode } from '../../typings/api';

/**
 * The one error type of the backend. Use cases throw it with a code from the closed set of the API
 * contract and a Chinese message the mini program shows as is; the entries turn it into
 * `{ ok: false, code, message }`. Anything else thrown is a bug and answers INTERNAL.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string, details?: unknown) =>
  new AppError('INVALID_ARGUMENT', message, details);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const notEligible = (message: string) => new AppError('NOT_ELIGIBLE', message);
export const limitExceeded = (message: string) => new AppError('LIMIT_EXCEEDED', message);
export const insufficientBalance = (message = '可提现余额不足') =>
  new AppError('INSUFFICIENT_BALANCE', message);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * Raised by the pure domain rules when given input they must not compute with. Services
 * translate a code into an AppError (server/src/errors.ts); the domain knows nothing of HTTP.
 */
export type DomainErrorCode =
  | 'INVALID_AMOUNT'
  | 'INVALID_BALANCE'
  | 'INVALID_BILL_AMOUNT'
  | 'INVALID_COVERAGE_CAP'
  | 'INVALID_INSTANT'
  | 'INVALID_LOCAL_DATE'
  | 'INVALID_MONTHS'
  | 'INVALID_POLICY';

export class DomainError extends Error {
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
  }
}

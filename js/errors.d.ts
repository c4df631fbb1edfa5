import type { Issue } from './types.js';

/** Options every error constructor accepts last. */
export interface ErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error this library throws, apart from TypeError for misuse. */
export class DigitalHubError extends Error {
  constructor(message: string, options?: ErrorOptions);
  /** Stable machine-readable code; each subclass documents its own. */
  code: string;
  /** A plain object with the name, code, message and the subclass fields, for logging. */
  toJSON(): Record<string, unknown>;
}

/** A spec failed validation. `code` is `ERR_VALIDATION`. */
export class ValidationError extends DigitalHubError {
  constructor(message: string, issues: Issue[], options?: ErrorOptions);
  name: 'ValidationError';
  code: 'ERR_VALIDATION';
  /** Every problem found, errors and warnings. */
  issues: Issue[];
}

/** Core answered with a non-2xx status. `code` is `ERR_HTTP`. */
export class HttpError extends DigitalHubError {
  constructor(message: string, status: number, errorCode?: string | null, options?: ErrorOptions);
  name: 'HttpError' | 'AuthError';
  code: 'ERR_HTTP' | 'ERR_UNAUTHENTICATED' | 'ERR_FORBIDDEN';
  /** The HTTP status code. */
  status: number;
  /** Core's `errorCode` field from its error body; usually null. */
  errorCode: string | null;
}

/**
 * Core rejected the credentials: 401 (`ERR_UNAUTHENTICATED`, missing, invalid or expired
 * credentials) or 403 (`ERR_FORBIDDEN`, valid credentials without permission).
 */
export class AuthError extends HttpError {
  constructor(message: string, status: 401 | 403, errorCode?: string | null, options?: ErrorOptions);
  name: 'AuthError';
  code: 'ERR_UNAUTHENTICATED' | 'ERR_FORBIDDEN';
  status: 401 | 403;
}

/** An operation did not finish within its deadline. `code` is `ERR_TIMEOUT`. */
export class TimeoutError extends DigitalHubError {
  constructor(message: string, timeoutMs?: number | null, options?: ErrorOptions);
  name: 'TimeoutError';
  code: 'ERR_TIMEOUT';
  /** The deadline in milliseconds, when known. */
  timeoutMs: number | null;
}

/** The caller's AbortSignal fired. `code` is `ERR_ABORTED`. */
export class AbortError extends DigitalHubError {
  constructor(message: string, reason?: unknown, options?: ErrorOptions);
  name: 'AbortError';
  code: 'ERR_ABORTED';
  /** The AbortSignal's reason. */
  reason: unknown;
}

/** A run ended in a failed state while the caller waited for it. `code` is `ERR_RUN_FAILED`. */
export class RunFailedError extends DigitalHubError {
  constructor(
    message: string,
    run: unknown,
    state: string,
    statusMessage?: string | null,
    options?: ErrorOptions,
  );
  name: 'RunFailedError';
  code: 'ERR_RUN_FAILED';
  /** The run as Core last returned it. */
  run: unknown;
  /** The run's final state, such as `ERROR`. */
  state: string;
  /** Core's `status.message`, when it has one. */
  statusMessage: string | null;
}

/** The request got no HTTP response (DNS, refused connection, CORS, TLS). `code` is `ERR_NETWORK`. */
export class NetworkError extends DigitalHubError {
  constructor(message: string, options?: ErrorOptions);
  name: 'NetworkError';
  code: 'ERR_NETWORK';
}

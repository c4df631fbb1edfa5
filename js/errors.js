// Error classes of digitalhub-tasks.
//
// The Rust code constructs these classes through a `#[wasm_bindgen(module = "/js/errors.js")]`
// import. wasm-pack copies this file into pkg/snippets/, and the build writes pkg/errors.js to
// re-export that copy. Import the classes from the package ("digitalhub-tasks" or
// "digitalhub-tasks/errors"), never from this file directly: a second copy of a class is a
// second class, and `instanceof` would fail for errors thrown by the WebAssembly module.
//
// Every constructor takes the message first and an optional trailing `{ cause }` object, so the
// Rust side can pass positional arguments.

/** Base class of every error this library throws, apart from TypeError for misuse. */
export class DigitalHubError extends Error {
  constructor(message, options) {
    super(message, causeOf(options));
    this.name = 'DigitalHubError';
    this.code = 'ERR_DIGITALHUB';
  }

  /** A plain object with the name, code, message and the subclass fields, for logging. */
  toJSON() {
    const json = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause') {
        json[key] = value;
      }
    }
    return json;
  }
}

/** A spec failed validation; `issues` lists every problem found. */
export class ValidationError extends DigitalHubError {
  constructor(message, issues, options) {
    super(message, options);
    this.name = 'ValidationError';
    this.code = 'ERR_VALIDATION';
    this.issues = Array.isArray(issues) ? issues : [];
  }
}

/** Core answered with a non-2xx status. `errorCode` is Core's `errorCode` field, often null. */
export class HttpError extends DigitalHubError {
  constructor(message, status, errorCode, options) {
    super(message, options);
    this.name = 'HttpError';
    this.code = 'ERR_HTTP';
    this.status = status;
    this.errorCode = errorCode ?? null;
  }
}

/**
 * Core rejected the credentials. Status 401 means missing, invalid or expired credentials
 * (code `ERR_UNAUTHENTICATED`); 403 means the credentials are valid but not allowed to do this
 * (code `ERR_FORBIDDEN`).
 */
export class AuthError extends HttpError {
  constructor(message, status, errorCode, options) {
    super(message, status, errorCode, options);
    this.name = 'AuthError';
    this.code = status === 403 ? 'ERR_FORBIDDEN' : 'ERR_UNAUTHENTICATED';
  }
}

/** An operation did not finish within its deadline; `timeoutMs` is that deadline. */
export class TimeoutError extends DigitalHubError {
  constructor(message, timeoutMs, options) {
    super(message, options);
    this.name = 'TimeoutError';
    this.code = 'ERR_TIMEOUT';
    this.timeoutMs = timeoutMs ?? null;
  }
}

/** The caller's AbortSignal fired; `reason` is the signal's reason. */
export class AbortError extends DigitalHubError {
  constructor(message, reason, options) {
    super(message, options);
    this.name = 'AbortError';
    this.code = 'ERR_ABORTED';
    this.reason = reason;
  }
}

/** A run ended in a failed state such as ERROR while the caller waited for it. */
export class RunFailedError extends DigitalHubError {
  constructor(message, run, state, statusMessage, options) {
    super(message, options);
    this.name = 'RunFailedError';
    this.code = 'ERR_RUN_FAILED';
    this.run = run;
    this.state = state;
    this.statusMessage = statusMessage ?? null;
  }

  /**
   * Like DigitalHubError's, but with only the run's id, kind and status: its spec may carry env
   * values, which must not end up in logs.
   */
  toJSON() {
    const json = super.toJSON();
    const run = this.run;
    if (run !== null && typeof run === 'object') {
      json.run = { id: run.id, kind: run.kind, status: run.status };
    }
    return json;
  }
}

/** The request never got an HTTP response: DNS, connection refused, CORS or TLS failure. */
export class NetworkError extends DigitalHubError {
  constructor(message, options) {
    super(message, options);
    this.name = 'NetworkError';
    this.code = 'ERR_NETWORK';
  }
}

function causeOf(options) {
  if (options !== null && typeof options === 'object' && 'cause' in options) {
    return { cause: options.cause };
  }
  return undefined;
}

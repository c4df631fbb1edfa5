//! Constructors of the JS error classes in `js/errors.js`, for the bindings that throw them.
//!
//! wasm-pack copies `js/errors.js` into `pkg/snippets/`; the npm package re-exports that copy, so
//! an error built here is `instanceof` the class a user imports from `digitalhub-tasks`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `ValidationError`: a spec failed validation.
    pub type ValidationError;

    /// Builds a `ValidationError` with `message` and the issue objects in `issues`.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str, issues: &JsValue) -> ValidationError;

    /// `HttpError`: Core answered with a non-2xx status.
    pub type HttpError;

    /// Builds an `HttpError`; `error_code` is Core's `errorCode` field, or `None`.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str, status: u16, error_code: Option<String>) -> HttpError;

    /// `AuthError`: Core answered 401 or 403.
    pub type AuthError;

    /// Builds an `AuthError` for `status` 401 or 403.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str, status: u16, error_code: Option<String>) -> AuthError;

    /// `TimeoutError`: an operation did not finish within `timeout_ms`.
    pub type TimeoutError;

    /// Builds a `TimeoutError` for a deadline of `timeout_ms` milliseconds.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str, timeout_ms: f64) -> TimeoutError;

    /// `AbortError`: the caller's AbortSignal fired.
    pub type AbortError;

    /// Builds an `AbortError` that carries the signal's `reason`.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str, reason: &JsValue) -> AbortError;

    /// `RunFailedError`: a run ended in a failed state.
    pub type RunFailedError;

    /// Builds a `RunFailedError` for `run` (the run object) in `state`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        message: &str,
        run: &JsValue,
        state: &str,
        status_message: Option<String>,
    ) -> RunFailedError;

    /// `NetworkError`: the request got no HTTP response.
    pub type NetworkError;

    /// Builds a `NetworkError` whose `cause` is `options.cause`.
    #[wasm_bindgen(constructor)]
    pub fn new(message: &str, options: &JsValue) -> NetworkError;
}

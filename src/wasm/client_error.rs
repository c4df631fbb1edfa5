//! Turns a [`ClientError`] into the matching JS error class of `js/errors.js`.

use js_sys::Reflect;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::errors::{
    AbortError, AuthError, HttpError, NetworkError, RunFailedError, TimeoutError, ValidationError,
};
use super::js_json::to_js;
use crate::protocol::ClientError;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `DigitalHubError`, the base class, for errors without a subclass of their own.
    type DigitalHubError;

    #[wasm_bindgen(constructor)]
    fn new(message: &str) -> DigitalHubError;
}

/// What the conversion needs beyond the error itself.
#[derive(Default, Clone, Copy)]
pub struct ErrorContext<'a> {
    /// The caller's signal, whose `reason` an `AbortError` carries.
    pub signal: Option<&'a AbortSignal>,
    /// The last run seen, which a `RunFailedError` carries.
    pub run: Option<&'a Value>,
}

/// Builds the JS error for `error`.
pub fn to_js_error(error: ClientError, context: ErrorContext<'_>) -> JsValue {
    let message = error.to_string();
    match error {
        ClientError::Validation(issues) => {
            let issues = serde_json::to_value(&issues).unwrap_or(Value::Null);
            ValidationError::new(&message, &to_js(&issues)).into()
        }
        ClientError::Http {
            status, error_code, ..
        } => HttpError::new(&message, status, error_code).into(),
        ClientError::Auth {
            status, error_code, ..
        } => AuthError::new(&message, status, error_code).into(),
        ClientError::InvalidResponse { status, .. } => {
            HttpError::new(&message, status, None).into()
        }
        ClientError::Timeout { timeout_ms, .. } => {
            TimeoutError::new(&message, timeout_ms as f64).into()
        }
        ClientError::Aborted => {
            let reason = context
                .signal
                .map(AbortSignal::reason)
                .unwrap_or(JsValue::UNDEFINED);
            AbortError::new(&message, &reason).into()
        }
        ClientError::RunFailed {
            state,
            message: status_message,
            ..
        } => {
            let run = context.run.map(to_js).unwrap_or(JsValue::NULL);
            RunFailedError::new(&message, &run, &state, status_message).into()
        }
        ClientError::NotReady { run_id, state } => {
            let error: JsValue = DigitalHubError::new(&message).into();
            let fields = [
                ("code", JsValue::from_str("ERR_RUN_NOT_READY")),
                ("runId", JsValue::from_str(&run_id)),
                ("state", state.map(JsValue::from).unwrap_or(JsValue::NULL)),
            ];
            for (key, value) in fields {
                let _ = Reflect::set(&error, &JsValue::from_str(key), &value);
            }
            error
        }
        ClientError::Network { likely_cors, .. } => {
            let error: JsValue = NetworkError::new(&message, &JsValue::UNDEFINED).into();
            let _ = Reflect::set(
                &error,
                &JsValue::from_str("likelyCors"),
                &JsValue::from_bool(likely_cors),
            );
            error
        }
    }
}

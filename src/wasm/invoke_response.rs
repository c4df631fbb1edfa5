//! `InvokeResponse`: the response of a served run to `run.invoke()`.

use js_sys::{Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use crate::protocol::invoke::ResponseHead;

/// The service's response: its status, headers and body. The body is already read, so
/// `text()`, `json()` and `bytes()` return values rather than promises and may be called more
/// than once.
#[wasm_bindgen]
pub struct InvokeResponse {
    head: ResponseHead,
    body: Vec<u8>,
}

impl InvokeResponse {
    /// Wraps a response head and body.
    pub(super) fn new(head: ResponseHead, body: Vec<u8>) -> InvokeResponse {
        InvokeResponse { head, body }
    }
}

#[wasm_bindgen]
impl InvokeResponse {
    /// The service's HTTP status (from `X-Proxy-Status` when called through the proxy).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.head.status
    }

    /// The reason phrase, such as `OK`; empty when unknown.
    #[wasm_bindgen(getter, js_name = statusText)]
    pub fn status_text(&self) -> String {
        self.head.status_text.clone()
    }

    /// True for a 2xx status.
    #[wasm_bindgen(getter)]
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.head.status)
    }

    /// The service's headers, names in lower case (the `X-Proxy-` prefix removed).
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, string>")]
    pub fn headers(&self) -> JsValue {
        let headers = Object::new();
        for (name, value) in &self.head.headers {
            let _ = Reflect::set(
                &headers,
                &JsValue::from_str(name),
                &JsValue::from_str(value),
            );
        }
        headers.into()
    }

    /// The body as text; invalid UTF-8 becomes U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    ///
    /// # Errors
    /// The `SyntaxError` of `JSON.parse` when the body is not JSON.
    #[wasm_bindgen(unchecked_return_type = "unknown")]
    pub fn json(&self) -> Result<JsValue, JsValue> {
        JSON::parse(&self.text())
    }

    /// The body bytes.
    pub fn bytes(&self) -> Uint8Array {
        Uint8Array::from(self.body.as_slice())
    }
}

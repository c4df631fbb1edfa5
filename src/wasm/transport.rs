//! The fetch transport: sends a protocol [`Request`] with the global `fetch`, adds the Core token, and
//! maps failures onto [`ClientError`]. Also the abortable sleep the wait loop uses.
//!
//! NOTE: this calls `fetch` through web-sys rather than gloo-net. gloo-net 0.7 assumes that every
//! fetch rejection is an `Error` and panics otherwise, for example when a caller aborts with a
//! string reason (`controller.abort("stop")`), and a panic aborts the whole WebAssembly module.

use std::cell::RefCell;

use js_sys::{Function, Promise, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, Headers, Request as FetchRequest, RequestInit, Response as FetchResponse,
};

use crate::protocol::error::not_json;
use crate::protocol::retry::{Outcome, RetryPolicy};
use crate::protocol::{error_from_response, Body, ClientError, Credentials, Request, Token};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, milliseconds: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// The global `fetch`, which browsers, workers and Node 18+ all have.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &FetchRequest) -> Result<Promise, JsValue>;
}

/// A response with its body read.
pub struct Response {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// True for a 2xx status.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The value of the first header named `name`, compared without letter case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text, with invalid UTF-8 replaced by U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The source of the bearer token.
pub enum TokenSource {
    None,
    Fixed(Token),
    /// An async JS function called before each request, and once more after a 401.
    Provider(Function),
}

/// Sends requests to Core and to served runs.
pub struct Transport {
    source: TokenSource,
    /// Every token the provider returned, so that error messages can be scrubbed of them.
    seen_tokens: RefCell<Vec<Token>>,
}

impl Transport {
    /// A transport that authenticates with `source`.
    pub fn new(source: TokenSource) -> Transport {
        Transport {
            source,
            seen_tokens: RefCell::new(Vec::new()),
        }
    }

    /// Sends `request` once and reads the whole response, whatever its status.
    ///
    /// With a token provider, a 401 from Core makes the transport ask the provider for a fresh
    /// token and send the request once more.
    ///
    /// # Errors
    /// [`ClientError::Aborted`] when `signal` fires, [`ClientError::Network`] when no response
    /// arrives, [`ClientError::Auth`] when the token provider fails.
    pub async fn send(
        &self,
        request: &Request,
        signal: Option<&AbortSignal>,
    ) -> Result<Response, ClientError> {
        self.send_with_retries(request, signal, None).await
    }

    /// Like [`Transport::send`], but also retries as `policy` decides: 429 for any request,
    /// 502 to 504 and network errors for GET, after the pause the policy or `Retry-After` sets.
    /// Each pause ends early when `signal` fires.
    ///
    /// # Errors
    /// As [`Transport::send`], for the last attempt.
    pub async fn send_with_retries(
        &self,
        request: &Request,
        signal: Option<&AbortSignal>,
        policy: Option<&RetryPolicy>,
    ) -> Result<Response, ClientError> {
        let attach = request.credentials == Credentials::Attach;
        let mut refreshed = false;
        let mut retries = 0;
        loop {
            let authorization = if attach {
                self.authorization(signal).await?
            } else {
                None
            };
            let fetched = fetch(request, authorization.as_deref(), signal).await;
            let outcome = match &fetched {
                Ok(response) => Outcome::Response {
                    status: response.status,
                    retry_after: response.header("retry-after"),
                },
                Err(ClientError::Network { .. }) => Outcome::NetworkError,
                Err(_) => return fetched.map_err(|error| self.scrub(error)),
            };
            let may_refresh =
                attach && !refreshed && matches!(self.source, TokenSource::Provider(_));
            if matches!(outcome, Outcome::Response { status: 401, .. }) && may_refresh {
                refreshed = true;
                continue;
            }
            let delay = policy.and_then(|policy| {
                policy.delay_ms(request.method, outcome, retries, js_sys::Math::random())
            });
            let Some(delay) = delay else {
                return fetched.map_err(|error| self.scrub(error));
            };
            retries += 1;
            sleep(delay, signal).await?;
        }
    }

    /// Sends a request to Core, retrying as [`RetryPolicy::default`] decides, and reads the
    /// JSON body of a 2xx response. An empty body reads as `{}`, as the python SDK reads it.
    ///
    /// # Errors
    /// Everything [`Transport::send`] returns, the error a non-2xx response maps to, and
    /// [`ClientError::InvalidResponse`] for a 2xx body that is not JSON.
    pub async fn send_json(
        &self,
        request: &Request,
        signal: Option<&AbortSignal>,
    ) -> Result<Value, ClientError> {
        let policy = RetryPolicy::default();
        let response = self
            .send_with_retries(request, signal, Some(&policy))
            .await?;
        let text = response.text();
        if !response.ok() {
            return Err(self.scrub(error_from_response(response.status, &text)));
        }
        if text.trim().is_empty() {
            return Ok(Value::Object(serde_json::Map::new()));
        }
        serde_json::from_str(&text)
            .map_err(|error| self.scrub(not_json(response.status, &text, &error.to_string())))
    }

    /// Removes every known token from the error's text.
    pub fn scrub(&self, error: ClientError) -> ClientError {
        let mut error = error;
        if let TokenSource::Fixed(token) = &self.source {
            error = error.redact(token.secret());
        }
        for token in self.seen_tokens.borrow().iter() {
            error = error.redact(token.secret());
        }
        error
    }

    async fn authorization(
        &self,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<String>, ClientError> {
        match &self.source {
            TokenSource::None => Ok(None),
            TokenSource::Fixed(token) => Ok(Some(token.authorization())),
            TokenSource::Provider(provider) => {
                let token = call_provider(provider, signal)
                    .await
                    .map_err(|error| self.scrub(error))?;
                let Some(token) = token else {
                    return Ok(None);
                };
                let header = token.authorization();
                let mut seen = self.seen_tokens.borrow_mut();
                if !seen.contains(&token) {
                    seen.push(token);
                }
                Ok(Some(header))
            }
        }
    }
}

/// Calls the token provider and awaits its promise, or stops waiting when `signal` fires: a
/// provider that never settles must not outlive the caller's abort.
async fn call_provider(
    provider: &Function,
    signal: Option<&AbortSignal>,
) -> Result<Option<Token>, ClientError> {
    let failed = |error: JsValue| {
        if signal.is_some_and(AbortSignal::aborted) {
            return ClientError::Aborted;
        }
        ClientError::Auth {
            status: 401,
            message: format!("tokenProvider failed: {}", describe_js_error(&error)),
            error_code: None,
        }
    };
    check_aborted(signal)?;
    let returned = provider.call0(&JsValue::NULL).map_err(failed)?;
    let value = until_aborted(Promise::resolve(&returned), signal)
        .await
        .map_err(failed)?;
    check_aborted(signal)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_string() {
        Some(text) => Ok(Token::new(&text)),
        None => Err(ClientError::Auth {
            status: 401,
            message: "tokenProvider must return a string, null or undefined".into(),
            error_code: None,
        }),
    }
}

fn describe_js_error(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        let mut text = format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        );
        // Node's fetch rejects with only "fetch failed" and puts the reason, such as
        // "connect ECONNREFUSED 127.0.0.1:8090" or "bad port", in `cause`.
        if let Some(cause) = error.cause().dyn_ref::<js_sys::Error>() {
            text.push_str(&format!(": {}", String::from(cause.message())));
        }
        return text;
    }
    error
        .as_string()
        .unwrap_or_else(|| "a non-Error value was thrown".to_string())
}

/// True outside Node, that is in a browser page or worker, where a failed fetch is often a CORS
/// rejection.
fn in_browser() -> bool {
    let global = js_sys::global();
    let node_version = Reflect::get(&global, &JsValue::from_str("process"))
        .ok()
        .filter(|process| process.is_object())
        .and_then(|process| Reflect::get(&process, &JsValue::from_str("versions")).ok())
        .filter(|versions| versions.is_object())
        .and_then(|versions| Reflect::get(&versions, &JsValue::from_str("node")).ok());
    !node_version.is_some_and(|version| version.is_string())
}

/// Fails with [`ClientError::Aborted`] when `signal` has fired.
pub fn check_aborted(signal: Option<&AbortSignal>) -> Result<(), ClientError> {
    match signal {
        Some(signal) if signal.aborted() => Err(ClientError::Aborted),
        _ => Ok(()),
    }
}

async fn fetch(
    request: &Request,
    authorization: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Response, ClientError> {
    check_aborted(signal)?;
    // Every failure goes through here. A rejection may be any value, such as the string an
    // AbortController was aborted with, so it is never assumed to be an Error.
    let failed = |error: JsValue| {
        if signal.is_some_and(AbortSignal::aborted) {
            return ClientError::Aborted;
        }
        let cause = describe_js_error(&error);
        let likely_cors = in_browser() && error.is_instance_of::<js_sys::TypeError>();
        ClientError::network(&cause, likely_cors)
    };

    let headers = Headers::new().map_err(failed)?;
    for (name, value) in &request.headers {
        headers
            .set(name, value)
            .map_err(|_| unsendable_header(name))?;
    }
    if let Some(authorization) = authorization {
        headers
            .set("Authorization", authorization)
            .map_err(|_| unsendable_header("Authorization"))?;
    }

    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    init.set_signal(signal);
    match &request.body {
        Some(Body::Text(text)) => init.set_body(&JsValue::from_str(text)),
        Some(Body::Bytes(bytes)) => init.set_body(&Uint8Array::from(bytes.as_slice())),
        None => {}
    }

    let outgoing = FetchRequest::new_with_str_and_init(&request.url, &init).map_err(failed)?;
    let response: FetchResponse = JsFuture::from(global_fetch(&outgoing).map_err(failed)?)
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    let headers = read_headers(&response.headers());
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(Response {
        status: response.status(),
        status_text: response.status_text(),
        headers,
        body: Uint8Array::new(&buffer).to_vec(),
    })
}

/// Builds the error for a header value that `fetch` rejects: a line break, NUL or a character
/// above U+00FF. The value is not quoted, because it may be a token.
fn unsendable_header(name: &str) -> ClientError {
    let (path, subject) = if name.eq_ignore_ascii_case("authorization") {
        ("/token", "the token".to_string())
    } else {
        ("/headers", format!("the value of header {name}"))
    };
    ClientError::invalid(
        path,
        "invalid-header-value",
        format!(
            "{subject} cannot be sent: HTTP header values must not contain line breaks, NUL or \
             characters above U+00FF"
        ),
    )
}

/// The name and value pairs of `headers`, in the order `fetch` lists them.
fn read_headers(headers: &Headers) -> Vec<(String, String)> {
    let Ok(Some(entries)) = js_sys::try_iter(headers) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pair = entry.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Sleeps `milliseconds`, or less when `signal` fires first.
///
/// # Errors
/// [`ClientError::Aborted`] when `signal` fires before or during the sleep.
pub async fn sleep(milliseconds: u64, signal: Option<&AbortSignal>) -> Result<(), ClientError> {
    check_aborted(signal)?;
    let mut listener: Option<Closure<dyn FnMut()>> = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let timer = set_timeout(&resolve, milliseconds as f64);
        if let Some(signal) = signal {
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                clear_timeout(&timer);
                let _ = reject.call0(&JsValue::NULL);
            });
            let _ =
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            listener = Some(on_abort);
        }
    });
    let outcome = JsFuture::from(promise).await;
    if let (Some(signal), Some(on_abort)) = (signal, &listener) {
        let _ =
            signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    outcome.map(|_| ()).map_err(|_| ClientError::Aborted)
}

/// Awaits `promise`, or rejects as soon as `signal` fires.
async fn until_aborted(promise: Promise, signal: Option<&AbortSignal>) -> Result<JsValue, JsValue> {
    let Some(signal) = signal else {
        return JsFuture::from(promise).await;
    };
    let mut listener: Option<Closure<dyn FnMut()>> = None;
    let aborted = Promise::new(&mut |_resolve: Function, reject: Function| {
        let on_abort = Closure::<dyn FnMut()>::new(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        listener = Some(on_abort);
    });
    let race = Promise::race(&js_sys::Array::of2(&promise, &aborted));
    let outcome = JsFuture::from(race).await;
    if let Some(on_abort) = &listener {
        let _ =
            signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    outcome
}

/// The maximum delay `setTimeout` and `AbortSignal.timeout` accept, about 24.8 days.
const MAX_TIMER_DELAY_MS: f64 = 2_147_483_647.0;

/// A signal that fires when `signal` fires or after `milliseconds`, whichever comes first, from
/// `AbortSignal.any` and `AbortSignal.timeout`. Without those (Node before 20.3, older
/// browsers) it is `signal` itself, and a slow request can then overrun a deadline.
pub fn deadline_signal(signal: Option<&AbortSignal>, milliseconds: f64) -> Option<AbortSignal> {
    let constructor = Reflect::get(&js_sys::global(), &JsValue::from_str("AbortSignal")).ok()?;
    let method = |name: &str| {
        Reflect::get(&constructor, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.dyn_into::<Function>().ok())
    };
    let fallback = signal.cloned();
    // Timers take a signed 32-bit delay; Node fires a longer one after 1 ms instead.
    if milliseconds > MAX_TIMER_DELAY_MS {
        return fallback;
    }
    let (Some(timeout), Some(any)) = (method("timeout"), method("any")) else {
        return fallback;
    };
    let delay = JsValue::from_f64(milliseconds.max(1.0).ceil());
    let Ok(timer) = timeout.call1(&constructor, &delay) else {
        return fallback;
    };
    let signals = js_sys::Array::new();
    signals.push(&timer);
    if let Some(signal) = signal {
        signals.push(signal);
    }
    any.call1(&constructor, &signals)
        .ok()
        .and_then(|combined| combined.dyn_into::<AbortSignal>().ok())
        .or(fallback)
}

/// 16 random bytes from `crypto.getRandomValues`, or from `Math.random` where that is missing.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok();
    let get_random_values = crypto.as_ref().and_then(|crypto| {
        Reflect::get(crypto, &JsValue::from_str("getRandomValues"))
            .ok()
            .and_then(|value| value.dyn_into::<Function>().ok())
    });
    if let (Some(crypto), Some(get_random_values)) = (crypto, get_random_values) {
        let buffer = Uint8Array::new_with_length(16);
        if get_random_values.call1(&crypto, &buffer).is_ok() {
            buffer.copy_to(&mut bytes);
            return bytes;
        }
    }
    for byte in &mut bytes {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
    bytes
}

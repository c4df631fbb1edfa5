//! `Run`: a handle on one run, with refresh, wait, invoke, logs, stop and delete.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::client::{misuse, Shared};
use super::client_error::ErrorContext;
use super::invoke_response::InvokeResponse;
use super::js_json::{check_options, field, optional_string, signal_option, to_js, to_json};
use super::options::type_error;
use super::transport::{deadline_signal, sleep};
use crate::protocol::entity::{run_state, service_url, text_field};
use crate::protocol::invoke::{
    invoke_request, read_direct_response, read_proxy_response, InvokeInput,
};
use crate::protocol::logs::decode_logs;
use crate::protocol::wait::Observation;
use crate::protocol::{
    error_from_response, Body, ClientError, Collection, Until, WaitPolicy, WaitStep, Waiter,
};

#[wasm_bindgen(typescript_custom_section)]
const RUN_TYPES: &'static str = r#"
/** Options of `run.wait()`. */
export interface WaitOptions extends CallOptions {
  /**
   * "ready" (the default): a serve run is RUNNING with `status.service.url`; a job or build run
   * is RUNNING or COMPLETED. "terminal": the run is COMPLETED, or STOPPED for a serve run.
   */
  until?: "ready" | "terminal";
  /** The total budget in milliseconds; 300000 by default. On expiry the wait rejects with a `TimeoutError`. */
  timeoutMs?: number;
  /** Called once per change of `status.state`, with the new state and the run. */
  onState?: (state: string, run: RunEntity) => void;
}

/** Options of `run.invoke()`. */
export interface InvokeOptions extends CallOptions {
  /** The upstream method; POST when a body is given, GET otherwise. A named method is never changed. */
  method?: string;
  /** The path and query on the service, such as "/predict?x=1"; "/" by default. */
  path?: string;
  /** A JSON body, sent with `Content-Type: application/json`. */
  json?: unknown;
  /** A raw body. Core's proxy forwards text and JSON payloads only. */
  body?: string | Uint8Array | ArrayBuffer;
  /** Extra headers for the service. */
  headers?: Record<string, string>;
  /**
   * Call `http://<status.service.url><path>` directly instead of Core's run proxy. It works only
   * where that address is reachable. The client's token is never sent there.
   */
  direct?: boolean;
}

/** A log entry of `run.logs()`: Core's Log object plus `text`, the decoded `content`. */
export interface LogEntry {
  id?: string;
  content?: string;
  text?: string;
  [field: string]: unknown;
}
"#;

/// A run of a function, as `client.run()` or `client.getRun()` returned it.
#[wasm_bindgen]
pub struct Run {
    shared: Rc<Shared>,
    data: Rc<RefCell<Value>>,
}

impl Run {
    /// Wraps a run DTO.
    pub(super) fn new(shared: Rc<Shared>, run: Value) -> Run {
        Run {
            shared,
            data: Rc::new(RefCell::new(run)),
        }
    }
}

/// The parts of a `Run` an async method needs after `&self` is gone.
#[derive(Clone)]
struct Handle {
    shared: Rc<Shared>,
    data: Rc<RefCell<Value>>,
    id: String,
}

impl Handle {
    fn context<'a>(&self, signal: Option<&'a AbortSignal>, run: &'a Value) -> ErrorContext<'a> {
        ErrorContext {
            signal,
            run: Some(run),
        }
    }

    fn fail(&self, error: ClientError, signal: Option<&AbortSignal>) -> JsValue {
        let run = self.data.borrow().clone();
        self.shared.js_error(error, self.context(signal, &run))
    }

    async fn fetch(&self, signal: Option<&AbortSignal>) -> Result<Value, ClientError> {
        let request = self.shared.api.get(Collection::Runs, &self.id)?;
        let run = self.shared.json(&request, signal).await?;
        *self.data.borrow_mut() = run.clone();
        Ok(run)
    }
}

#[wasm_bindgen]
impl Run {
    fn handle(&self) -> Handle {
        let id = text_field(&self.data.borrow(), "/id")
            .unwrap_or_default()
            .to_string();
        Handle {
            shared: self.shared.clone(),
            data: self.data.clone(),
            id,
        }
    }

    /// The run id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.handle().id
    }

    /// `status.state` as last fetched, such as `RUNNING`.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> Option<String> {
        run_state(&self.data.borrow()).map(str::to_string)
    }

    /// `status.service.url` as last fetched: `host:port` of a served run.
    #[wasm_bindgen(getter, js_name = serviceUrl)]
    pub fn service_url(&self) -> Option<String> {
        service_url(&self.data.borrow()).map(str::to_string)
    }

    /// The run as last fetched, as a plain object.
    #[wasm_bindgen(getter, unchecked_return_type = "RunEntity")]
    pub fn data(&self) -> JsValue {
        to_js(&self.data.borrow())
    }

    /// The run as a plain object, for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RunEntity")]
    pub fn to_json(&self) -> JsValue {
        self.data()
    }

    /// Fetches the run again and returns it.
    #[wasm_bindgen(unchecked_return_type = "Promise<RunEntity>")]
    pub fn refresh(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let handle = self.handle();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let run = handle
                .fetch(signal.as_ref())
                .await
                .map_err(|error| handle.fail(error, signal.as_ref()))?;
            Ok(to_js(&run))
        })
    }

    /// Polls the run with exponential backoff until it reaches `until`, and returns it.
    ///
    /// Rejects with a `TimeoutError` when `timeoutMs` passes first, a `RunFailedError` when the
    /// run reaches ERROR, STOPPED or DELETED (or any state from which `until` cannot follow),
    /// and an `AbortError` when `signal` fires, even in the middle of a pause.
    #[wasm_bindgen(unchecked_return_type = "Promise<RunEntity>")]
    pub fn wait(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions")] options: JsValue,
    ) -> Promise {
        let handle = self.handle();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let until = optional_string(&options, "until")?;
            let until = Until::parse(until.as_deref().unwrap_or("ready")).map_err(misuse)?;
            let timeout = field(&options, "timeoutMs");
            let policy = if timeout.is_undefined() || timeout.is_null() {
                WaitPolicy::default()
            } else {
                let milliseconds = timeout
                    .as_f64()
                    .ok_or_else(|| type_error("option `timeoutMs` must be a number"))?;
                WaitPolicy::with_timeout(milliseconds).map_err(misuse)?
            };
            let on_state = field(&options, "onState");
            let on_state = if on_state.is_undefined() || on_state.is_null() {
                None
            } else {
                Some(
                    on_state
                        .dyn_into::<Function>()
                        .map_err(|_| type_error("option `onState` must be a function"))?,
                )
            };
            wait_loop(&handle, until, policy, signal.as_ref(), on_state.as_ref()).await
        })
    }

    /// Calls the served run through Core's run proxy, or directly with `direct: true`.
    ///
    /// When the run has no service URL yet it is fetched once more first; without one it
    /// rejects with an error whose `code` is `ERR_RUN_NOT_READY`.
    #[wasm_bindgen(unchecked_return_type = "Promise<InvokeResponse>")]
    pub fn invoke(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "InvokeOptions")] options: JsValue,
    ) -> Promise {
        let handle = self.handle();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let input = read_invoke_options(&options)?;
            let response = invoke(&handle, &input, signal)
                .await
                .map_err(|error| handle.fail(error, signal))?;
            Ok(response.into())
        })
    }

    /// Fetches the run's logs; each entry gains `text`, its decoded `content`.
    #[wasm_bindgen(unchecked_return_type = "Promise<LogEntry[]>")]
    pub fn logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let handle = self.handle();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let fetched = async {
                let request = handle.shared.api.run_logs(&handle.id)?;
                decode_logs(handle.shared.json(&request, signal.as_ref()).await?)
            };
            fetched
                .await
                .map(|logs| to_js(&logs))
                .map_err(|error| handle.fail(error, signal.as_ref()))
        })
    }

    /// Asks Core to stop the run (RUNNING → STOP → STOPPED) and returns the run.
    #[wasm_bindgen(unchecked_return_type = "Promise<RunEntity>")]
    pub fn stop(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let handle = self.handle();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let stopped = async {
                let request = handle.shared.api.stop_run(&handle.id)?;
                handle.shared.json(&request, signal.as_ref()).await
            };
            let run = stopped
                .await
                .map_err(|error| handle.fail(error, signal.as_ref()))?;
            remember(&handle, &run);
            Ok(to_js(&run))
        })
    }

    /// Deletes the run. Core returns the run in state DELETING and removes it later.
    #[wasm_bindgen(unchecked_return_type = "Promise<RunEntity>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let handle = self.handle();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let deleted = async {
                let request = handle.shared.api.delete_run(&handle.id)?;
                handle.shared.json(&request, signal.as_ref()).await
            };
            let run = deleted
                .await
                .map_err(|error| handle.fail(error, signal.as_ref()))?;
            remember(&handle, &run);
            Ok(to_js(&run))
        })
    }
}

/// Keeps `run` as the handle's data when it is a run object, because stop and delete may
/// return an empty body.
fn remember(handle: &Handle, run: &Value) {
    if text_field(run, "/id").is_some() {
        *handle.data.borrow_mut() = run.clone();
    }
}

async fn wait_loop(
    handle: &Handle,
    until: Until,
    policy: WaitPolicy,
    signal: Option<&AbortSignal>,
    on_state: Option<&Function>,
) -> Result<JsValue, JsValue> {
    let started = js_sys::Date::now();
    let mut waiter = Waiter::new(&handle.id, until, policy, started);
    loop {
        let remaining = policy.timeout_ms - (js_sys::Date::now() - started);
        let poll_signal = deadline_signal(signal, remaining);
        let fetched = handle.fetch(poll_signal.as_ref()).await;
        let now = js_sys::Date::now();
        let random = js_sys::Math::random();
        let user_aborted = signal.is_some_and(AbortSignal::aborted);
        let observation: Observation = match fetched {
            Ok(run) => waiter.observe(run, now, random),
            Err(ClientError::Aborted) if user_aborted => {
                return Err(handle.fail(ClientError::Aborted, signal))
            }
            // The deadline signal fired in the middle of the request: judge it as a network
            // failure, which times out because the deadline has passed.
            Err(ClientError::Aborted) => waiter.observe_error(
                ClientError::network("the request outlived the wait's deadline", false),
                now.max(started + policy.timeout_ms),
                random,
            ),
            Err(error) => waiter.observe_error(error, now, random),
        };
        if let (Some(state), Some(on_state)) = (&observation.state_change, on_state) {
            let run = to_js(&handle.data.borrow());
            on_state.call2(&JsValue::NULL, &JsValue::from_str(state), &run)?;
        }
        match observation.step {
            WaitStep::Done(run) => return Ok(to_js(&run)),
            WaitStep::Fail(error) => return Err(handle.fail(error, signal)),
            WaitStep::Sleep(milliseconds) => sleep(milliseconds, signal)
                .await
                .map_err(|error| handle.fail(error, signal))?,
        }
    }
}

fn read_invoke_options(options: &JsValue) -> Result<InvokeInput, JsValue> {
    let json = field(options, "json");
    let json = if json.is_undefined() {
        None
    } else {
        Some(to_json(&json, "option `json`")?)
    };
    let body = field(options, "body");
    let body = if body.is_undefined() || body.is_null() {
        None
    } else if let Some(text) = body.as_string() {
        Some(Body::Text(text))
    } else if body.is_instance_of::<Uint8Array>() || body.is_instance_of::<js_sys::ArrayBuffer>() {
        Some(Body::Bytes(Uint8Array::new(&body).to_vec()))
    } else {
        return Err(type_error(
            "option `body` must be a string, Uint8Array or ArrayBuffer; pass objects as `json`",
        ));
    };
    let headers = field(options, "headers");
    let headers = if headers.is_undefined() || headers.is_null() {
        Vec::new()
    } else {
        let Value::Object(fields) = to_json(&headers, "option `headers`")? else {
            return Err(type_error("option `headers` must be an object of strings"));
        };
        let mut pairs = Vec::new();
        for (name, value) in fields {
            let Value::String(value) = value else {
                return Err(type_error(&format!("header `{name}` must be a string")));
            };
            pairs.push((name, value));
        }
        pairs
    };
    let direct = field(options, "direct");
    let direct = if direct.is_undefined() || direct.is_null() {
        false
    } else {
        direct
            .as_bool()
            .ok_or_else(|| type_error("option `direct` must be a boolean"))?
    };
    Ok(InvokeInput {
        method: optional_string(options, "method")?,
        path: optional_string(options, "path")?,
        json,
        body,
        headers,
        direct,
    })
}

async fn invoke(
    handle: &Handle,
    input: &InvokeInput,
    signal: Option<&AbortSignal>,
) -> Result<InvokeResponse, ClientError> {
    if service_url(&handle.data.borrow()).is_none() {
        handle.fetch(signal).await?;
    }
    let proxy_url = handle.shared.api.run_proxy_url(&handle.id)?;
    let run = handle.data.borrow().clone();
    let request = invoke_request(input, &run, &handle.id, &proxy_url)?;
    let sent = handle.shared.transport.send(&request, signal).await;
    let response = if input.direct {
        sent.map_err(ClientError::for_service)?
    } else {
        sent?
    };
    let head = if input.direct {
        read_direct_response(response.status, &response.status_text, &response.headers)
    } else {
        if !response.ok() {
            return Err(error_from_response(response.status, &response.text()));
        }
        read_proxy_response(response.status, &response.headers)
    };
    Ok(InvokeResponse::new(head, response.body))
}

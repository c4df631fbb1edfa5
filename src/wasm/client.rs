//! `Client`: the JS entry point for talking to DigitalHub Core.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

use super::client_error::{to_js_error, ErrorContext};
use super::js_json::{
    check_options, field, filter_pairs, optional_string, signal_option, to_js, to_json,
};
use super::options::type_error;
use super::run::Run;
use super::transport::{random_bytes, TokenSource, Transport};
use crate::kind::{Action, FunctionKind, TaskKind};
use crate::level::ApiLevel;
use crate::protocol::configuration::level_from_configuration;
use crate::protocol::entity::{entity_id, text_field};
use crate::protocol::function_body::{function_dto, FunctionInput};
use crate::protocol::id::entity_id_from_bytes;
use crate::protocol::page::{Page, Pagination};
use crate::protocol::run_body::{
    check_params, prepare_run, python_function_reference, run_dto, run_spec, task_dto,
    task_lookup_filters,
};
use crate::protocol::{Api, ClientError, Collection, Endpoint, Token};
use crate::validate::{validate_function, Report};

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &'static str = r#"
/** Options of `new Client()`. */
export interface ClientOptions {
  /** Core's base URL, such as `https://core.example.org`; a path such as `/` means this page's origin. */
  endpoint: string;
  /** The project every call works in: 2 to 38 characters of a-z, 0-9 and '-'. */
  project: string;
  /** An access token or personal access token, sent as `Authorization: Bearer …`. */
  token?: string;
  /** Called before each request to Core (and once more after a 401); returns the token to send. */
  tokenProvider?: () => string | null | undefined | Promise<string | null | undefined>;
  /** The spec dialect; "auto" (the default) reads `dhcore_api_level` from Core on first need. */
  apiLevel?: "auto" | 13 | 14 | 15;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** Query filters of a listing, such as `{ state: "RUNNING" }`; sent as query parameters. */
export type ListFilters = Record<string, string | number | boolean | null | undefined>;

/** Options of `client.createFunction()`. */
export interface CreateFunctionOptions {
  name: string;
  /** Python source text; sent base64-encoded. */
  code?: string;
  /** The source, already base64-encoded. */
  base64?: string;
  /** A URI (git+https://…, zip+s3://…) or, with `code` or `base64`, the file's path. */
  source?: string;
  /** The python function to call: `main`, or `pkg.module:main` for sources fetched from a URI. */
  handler: string;
  /** A function in the handler's module called once per serving process with `init_parameters`. */
  initFunction?: string;
  /** Defaults to "PYTHON3_10", which every Core level accepts. */
  pythonVersion?: "PYTHON3_9" | "PYTHON3_10" | "PYTHON3_11" | "PYTHON3_12" | "PYTHON3_13";
  requirements?: string[];
  image?: string;
  baseImage?: string;
  description?: string;
  labels?: string[];
}

/** An entity as Core returns it. */
export interface Entity {
  id: string;
  kind: string;
  project: string;
  name?: string;
  key?: string;
  user?: string;
  metadata?: Record<string, unknown>;
  spec: Record<string, unknown>;
  status?: { state?: string; message?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** A run as Core returns it. */
export interface RunEntity extends Entity {
  status?: {
    state?: string;
    message?: string;
    service?: { url?: string; [field: string]: unknown };
    [field: string]: unknown;
  };
}

/** The action of `client.run()`. */
export type RunAction = "job" | "serve" | "build";

/**
 * Parameters of `client.run()`: task fields (`resources`, `envs`, `replicas`, `volumes`, …) and
 * run fields (`parameters`, `init_parameters`, `inputs`) in Core's snake_case spelling.
 */
export type RunParams = Record<string, unknown>;
"#;

/// State shared by a `Client` and the runs it returns.
pub(super) struct Shared {
    pub api: Api,
    pub transport: Transport,
    /// The API level; `None` until "auto" has read it from Core.
    pub level: Cell<Option<ApiLevel>>,
}

impl Shared {
    /// Maps `error` to its JS error class, scrubbed of every token.
    pub fn js_error(&self, error: ClientError, context: ErrorContext<'_>) -> JsValue {
        to_js_error(self.transport.scrub(error), context)
    }

    /// Sends a request to Core and reads its JSON.
    pub async fn json(
        &self,
        request: &crate::protocol::Request,
        signal: Option<&AbortSignal>,
    ) -> Result<Value, ClientError> {
        self.transport.send_json(request, signal).await
    }

    /// Reads every page of a listing.
    pub async fn list_all(
        &self,
        collection: Collection,
        filters: &[(String, String)],
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<Value>, ClientError> {
        let mut pagination = Pagination::new();
        while let Some(page) = pagination.next_page() {
            let request = self.api.list(collection, filters, page);
            let body = self.json(&request, signal).await?;
            pagination.add(Page::parse(&body)?)?;
        }
        Ok(pagination.into_items())
    }

    /// Fetches `/.well-known/configuration` and, for "auto", takes the level from it.
    pub async fn configuration(&self, signal: Option<&AbortSignal>) -> Result<Value, ClientError> {
        let configuration = self.json(&self.api.configuration(), signal).await?;
        if self.level.get().is_none() {
            self.level
                .set(Some(level_from_configuration(&configuration)?));
        }
        Ok(configuration)
    }

    /// The API level, read from Core first when it is still "auto". A Core without the
    /// discovery document (404) is taken to be the current level.
    pub async fn level(&self, signal: Option<&AbortSignal>) -> Result<ApiLevel, ClientError> {
        if let Some(level) = self.level.get() {
            return Ok(level);
        }
        match self.configuration(signal).await {
            Ok(_) => {}
            Err(ClientError::Http { status: 404, .. }) => {
                self.level.set(Some(ApiLevel::default()));
            }
            Err(error) => return Err(error),
        }
        Ok(self.level.get().unwrap_or_default())
    }
}

/// A new 32-hex entity id.
pub(super) fn new_entity_id() -> String {
    entity_id_from_bytes(random_bytes())
}

/// Turns a report with an error into [`ClientError::Validation`] with every issue.
fn check_report(report: Report) -> Result<(), ClientError> {
    if report.is_valid() {
        Ok(())
    } else {
        Err(ClientError::Validation(report.issues))
    }
}

/// A client of DigitalHub Core for one project.
#[wasm_bindgen]
pub struct Client {
    shared: Rc<Shared>,
}

fn read_level(options: &JsValue) -> Result<Option<ApiLevel>, JsValue> {
    let value = field(options, "apiLevel");
    if value.is_undefined() || value.is_null() || value.as_string().as_deref() == Some("auto") {
        return Ok(None);
    }
    value
        .as_f64()
        .filter(|number| number.fract() == 0.0 && (13.0..=15.0).contains(number))
        .and_then(|number| ApiLevel::from_number(number as u32).ok())
        .map(Some)
        .ok_or_else(|| type_error("option `apiLevel` must be \"auto\", 13, 14 or 15"))
}

fn read_token_source(options: &JsValue) -> Result<TokenSource, JsValue> {
    let provider = field(options, "tokenProvider");
    let token = optional_string(options, "token")?;
    if !provider.is_undefined() && !provider.is_null() {
        if token.is_some() {
            return Err(type_error(
                "pass either `token` or `tokenProvider`, not both",
            ));
        }
        let provider = provider
            .dyn_into::<Function>()
            .map_err(|_| type_error("option `tokenProvider` must be a function"))?;
        return Ok(TokenSource::Provider(provider));
    }
    Ok(match token.as_deref().and_then(Token::new) {
        Some(token) => TokenSource::Fixed(token),
        None => TokenSource::None,
    })
}

/// Converts a protocol error raised while reading options into a `TypeError`. A validation
/// error gives its issue messages alone, without the "validation failed with N errors"
/// summary.
pub(super) fn misuse(error: ClientError) -> JsValue {
    match error {
        ClientError::Validation(issues) => {
            let messages: Vec<String> = issues.into_iter().map(|issue| issue.message).collect();
            type_error(&messages.join("; "))
        }
        other => type_error(&other.to_string()),
    }
}

#[wasm_bindgen]
impl Client {
    /// Creates a client; no request is sent until a method is called.
    ///
    /// # Errors
    /// A `TypeError` for a missing or invalid `endpoint` or `project`, a bad `apiLevel`, or both
    /// `token` and `tokenProvider`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<Client, JsValue> {
        if !options.is_object() {
            return Err(type_error(
                "Client options must be an object such as { endpoint, project }",
            ));
        }
        let endpoint = optional_string(&options, "endpoint")?
            .ok_or_else(|| type_error("option `endpoint` is missing"))?;
        let project = optional_string(&options, "project")?
            .ok_or_else(|| type_error("option `project` is missing"))?;
        let endpoint = Endpoint::parse(&endpoint).map_err(misuse)?;
        let api = Api::new(endpoint, &project).map_err(misuse)?;
        let shared = Shared {
            api,
            transport: Transport::new(read_token_source(&options)?),
            level: Cell::new(read_level(&options)?),
        };
        Ok(Client {
            shared: Rc::new(shared),
        })
    }

    /// The normalised endpoint.
    #[wasm_bindgen(getter)]
    pub fn endpoint(&self) -> String {
        self.shared.api.endpoint().as_str().to_string()
    }

    /// The project.
    #[wasm_bindgen(getter)]
    pub fn project(&self) -> String {
        self.shared.api.project().to_string()
    }

    /// The API level in use, or `undefined` while "auto" has not read it from Core yet.
    #[wasm_bindgen(getter, js_name = apiLevel)]
    pub fn api_level(&self) -> Option<u32> {
        self.shared.level.get().map(ApiLevel::number)
    }

    /// Fetches `GET /.well-known/configuration`. With `apiLevel: "auto"` it also sets the
    /// level from `dhcore_api_level`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Record<string, unknown>>")]
    pub fn configuration(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            let configuration = shared
                .configuration(signal)
                .await
                .map_err(|error| shared.js_error(error, context))?;
            Ok(to_js(&configuration))
        })
    }

    /// Returns the project, creating it when Core responds 404 for it.
    #[wasm_bindgen(js_name = ensureProject, unchecked_return_type = "Promise<Entity>")]
    pub fn ensure_project(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            let project = match shared.json(&shared.api.get_project(), signal).await {
                Err(ClientError::Http { status: 404, .. }) => {
                    shared.json(&shared.api.create_project(), signal).await
                }
                other => other,
            };
            project
                .map(|project| to_js(&project))
                .map_err(|error| shared.js_error(error, context))
        })
    }

    /// Validates and creates a python function. `code` is sent base64-encoded.
    ///
    /// Rejects with a `ValidationError` listing every issue before anything is sent.
    #[wasm_bindgen(js_name = createFunction, unchecked_return_type = "Promise<Entity>")]
    pub fn create_function(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateFunctionOptions")] definition: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            if !definition.is_object() {
                return Err(type_error("createFunction expects an options object"));
            }
            let input = to_json(&definition, "function options")?;
            let created = async {
                let input = FunctionInput::from_json(&input)?;
                let dto = function_dto(&input, shared.api.project(), &new_entity_id())?;
                let level = shared.level(signal).await?;
                let spec = dto.get("spec").cloned().unwrap_or(Value::Null);
                check_report(validate_function(FunctionKind::Python, &spec, level))?;
                let request = shared.api.create(Collection::Functions, &dto);
                shared.json(&request, signal).await
            };
            created
                .await
                .map(|function| to_js(&function))
                .map_err(|error| shared.js_error(error, context))
        })
    }

    /// Fetches one function by id.
    #[wasm_bindgen(js_name = getFunction, unchecked_return_type = "Promise<Entity>")]
    pub fn get_function(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.get_entity(Collection::Functions, id, options)
    }

    /// Lists functions, reading every page. Core returns the latest version of each unless
    /// the filters set `versions: "all"`.
    #[wasm_bindgen(js_name = listFunctions, unchecked_return_type = "Promise<Entity[]>")]
    pub fn list_functions(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.list_entities(Collection::Functions, filters, options)
    }

    /// Fetches one task by id.
    #[wasm_bindgen(js_name = getTask, unchecked_return_type = "Promise<Entity>")]
    pub fn get_task(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.get_entity(Collection::Tasks, id, options)
    }

    /// Lists tasks, reading every page; filters such as `{ function, kind }`.
    #[wasm_bindgen(js_name = listTasks, unchecked_return_type = "Promise<Entity[]>")]
    pub fn list_tasks(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.list_entities(Collection::Tasks, filters, options)
    }

    /// Fetches one run by id and returns a `Run` handle for it.
    #[wasm_bindgen(js_name = getRun, unchecked_return_type = "Promise<Run>")]
    pub fn get_run(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            let fetched = async {
                let request = shared.api.get(Collection::Runs, &id)?;
                run_entity(shared.json(&request, signal).await?)
            };
            let run = fetched
                .await
                .map_err(|error| shared.js_error(error, context))?;
            Ok(Run::new(shared.clone(), run).into())
        })
    }

    /// Lists runs as plain objects, reading every page; filters such as
    /// `{ task, state: "RUNNING" }`.
    #[wasm_bindgen(js_name = listRuns, unchecked_return_type = "Promise<RunEntity[]>")]
    pub fn list_runs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListFilters")] filters: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.list_entities(Collection::Runs, filters, options)
    }

    /// Runs `function` with `action`, as the python SDK's `function.run()` does. It finds or
    /// creates the task for the action and puts every parameter in the run spec. It validates
    /// the run spec locally and rejects with a `ValidationError` listing every issue before
    /// any request that changes state. With `apiLevel: "auto"`, it may read the discovery
    /// document first. Then it creates the run, which Core builds and starts.
    #[wasm_bindgen(unchecked_return_type = "Promise<Run>")]
    pub fn run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Entity")] func: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RunAction")] action: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RunParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        let function = func;
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            let action = action
                .as_string()
                .and_then(|name| Action::parse(&name).ok())
                .ok_or_else(|| type_error("action must be \"job\", \"serve\" or \"build\""))?;
            if !function.is_object() {
                return Err(type_error(
                    "run() expects the function object that createFunction or getFunction returned",
                ));
            }
            let function = to_json(&function, "function")?;
            let params = to_json(&params, "run parameters")?;
            let created = submit_run(&shared, &function, TaskKind(action), &params, signal).await;
            let run = created.map_err(|error| shared.js_error(error, context))?;
            Ok(Run::new(shared.clone(), run).into())
        })
    }
}

impl Client {
    fn get_entity(&self, collection: Collection, id: String, options: JsValue) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            let fetched = async {
                let request = shared.api.get(collection, &id)?;
                shared.json(&request, signal).await
            };
            fetched
                .await
                .map(|entity| to_js(&entity))
                .map_err(|error| shared.js_error(error, context))
        })
    }

    fn list_entities(&self, collection: Collection, filters: JsValue, options: JsValue) -> Promise {
        let shared = self.shared.clone();
        future_to_promise(async move {
            check_options(&options, "options")?;
            let signal = signal_option(&options)?;
            let signal = signal.as_ref();
            let context = ErrorContext { signal, run: None };
            let pairs = filter_pairs(&filters)?;
            let items = shared
                .list_all(collection, &pairs, signal)
                .await
                .map_err(|error| shared.js_error(error, context))?;
            Ok(to_js(&Value::Array(items)))
        })
    }
}

/// Validates, then finds or creates the task, then creates the run.
async fn submit_run(
    shared: &Shared,
    function: &Value,
    kind: TaskKind,
    params: &Value,
    signal: Option<&AbortSignal>,
) -> Result<Value, ClientError> {
    let project = shared.api.project();
    if !params.is_null() && !params.is_object() {
        check_params(params)?;
    }
    let level = match shared.level(signal).await {
        Ok(level) => level,
        Err(error) => {
            // Report what can be checked without the level rather than the failed request.
            check_params(params)?;
            python_function_reference(function, project)?;
            return Err(error);
        }
    };

    // The run spec is validated with a fresh task id before any request that changes state:
    // only the id part of `spec.task` can differ once the task is known.
    let new_task_id = new_entity_id();
    let (reference, params) = prepare_run(function, project, kind, params, &new_task_id, level)?;

    let lookup = shared
        .api
        .list(Collection::Tasks, &task_lookup_filters(&reference, kind), 0);
    let page = Page::parse(&shared.json(&lookup, signal).await?)?;
    let existing = page
        .content
        .first()
        .and_then(|task| entity_id(task).ok())
        .map(str::to_string);
    let task_id = match existing {
        Some(id) => id,
        None => {
            let dto = task_dto(project, kind, &reference, &new_task_id, &params, level);
            let request = shared.api.create(Collection::Tasks, &dto);
            let task = shared.json(&request, signal).await?;
            entity_id(&task).unwrap_or(&new_task_id).to_string()
        }
    };

    let spec = run_spec(project, kind, &task_id, &reference, &params);
    let function_key = text_field(function, "/key");
    let dto = run_dto(project, kind, &new_entity_id(), spec, level, function_key);
    let request = shared.api.create(Collection::Runs, &dto);
    run_entity(shared.json(&request, signal).await?)
}

/// Accepts a response as a run only when it is an object with an `id`. A `Run` built from
/// anything else would fail every later call with a confusing "run id \"\"" error.
fn run_entity(run: Value) -> Result<Value, ClientError> {
    entity_id(&run)?;
    Ok(run)
}

//! `FunctionBuilder`, `TaskBuilder` and `RunBuilder` for JS, and the key helpers `parseKey`,
//! `parseFunctionRef`, `parseTaskString`, `functionRef` and `taskString`: the JS face of
//! [`crate::builder`] and [`crate::keys`].
//!
//! Each setter changes the builder it is called on and returns a handle to that same builder,
//! so both `b.replicas(2); b.toJSON()` and `TaskBuilder.serve(f).replicas(2).toJSON()` work.
//! Misuse (a malformed reference, an unknown enum value, a value with no JSON form) throws a
//! `TypeError` whose message names the value and the expected form.
//!
//! Methods that take `{ apiLevel }` declare it as `ValidateOptions | void`, the TypeScript
//! spelling of an optional parameter that wasm-bindgen can emit.
//!
//! Objects such as volumes and affinity go into the spec as JSON, unchecked, and `validate()`
//! reports a wrong shape with its JSON Pointer. Reading them into the typed model here would
//! compile the model's deserializers into the `.wasm` file, about 60 KB before gzip.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::JSON;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use super::options::{api_level, type_error};
use super::validate::serialize_to_js;
use crate::builder::{FunctionBuilder, RunBuilder, TaskBuilder, TaskFieldSetters};
use crate::keys::{EntityKey, FunctionRef, TaskRef};
use crate::kind::TaskKind;
use crate::model::{PythonVersion, ServiceType};
use crate::validate::{Issue, Report};

#[wasm_bindgen(typescript_custom_section)]
const BUILDER_TYPES: &str = r#"
import type {
  Affinity, FunctionSpec, PythonVersion, Resources, ResourcesV13, RunKind, RunSpec, ServiceType,
  TaskKind, TaskSpec, Toleration, ValidateOptions, ValidationResult, Volume,
} from '../js/types.js';

/** The parts of an entity key `store://<project>/<entity>/<kind>/<name>[:<id>]`. */
export interface EntityKeyParts {
  project: string;
  entity: string;
  kind: string;
  name: string;
  /** Absent in a key to the latest version. */
  id?: string;
}

/** The parts of a function reference `<runtime>://<project>/<function>:<functionId>`. */
export interface FunctionRefParts {
  runtime: string;
  project: string;
  name: string;
  id: string;
}

/** The parts of a task string `<taskKind>://<project>/<taskId>`. */
export interface TaskStringParts {
  kind: string;
  project: string;
  taskId: string;
}

/** The body of a create request: `POST /api/v1/-/{project}/{entity}s`. */
export interface CreateDocument<Spec> {
  name?: string;
  kind: string;
  project: string;
  spec: Spec;
}
"#;

/// Converts a JS value to JSON through `JSON.stringify`, as `fetch` would send it.
fn json_from_js(value: &JsValue, what: &str) -> Result<Value, JsValue> {
    let text = JSON::stringify(value)
        .ok()
        .and_then(|text| JsValue::from(text).as_string())
        .ok_or_else(|| type_error(&format!("{what} has no JSON form; pass plain data")))?;
    serde_json::from_str(&text)
        .map_err(|error| type_error(&format!("{what} could not be read as JSON: {error}")))
}

/// Reads a JS string, or throws a `TypeError` naming `what`.
fn string_from_js(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| type_error(&format!("{what} must be a string")))
}

/// Reads a replica count: an integer from 0 to 2^32 - 1.
fn replicas_from_js(count: f64) -> Result<u32, JsValue> {
    let in_range = count.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&count);
    if !in_range {
        // JS formats the number: Rust's f64 Display would add about 14 KB to the module.
        let shown = js_sys::Number::from(count)
            .to_string_with_radix(10)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default();
        return Err(type_error(&format!(
            "replicas must be a whole number of 0 or more, got {shown}"
        )));
    }
    Ok(count as u32)
}

fn key_error(error: impl std::fmt::Display) -> JsValue {
    type_error(&error.to_string())
}

/// The `{ valid, issues }` object that `validate()` returns, shaped like `validateTask`'s.
#[derive(Serialize)]
struct Outcome<'a> {
    valid: bool,
    issues: &'a [Issue],
}

fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
    serialize_to_js(&Outcome {
        valid: report.is_valid(),
        issues: &report.issues,
    })
}

/// Builds the spec of a `python` function. A new builder has `python_version` `PYTHON3_10`,
/// which Core 0.13, 0.14 and 0.15 all accept, and `source.lang` `python`.
#[wasm_bindgen(js_name = FunctionBuilder)]
pub struct JsFunctionBuilder {
    // The builder is shared by every handle a setter returns. No JS code runs while it is
    // borrowed, so `borrow_mut` cannot find it borrowed.
    inner: Rc<RefCell<FunctionBuilder>>,
}

impl Default for JsFunctionBuilder {
    fn default() -> Self {
        JsFunctionBuilder::new()
    }
}

#[wasm_bindgen(js_class = FunctionBuilder)]
impl JsFunctionBuilder {
    /// Creates a builder with the defaults above.
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsFunctionBuilder {
        JsFunctionBuilder {
            inner: Rc::new(RefCell::new(FunctionBuilder::new())),
        }
    }

    fn handle(&self) -> JsFunctionBuilder {
        JsFunctionBuilder {
            inner: Rc::clone(&self.inner),
        }
    }

    /// Sets the code of a single-file function from its text; it is stored base64-encoded.
    pub fn code(&self, text: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().code(text);
        self.handle()
    }

    /// Sets the base64 of a single-file function directly.
    pub fn base64(&self, encoded: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().base64(encoded);
        self.handle()
    }

    /// Sets `source.source`: a URI of the code, or the file path inline code is written to.
    pub fn source(&self, source: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().source(source);
        self.handle()
    }

    /// Sets the handler: `func` for a single file, `pkg.module:func` inside a repository.
    pub fn handler(&self, handler: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().handler(handler);
        self.handle()
    }

    /// Sets the function that serve runs call once at start-up.
    #[wasm_bindgen(js_name = initFunction)]
    pub fn init_function(&self, name: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().init_function(name);
        self.handle()
    }

    /// Sets the Python version, such as `PYTHON3_12`.
    ///
    /// # Errors
    /// A `TypeError` for a value that is not a Python version of any level.
    #[wasm_bindgen(js_name = pythonVersion)]
    pub fn python_version(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PythonVersion")] version: &str,
    ) -> Result<JsFunctionBuilder, JsValue> {
        let parsed = PythonVersion::parse(version).ok_or_else(|| {
            let names: Vec<&str> = PythonVersion::ALL.iter().map(|v| v.as_str()).collect();
            type_error(&format!(
                "python version {version:?} is unknown: expected one of {}",
                names.join(", ")
            ))
        })?;
        self.inner.borrow_mut().python_version(parsed);
        Ok(self.handle())
    }

    /// Sets the image to run.
    pub fn image(&self, image: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().image(image);
        self.handle()
    }

    /// Sets the base image of images that Core builds.
    #[wasm_bindgen(js_name = baseImage)]
    pub fn base_image(&self, image: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().base_image(image);
        self.handle()
    }

    /// Adds a pip requirement line.
    pub fn requirement(&self, line: &str) -> JsFunctionBuilder {
        self.inner.borrow_mut().requirement(line);
        self.handle()
    }

    /// Returns the spec as a plain object.
    ///
    /// # Errors
    /// Only if `JSON.parse` fails, which it does not for serde_json's output.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FunctionSpec")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let spec = self.inner.borrow().to_json();
        serialize_to_js(&spec)
    }

    /// Returns the create request body of a function called `name` in `project`.
    ///
    /// # Errors
    /// Only if `JSON.parse` fails, which it does not for serde_json's output.
    #[wasm_bindgen(unchecked_return_type = "CreateDocument<FunctionSpec>")]
    pub fn document(&self, project: &str, name: &str) -> Result<JsValue, JsValue> {
        // Assembled here rather than serialized as a `Function`, so that the entity types'
        // `Serialize` impls stay out of the `.wasm` file.
        let document = {
            let builder = self.inner.borrow();
            let function = builder.document(project, name);
            json!({
                "name": function.name,
                "kind": function.kind,
                "project": function.project,
                "spec": builder.to_json(),
            })
        };
        serialize_to_js(&document)
    }

    /// Validates the spec at `options.apiLevel` (default 15) and returns `{ valid, issues }`.
    ///
    /// # Errors
    /// A `TypeError` for a bad `apiLevel`.
    #[wasm_bindgen(unchecked_return_type = "ValidationResult")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ValidateOptions | void")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let level = api_level(&options.unwrap_or(JsValue::UNDEFINED))?;
        let report = self.inner.borrow().validate(level);
        report_to_js(&report)
    }
}

/// Builds the spec of a `python+job`, `python+serve` or `python+build` task. It adds no
/// defaults, so Core's apply: for serve, 1 replica and Service type `NodePort` unless the
/// profile or Core's settings set other values.
#[wasm_bindgen(js_name = TaskBuilder)]
pub struct JsTaskBuilder {
    // Shared by every handle a setter returns; see `JsFunctionBuilder`.
    inner: Rc<RefCell<TaskBuilder>>,
}

fn function_ref_from_js(function: &str) -> Result<FunctionRef, JsValue> {
    FunctionRef::parse(function).map_err(key_error)
}

fn task_kind_from_js(kind: &str) -> Result<TaskKind, JsValue> {
    TaskKind::parse(kind).map_err(|error| type_error(&error.to_string()))
}

#[wasm_bindgen(js_class = TaskBuilder)]
impl JsTaskBuilder {
    /// Creates a builder of a task of `kind` that runs the function `functionRef`
    /// (`python://<project>/<name>:<id>`).
    ///
    /// # Errors
    /// A `TypeError` for an unknown kind or a malformed function reference.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TaskKind")] kind: &str,
        #[wasm_bindgen(js_name = functionRef)] function_ref: &str,
    ) -> Result<JsTaskBuilder, JsValue> {
        let kind = task_kind_from_js(kind)?;
        let function = function_ref_from_js(function_ref)?;
        Ok(JsTaskBuilder::wrap(TaskBuilder::new(kind, function)))
    }

    fn wrap(builder: TaskBuilder) -> JsTaskBuilder {
        JsTaskBuilder {
            inner: Rc::new(RefCell::new(builder)),
        }
    }

    fn handle(&self) -> JsTaskBuilder {
        JsTaskBuilder {
            inner: Rc::clone(&self.inner),
        }
    }

    /// Creates a builder of a `python+job` task.
    ///
    /// # Errors
    /// A `TypeError` for a malformed function reference.
    pub fn job(
        #[wasm_bindgen(js_name = functionRef)] function_ref: &str,
    ) -> Result<JsTaskBuilder, JsValue> {
        let function = function_ref_from_js(function_ref)?;
        Ok(JsTaskBuilder::wrap(TaskBuilder::job(function)))
    }

    /// Creates a builder of a `python+serve` task.
    ///
    /// # Errors
    /// A `TypeError` for a malformed function reference.
    pub fn serve(
        #[wasm_bindgen(js_name = functionRef)] function_ref: &str,
    ) -> Result<JsTaskBuilder, JsValue> {
        let function = function_ref_from_js(function_ref)?;
        Ok(JsTaskBuilder::wrap(TaskBuilder::serve(function)))
    }

    /// Creates a builder of a `python+build` task.
    ///
    /// # Errors
    /// A `TypeError` for a malformed function reference.
    pub fn build(
        #[wasm_bindgen(js_name = functionRef)] function_ref: &str,
    ) -> Result<JsTaskBuilder, JsValue> {
        let function = function_ref_from_js(function_ref)?;
        Ok(JsTaskBuilder::wrap(TaskBuilder::build(function)))
    }

    /// Returns the task kind, such as `python+serve`.
    #[wasm_bindgen(getter, unchecked_return_type = "TaskKind")]
    pub fn kind(&self) -> String {
        self.inner.borrow().kind().as_str().to_string()
    }

    /// Returns the spec as a plain object. Fields of another action are left out.
    ///
    /// # Errors
    /// Only if `JSON.parse` fails, which it does not for serde_json's output.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TaskSpec")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let spec = self.inner.borrow().to_json();
        serialize_to_js(&spec)
    }

    /// Returns the create request body; its project is the function's.
    ///
    /// # Errors
    /// Only if `JSON.parse` fails, which it does not for serde_json's output.
    #[wasm_bindgen(unchecked_return_type = "CreateDocument<TaskSpec>")]
    pub fn document(&self) -> Result<JsValue, JsValue> {
        let document = self.inner.borrow().document();
        serialize_to_js(&json!({
            "kind": document.kind,
            "project": document.project,
            "spec": document.spec,
        }))
    }

    /// Validates the spec at `options.apiLevel` (default 15) and returns `{ valid, issues }`,
    /// including a `wrong-action` issue for each field set for another action.
    ///
    /// # Errors
    /// A `TypeError` for a bad `apiLevel`.
    #[wasm_bindgen(unchecked_return_type = "ValidationResult")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ValidateOptions | void")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let level = api_level(&options.unwrap_or(JsValue::UNDEFINED))?;
        let report = self.inner.borrow().validate(level);
        report_to_js(&report)
    }
}

/// Builds the spec of a run of a python task. The spec always carries `function` and
/// `local_execution: false` (Core's default: build and start the run on create). Task fields
/// set on it override the task's values for this run.
#[wasm_bindgen(js_name = RunBuilder)]
pub struct JsRunBuilder {
    // Shared by every handle a setter returns; see `JsFunctionBuilder`.
    inner: Rc<RefCell<RunBuilder>>,
}

#[wasm_bindgen(js_class = RunBuilder)]
impl JsRunBuilder {
    /// Creates a builder of a run of the task `taskString` (`python+serve://<project>/<taskId>`)
    /// whose function is `functionRef` (`python://<project>/<name>:<id>`).
    ///
    /// # Errors
    /// A `TypeError` for a malformed task string or function reference, or a task kind that is
    /// not a python task kind.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = taskString)] task_string: &str,
        #[wasm_bindgen(js_name = functionRef)] function_ref: &str,
    ) -> Result<JsRunBuilder, JsValue> {
        let task = TaskRef::parse(task_string).map_err(key_error)?;
        let function = function_ref_from_js(function_ref)?;
        let builder =
            RunBuilder::new(task, function).map_err(|error| type_error(&error.to_string()))?;
        Ok(JsRunBuilder {
            inner: Rc::new(RefCell::new(builder)),
        })
    }

    fn handle(&self) -> JsRunBuilder {
        JsRunBuilder {
            inner: Rc::clone(&self.inner),
        }
    }

    /// Sets whether Core only records the run (`true`) or also builds and starts it.
    #[wasm_bindgen(js_name = localExecution)]
    pub fn local_execution(&self, local: bool) -> JsRunBuilder {
        self.inner.borrow_mut().local_execution(local);
        self.handle()
    }

    /// Adds an input entity by its key (`store://…`).
    pub fn input(&self, name: &str, key: &str) -> JsRunBuilder {
        self.inner.borrow_mut().input(name, key);
        self.handle()
    }

    /// Adds a keyword argument of the handler (job runs); `value` is any JSON value.
    ///
    /// # Errors
    /// A `TypeError` when `value` has no JSON form.
    pub fn parameter(
        &self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    ) -> Result<JsRunBuilder, JsValue> {
        let value = json_from_js(&value, &format!("parameter {name:?}"))?;
        self.inner.borrow_mut().parameter(name, value);
        Ok(self.handle())
    }

    /// Adds a keyword argument of the init function (serve runs); `value` is any JSON value.
    ///
    /// # Errors
    /// A `TypeError` when `value` has no JSON form.
    #[wasm_bindgen(js_name = initParameter)]
    pub fn init_parameter(
        &self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    ) -> Result<JsRunBuilder, JsValue> {
        let value = json_from_js(&value, &format!("init parameter {name:?}"))?;
        self.inner.borrow_mut().init_parameter(name, value);
        Ok(self.handle())
    }

    /// Returns the run kind for `options.apiLevel` (default 15): `python+run` at 13,
    /// `<task kind>:run` from 14.
    ///
    /// # Errors
    /// A `TypeError` for a bad `apiLevel`.
    #[wasm_bindgen(js_name = runKind, unchecked_return_type = "RunKind")]
    pub fn run_kind(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ValidateOptions | void")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let level = api_level(&options.unwrap_or(JsValue::UNDEFINED))?;
        Ok(self.inner.borrow().run_kind(level).as_str().to_string())
    }

    /// Returns the spec as a plain object. Task fields of another action are left out.
    ///
    /// # Errors
    /// Only if `JSON.parse` fails, which it does not for serde_json's output.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RunSpec")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        let spec = self.inner.borrow().to_json();
        serialize_to_js(&spec)
    }

    /// Returns the create request body for `options.apiLevel` (default 15); its project is the
    /// task string's.
    ///
    /// # Errors
    /// A `TypeError` for a bad `apiLevel`.
    #[wasm_bindgen(unchecked_return_type = "CreateDocument<RunSpec>")]
    pub fn document(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ValidateOptions | void")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let level = api_level(&options.unwrap_or(JsValue::UNDEFINED))?;
        let document = self.inner.borrow().document(level);
        serialize_to_js(&json!({
            "kind": document.kind,
            "project": document.project,
            "spec": document.spec,
        }))
    }

    /// Validates the spec at `options.apiLevel` (default 15) and returns `{ valid, issues }`,
    /// including a `wrong-action` issue for each task field set for another action.
    ///
    /// # Errors
    /// A `TypeError` for a bad `apiLevel`.
    #[wasm_bindgen(unchecked_return_type = "ValidationResult")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ValidateOptions | void")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let level = api_level(&options.unwrap_or(JsValue::UNDEFINED))?;
        let report = self.inner.borrow().validate(level);
        report_to_js(&report)
    }
}

/// Declares the task field setters of a JS builder class whose `inner` builder implements
/// [`TaskFieldSetters`].
macro_rules! task_field_setters {
    ($builder:ident, $class:literal) => {
        #[wasm_bindgen(js_class = $class)]
        impl $builder {
            /// Adds a volume `{ volume_type, name, mount_path, spec? }`.
            ///
            /// # Errors
            /// A `TypeError` when `volume` has no JSON form. `validate()` checks its shape.
            pub fn volume(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Volume")] volume: JsValue,
            ) -> Result<$builder, JsValue> {
                let volume = json_from_js(&volume, "volume")?;
                self.inner.borrow_mut().volume_json(volume);
                Ok(self.handle())
            }

            /// Sets the resources: `{ cpu, mem, gpu, disk }` strings from level 14, or
            /// `{ cpu: { requests, limits }, … }` at level 13.
            ///
            /// # Errors
            /// A `TypeError` when `resources` has no JSON form. `validate()` checks its shape.
            pub fn resources(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Resources | ResourcesV13")]
                resources: JsValue,
            ) -> Result<$builder, JsValue> {
                let resources = json_from_js(&resources, "resources")?;
                self.inner.borrow_mut().resources_json(resources);
                Ok(self.handle())
            }

            /// Adds an environment variable.
            pub fn env(&self, name: &str, value: &str) -> $builder {
                self.inner.borrow_mut().env(name, value);
                self.handle()
            }

            /// Adds the name of a project secret to inject as environment variables.
            pub fn secret(&self, name: &str) -> $builder {
                self.inner.borrow_mut().secret(name);
                self.handle()
            }

            /// Sets the admin template (profile) id.
            pub fn profile(&self, profile: &str) -> $builder {
                self.inner.borrow_mut().profile(profile);
                self.handle()
            }

            /// Adds a node label the pod requires (levels 13 and 14; 15 drops it).
            #[wasm_bindgen(js_name = nodeSelector)]
            pub fn node_selector(&self, key: &str, value: &str) -> $builder {
                self.inner.borrow_mut().node_selector(key, value);
                self.handle()
            }

            /// Sets the Kubernetes affinity, with Kubernetes' camelCase field names
            /// (levels 13 and 14; 15 drops it).
            ///
            /// # Errors
            /// A `TypeError` when `affinity` has no JSON form. `validate()` checks its shape.
            pub fn affinity(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Affinity")] affinity: JsValue,
            ) -> Result<$builder, JsValue> {
                let affinity = json_from_js(&affinity, "affinity")?;
                self.inner.borrow_mut().affinity_json(affinity);
                Ok(self.handle())
            }

            /// Adds a Kubernetes toleration (levels 13 and 14; 15 drops it).
            ///
            /// # Errors
            /// A `TypeError` when `toleration` has no JSON form. `validate()` checks its shape.
            pub fn toleration(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Toleration")] toleration: JsValue,
            ) -> Result<$builder, JsValue> {
                let toleration = json_from_js(&toleration, "toleration")?;
                self.inner.borrow_mut().toleration_json(toleration);
                Ok(self.handle())
            }

            /// Sets the Kubernetes RuntimeClass (levels 13 and 14; 15 drops it).
            #[wasm_bindgen(js_name = runtimeClass)]
            pub fn runtime_class(&self, name: &str) -> $builder {
                self.inner.borrow_mut().runtime_class(name);
                self.handle()
            }

            /// Sets the Kubernetes PriorityClass (levels 13 and 14; 15 drops it).
            #[wasm_bindgen(js_name = priorityClass)]
            pub fn priority_class(&self, name: &str) -> $builder {
                self.inner.borrow_mut().priority_class(name);
                self.handle()
            }

            /// Sets the pod count of a serve deployment.
            ///
            /// # Errors
            /// A `TypeError` unless `count` is a whole number from 0 to 2^32 - 1.
            pub fn replicas(&self, count: f64) -> Result<$builder, JsValue> {
                let count = replicas_from_js(count)?;
                self.inner.borrow_mut().replicas(count);
                Ok(self.handle())
            }

            /// Sets the Kubernetes Service type of a serve deployment.
            ///
            /// # Errors
            /// A `TypeError` for a value other than `ExternalName`, `ClusterIP`, `NodePort`
            /// and `LoadBalancer`.
            #[wasm_bindgen(js_name = serviceType)]
            pub fn service_type(
                &self,
                #[wasm_bindgen(unchecked_param_type = "ServiceType")] service_type: &str,
            ) -> Result<$builder, JsValue> {
                let parsed = ServiceType::parse(service_type).ok_or_else(|| {
                    type_error(&format!(
                        "service type {service_type:?} is unknown: expected ExternalName, \
                         ClusterIP, NodePort or LoadBalancer"
                    ))
                })?;
                self.inner.borrow_mut().service_type(parsed);
                Ok(self.handle())
            }

            /// Sets the suffix of the extra alias Service of a serve deployment (level 14 on).
            #[wasm_bindgen(js_name = serviceName)]
            pub fn service_name(&self, name: &str) -> $builder {
                self.inner.borrow_mut().service_name(name);
                self.handle()
            }

            /// Adds a Dockerfile `RUN` line to a build.
            pub fn instruction(&self, line: &str) -> $builder {
                self.inner.borrow_mut().instruction(line);
                self.handle()
            }

            /// Sets the cron schedule of a job (level 13 only).
            pub fn schedule(&self, cron: &str) -> $builder {
                self.inner.borrow_mut().schedule(cron);
                self.handle()
            }
        }
    };
}

task_field_setters!(JsTaskBuilder, "TaskBuilder");
task_field_setters!(JsRunBuilder, "RunBuilder");

/// Parses an entity key `store://<project>/<entity>/<kind>/<name>[:<id>]` into its parts.
///
/// # Errors
/// A `TypeError` naming the key, the expected format and the first problem.
#[wasm_bindgen(js_name = parseKey, unchecked_return_type = "EntityKeyParts")]
pub fn parse_key(
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
) -> Result<JsValue, JsValue> {
    let key = EntityKey::parse(&string_from_js(&key, "key")?).map_err(key_error)?;
    let mut parts = json!({
        "project": key.project(),
        "entity": key.entity(),
        "kind": key.kind(),
        "name": key.name(),
    });
    if let Some(id) = key.id() {
        parts["id"] = Value::from(id);
    }
    serialize_to_js(&parts)
}

/// Parses a function reference `<runtime>://<project>/<function>:<functionId>`.
///
/// # Errors
/// A `TypeError` naming the reference, the expected format and the first problem.
#[wasm_bindgen(js_name = parseFunctionRef, unchecked_return_type = "FunctionRefParts")]
pub fn parse_function_ref(
    #[wasm_bindgen(js_name = functionRef, unchecked_param_type = "string")] function_ref: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_from_js(&function_ref, "function reference")?;
    let function = FunctionRef::parse(&text).map_err(key_error)?;
    serialize_to_js(&json!({
        "runtime": function.runtime(),
        "project": function.project(),
        "name": function.name(),
        "id": function.id(),
    }))
}

/// Parses a task string `<taskKind>://<project>/<taskId>`.
///
/// # Errors
/// A `TypeError` naming the string, the expected format and the first problem, such as a `:`
/// in the task id.
#[wasm_bindgen(js_name = parseTaskString, unchecked_return_type = "TaskStringParts")]
pub fn parse_task_string(
    #[wasm_bindgen(js_name = taskString, unchecked_param_type = "string")] task_string: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_from_js(&task_string, "task string")?;
    let task = TaskRef::parse(&text).map_err(key_error)?;
    serialize_to_js(&json!({
        "kind": task.kind(),
        "project": task.project(),
        "taskId": task.task_id(),
    }))
}

/// Builds the reference `python://<project>/<name>:<id>` of a python function.
///
/// # Errors
/// A `TypeError` when a part is empty, `project` contains `/`, `name` contains `:`, or `id`
/// contains a line break.
#[wasm_bindgen(js_name = functionRef)]
pub fn function_ref(project: &str, name: &str, id: &str) -> Result<String, JsValue> {
    let function = FunctionRef::python(project, name, id).map_err(key_error)?;
    Ok(function.to_string())
}

/// Builds the task string `<kind>://<project>/<taskId>` of a python task.
///
/// # Errors
/// A `TypeError` for a kind other than the python task kinds, an empty part, a `/` in
/// `project` or a `:` in `taskId`.
#[wasm_bindgen(js_name = taskString)]
pub fn task_string(
    #[wasm_bindgen(unchecked_param_type = "TaskKind")] kind: &str,
    project: &str,
    #[wasm_bindgen(js_name = taskId)] task_id: &str,
) -> Result<String, JsValue> {
    let kind = task_kind_from_js(kind)?;
    let task = TaskRef::new(kind, project, task_id).map_err(key_error)?;
    Ok(task.to_string())
}

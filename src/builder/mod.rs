//! Builders that construct function, task and run specs in code.
//!
//! Each builder sets only what the caller sets, plus the few values it documents (such as a
//! function's Python version, which Core requires without a default). It returns the typed
//! spec, its JSON, a create-request document, and a validation [`Report`](crate::validate::Report)
//! for an API level.

mod function;
mod run;
mod task;
mod task_fields;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod schema_tests;
#[cfg(test)]
mod tests;

pub use function::{FunctionBuilder, DEFAULT_PYTHON_VERSION};
pub use run::RunBuilder;
pub use task::TaskBuilder;
pub use task_fields::TaskFieldSetters;

/// Serializes a value of the model as JSON.
fn model_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    // The model serializes without errors: every map has string keys and no type has a
    // failing Serialize impl, so the fallback is never taken.
    serde_json::to_value(value).unwrap_or_default()
}

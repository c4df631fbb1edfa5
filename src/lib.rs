//! Typed specs, validation and JSON Schemas for DigitalHub's python functions, tasks and runs.
//!
//! The modules below are plain Rust and run on any target. The JavaScript bindings live in
//! `wasm` and exist only on `wasm32`.

pub mod builder;
pub mod keys;
pub mod kind;
pub mod level;
pub mod model;
pub mod protocol;
pub mod schema;
pub mod validate;

/// JavaScript bindings (`validateTask` and the rest); public only so the wasm tests can call them.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

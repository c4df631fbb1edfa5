//! JavaScript bindings, compiled only for `wasm32`. Everything here converts between JS values and
//! the plain Rust API; no validation or protocol logic lives in this module.
//!
//! Every export is named in camelCase for JS. Its TypeScript declaration is hand-written in
//! `js/index.d.ts` when the generated one would say `any`.

pub mod builders;
pub mod client;
mod client_error;
pub mod errors;
mod heap_growth;
pub mod invoke_response;
mod js_json;
mod options;
pub mod run;
pub mod schema;
mod transport;
pub mod validate;

/// The allocator of the wasm module. Talc's wasm code is about 7 KB smaller than the default
/// dlmalloc's, and its own benchmarks measure it as faster. The wrapper makes memory growth
/// geometric (see `heap_growth`).
#[global_allocator]
static ALLOCATOR: heap_growth::GeometricGrowth<talc::wasm::WasmDynamicTalc> =
    heap_growth::GeometricGrowth(talc::wasm::new_wasm_dynamic_allocator());

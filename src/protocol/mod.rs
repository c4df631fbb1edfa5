//! DigitalHub Core's REST protocol as plain data: the request of every call, the DTOs the
//! client posts, how responses and errors read, when to poll a run again, and how a served run
//! is invoked. Nothing here performs I/O, so all of it runs under `cargo test` on the host; the
//! fetch transport in `wasm` sends what this module builds.

pub mod configuration;
pub mod endpoint;
pub mod entity;
pub mod error;
pub mod function_body;
pub mod id;
pub mod invoke;
pub mod logs;
pub mod page;
pub mod percent_encoding;
pub mod request;
pub mod retry;
pub mod run_body;
pub mod token;
pub mod wait;

pub use endpoint::{Api, Collection, Endpoint};
pub use error::{error_from_response, ClientError};
pub use request::{Body, Credentials, Method, Request};
pub use token::Token;
pub use wait::{Until, WaitPolicy, WaitStep, Waiter};

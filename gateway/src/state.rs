//! The state every request handler and run supervisor shares.

use std::path::PathBuf;
use std::sync::Arc;

use digitalhub_tasks::level::ApiLevel;

use crate::config::Credentials;
use crate::runtime::Supervisor;
use crate::store::Store;

/// One running gateway.
pub struct Gateway {
    pub store: Store,
    pub level: ApiLevel,
    /// Public base URL, `http://host:port`.
    pub endpoint: String,
    /// Directory for run work files, virtual environments and the runtime script.
    pub work_dir: PathBuf,
    /// Directory that relative `source.source` paths are resolved against first.
    pub data_dir: Option<PathBuf>,
    pub python: String,
    pub credentials: Credentials,
    pub supervisor: Supervisor,
    /// HTTP client for the run proxy.
    pub http: reqwest::Client,
}

/// The shared handle given to handlers.
pub type SharedGateway = Arc<Gateway>;

impl Gateway {
    /// The version string Core publishes for the level, such as `0.15.0`.
    pub fn core_version(&self) -> String {
        format!("{}.0", self.level.core_version())
    }
}

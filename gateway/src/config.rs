//! Gateway settings, as the command line or a test sets them.

use std::net::SocketAddr;
use std::path::PathBuf;

use digitalhub_tasks::level::ApiLevel;

/// Where the gateway keeps its entities.
#[derive(Debug, Clone)]
pub enum Storage {
    /// A SQLite file and the run work files in this directory; entities survive a restart.
    DataDir(PathBuf),
    /// An in-memory database; run work files go to a temporary directory.
    Memory,
}

/// Credentials the gateway accepts. With none configured every request is allowed, as Core
/// does when no authentication is set up.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// Accepted bearer tokens.
    pub tokens: Vec<String>,
    /// Accepted HTTP Basic user and password.
    pub basic: Option<(String, String)>,
}

impl Credentials {
    /// True when at least one credential is configured, so requests must authenticate.
    pub fn required(&self) -> bool {
        !self.tokens.is_empty() || self.basic.is_some()
    }
}

/// Everything [`crate::serve`] needs to start a gateway.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind; port 0 picks a free port.
    pub listen: SocketAddr,
    pub storage: Storage,
    /// Core API level to imitate.
    pub level: ApiLevel,
    pub credentials: Credentials,
    /// Origins allowed to call `/api/**` from a browser. Empty disables CORS there, as in
    /// Core without `DH_CORS_ORIGINS`.
    pub cors_origins: Vec<String>,
    /// Directory of static files served at `/`.
    pub www: Option<PathBuf>,
    /// Python interpreter used for runs and for creating virtual environments.
    pub python: String,
}

impl Config {
    /// A configuration for tests and embedding: loopback with a free port, in-memory
    /// storage, level 15, no credentials.
    pub fn local() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            storage: Storage::Memory,
            level: ApiLevel::V15,
            credentials: Credentials::default(),
            cors_origins: Vec::new(),
            www: None,
            python: "python3".to_string(),
        }
    }
}

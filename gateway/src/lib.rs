//! A development gateway that speaks DigitalHub Core's REST API on one machine and really
//! runs python functions: jobs as one-shot processes, serve functions as local HTTP
//! servers reached through Core's run proxy, builds as rendered Dockerfiles.
//!
//! [`serve`] starts a gateway in the current tokio runtime and returns its address, which
//! is how the tests run it.

mod api;
mod api_headers;
mod auth;
pub mod cli;
pub mod config;
mod cors;
mod data_dir_lock;
mod entity;
mod error;
mod names;
mod page;
mod query;
mod recovery;
mod run_state;
mod runtime;
mod spec_check;
mod spec_fields;
mod state;
mod store;
mod temporary_dir;
mod timestamp;
mod transition;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{Config, Credentials, Storage};

use data_dir_lock::DataDirLock;
use state::Gateway;
use store::Store;

/// A failure to start the gateway.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot bind {address}: {source}")]
    Bind {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot prepare the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Store(#[from] store::StoreError),
}

/// How long shutdown waits for open connections to close, and then for the run supervisors
/// to kill their processes.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// A running gateway: its address, and the means to stop it.
pub struct Running {
    /// The address the gateway listens on.
    pub address: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    gateway: Arc<Gateway>,
    /// Work directory of an in-memory gateway, removed on stop.
    temporary_dir: Option<PathBuf>,
    /// Lock on the data directory, released when the gateway is dropped.
    _data_dir_lock: Option<DataDirLock>,
}

impl Running {
    /// Stops accepting requests, kills every run process and waits for the server to end.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.gateway.supervisor.stop_all();
        // Graceful shutdown waits for open requests, and a client that never finishes
        // sending one would hold the gateway forever, so the wait is bounded.
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut self.task)
            .await
            .is_err()
        {
            tracing::warn!("open connections did not close in time; dropping them");
            self.task.abort();
        }
        if !self
            .gateway
            .supervisor
            .wait_until_idle(SHUTDOWN_GRACE)
            .await
        {
            tracing::warn!("some run processes did not end before shutdown");
        }
        if let Some(dir) = self.temporary_dir.take() {
            if let Err(error) = std::fs::remove_dir_all(&dir) {
                tracing::warn!(dir = %dir.display(), %error, "could not remove the work directory");
            }
        }
        tracing::info!(address = %self.address, "gateway stopped");
    }

    /// Returns the public base URL, `http://host:port`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the directory of run files, virtual environments and the runtime script.
    pub fn work_dir(&self) -> &std::path::Path {
        &self.gateway.work_dir
    }
}

impl Drop for Running {
    /// Stops a gateway dropped without [`Running::stop`]: the server task ends, the run
    /// supervisors are told to kill their processes, and an in-memory gateway's work
    /// directory is removed without waiting for them.
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
            self.gateway.supervisor.stop_all();
            self.task.abort();
        }
        if let Some(dir) = self.temporary_dir.take() {
            if let Err(error) = std::fs::remove_dir_all(&dir) {
                tracing::debug!(dir = %dir.display(), %error, "could not remove the work directory");
            }
        }
    }
}

/// Builds the run proxy's HTTP client. It follows no redirects, so an upstream cannot send the
/// proxy past its destination check, and it ignores `HTTP_PROXY`, because service URLs are
/// loopback addresses.
fn proxy_client() -> reqwest::Client {
    let built = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build();
    match built {
        Ok(client) => client,
        Err(error) => {
            tracing::warn!(%error, "could not configure the proxy client; using defaults");
            reqwest::Client::new()
        }
    }
}

/// Opens the storage, binds the listener and starts serving in the background.
///
/// # Errors
/// [`StartError`] when the data directory, database or address cannot be used.
pub async fn serve(config: Config) -> Result<Running, StartError> {
    let (store, work_dir, data_dir, data_dir_lock) = match &config.storage {
        Storage::DataDir(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| StartError::DataDir {
                path: dir.clone(),
                source,
            })?;
            let lock = DataDirLock::acquire(dir).map_err(|source| StartError::DataDir {
                path: dir.clone(),
                source,
            })?;
            let store = Store::open(&dir.join("gateway.sqlite3"))?;
            (store, dir.clone(), Some(dir.clone()), Some(lock))
        }
        Storage::Memory => {
            let stale = temporary_dir::remove_stale();
            if stale > 0 {
                tracing::info!(
                    directories = stale,
                    "removed work directories of ended gateways"
                );
            }
            (Store::in_memory()?, temporary_dir::new_path(), None, None)
        }
    };
    runtime::install_runtime_script(&work_dir).map_err(|source| StartError::DataDir {
        path: work_dir.clone(),
        source,
    })?;

    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| StartError::Bind {
            address: config.listen,
            source,
        })?;
    let address = listener.local_addr().map_err(|source| StartError::Bind {
        address: config.listen,
        source,
    })?;

    let gateway = Arc::new(Gateway {
        store,
        level: config.level,
        endpoint: format!("http://{address}"),
        work_dir: work_dir.clone(),
        data_dir,
        python: config.python.clone(),
        credentials: config.credentials.clone(),
        supervisor: runtime::Supervisor::default(),
        http: proxy_client(),
    });
    recovery::fail_orphaned_runs(&gateway)?;

    let app = api::router(
        gateway.clone(),
        config.cors_origins.clone(),
        config.www.clone(),
    )
    .layer(
        tower_http::trace::TraceLayer::new_for_http().make_span_with(
            |request: &axum::http::Request<axum::body::Body>| {
                // The query string is left out because clients may put credentials there.
                tracing::debug_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                )
            },
        ),
    );

    let (shutdown, signal) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = signal.await;
            })
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "server failed");
        }
    });

    tracing::info!(
        %address,
        level = config.level.number(),
        storage = %match &config.storage {
            Storage::DataDir(dir) => dir.display().to_string(),
            Storage::Memory => "memory".to_string(),
        },
        work_dir = %work_dir.display(),
        authentication = config.credentials.required(),
        "gateway started"
    );

    let temporary_dir = match config.storage {
        Storage::Memory => Some(work_dir),
        Storage::DataDir(_) => None,
    };
    Ok(Running {
        address,
        shutdown: Some(shutdown),
        task,
        gateway,
        temporary_dir,
        _data_dir_lock: data_dir_lock,
    })
}

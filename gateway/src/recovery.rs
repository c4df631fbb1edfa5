//! Start-up repair: runs whose process died with a previous gateway become ERROR.

use crate::error::ApiError;
use crate::run_state::RunState;
use crate::runtime;
use crate::state::Gateway;
use crate::store::{Collection, StoreError};
use crate::transition;

/// Message stored on runs that were alive when the gateway stopped.
pub const ORPHAN_MESSAGE: &str =
    "the gateway restarted and the run's process is gone; create a new run";

/// Kills the processes an earlier gateway on this data directory left running, moves every
/// run in READY, PENDING, RUNNING, STOP or RESUME to ERROR, and finishes deletions that were
/// under way.
///
/// # Errors
/// [`StoreError`] when the runs cannot be read or written.
pub fn fail_orphaned_runs(gateway: &Gateway) -> Result<(), StoreError> {
    if gateway.data_dir.is_some() {
        let killed = runtime::kill_leftover_processes(&gateway.work_dir);
        if killed > 0 {
            tracing::warn!(
                processes = killed,
                "killed run processes of an earlier gateway"
            );
        }
    }
    for run in gateway.store.list(Collection::Run, None)? {
        let Some(state) = transition::current_state(&run) else {
            continue;
        };
        let id = run.get("id").and_then(|id| id.as_str()).unwrap_or_default();
        if state == RunState::Deleting {
            gateway
                .store
                .delete_many(&[(Collection::Run, id.to_string())])?;
            let _ = std::fs::remove_dir_all(runtime::run_dir(&gateway.work_dir, id));
            tracing::info!(run = id, "deletion finished after restart");
            continue;
        }

        let orphaned = matches!(
            state,
            RunState::Ready
                | RunState::Pending
                | RunState::Running
                | RunState::Stop
                | RunState::Resume
        );
        if !orphaned {
            continue;
        }

        match transition::report(gateway, id, RunState::Error, Some(ORPHAN_MESSAGE), |_| {}) {
            Ok(_) => tracing::warn!(run = id, from = %state, "run marked ERROR after restart"),
            Err(ApiError { message, .. }) => {
                tracing::error!(run = id, %message, "could not mark the run ERROR")
            }
        }
    }
    Ok(())
}

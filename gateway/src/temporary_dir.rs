//! Work directories of in-memory gateways: `digitalhub-gateway-<pid>-<uuid>` in the system
//! temporary directory, removed on stop, and swept at start-up when their gateway process is
//! gone.

use std::path::PathBuf;

/// File name prefix of the work directories.
const PREFIX: &str = "digitalhub-gateway-";

/// Returns a new, unique work directory path for this process.
pub fn new_path() -> PathBuf {
    std::env::temp_dir().join(format!(
        "{PREFIX}{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ))
}

/// True when a process with this id exists, including one of another user.
fn process_exists(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists; it has no memory effects.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // NOTE: without a way to check processes, every directory is assumed in use.
        let _ = pid;
        true
    }
}

/// Removes the work directories of in-memory gateways whose process no longer exists, such
/// as ones killed with SIGKILL. Returns how many were removed.
pub fn remove_stale() -> usize {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || process_exists(pid) {
            continue;
        }
        match std::fs::remove_dir_all(entry.path()) {
            Ok(()) => removed += 1,
            Err(error) => {
                tracing::debug!(dir = %entry.path().display(), %error, "could not remove a stale work directory");
            }
        }
    }
    removed
}

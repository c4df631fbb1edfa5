//! Process groups for the processes a run starts (the runtime script, `venv`, `pip`), so
//! that stopping a run also ends every process its handler started.
//!
//! Each command becomes the leader of a new process group whose id is its pid, and the
//! gateway kills the whole group. On Linux the leader also gets `SIGKILL` when the gateway
//! dies, and every process of the run carries [`RUN_DIR_ENV`], so a restarted gateway can
//! find what a killed one left behind.

use std::path::Path;

use tokio::process::Command;

/// Environment variable naming the run directory, set on every process a run starts and
/// inherited by the processes those start.
pub const RUN_DIR_ENV: &str = "DIGITALHUB_GATEWAY_RUN_DIR";

/// Makes the command lead a new process group and marks it with the run directory.
pub fn isolate(command: &mut Command, run_dir: &Path) {
    command.env(RUN_DIR_ENV, run_dir);
    #[cfg(unix)]
    command.process_group(0);
    #[cfg(target_os = "linux")]
    {
        // SAFETY: the closure runs in the forked child before exec and only calls prctl,
        // which is async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                // NOTE: Linux sends the signal when the thread that forked the child ends.
                // Processes are spawned from tokio worker threads, which live as long as the
                // gateway's runtime.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}

/// Sends `SIGKILL` to every process in the group that `leader` leads. Returns false when no
/// process of the group is left.
pub fn kill_group(leader: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(group) = libc::pid_t::try_from(leader) else {
            return false;
        };
        if group <= 1 {
            return false;
        }
        // SAFETY: killpg takes plain integers and has no memory effects.
        unsafe { libc::killpg(group, libc::SIGKILL) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = leader;
        false
    }
}

/// Kills every process whose [`RUN_DIR_ENV`] names a directory inside `runs_root`: what a
/// gateway that died without stopping its runs left behind. Returns how many processes were
/// killed.
pub fn kill_leftovers(runs_root: &Path) -> usize {
    let prefix = format!("{}/", runs_root.display());
    kill_marked(|run_dir| run_dir.starts_with(prefix.as_bytes()))
}

/// Kills every process of one run that is still alive, found by [`RUN_DIR_ENV`]: those that
/// left the run's process group, with `setsid` for example. Returns how many were killed.
pub fn kill_run_processes(run_dir: &Path) -> usize {
    let expected = run_dir.display().to_string();
    kill_marked(|value| value == expected.as_bytes())
}

/// Kills every process other than the gateway whose [`RUN_DIR_ENV`] value passes `matches`.
///
/// NOTE: only Linux is handled, because the scan reads `/proc`; elsewhere nothing is killed.
fn kill_marked(matches: impl Fn(&[u8]) -> bool) -> usize {
    #[cfg(target_os = "linux")]
    {
        let name = format!("{RUN_DIR_ENV}=");
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return 0;
        };
        let own_pid = std::process::id();
        let mut killed = 0;
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|name| name.parse::<libc::pid_t>().ok())
            else {
                continue;
            };
            if u32::try_from(pid).ok() == Some(own_pid) {
                continue;
            }
            let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
                continue;
            };
            let marked = environ
                .split(|byte| *byte == 0)
                .any(|variable| variable.strip_prefix(name.as_bytes()).is_some_and(&matches));
            // SAFETY: kill takes plain integers and has no memory effects.
            if marked && unsafe { libc::kill(pid, libc::SIGKILL) } == 0 {
                killed += 1;
            }
        }
        killed
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = matches;
        0
    }
}

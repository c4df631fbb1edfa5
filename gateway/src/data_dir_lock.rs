//! An exclusive lock on the data directory. A second gateway on the same directory fails to
//! start, because its start-up recovery would mark the first one's runs ERROR and kill their
//! processes.

use std::fs::File;
use std::io;
use std::path::Path;

/// File in the data directory that the running gateway holds locked.
const LOCK_FILE: &str = "gateway.lock";

/// The held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    /// Takes the lock without waiting.
    ///
    /// # Errors
    /// [`io::ErrorKind::WouldBlock`] when another gateway holds it, or the I/O error when the
    /// lock file cannot be opened.
    pub fn acquire(dir: &Path) -> io::Result<Self> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        lock_exclusive(&file)?;
        Ok(DataDirLock { _file: file })
    }
}

/// Takes an exclusive `flock` on the file, failing at once when it is held.
#[cfg(unix)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock takes a descriptor that `file` keeps open and plain integer flags.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    if error.kind() == io::ErrorKind::WouldBlock {
        return Err(io::Error::new(
            io::ErrorKind::WouldBlock,
            "another gateway is using this data directory; stop it or choose another \
             --data-dir",
        ));
    }
    Err(error)
}

/// NOTE: the data directory is not locked outside unix.
#[cfg(not(unix))]
fn lock_exclusive(_file: &File) -> io::Result<()> {
    Ok(())
}

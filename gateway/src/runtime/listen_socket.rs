//! The loopback socket of a serve run, bound by the gateway and handed to the server
//! process as an inherited file descriptor.
//!
//! Picking a free port and letting the server bind it later leaves a window in which
//! another run, or any program, can take the port. The gateway's readiness probe would then
//! reach that other server. A socket bound here keeps the port reserved from the start. The
//! server only calls `listen` on it once its init function has returned, so a successful
//! connection still means this run's server is ready.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};

use tokio::process::Command;

/// A bound, not yet listening, loopback TCP socket.
pub struct ListenSocket {
    port: u16,
    #[cfg(unix)]
    descriptor: std::os::fd::OwnedFd,
}

impl ListenSocket {
    /// Binds a socket to a free port on 127.0.0.1.
    ///
    /// # Errors
    /// The I/O error when no socket can be created or bound.
    pub fn bind() -> io::Result<Self> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        #[cfg(unix)]
        {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(address)?;
            let port = socket.local_addr()?.port();
            let descriptor = into_owned_descriptor(socket);
            Ok(ListenSocket { port, descriptor })
        }
        #[cfg(not(unix))]
        {
            // NOTE: without descriptor passing the port is only reserved until this
            // listener closes, so another program may take it before the server binds it.
            let listener = std::net::TcpListener::bind(address)?;
            let port = listener.local_addr()?.port();
            Ok(ListenSocket { port })
        }
    }

    /// Returns the bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Returns the descriptor number the server process inherits, or `None` where
    /// descriptors are not passed.
    pub fn inherited_descriptor(&self) -> Option<i32> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            Some(self.descriptor.as_raw_fd())
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// Lets the command's process inherit the socket under the same descriptor number.
    pub fn pass_to(&self, command: &mut Command) {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let descriptor = self.descriptor.as_raw_fd();
            // SAFETY: the closure runs in the forked child before exec and only calls fcntl,
            // which is async-signal-safe. Clearing close-on-exec there leaves the gateway's
            // own descriptor unchanged, so no other child inherits it.
            unsafe {
                command.pre_exec(move || {
                    if libc::fcntl(descriptor, libc::F_SETFD, 0) == -1 {
                        return Err(io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        #[cfg(not(unix))]
        {
            let _ = command;
        }
    }
}

/// Takes the descriptor out of a tokio socket.
#[cfg(unix)]
fn into_owned_descriptor(socket: tokio::net::TcpSocket) -> std::os::fd::OwnedFd {
    use std::os::fd::{FromRawFd, IntoRawFd};
    // SAFETY: `into_raw_fd` gives up ownership of a valid, open descriptor, which the
    // OwnedFd takes over and closes when dropped.
    unsafe { std::os::fd::OwnedFd::from_raw_fd(socket.into_raw_fd()) }
}

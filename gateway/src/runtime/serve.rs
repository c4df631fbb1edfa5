//! Serve runs: an HTTP server process on a free loopback port that calls the handler per
//! request.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::net::TcpStream;

use super::listen_socket::ListenSocket;
use super::process::{self, Exit};
use super::process_group;
use super::{source, venv, Ending, RunContext, RunFailure, Signal};
use crate::run_state::RunState;

/// How long the server may take from process start to accepting connections, init function
/// included.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);

/// Interval between connection attempts while the server starts.
const PROBE_INTERVAL: Duration = Duration::from_millis(10);

/// Builds the `status.service` block of a serve run, shaped like Core's `K8sServiceInfo` with a
/// loopback URL (`host:port`, no scheme).
pub fn service_info(run_id: &str, port: u16) -> Value {
    json!({
        "name": format!("s-pythonserve-{run_id}"),
        "type": "ClusterIP",
        "clusterIP": "127.0.0.1",
        "ip": "127.0.0.1",
        "url": format!("127.0.0.1:{port}"),
        "ports": [{
            "name": format!("port{port}"),
            "port": port,
            "targetPort": port,
            "protocol": "TCP",
        }],
    })
}

/// Runs the server until it is stopped, deleted or dies. The run is RUNNING only once the
/// port accepts connections, which is after the init function has returned.
///
/// # Errors
/// [`RunFailure`] when the server exits, or does not listen within two minutes.
pub async fn execute(context: &mut RunContext) -> Result<Ending, RunFailure> {
    context.report(RunState::Pending, Some("preparing the python environment"));

    // NOTE: `replicas` is not honoured; one process serves every request. With replicas 0
    // Core creates no pod, so the run stays PENDING, and so does it here.
    let replicas = context.spec.get("replicas").and_then(Value::as_i64);
    if replicas == Some(0) {
        context.log("replicas is 0, so no server process is started");
        return wait_for_signal(context).await;
    }

    let prepared = source::prepare(context)?;
    source::check_handler(&prepared)?;
    let python = venv::interpreter(context).await?;
    if context.pending_signal() == Some(Signal::Delete) {
        return Ok(Ending::Deleted);
    }

    let socket = ListenSocket::bind()
        .map_err(|error| RunFailure(format!("cannot bind a loopback port: {error}")))?;
    let port = socket.port();
    let mut child = process::spawn(
        context,
        &python,
        &prepared,
        "serve",
        json!({ "port": port, "listen_fd": socket.inherited_descriptor() }),
        Some(&socket),
    )?;
    // The server process has its own copy of the socket now.
    drop(socket);
    let leader = child.id();
    let started = Instant::now();
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));

    loop {
        if let Some(signal) = context.pending_signal() {
            process::kill(context, &mut child).await;
            return Ok(match signal {
                Signal::Stop => Ending::Stopped,
                Signal::Delete => Ending::Deleted,
            });
        }
        if let Ok(Some(status)) = child.try_wait() {
            if let Some(leader) = leader {
                process_group::kill_group(leader);
            }
            let code = status
                .code()
                .map_or("a signal".to_string(), |code| code.to_string());
            return Err(RunFailure(format!(
                "the server exited with code {code} before listening; see the run logs"
            )));
        }
        if TcpStream::connect(address).await.is_ok() {
            break;
        }
        if started.elapsed() > STARTUP_TIMEOUT {
            process::kill(context, &mut child).await;
            return Err(RunFailure(format!(
                "the server did not listen on port {port} within {} s",
                STARTUP_TIMEOUT.as_secs()
            )));
        }
        tokio::time::sleep(PROBE_INTERVAL).await;
    }

    let service = service_info(&context.run_id, port);
    context.log(&format!("serving on 127.0.0.1:{port}"));
    context.report_with(RunState::Running, Some("server is listening"), |run| {
        run["status"]["service"] = service;
    });

    match process::wait(context, &mut child).await? {
        Exit::Signalled(Signal::Stop) => Ok(Ending::Stopped),
        Exit::Signalled(Signal::Delete) => Ok(Ending::Deleted),
        Exit::Exited(code) => {
            let code = code.map_or("a signal".to_string(), |code| code.to_string());
            Err(RunFailure(format!(
                "the server exited with code {code}; see the run logs"
            )))
        }
    }
}

/// Idles until the API stops or deletes the run.
async fn wait_for_signal(context: &mut RunContext) -> Result<Ending, RunFailure> {
    loop {
        match context.pending_signal() {
            Some(Signal::Stop) => return Ok(Ending::Stopped),
            Some(Signal::Delete) => return Ok(Ending::Deleted),
            None => {}
        }
        if context.signals.changed().await.is_err() {
            return Ok(Ending::Deleted);
        }
    }
}

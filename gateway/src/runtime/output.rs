//! Run logs: process output and gateway messages appended to the run's stored log.

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use crate::state::{Gateway, SharedGateway};
use crate::timestamp;

/// Appends bytes to the run's log; a storage failure is logged and otherwise ignored, so a
/// full disk never kills a run.
pub fn append(gateway: &Gateway, run_id: &str, project: &str, bytes: &[u8]) {
    let now = timestamp::now();
    if let Err(error) = gateway.store.append_log(run_id, project, bytes, &now) {
        tracing::error!(run = run_id, %error, "could not store run output");
    }
}

/// Copies a process stream into the run's log line by line until it closes.
pub async fn pipe<R>(gateway: SharedGateway, run_id: String, project: String, stream: R)
where
    R: AsyncRead + Unpin,
{
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) => break,
            Ok(_) => append(&gateway, &run_id, &project, &line),
            Err(error) => {
                tracing::warn!(run = %run_id, %error, "reading process output failed");
                break;
            }
        }
    }
}

//! Run logs: process output and gateway messages appended to the run's stored log.

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::state::{Gateway, SharedGateway};
use crate::store::LogAppend;
use crate::timestamp;

/// Largest log kept per run, in bytes; the output after it is read and dropped.
pub const MAX_LOG_BYTES: usize = 16 * 1024 * 1024;

/// Line stored after the last byte kept when a log reaches [`MAX_LOG_BYTES`].
const TRUNCATION_NOTE: &[u8] =
    b"\n[gateway] log truncated at 16 MiB: later output of this run is not stored\n";

/// Largest piece of a process stream read and stored at once, in bytes.
const READ_CHUNK_BYTES: usize = 64 * 1024;

/// Appends bytes to the run's log and returns what the store kept. A storage failure is
/// logged and otherwise ignored, so a full disk never kills a run.
pub fn append(gateway: &Gateway, run_id: &str, project: &str, bytes: &[u8]) -> LogAppend {
    let now = timestamp::now();
    match gateway
        .store
        .append_log(run_id, project, bytes, &now, MAX_LOG_BYTES, TRUNCATION_NOTE)
    {
        Ok(LogAppend::Truncated) => {
            tracing::warn!(run = run_id, max_bytes = MAX_LOG_BYTES, "run log truncated");
            LogAppend::Truncated
        }
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(run = run_id, %error, "could not store run output");
            LogAppend::Stored
        }
    }
}

/// Stores one piece of output on the blocking pool, so that SQLite writes never hold up the
/// threads that serve requests.
async fn store(gateway: &SharedGateway, run_id: &str, project: &str, chunk: Vec<u8>) -> LogAppend {
    let gateway = gateway.clone();
    let run_id = run_id.to_string();
    let project = project.to_string();
    let stored =
        tokio::task::spawn_blocking(move || append(&gateway, &run_id, &project, &chunk)).await;
    stored.unwrap_or(LogAppend::Stored)
}

/// Copies a process stream into the run's log until it closes. Output is stored in pieces
/// of whole lines, up to [`READ_CHUNK_BYTES`] at a time, and a line longer than that is
/// split. Once the log is full the stream is still read, so the process never blocks on a
/// full pipe.
pub async fn pipe<R>(gateway: SharedGateway, run_id: String, project: String, stream: R)
where
    R: AsyncRead + Unpin,
{
    let mut stream = stream;
    let mut buffer = vec![0u8; READ_CHUNK_BYTES];
    let mut pending: Vec<u8> = Vec::new();
    let mut full = false;
    loop {
        let read = match stream.read(&mut buffer).await {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) => {
                tracing::warn!(run = %run_id, %error, "reading process output failed");
                break;
            }
        };
        if full {
            continue;
        }
        pending.extend_from_slice(&buffer[..read]);

        let cut = match pending.iter().rposition(|byte| *byte == b'\n') {
            Some(newline) => newline + 1,
            None if pending.len() >= READ_CHUNK_BYTES => pending.len(),
            None => continue,
        };
        let chunk: Vec<u8> = pending.drain(..cut).collect();
        full = store(&gateway, &run_id, &project, chunk).await != LogAppend::Stored;
    }
    if !pending.is_empty() && !full {
        store(&gateway, &run_id, &project, pending).await;
    }
}

//! The `digitalhub-gateway` binary: parses the command line, starts the gateway and stops
//! it on Ctrl-C or SIGTERM.

use clap::Parser;
use tracing_subscriber::EnvFilter;

use digitalhub_gateway::cli::Cli;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let config = match Cli::parse().into_config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    if !config.listen.ip().is_loopback() {
        tracing::warn!(
            address = %config.listen,
            "LISTENING ON A NON-LOOPBACK ADDRESS: anyone who can reach it can run code on this machine"
        );
        if !config.credentials.required() {
            tracing::warn!("no --token or --basic is set, so that access needs no credentials");
        }
    }

    let running = match digitalhub_gateway::serve(config).await {
        Ok(running) => running,
        Err(error) => {
            tracing::error!(%error, "gateway failed to start");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The address line is printed on stdout so scripts can read the chosen port.
    println!("listening on {}", running.endpoint());

    wait_for_shutdown().await;
    tracing::info!("shutting down");
    running.stop().await;
    std::process::ExitCode::SUCCESS
}

async fn wait_for_shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

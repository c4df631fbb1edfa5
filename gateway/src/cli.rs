//! Command-line options of the `digitalhub-gateway` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use digitalhub_tasks::level::ApiLevel;

use crate::config::{Config, Credentials, Storage};

/// Development gateway that speaks DigitalHub Core's REST API and runs python functions on
/// this machine. It executes the code it is sent: keep it on a loopback address.
#[derive(Debug, Parser)]
#[command(name = "digitalhub-gateway", version)]
pub struct Cli {
    /// Address and port to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,

    /// Directory for the SQLite database, run files and virtual environments.
    #[arg(long, default_value = ".gateway-data", conflicts_with = "memory")]
    pub data_dir: PathBuf,

    /// Keep everything in memory; nothing survives a restart.
    #[arg(long)]
    pub memory: bool,

    /// Core API level to imitate: 13, 14 or 15.
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u32).range(13..=15))]
    pub api_level: u32,

    /// Bearer token to accept; repeat for several. With no --token and no --basic, every
    /// request is allowed.
    #[arg(long = "token", value_name = "TOKEN", value_parser = parse_token)]
    pub tokens: Vec<String>,

    /// HTTP Basic credentials to accept, as USER:PASSWORD.
    #[arg(long, value_name = "USER:PASSWORD", value_parser = parse_basic)]
    pub basic: Option<(String, String)>,

    /// Browser origin allowed to call /api (patterns may use *, as http://localhost:*);
    /// repeat for several.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,

    /// Directory of static files served at / (index.html for directories).
    #[arg(long, value_name = "DIR")]
    pub www: Option<PathBuf>,

    /// Python interpreter for runs and virtual environments.
    #[arg(long, default_value = "python3")]
    pub python: String,
}

/// Rejects an empty token, which would turn authentication on while no bearer token could
/// ever match it.
fn parse_token(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("expected a non-empty token".to_string());
    }
    Ok(text.to_string())
}

fn parse_basic(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((user, password)) if !user.is_empty() && !password.is_empty() => {
            Ok((user.to_string(), password.to_string()))
        }
        _ => Err("expected USER:PASSWORD with both parts non-empty".to_string()),
    }
}

impl Cli {
    /// Converts the options into a gateway configuration.
    ///
    /// # Errors
    /// A message for an API level the library does not model.
    pub fn into_config(self) -> Result<Config, String> {
        let level = ApiLevel::from_number(self.api_level).map_err(|error| error.to_string())?;
        let storage = if self.memory {
            Storage::Memory
        } else {
            Storage::DataDir(self.data_dir)
        };
        Ok(Config {
            listen: self.listen,
            storage,
            level,
            credentials: Credentials {
                tokens: self.tokens,
                basic: self.basic,
            },
            cors_origins: self.cors_origins,
            www: self.www,
            python: self.python,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let cli = Cli::try_parse_from(["digitalhub-gateway"]).unwrap();
        let config = cli.into_config().unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8090");
        assert_eq!(config.level, ApiLevel::V15);
        assert!(!config.credentials.required());
    }

    #[test]
    fn rejects_unknown_level() {
        assert!(Cli::try_parse_from(["digitalhub-gateway", "--api-level", "16"]).is_err());
    }

    #[test]
    fn memory_conflicts_with_data_dir() {
        let parsed = Cli::try_parse_from(["digitalhub-gateway", "--memory", "--data-dir", "x"]);
        assert!(parsed.is_err());
    }

    #[test]
    fn token_must_not_be_empty() {
        assert!(Cli::try_parse_from(["digitalhub-gateway", "--token", ""]).is_err());
        assert!(Cli::try_parse_from(["digitalhub-gateway", "--token", "  "]).is_err());
        let cli = Cli::try_parse_from(["digitalhub-gateway", "--token", "t1"]).unwrap();
        assert_eq!(cli.tokens, vec!["t1".to_string()]);
    }

    #[test]
    fn basic_needs_both_parts() {
        assert!(Cli::try_parse_from(["digitalhub-gateway", "--basic", "admin"]).is_err());
        let cli = Cli::try_parse_from(["digitalhub-gateway", "--basic", "admin:pw"]).unwrap();
        assert_eq!(cli.basic, Some(("admin".to_string(), "pw".to_string())));
    }
}

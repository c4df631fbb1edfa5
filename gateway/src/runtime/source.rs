//! Materialises a function's `spec.source` as files the runtime script can import.

use std::path::{Component, PathBuf};

use base64::Engine;
use serde_json::Value;

use super::{RunContext, RunFailure};

/// Location of the handler's code on disk.
#[derive(Debug, Clone)]
pub struct PreparedSource {
    /// Directory put first on `sys.path`.
    pub root: PathBuf,
    /// The source file a plain `func` handler is loaded from; absent for a directory source.
    pub file: Option<PathBuf>,
    pub handler: String,
    pub init_function: Option<String>,
}

/// True when `text` starts with a URI scheme such as `git+https:` or `zip+s3:`.
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme.len() > 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Turns a scheme-less source path into a safe relative path: a leading `./` or `/` is
/// dropped, as Core strips the leading dot, and `..` is rejected.
fn relative_path(text: &str) -> Result<PathBuf, RunFailure> {
    let trimmed = text.trim_start_matches("./").trim_start_matches('/');
    let path = PathBuf::from(trimmed);
    let escapes = path
        .components()
        .any(|component| !matches!(component, Component::Normal(_)));
    if trimmed.is_empty() || escapes {
        return Err(RunFailure(format!(
            "source.source {text:?} is not a relative file path: use a path such as src/main.py"
        )));
    }
    Ok(path)
}

/// Writes or locates the function's code for the run.
///
/// # Errors
/// [`RunFailure`] for a missing handler, invalid base64, a remote source the gateway
/// cannot fetch, or a local path that does not exist.
pub fn prepare(context: &RunContext) -> Result<PreparedSource, RunFailure> {
    let source = context.spec.get("source").cloned().unwrap_or(Value::Null);
    let text = |name: &str| {
        source
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .filter(|value| !value.is_empty())
    };

    let handler = text("handler").ok_or_else(|| {
        RunFailure("source.handler is missing: set the function's handler name".to_string())
    })?;
    let init_function = text("init_function");
    let location = text("source");

    if let Some(encoded) = text("base64") {
        let code = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| RunFailure("source.base64 is not valid base64".to_string()))?;
        let name = match &location {
            Some(path) if !has_scheme(path) => relative_path(path)?,
            _ => PathBuf::from("main.py"),
        };

        let root = context.run_dir().join("src");
        let file = root.join(&name);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|error| {
                RunFailure(format!("cannot create the source directory: {error}"))
            })?;
        }
        std::fs::write(&file, code)
            .map_err(|error| RunFailure(format!("cannot write the source file: {error}")))?;
        return Ok(PreparedSource {
            root,
            file: Some(file),
            handler,
            init_function,
        });
    }

    let Some(location) = location else {
        return Err(RunFailure(
            "the function has no code: set source.base64 or a local path in source.source"
                .to_string(),
        ));
    };
    if has_scheme(&location) {
        return Err(RunFailure(format!(
            "source.source {location:?} is remote, and the gateway runs only local code: \
             send the code in source.base64"
        )));
    }

    let relative = relative_path(&location)?;
    let mut bases: Vec<PathBuf> = Vec::new();
    if let Some(data_dir) = &context.gateway.data_dir {
        bases.push(data_dir.clone());
    }
    if let Ok(current) = std::env::current_dir() {
        bases.push(current);
    }

    for base in bases {
        let candidate = base.join(&relative);
        if candidate.is_file() {
            return Ok(PreparedSource {
                root: base,
                file: Some(candidate),
                handler,
                init_function,
            });
        }
        if candidate.is_dir() {
            return Ok(PreparedSource {
                root: candidate,
                file: None,
                handler,
                init_function,
            });
        }
    }

    Err(RunFailure(format!(
        "source.source {location:?} was not found in the data directory or the working \
         directory"
    )))
}

/// Checks that a handler without a file names its module (`module:function`).
pub fn check_handler(source: &PreparedSource) -> Result<(), RunFailure> {
    if source.file.is_none() && !source.handler.contains(':') {
        return Err(RunFailure(format!(
            "handler {:?} needs a module when source.source is a directory: write it as \
             module.path:function",
            source.handler
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_detected() {
        assert!(has_scheme("git+https://github.com/x/y"));
        assert!(has_scheme("zip+s3://bucket/f.zip"));
        assert!(!has_scheme("src/main.py"));
        assert!(!has_scheme("main.py"));
    }

    #[test]
    fn relative_paths_are_cleaned() {
        assert_eq!(
            relative_path("./src/a.py").unwrap(),
            PathBuf::from("src/a.py")
        );
        assert!(relative_path("../etc/passwd").is_err());
        assert!(relative_path("a/../../b").is_err());
    }
}

//! The Dockerfile Core's python build runner generates for a `python+build` run.
//!
//! The order follows Core 0.15's `PythonBaseBuildRunner.generateDockerfile`. It starts with
//! FROM, one ENV per task env and USER root. A custom base image then gets the serverless
//! layer. COPY and WORKDIR of the home directory follow, then the user's instructions as RUN
//! lines, the requirements install, the final USER and the ENTRYPOINT.

use serde_json::Value;

/// Home directory of function code inside the image.
const HOME_DIR: &str = "/shared";

/// Command the image starts, Core's default `RUNTIME_PYTHON_COMMAND`.
const COMMAND: &str = "/opt/nuclio/processor";

// NOTE: Core takes the final user id from its Kubernetes security settings, which differ per
// deployment; 8877 is a placeholder for that value.
const USER_ID: &str = "8877";

/// The `3.X` of a `PYTHON3_X` version name.
fn python_release(version: &str) -> Option<String> {
    let minor = version.strip_prefix("PYTHON3_")?;
    if minor.is_empty() || !minor.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("3.{minor}"))
}

/// The prebuilt runtime image Core uses for a python version.
pub fn runtime_image(release: &str) -> String {
    format!("ghcr.io/scc-digitalhub/digitalhub-serverless/python-runtime:{release}-latest")
}

fn serverless_image(release: &str) -> String {
    format!("ghcr.io/scc-digitalhub/digitalhub-serverless/digitalhub-serverless:{release}-latest")
}

fn strings(spec: &Value, field: &str) -> Vec<String> {
    spec.get(field)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Renders the Dockerfile for a merged build run spec.
///
/// # Errors
/// A message when the spec has neither `base_image` nor a known `python_version`, as Core
/// fails with "no valid base image found".
pub fn render_dockerfile(spec: &Value) -> Result<String, String> {
    let version = spec
        .get("python_version")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let release = python_release(version);
    let base_image = spec
        .get("base_image")
        .and_then(Value::as_str)
        .filter(|image| !image.trim().is_empty());

    let runtime = release.as_deref().map(runtime_image);
    let from = match (base_image, &runtime) {
        (Some(base), _) => base.to_string(),
        (None, Some(runtime)) => runtime.clone(),
        (None, None) => {
            return Err(format!(
                "no valid base image found for python version {version:?} and no base image \
                 explicitly set"
            ))
        }
    };

    let mut lines = vec![format!("FROM {from}")];
    if let Some(envs) = spec.get("envs").and_then(Value::as_array) {
        for env in envs {
            let name = env.get("name").and_then(Value::as_str).unwrap_or_default();
            let value = env.get("value").and_then(Value::as_str).unwrap_or_default();
            lines.push(format!("ENV {name}={value}"));
        }
    }
    lines.push("USER root".to_string());

    let use_layer = runtime.as_deref() != Some(from.as_str());
    if use_layer {
        let layer = release.as_deref().map(serverless_image).unwrap_or_default();
        lines.push(format!("COPY --from={layer} /opt/nuclio/ /opt/nuclio/"));
        lines.push(
            "COPY --from=nuclio/uhttpc:0.0.1-amd64 /home/nuclio/bin/uhttpc /usr/local/bin/uhttpc"
                .to_string(),
        );
        for requirements in ["nuclio", "common"] {
            lines.push(format!(
                "RUN /opt/nuclio/uv/uv pip install --system --no-index --find-links \
                 /opt/nuclio/pywhl -r /opt/nuclio/requirements/{requirements}.txt"
            ));
        }
    }

    lines.push(format!("COPY . {HOME_DIR}"));
    lines.push(format!("WORKDIR {HOME_DIR}"));
    for instruction in strings(spec, "instructions") {
        lines.push(format!("RUN {instruction}"));
    }
    if !strings(spec, "requirements").is_empty() {
        lines.push(format!(
            "RUN /opt/nuclio/uv/uv pip install --system -r {HOME_DIR}/requirements.txt"
        ));
    }
    lines.push(format!("USER {USER_ID}"));
    lines.push(format!("WORKDIR {HOME_DIR}"));
    lines.push(format!("ENTRYPOINT [\"{COMMAND}\"]"));

    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_image_is_runtime_image() {
        let text = render_dockerfile(&json!({"python_version": "PYTHON3_11"})).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            "FROM ghcr.io/scc-digitalhub/digitalhub-serverless/python-runtime:3.11-latest"
        );
        assert!(!text.contains("COPY --from="), "{text}");
    }

    #[test]
    fn base_image_adds_layer_and_instructions() {
        let spec = json!({
            "python_version": "PYTHON3_10",
            "base_image": "python:3.10-slim",
            "instructions": ["apt-get update"],
            "requirements": ["requests"],
            "envs": [{"name": "MODE", "value": "x"}],
        });
        let text = render_dockerfile(&spec).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "FROM python:3.10-slim");
        assert_eq!(lines[1], "ENV MODE=x");
        assert_eq!(lines[2], "USER root");
        assert!(lines[3].starts_with("COPY --from=ghcr.io/"), "{text}");
        let run_index = lines
            .iter()
            .position(|l| *l == "RUN apt-get update")
            .unwrap();
        let pip_index = lines
            .iter()
            .position(|l| l.ends_with("/shared/requirements.txt"))
            .unwrap();
        assert!(run_index < pip_index);
        assert_eq!(
            lines.last().copied(),
            Some("ENTRYPOINT [\"/opt/nuclio/processor\"]")
        );
    }

    #[test]
    fn missing_version_and_base_fails() {
        assert!(render_dockerfile(&json!({})).is_err());
    }
}

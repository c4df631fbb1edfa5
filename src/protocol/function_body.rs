//! The Function DTO that `createFunction` posts, built from the caller's options.

use base64::Engine;
use serde_json::{json, Map, Value};

use super::error::ClientError;
use crate::validate::{Issue, RejectedBy, Severity};

/// The python version used when the caller names none. Core 0.13, 0.14 and 0.15 all accept it.
pub const DEFAULT_PYTHON_VERSION: &str = "PYTHON3_10";

/// The options of `createFunction`, in the JavaScript spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionInput {
    /// The function name, unique in the project; Core keeps one version per create.
    pub name: String,
    /// Python source text; sent base64-encoded in `spec.source.base64`.
    pub code: Option<String>,
    /// The source already base64-encoded.
    pub base64: Option<String>,
    /// A URI (`git+https://…`, `zip+s3://…`) or, with `code` or `base64`, the file's path.
    pub source: Option<String>,
    /// The entry point: `func`, or `pkg.module:func` for sources fetched from a URI.
    pub handler: Option<String>,
    /// An init function in the handler's module, called once per serving process.
    pub init_function: Option<String>,
    /// `PYTHON3_10` and the like; defaults to [`DEFAULT_PYTHON_VERSION`].
    pub python_version: Option<String>,
    /// pip requirement lines.
    pub requirements: Option<Vec<String>>,
    /// The image to run the function in.
    pub image: Option<String>,
    /// The base image for builds.
    pub base_image: Option<String>,
    /// A description stored in the function's metadata.
    pub description: Option<String>,
    /// Labels stored in the function's metadata.
    pub labels: Option<Vec<String>>,
}

impl FunctionInput {
    /// Reads the options object.
    ///
    /// # Errors
    /// [`ClientError::Validation`] for a field of the wrong type or a field this library does
    /// not know, such as a misspelt `pythonVersion`.
    pub fn from_json(options: &Value) -> Result<FunctionInput, ClientError> {
        read_input(options).map_err(|error| {
            ClientError::invalid(
                "",
                "invalid-function-options",
                format!("the function options are invalid: {error}"),
            )
        })
    }
}

/// The option names in the JavaScript spelling, in declaration order.
const OPTION_NAMES: [&str; 12] = [
    "name",
    "code",
    "base64",
    "source",
    "handler",
    "initFunction",
    "pythonVersion",
    "requirements",
    "image",
    "baseImage",
    "description",
    "labels",
];

/// Reads the options with the checks and messages of a serde derive with `deny_unknown_fields`.
/// It is written by hand because a derived `Deserialize` compiles serde's error formatting,
/// with Rust's float printing, into the wasm module (about 18 KB).
fn read_input(options: &Value) -> Result<FunctionInput, String> {
    let Value::Object(fields) = options else {
        return Err(invalid_type(options, "struct FunctionInput"));
    };
    let mut input = FunctionInput::default();
    let mut has_name = false;
    for (key, value) in fields {
        match key.as_str() {
            "name" => {
                input.name = read_string(value)?;
                has_name = true;
            }
            "code" => input.code = read_optional(value, read_string)?,
            "base64" => input.base64 = read_optional(value, read_string)?,
            "source" => input.source = read_optional(value, read_string)?,
            "handler" => input.handler = read_optional(value, read_string)?,
            "initFunction" => input.init_function = read_optional(value, read_string)?,
            "pythonVersion" => input.python_version = read_optional(value, read_string)?,
            "requirements" => input.requirements = read_optional(value, read_strings)?,
            "image" => input.image = read_optional(value, read_string)?,
            "baseImage" => input.base_image = read_optional(value, read_string)?,
            "description" => input.description = read_optional(value, read_string)?,
            "labels" => input.labels = read_optional(value, read_strings)?,
            unknown => {
                let expected: Vec<String> = OPTION_NAMES
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect();
                return Err(format!(
                    "unknown field `{unknown}`, expected one of {}",
                    expected.join(", ")
                ));
            }
        }
    }
    if !has_name {
        return Err("missing field `name`".to_string());
    }
    Ok(input)
}

fn read_optional<T>(
    value: &Value,
    read: fn(&Value) -> Result<T, String>,
) -> Result<Option<T>, String> {
    match value {
        Value::Null => Ok(None),
        value => read(value).map(Some),
    }
}

fn read_string(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(invalid_type(other, "a string")),
    }
}

fn read_strings(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) => items.iter().map(read_string).collect(),
        other => Err(invalid_type(other, "a sequence")),
    }
}

/// serde's "invalid type" message for `value`, as serde_json words it.
fn invalid_type(value: &Value, expected: &str) -> String {
    let found = match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => format!("boolean `{flag}`"),
        Value::Number(number) if number.is_f64() => format!("floating point `{number}`"),
        Value::Number(number) => format!("integer `{number}`"),
        Value::String(text) => format!("string {text:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    };
    format!("invalid type: {found}, expected {expected}")
}

fn issue(path: &str, code: &'static str, message: String) -> Issue {
    Issue {
        path: path.to_string(),
        code,
        severity: Severity::Error,
        message,
        rejected_by: RejectedBy::Library,
    }
}

fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'+' | b'-'))
}

/// Builds the Function DTO for `project`, with the client-chosen `id`.
///
/// `code` is base64-encoded into `spec.source.base64`. The spec itself is checked later by
/// [`crate::validate::validate_function`]; this step checks only what the spec cannot show.
///
/// # Errors
/// [`ClientError::Validation`] with every problem: a name that is not a Core slug, both `code`
/// and `base64`, no source at all, or no handler.
pub fn function_dto(input: &FunctionInput, project: &str, id: &str) -> Result<Value, ClientError> {
    let mut issues = Vec::new();
    if !is_slug(&input.name) {
        issues.push(issue(
            "/name",
            "invalid-name",
            format!(
                "function name {:?} is invalid: use letters, digits, '.', '_', '+' or '-'",
                input.name
            ),
        ));
    }
    if input.code.is_some() && input.base64.is_some() {
        issues.push(issue(
            "/code",
            "conflicting-source",
            "pass either `code` or `base64`, not both".to_string(),
        ));
    }
    if input.code.is_none() && input.base64.is_none() && input.source.is_none() {
        issues.push(issue(
            "/code",
            "missing-source",
            "the function has no source: pass `code`, `base64` or `source`".to_string(),
        ));
    }
    let handler = input.handler.as_deref().map(str::trim).unwrap_or_default();
    if handler.is_empty() {
        issues.push(issue(
            "/handler",
            "missing-handler",
            "the function has no `handler`: name the python function to call, such as `main`"
                .to_string(),
        ));
    }
    if !issues.is_empty() {
        return Err(ClientError::Validation(issues));
    }

    let mut source = Map::new();
    source.insert("lang".into(), json!("python"));
    source.insert("handler".into(), json!(handler));
    if let Some(code) = &input.code {
        let encoded = base64::engine::general_purpose::STANDARD.encode(code.as_bytes());
        source.insert("base64".into(), json!(encoded));
    }
    if let Some(encoded) = &input.base64 {
        source.insert("base64".into(), json!(encoded));
    }
    if let Some(path) = &input.source {
        source.insert("source".into(), json!(path));
    }
    if let Some(init) = &input.init_function {
        source.insert("init_function".into(), json!(init));
    }

    let mut spec = Map::new();
    let version = input
        .python_version
        .as_deref()
        .unwrap_or(DEFAULT_PYTHON_VERSION);
    spec.insert("python_version".into(), json!(version));
    spec.insert("source".into(), Value::Object(source));
    let optional = [
        (
            "requirements",
            input.requirements.as_ref().map(|list| json!(list)),
        ),
        ("image", input.image.as_ref().map(|image| json!(image))),
        (
            "base_image",
            input.base_image.as_ref().map(|image| json!(image)),
        ),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            spec.insert(key.into(), value);
        }
    }

    let mut metadata = Map::new();
    metadata.insert("name".into(), json!(input.name));
    metadata.insert("project".into(), json!(project));
    if let Some(description) = &input.description {
        metadata.insert("description".into(), json!(description));
    }
    if let Some(labels) = &input.labels {
        metadata.insert("labels".into(), json!(labels));
    }

    Ok(json!({
        "id": id,
        "name": input.name,
        "kind": "python",
        "project": project,
        "metadata": metadata,
        "spec": spec,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(options: Value) -> FunctionInput {
        FunctionInput::from_json(&options).unwrap()
    }

    #[test]
    fn code_becomes_base64() {
        let options = json!({
            "name": "echo",
            "code": "def main(event):\n    return 'ok'\n",
            "handler": "main",
            "pythonVersion": "PYTHON3_12",
            "requirements": ["requests==2.32.3"],
            "initFunction": "init",
        });
        let dto =
            function_dto(&input(options), "demo", "0123456789abcdef0123456789abcdef").unwrap();
        let expected = json!({
            "id": "0123456789abcdef0123456789abcdef",
            "name": "echo",
            "kind": "python",
            "project": "demo",
            "metadata": { "name": "echo", "project": "demo" },
            "spec": {
                "python_version": "PYTHON3_12",
                "requirements": ["requests==2.32.3"],
                "source": {
                    "lang": "python",
                    "handler": "main",
                    "init_function": "init",
                    "base64": "ZGVmIG1haW4oZXZlbnQpOgogICAgcmV0dXJuICdvaycK",
                },
            },
        });
        assert_eq!(dto, expected);
    }

    #[test]
    fn base64_and_source_pass_through() {
        let options = json!({
            "name": "f", "base64": "cHJpbnQoMSk=", "source": "src/main.py", "handler": "main"
        });
        let dto = function_dto(&input(options), "demo", "id1").unwrap();
        assert_eq!(dto["spec"]["source"]["base64"], "cHJpbnQoMSk=");
        assert_eq!(dto["spec"]["source"]["source"], "src/main.py");
        assert_eq!(dto["spec"]["python_version"], DEFAULT_PYTHON_VERSION);
        assert_eq!(dto["spec"].get("requirements"), None);
    }

    #[test]
    fn uri_source_alone_is_enough() {
        let options = json!({
            "name": "f", "source": "git+https://example.org/repo", "handler": "pkg.mod:main"
        });
        let dto = function_dto(&input(options), "demo", "id1").unwrap();
        assert_eq!(dto["spec"]["source"].get("base64"), None);
    }

    #[test]
    fn every_input_problem_is_reported() {
        let options = json!({ "name": "bad name", "code": "x", "base64": "eA==" });
        let Err(ClientError::Validation(issues)) = function_dto(&input(options), "demo", "i")
        else {
            panic!("invalid input was accepted");
        };
        let codes: Vec<&str> = issues.iter().map(|issue| issue.code).collect();
        assert_eq!(
            codes,
            ["invalid-name", "conflicting-source", "missing-handler"]
        );

        let Err(ClientError::Validation(issues)) =
            function_dto(&input(json!({ "name": "f", "handler": "h" })), "demo", "i")
        else {
            panic!("a function without source was accepted");
        };
        assert_eq!(issues[0].code, "missing-source");
    }

    #[test]
    fn wrong_option_types_are_named() {
        let cases = [
            (
                json!([]),
                "invalid type: sequence, expected struct FunctionInput",
            ),
            (json!({ "handler": "h" }), "missing field `name`"),
            (
                json!({ "name": null }),
                "invalid type: null, expected a string",
            ),
            (
                json!({ "name": 5 }),
                "invalid type: integer `5`, expected a string",
            ),
            (
                json!({ "name": "f", "code": 1.5 }),
                "invalid type: floating point `1.5`, expected a string",
            ),
            (
                json!({ "name": "f", "labels": "a" }),
                "invalid type: string \"a\", expected a sequence",
            ),
            (
                json!({ "name": "f", "requirements": ["x", true] }),
                "invalid type: boolean `true`, expected a string",
            ),
        ];
        for (options, expected) in cases {
            let Err(ClientError::Validation(issues)) = FunctionInput::from_json(&options) else {
                panic!("{options} was accepted");
            };
            assert_eq!(
                issues[0].message,
                format!("the function options are invalid: {expected}")
            );
        }
        let input = input(json!({ "name": "f", "code": null, "labels": ["a"] }));
        assert_eq!(input.code, None);
        assert_eq!(input.labels, Some(vec!["a".to_string()]));
    }

    #[test]
    fn unknown_option_is_rejected() {
        let error = FunctionInput::from_json(&json!({ "name": "f", "pythonVersoin": "x" }));
        let Err(ClientError::Validation(issues)) = error else {
            panic!("a misspelt option was accepted");
        };
        assert!(
            issues[0].message.contains("pythonVersoin"),
            "{}",
            issues[0].message
        );
    }
}

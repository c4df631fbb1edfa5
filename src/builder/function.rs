//! Builder of `python` function specs.

use base64::Engine;
use serde_json::Value;

use crate::kind::FunctionKind;
use crate::level::ApiLevel;
use crate::model::{Function, PythonFunctionSpec, PythonVersion, SourceCode, SourceLanguage};
use crate::validate::{validate_function, Report};

/// Python version a new builder starts with. Core and the Python SDK require
/// `python_version` and have no default; 3.10 is the one version that Core 0.13, 0.14 and 0.15
/// all accept.
pub const DEFAULT_PYTHON_VERSION: PythonVersion = PythonVersion::Python3_10;

/// Builds the spec of a `python` function.
///
/// A new builder has `python_version` [`DEFAULT_PYTHON_VERSION`] and `source.lang` `python`,
/// Core's schema default. Nothing else is set. Core does not require a handler, but the Python
/// SDK does, so set one with [`FunctionBuilder::handler`].
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionBuilder {
    spec: PythonFunctionSpec,
}

impl Default for FunctionBuilder {
    fn default() -> Self {
        FunctionBuilder::new()
    }
}

impl FunctionBuilder {
    /// Creates a builder with the defaults above.
    pub fn new() -> Self {
        FunctionBuilder {
            spec: PythonFunctionSpec {
                source: SourceCode {
                    lang: Some(SourceLanguage::Python),
                    ..SourceCode::default()
                },
                python_version: DEFAULT_PYTHON_VERSION,
                image: None,
                base_image: None,
                requirements: None,
            },
        }
    }

    /// Sets the code of a single-file function from its text, stored base64-encoded.
    pub fn code(&mut self, text: &str) -> &mut Self {
        let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        self.spec.source.base64 = Some(encoded);
        self
    }

    /// Sets the base64 of a single-file function directly.
    pub fn base64(&mut self, encoded: &str) -> &mut Self {
        self.spec.source.base64 = Some(encoded.to_string());
        self
    }

    /// Sets `source.source`: a URI of the code (`git+https://…`, `zip+s3://…`) or, with
    /// inline code, the relative path the code is written to (Core's default is `main.py`).
    pub fn source(&mut self, source: &str) -> &mut Self {
        self.spec.source.source = Some(source.to_string());
        self
    }

    /// Sets the handler: `func` for a single file, `pkg.module:func` inside a repository.
    pub fn handler(&mut self, handler: &str) -> &mut Self {
        self.spec.source.handler = Some(handler.to_string());
        self
    }

    /// Sets the function that serve runs call once at start-up, in the handler's module.
    pub fn init_function(&mut self, name: &str) -> &mut Self {
        self.spec.source.init_function = Some(name.to_string());
        self
    }

    /// Sets the Python version.
    pub fn python_version(&mut self, version: PythonVersion) -> &mut Self {
        self.spec.python_version = version;
        self
    }

    /// Sets the image to run.
    pub fn image(&mut self, image: &str) -> &mut Self {
        self.spec.image = Some(image.to_string());
        self
    }

    /// Sets the base image of images that Core builds.
    pub fn base_image(&mut self, image: &str) -> &mut Self {
        self.spec.base_image = Some(image.to_string());
        self
    }

    /// Adds a pip requirement line, such as `requests==2.32.3`.
    pub fn requirement(&mut self, line: &str) -> &mut Self {
        self.spec
            .requirements
            .get_or_insert_with(Vec::new)
            .push(line.to_string());
        self
    }

    /// Returns the spec.
    pub fn spec(&self) -> PythonFunctionSpec {
        self.spec.clone()
    }

    /// Returns the spec as JSON.
    pub fn to_json(&self) -> Value {
        super::model_json(&self.spec)
    }

    /// Validates the spec as Core at `level` would.
    pub fn validate(&self, level: ApiLevel) -> Report {
        validate_function(FunctionKind::Python, &self.to_json(), level)
    }

    /// Returns the body of a create request for a function called `name` in `project`.
    pub fn document(&self, project: &str, name: &str) -> Function {
        Function {
            id: None,
            name: Some(name.to_string()),
            kind: FunctionKind::Python.as_str().to_string(),
            project: project.to_string(),
            user: None,
            key: None,
            metadata: None,
            spec: self.spec(),
            status: None,
            extensions: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn new_function_defaults() {
        let json = FunctionBuilder::new().to_json();

        assert_eq!(
            json,
            json!({ "python_version": "PYTHON3_10", "source": { "lang": "python" } })
        );
    }

    #[test]
    fn function_from_code() {
        let json = FunctionBuilder::new()
            .code("def handler():\n    print(\"Hello world!\")")
            .handler("handler")
            .source("main.py")
            .init_function("init")
            .python_version(PythonVersion::Python3_12)
            .requirement("requests")
            .image("python:3.12")
            .base_image("python:3.12-slim")
            .to_json();

        assert_eq!(
            json,
            json!({
                "python_version": "PYTHON3_12",
                "image": "python:3.12",
                "base_image": "python:3.12-slim",
                "requirements": ["requests"],
                "source": {
                    "lang": "python",
                    "source": "main.py",
                    "handler": "handler",
                    "init_function": "init",
                    "base64": "ZGVmIGhhbmRsZXIoKToKICAgIHByaW50KCJIZWxsbyB3b3JsZCEiKQ=="
                }
            })
        );
    }

    #[test]
    fn default_version_at_every_level() {
        for level in ApiLevel::ALL {
            assert!(DEFAULT_PYTHON_VERSION.available_at(level), "level {level}");
        }
    }

    #[test]
    fn function_document_shape() {
        let document = FunctionBuilder::new()
            .handler("main")
            .document("demo", "echo");

        let json = serde_json::to_value(&document).unwrap();

        assert_eq!(json["name"], "echo");
        assert_eq!(json["kind"], "python");
        assert_eq!(json["project"], "demo");
        assert_eq!(json["spec"]["source"]["handler"], "main");
        assert_eq!(json.as_object().map(|object| object.len()), Some(4));
    }
}

//! Spec of a function of kind `python`.

use serde::{Deserialize, Serialize};

use super::enums::{PythonVersion, SourceLanguage};

/// Spec of a `python` function, as Core stores it under `spec`.
///
/// Core requires `source` and `python_version` at every level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonFunctionSpec {
    /// Location of the code and the function to call.
    pub source: SourceCode,
    /// Interpreter the function runs on.
    pub python_version: PythonVersion,
    /// Image to run. A successful build task replaces it with the built image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Base image for the images Core builds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_image: Option<String>,
    /// pip requirement lines installed into the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<Vec<String>>,
}

/// The `source` block of a python function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCode {
    /// URI of the code (`git+https://…`, `zip+s3://…`, `https://…`) or a relative file path
    /// such as `src/serve.py`, which names the file `base64` is written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Standard base64 (with padding) of one `.py` file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
    /// Function to call: `func` for a single file, `pkg.module:func` inside a repository.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// Function in the handler's module that serve runs call once at start-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_function: Option<String>,
    /// Language of the code; Core's schema default is `python`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<SourceLanguage>,
}

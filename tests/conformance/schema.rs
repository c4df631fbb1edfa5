//! Core's published JSON Schemas: where they are read from, which file covers a kind, and the
//! errors they report for a spec.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use digitalhub_tasks::level::ApiLevel;
use jsonschema::error::ValidationErrorKind;
use jsonschema::Validator;
use serde_json::Value;

use super::corpus::Target;

/// Environment variable that points at the reference data folder (the one holding
/// `digitalhub-core/<version>/`).
pub const REFERENCE_DIR_VAR: &str = "DIGITALHUB_REFERENCE_DIR";

/// The reference data folder: `$DIGITALHUB_REFERENCE_DIR`, or `../shared/reference` next to the
/// repository.
pub fn reference_dir() -> PathBuf {
    match std::env::var_os(REFERENCE_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference"),
    }
}

/// The folder with Core's schemas, one subfolder per release line (`0.13`, `0.14`, `0.15`).
pub fn core_schema_dir(reference: &Path) -> PathBuf {
    reference.join("digitalhub-core")
}

/// One error Core's schema reports for a spec.
#[derive(Debug, Clone)]
pub struct SchemaError {
    /// RFC 6901 pointer to the failing value. For `required` it is the object that lacks the
    /// property, as JSON Schema reports it.
    pub pointer: String,
    /// The schema keyword that failed, such as `type`, `required` or `pattern`.
    pub keyword: String,
    /// For `required`: the missing property's name.
    pub missing_property: Option<String>,
    /// The validator's message, for the failure list.
    pub message: String,
}

/// Compiled validators for every schema file the corpus needs, keyed by level and file.
pub struct SchemaSet {
    validators: BTreeMap<(u32, String), Validator>,
}

impl SchemaSet {
    /// Compiles the schema of every target at every level.
    ///
    /// # Errors
    /// A message naming the file that is missing, is not JSON, or does not compile.
    pub fn load(core_dir: &Path) -> Result<SchemaSet, String> {
        let mut validators = BTreeMap::new();
        for level in ApiLevel::ALL {
            for target in Target::all(level) {
                let file = target.schema_file();
                let path = core_dir.join(level.core_version()).join(&file);
                let text = fs::read_to_string(&path)
                    .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
                let schema: Value = serde_json::from_str(&text)
                    .map_err(|error| format!("{} is not JSON: {error}", path.display()))?;
                let validator = jsonschema::draft202012::new(&schema).map_err(|error| {
                    format!(
                        "{} does not compile as draft 2020-12: {error}",
                        path.display()
                    )
                })?;
                validators.insert((level.number(), file), validator);
            }
        }
        Ok(SchemaSet { validators })
    }

    /// Validates `spec` against the schema of `target` at `level` and returns every error, with
    /// duplicates removed. Core 0.13's `python+run` schema repeats the task fields in three
    /// `allOf` branches, so one bad field fails up to three times at the same place.
    ///
    /// # Errors
    /// A message when no schema was loaded for the pair, or when an error's pointer does not
    /// resolve in the spec (the pointer mapping would then be wrong).
    pub fn errors(
        &self,
        target: Target,
        level: ApiLevel,
        spec: &Value,
    ) -> Result<Vec<SchemaError>, String> {
        let key = (level.number(), target.schema_file());
        let validator = self
            .validators
            .get(&key)
            .ok_or_else(|| format!("no schema loaded for {} at level {level}", key.1))?;

        let mut errors: Vec<SchemaError> = Vec::new();
        for error in validator.iter_errors(spec) {
            let converted = convert_error(&error);
            if spec.pointer(&converted.pointer).is_none() {
                return Err(format!(
                    "schema error pointer {:?} does not resolve in the spec: {}",
                    converted.pointer, converted.message
                ));
            }
            let duplicate = errors.iter().any(|known| {
                known.pointer == converted.pointer
                    && known.keyword == converted.keyword
                    && known.missing_property == converted.missing_property
            });
            if !duplicate {
                errors.push(converted);
            }
        }
        Ok(errors)
    }
}

/// Maps a jsonschema error to a [`SchemaError`]. The crate's `instance_path` is already an
/// RFC 6901 pointer (`""` for the root, `~0` and `~1` escapes), which `errors` double-checks by
/// resolving it in the spec.
fn convert_error(error: &jsonschema::ValidationError<'_>) -> SchemaError {
    let keyword = error
        .schema_path
        .as_str()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let missing_property = match &error.kind {
        ValidationErrorKind::Required { property } => Some(
            property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string),
        ),
        _ => None,
    };
    SchemaError {
        pointer: error.instance_path.as_str().to_string(),
        keyword,
        missing_property,
        message: error.to_string(),
    }
}

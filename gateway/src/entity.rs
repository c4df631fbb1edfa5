//! Fields every stored entity shares: ids, names, audit metadata, and the checks Core's
//! DTO validation applies to them.

use serde_json::{json, Map, Value};

use crate::error::ApiError;
use crate::timestamp;

/// Generates an id as Core does when the client sends none: a UUID without dashes.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Builds a 400 in the wording of Spring's bean validation for a top-level DTO field.
pub fn field_error(object: &str, field: &str, rejected: &str, message: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Validation failed for argument [0] in {object} with 1 error(s): [Field error in \
         object '{object}' on field '{field}': rejected value [{rejected}]; default message \
         [{message}]]"
    ))
}

/// True for Core's `SLUG_PATTERN` `^[a-zA-Z0-9._+-]+$`.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
}

/// Checks an optional id or name against `SLUG_PATTERN`.
///
/// # Errors
/// 400 naming the field when the value is not a slug.
pub fn check_slug(object: &str, field: &str, value: Option<&str>) -> Result<(), ApiError> {
    match value {
        Some(text) if !is_slug(text) => Err(field_error(
            object,
            field,
            text,
            "must match \"^[a-zA-Z0-9._+-]+$\"",
        )),
        _ => Ok(()),
    }
}

/// Reads an optional string field of a request body.
///
/// # Errors
/// 400 when the field is present but not a string.
pub fn optional_string<'a>(
    body: &'a Value,
    object: &str,
    field: &str,
) -> Result<Option<&'a str>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.as_str())),
        Some(other) => Err(field_error(
            object,
            field,
            &other.to_string(),
            "must be a string",
        )),
    }
}

/// Reads the request body's `spec`, or an empty object when absent.
///
/// # Errors
/// 400 when `spec` is present but not an object.
pub fn spec_of(body: &Value) -> Result<Value, ApiError> {
    match body.get("spec") {
        None | Some(Value::Null) => Ok(json!({})),
        Some(Value::Object(spec)) => Ok(Value::Object(spec.clone())),
        Some(_) => Err(ApiError::bad_request(
            "invalid spec: expected a JSON object",
        )),
    }
}

/// Builds stored metadata from the client's metadata plus Core's audit fields.
pub fn new_metadata(client: Option<&Value>, project: &str, name: &str, user: &str) -> Value {
    let mut metadata = client
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_else(Map::new);
    let now = timestamp::now();
    metadata.insert("project".to_string(), json!(project));
    metadata.insert("name".to_string(), json!(name));
    metadata.insert("created".to_string(), json!(now));
    metadata.insert("updated".to_string(), json!(now));
    metadata.insert("created_by".to_string(), json!(user));
    metadata.insert("updated_by".to_string(), json!(user));
    Value::Object(metadata)
}

/// Merges updated client metadata into stored metadata, keeping the audit fields the
/// server owns, and stamps the update.
pub fn updated_metadata(stored: &Value, client: Option<&Value>, user: &str) -> Value {
    let mut metadata = stored.as_object().cloned().unwrap_or_default();
    if let Some(client) = client.and_then(Value::as_object) {
        for (key, value) in client {
            let server_owned = matches!(
                key.as_str(),
                "project" | "name" | "created" | "created_by" | "version"
            );
            if !server_owned {
                metadata.insert(key.clone(), value.clone());
            }
        }
    }
    metadata.insert("updated".to_string(), json!(timestamp::now()));
    metadata.insert("updated_by".to_string(), json!(user));
    Value::Object(metadata)
}

/// Reads a string at a JSON Pointer, or "" when absent.
pub fn text_at<'a>(entity: &'a Value, pointer: &str) -> &'a str {
    entity
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_pattern() {
        assert!(is_slug("a.b_c+d-1"));
        assert!(!is_slug("a b"));
        assert!(!is_slug("a/b"));
        assert!(!is_slug(""));
    }

    #[test]
    fn new_ids_are_32_hex() {
        let id = new_id();
        assert_eq!(id.len(), 32);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn update_keeps_server_fields() {
        let stored = json!({"created": "t0", "name": "n", "labels": ["a"]});
        let merged = updated_metadata(
            &stored,
            Some(&json!({"created": "x", "labels": ["b"]})),
            "u",
        );
        assert_eq!(merged["created"], "t0");
        assert_eq!(merged["labels"], json!(["b"]));
        assert_eq!(merged["updated_by"], "u");
    }
}

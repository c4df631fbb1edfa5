//! Core's discovery document, `GET /.well-known/configuration`.

use serde_json::Value;

use super::error::ClientError;
use crate::level::ApiLevel;

/// The API level to use for a published `dhcore_api_level`.
///
/// Levels above 15 use 15, the newest dialect this library models; a missing level also gives
/// 15, the current release.
///
/// # Errors
/// [`ClientError::InvalidResponse`] when the level is below 13 or not a number.
pub fn level_from_configuration(configuration: &Value) -> Result<ApiLevel, ClientError> {
    let raw = configuration.get("dhcore_api_level");
    let number = match raw {
        None | Some(Value::Null) => return Ok(ApiLevel::default()),
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    let invalid = || ClientError::InvalidResponse {
        status: 200,
        message: format!(
            "dhcore_api_level {} is not supported: this library speaks levels 13 to 15; pass \
             apiLevel explicitly to override",
            raw.map(Value::to_string).unwrap_or_default()
        ),
    };
    match number {
        Some(level) if level > 15 => Ok(ApiLevel::V15),
        Some(level) => u32::try_from(level)
            .ok()
            .and_then(|level| ApiLevel::from_number(level).ok())
            .ok_or_else(invalid),
        None => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn level_table() {
        let cases = [
            (json!({ "dhcore_api_level": 13 }), Some(ApiLevel::V13)),
            (json!({ "dhcore_api_level": 14 }), Some(ApiLevel::V14)),
            (json!({ "dhcore_api_level": 15 }), Some(ApiLevel::V15)),
            (json!({ "dhcore_api_level": "14" }), Some(ApiLevel::V14)),
            (json!({ "dhcore_api_level": 17 }), Some(ApiLevel::V15)),
            (json!({}), Some(ApiLevel::V15)),
            (json!({ "dhcore_api_level": 12 }), None),
            (json!({ "dhcore_api_level": "x" }), None),
            (json!({ "dhcore_api_level": 14.5 }), None),
            (json!({ "dhcore_api_level": -1 }), None),
        ];
        for (configuration, expected) in cases {
            assert_eq!(
                level_from_configuration(&configuration).ok(),
                expected,
                "{configuration}"
            );
        }
    }
}

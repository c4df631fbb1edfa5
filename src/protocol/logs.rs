//! Run logs as Core returns them: a list of Log objects whose `content` is base64.

use base64::Engine;
use serde_json::Value;

use super::error::ClientError;

/// Adds a `text` field with the decoded `content` to every log object in `logs`. Content that
/// is not base64 is left as it is and gets no `text`; bytes that are not UTF-8 are replaced with
/// U+FFFD.
///
/// # Errors
/// [`ClientError::InvalidResponse`] when `logs` is not a JSON array.
pub fn decode_logs(logs: Value) -> Result<Value, ClientError> {
    let Value::Array(entries) = logs else {
        return Err(ClientError::InvalidResponse {
            status: 200,
            message: "run logs are not a JSON array".into(),
        });
    };
    let decoded = entries
        .into_iter()
        .map(|mut entry| {
            let text = entry
                .get("content")
                .and_then(Value::as_str)
                .and_then(|content| {
                    base64::engine::general_purpose::STANDARD
                        .decode(content.trim())
                        .ok()
                })
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            if let (Some(text), Value::Object(fields)) = (text, &mut entry) {
                fields.insert("text".into(), Value::String(text));
            }
            entry
        })
        .collect();
    Ok(Value::Array(decoded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn content_is_decoded() {
        let logs = json!([
            { "id": "l1", "content": "aGVsbG8Kd29ybGQ=", "spec": { "run": "r1" } },
            { "id": "l2", "content": "not base64!" },
            { "id": "l3" },
        ]);
        let decoded = decode_logs(logs).unwrap();
        assert_eq!(decoded[0]["text"], "hello\nworld");
        assert_eq!(decoded[0]["content"], "aGVsbG8Kd29ybGQ=");
        assert_eq!(decoded[1].get("text"), None);
        assert_eq!(decoded[2].get("text"), None);
    }

    #[test]
    fn non_array_is_rejected() {
        assert!(decode_logs(json!({ "content": [] })).is_err());
    }
}

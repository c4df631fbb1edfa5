//! Query-string parameters, kept in order so repeated keys such as `sort` survive.

use crate::error::ApiError;

/// The decoded parameters of one request's query string.
#[derive(Debug, Clone, Default)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Decodes a raw query string (`a=1&b=2`), or an empty one when absent.
    ///
    /// # Errors
    /// 400 when the string is not valid `application/x-www-form-urlencoded` text.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let Some(raw) = raw else {
            return Ok(QueryParams::default());
        };
        let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .map_err(|error| ApiError::bad_request(format!("invalid query string: {error}")))?;
        Ok(QueryParams { pairs })
    }

    /// Returns the first non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| value.as_str())
    }

    /// Returns every non-empty value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(key, value)| key == name && !value.is_empty())
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Parses `name` as a non-negative integer.
    ///
    /// # Errors
    /// 400 naming the parameter when the value is not a number.
    pub fn number(&self, name: &str) -> Result<Option<u64>, ApiError> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        match text.parse::<i64>() {
            Ok(value) => Ok(Some(value.max(0) as u64)),
            Err(_) => Err(ApiError::bad_request(format!(
                "Failed to convert value of type 'java.lang.String' to required type 'int'; \
                 For input string: \"{text}\" (query parameter {name})"
            ))),
        }
    }

    /// Reads a boolean flag such as `cascade=true`.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.get(name)
            .map(|value| value.eq_ignore_ascii_case("true"))
    }
}

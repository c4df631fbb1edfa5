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

    /// Reads `name` as Spring Data reads `page` and `size`: a Java `int`, with negative values
    /// raised to 0. A value that is absent, not a number or out of the `int` range gives
    /// `None`, so the default applies instead of an error.
    pub fn number(&self, name: &str) -> Option<u64> {
        let parsed = self.get(name)?.parse::<i32>().ok()?;
        Some(u64::try_from(parsed).unwrap_or(0))
    }

    /// Reads a boolean flag such as `cascade=true`.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.get(name)
            .map(|value| value.eq_ignore_ascii_case("true"))
    }
}

#[cfg(test)]
mod tests {
    use super::QueryParams;

    #[test]
    fn numbers_follow_spring_data() {
        let query = QueryParams::parse(Some(
            "a=7&b=-3&c=abc&d=2147483647&e=2147483648&f=99999999999999999999",
        ))
        .unwrap();
        assert_eq!(query.number("a"), Some(7));
        assert_eq!(query.number("b"), Some(0));
        assert_eq!(query.number("c"), None);
        assert_eq!(query.number("d"), Some(2_147_483_647));
        assert_eq!(query.number("e"), None);
        assert_eq!(query.number("f"), None);
        assert_eq!(query.number("missing"), None);
    }
}

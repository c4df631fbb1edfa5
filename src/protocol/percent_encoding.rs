//! Percent-encoding of URL path segments and query components (RFC 3986).

use std::fmt::Write;

/// Encodes `value` for use as one path segment or one query key or value.
///
/// Only the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they are; every other
/// byte of the UTF-8 form becomes `%XX`. Task strings such as `python+serve://demo/abc` therefore
/// keep their `+`, which a form decoder would otherwise read as a space.
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// Builds a query string (without the leading `?`) from key and value pairs, in order.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_encoding_table() {
        let cases = [
            ("abc-DEF_0.9~", "abc-DEF_0.9~"),
            (
                "python+serve://demo/0a1b",
                "python%2Bserve%3A%2F%2Fdemo%2F0a1b",
            ),
            ("a b", "a%20b"),
            ("created,DESC", "created%2CDESC"),
            ("a&b=c", "a%26b%3Dc"),
            ("100%", "100%25"),
            ("é", "%C3%A9"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(encode_component(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn query_keeps_pair_order() {
        let pairs = vec![
            ("function".to_string(), "python://p/f:1".to_string()),
            ("kind".to_string(), "python+job".to_string()),
            ("page".to_string(), "0".to_string()),
        ];
        assert_eq!(
            encode_query(&pairs),
            "function=python%3A%2F%2Fp%2Ff%3A1&kind=python%2Bjob&page=0"
        );
    }
}

//! The credential sent to Core, kept out of every `Debug` and `Display` output.

use std::fmt;

/// A Core credential: an access token, a personal access token, or a complete `Authorization`
/// value such as `Basic dXNlcjpwYXNz`.
///
/// Its `Debug` output is `Token([redacted])`, so logging a struct that contains one is safe.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a credential; returns `None` for an empty or blank string.
    pub fn new(value: &str) -> Option<Token> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            None
        } else {
            Some(Token(trimmed.to_string()))
        }
    }

    /// The `Authorization` header value. A bare token gets the `Bearer` scheme; a value that
    /// already names the `Bearer` or `Basic` scheme is sent as it is.
    pub fn authorization(&self) -> String {
        if self.scheme_len().is_some() {
            self.0.clone()
        } else {
            format!("Bearer {}", self.0)
        }
    }

    /// The credential without its `Bearer ` or `Basic ` scheme, for redacting it from response
    /// text: a server may echo the credential alone, and redacting it also covers the whole
    /// header value.
    pub fn secret(&self) -> &str {
        let start = self.scheme_len().unwrap_or(0);
        self.0.get(start..).map(str::trim_start).unwrap_or(&self.0)
    }

    /// The length of a leading `Bearer ` or `Basic ` (any letter case) followed by a credential.
    /// Compares bytes, so a value with multi-byte characters never splits one.
    fn scheme_len(&self) -> Option<usize> {
        ["bearer ", "basic "]
            .iter()
            .find(|scheme| {
                self.0.len() > scheme.len()
                    && self.0.as_bytes()[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes())
            })
            .map(|scheme| scheme.len())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_schemes() {
        let cases = [
            ("abc.def", "Bearer abc.def"),
            ("Bearer abc", "Bearer abc"),
            ("bearer abc", "bearer abc"),
            ("Basic dXNlcg==", "Basic dXNlcg=="),
            ("  padded  ", "Bearer padded"),
            ("Bearer", "Bearer Bearer"),
        ];
        for (input, expected) in cases {
            let token = Token::new(input);
            assert_eq!(
                token.map(|token| token.authorization()),
                Some(expected.to_string()),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn multibyte_token_does_not_panic() {
        // Byte 6 of this value falls inside '€', where the scheme check used to slice.
        for input in ["tök€n-value", "€€€€€€€€", "Basic\u{e9}x"] {
            let token = Token::new(input).unwrap();
            assert_eq!(token.authorization(), format!("Bearer {input}"));
            assert_eq!(token.secret(), input);
        }
    }

    #[test]
    fn secret_excludes_scheme() {
        let cases = [
            ("abc.def", "abc.def"),
            ("Bearer abc.def", "abc.def"),
            ("bearer   abc", "abc"),
            ("Basic dXNlcg==", "dXNlcg=="),
            ("Bearer", "Bearer"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                Token::new(input).unwrap().secret(),
                expected,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn blank_token_is_none() {
        assert_eq!(Token::new(""), None);
        assert_eq!(Token::new("   "), None);
    }

    #[test]
    fn debug_hides_token() {
        let token = Token::new("super-secret-value");
        let printed = format!("{token:?}");
        assert!(!printed.contains("super-secret-value"), "{printed}");
        assert!(printed.contains("redacted"), "{printed}");
    }
}

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
        let has_scheme = ["bearer ", "basic "].iter().any(|scheme| {
            self.0.len() > scheme.len() && self.0[..scheme.len()].eq_ignore_ascii_case(scheme)
        });
        if has_scheme {
            self.0.clone()
        } else {
            format!("Bearer {}", self.0)
        }
    }

    /// The raw credential, for redacting it from response text.
    pub fn secret(&self) -> &str {
        &self.0
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

//! RFC 6901 JSON Pointers to the value an issue is about.

/// Appends one reference token to `parent`, escaping `~` as `~0` and `/` as `~1`.
pub fn child(parent: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(parent.len() + token.len() + 1);
    pointer.push_str(parent);
    pointer.push('/');
    for character in token.chars() {
        match character {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
    pointer
}

/// Appends an array index to `parent`.
pub fn index(parent: &str, position: usize) -> String {
    format!("{parent}/{position}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_escapes_tilde_and_slash() {
        let cases = [
            ("", "volumes", "/volumes"),
            ("/inputs", "a/b", "/inputs/a~1b"),
            ("/inputs", "a~b", "/inputs/a~0b"),
            ("/inputs", "~/", "/inputs/~0~1"),
            ("", "", "/"),
        ];
        for (parent, token, expected) in cases {
            assert_eq!(child(parent, token), expected, "{parent:?} + {token:?}");
        }
    }

    #[test]
    fn index_appends_number() {
        assert_eq!(index("/volumes", 3), "/volumes/3");
    }
}

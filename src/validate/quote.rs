//! User values inside messages: quoted, escaped and cut short.

/// The longest part of a user value a message repeats, in characters.
const MAX_QUOTED_CHARS: usize = 64;

/// Quotes `value` for a message, JSON-style, cut to 64 characters with `…` after the cut.
pub fn quote(value: &str) -> String {
    let mut shown: String = value.chars().take(MAX_QUOTED_CHARS).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    let mut quoted = String::with_capacity(shown.len() + 2);
    quoted.push('"');
    for character in shown.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            control if control.is_control() => {
                quoted.push_str(&format!("\\u{{{:x}}}", control as u32));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

/// Joins quoted values as `"a", "b" or "c"`.
pub fn one_of<S: AsRef<str>>(values: &[S]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| quote(value.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_and_cuts() {
        assert_eq!(quote("data"), "\"data\"");
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        let long = "x".repeat(100);
        let quoted = quote(&long);
        assert!(quoted.ends_with("…\""));
        assert_eq!(quoted.chars().filter(|c| *c == 'x').count(), 64);
    }

    #[test]
    fn one_of_lists_values() {
        assert_eq!(one_of(&["a"]), "\"a\"");
        assert_eq!(one_of(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
        assert_eq!(one_of::<&str>(&[]), "");
    }
}

//! Kubernetes label syntax: qualified names (label keys) and label values.

/// True for a DNS-1123 label: at most 63 lower-case letters, digits and '-', starting and
/// ending with a letter or digit.
pub fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || *byte == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// True for a DNS-1123 subdomain: at most 253 characters in dot-separated parts of lower-case
/// letters, digits and '-', each starting and ending with a letter or digit. Kubernetes'
/// `IsDNS1123Subdomain` limits only the whole length, not each part to 63 like a label.
pub fn is_dns_subdomain(text: &str) -> bool {
    let is_part = |part: &str| {
        let bytes = part.as_bytes();
        !bytes.is_empty()
            && bytes
                .iter()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || *byte == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    };
    text.len() <= 253 && text.split('.').all(is_part)
}

/// True for the name part of a qualified name or a non-empty label value: at most 63
/// characters of `[A-Za-z0-9-_.]`, starting and ending with a letter or digit.
fn is_label_name(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_.".contains(byte))
}

/// True for a label key such as `app` or `kubernetes.io/hostname`.
pub fn is_qualified_name(text: &str) -> bool {
    match text.split_once('/') {
        None => is_label_name(text),
        Some((prefix, name)) => is_dns_subdomain(prefix) && is_label_name(name),
    }
}

/// True for a label value: empty, or a label name.
pub fn is_label_value(text: &str) -> bool {
    text.is_empty() || is_label_name(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        let long = "a".repeat(64);
        let cases = [
            ("data", true),
            ("data-1", true),
            ("1data", true),
            ("Data", false),
            ("data_1", false),
            ("-data", false),
            ("data-", false),
            ("", false),
            (long.as_str(), false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_dns_label(text), expected, "{text}");
        }
    }

    #[test]
    fn qualified_names_and_values() {
        assert!(is_qualified_name("kubernetes.io/hostname"));
        assert!(is_qualified_name("gpu_type"));
        assert!(!is_qualified_name("Example.com/x"));
        assert!(!is_qualified_name("a/b/c"));
        // A prefix part may be longer than a label; only the prefix as a whole has a limit.
        let long_part = format!("{}.com/gpu", "a".repeat(70));
        assert!(is_qualified_name(&long_part));
        let long_prefix = format!("{}/gpu", "a".repeat(254));
        assert!(!is_qualified_name(&long_prefix));
        assert!(!is_qualified_name("example..com/gpu"));
        assert!(!is_qualified_name("-example.com/gpu"));
        assert!(!is_qualified_name("/gpu"));
        assert!(!is_qualified_name(""));
        assert!(is_label_value(""));
        assert!(is_label_value("A100"));
        assert!(!is_label_value("a b"));
    }
}

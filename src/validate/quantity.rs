//! Kubernetes quantities (`500m`, `1.5Gi`, `2e3`), parsed with the grammar of
//! `k8s.io/apimachinery/pkg/api/resource.ParseQuantity`.

/// Why a string is not a Kubernetes quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    /// The string is empty.
    Empty,
    /// The characters do not form `<sign><digits>[.<digits>]<suffix>`.
    Format,
    /// The suffix is not one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent e<N>.
    Suffix,
}

impl QuantityError {
    /// A sentence explaining the problem.
    pub fn explain(self) -> &'static str {
        match self {
            QuantityError::Empty => "it is empty",
            QuantityError::Format => {
                "it is not a number followed by an optional unit (such as 500m, 1.5Gi or 2e3)"
            }
            QuantityError::Suffix => {
                "its unit is not one of n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an \
                 exponent such as e3"
            }
        }
    }
}

/// A parsed quantity: only what the validator needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    /// True for a value below zero.
    pub negative: bool,
    /// True for a value of zero, such as `0`, `0Gi` or `0.0`. Kubernetes rounds other tiny
    /// values up to `1n`, so only an all-zero number is zero.
    pub zero: bool,
}

const DECIMAL_SUFFIXES: &[&str] = &["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];
const BINARY_SUFFIXES: &[&str] = &["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const SUFFIX_CHARS: &[u8] = b"eEinumkKMGTP";

/// Parses `text` as Kubernetes does.
///
/// # Errors
/// [`QuantityError`] naming the part that failed.
pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
    if text.is_empty() {
        return Err(QuantityError::Empty);
    }
    let bytes = text.as_bytes();
    let mut position = 0;
    let mut negative = false;
    match bytes[0] {
        b'-' => {
            negative = true;
            position += 1;
        }
        b'+' => position += 1,
        _ => {}
    }

    let digits_start = position;
    position = skip_digits(bytes, position);
    let mut has_digits = position > digits_start;
    if position < bytes.len() && bytes[position] == b'.' {
        let fraction_start = position + 1;
        position = skip_digits(bytes, fraction_start);
        has_digits |= position > fraction_start;
    }

    let suffix_start = position;
    while position < bytes.len() && SUFFIX_CHARS.contains(&bytes[position]) {
        position += 1;
    }
    if position < bytes.len() && (bytes[position] == b'-' || bytes[position] == b'+') {
        position += 1;
    }
    position = skip_digits(bytes, position);
    if position != bytes.len() {
        return Err(QuantityError::Format);
    }

    let suffix = &text[suffix_start..];
    if !valid_suffix(suffix) {
        return Err(QuantityError::Suffix);
    }
    // Kubernetes reads a bare sign or "." as zero; only a value with digits can be negative.
    let zero = !has_digits || all_zero(&text[digits_start..suffix_start]);
    Ok(Quantity {
        negative: negative && !zero,
        zero,
    })
}

fn skip_digits(bytes: &[u8], mut position: usize) -> usize {
    while position < bytes.len() && bytes[position].is_ascii_digit() {
        position += 1;
    }
    position
}

fn all_zero(number: &str) -> bool {
    number.bytes().all(|byte| byte == b'0' || byte == b'.')
}

fn valid_suffix(suffix: &str) -> bool {
    if DECIMAL_SUFFIXES.contains(&suffix) || BINARY_SUFFIXES.contains(&suffix) {
        return true;
    }
    let Some(exponent) = suffix
        .strip_prefix('e')
        .or_else(|| suffix.strip_prefix('E'))
    else {
        return false;
    };
    // Go's strconv.ParseInt(exponent, 10, 64): an optional sign, then digits, within i64.
    exponent.parse::<i64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_kubernetes_quantities() {
        let valid = [
            "0", "1", "500m", "1.5Gi", "2e3", "2E3", "1e-3", "1E+3", "100Ki", "1Mi", "4Gi", "1Ti",
            "1Pi", "1Ei", "1n", "1u", "1k", "1M", "1G", "1T", "1P", "1E", "+1", "-1", ".5", "1.",
            "0.5", "007",
        ];
        for text in valid {
            assert!(parse(text).is_ok(), "{text} should parse");
        }
    }

    #[test]
    fn parse_rejects_malformed_quantities() {
        let invalid = [
            ("", QuantityError::Empty),
            ("abc", QuantityError::Format),
            ("1.5.5", QuantityError::Format),
            ("1 Gi", QuantityError::Format),
            ("1Gi ", QuantityError::Format),
            ("1GB", QuantityError::Format),
            ("1gi", QuantityError::Format),
            ("1e", QuantityError::Suffix),
            ("1K", QuantityError::Suffix),
            ("1mm", QuantityError::Suffix),
            ("1Ki5", QuantityError::Suffix),
            ("5abc", QuantityError::Format),
            ("1e99999999999999999999", QuantityError::Suffix),
            ("--1", QuantityError::Suffix),
        ];
        for (text, expected) in invalid {
            assert_eq!(parse(text), Err(expected), "{text}");
        }
    }

    #[test]
    fn parse_reports_sign() {
        assert!(parse("-1").is_ok_and(|quantity| quantity.negative));
        assert!(parse("-0").is_ok_and(|quantity| !quantity.negative));
        assert!(parse("1").is_ok_and(|quantity| !quantity.negative));
    }

    #[test]
    fn parse_reports_zero() {
        for text in ["0", "0Gi", "0.0", "-0", "000m", ".", "+", "0e3"] {
            assert!(parse(text).is_ok_and(|quantity| quantity.zero), "{text}");
        }
        for text in ["1", "0.001", "1n", "1e-30", "-1"] {
            assert!(parse(text).is_ok_and(|quantity| !quantity.zero), "{text}");
        }
    }
}

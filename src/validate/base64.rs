//! Padded standard base64 (RFC 4648 section 4), checked without decoding into memory.

/// Why a string is not padded standard base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside `A-Z a-z 0-9 + /` and the final `=` padding, at this byte offset.
    InvalidCharacter { offset: usize, url_safe: bool },
    /// The length is not a multiple of 4, so padding is missing or the data is cut.
    Length,
    /// `=` appears before the end, or more than twice.
    Padding,
}

impl Base64Error {
    /// A sentence explaining the problem and the fix.
    pub fn explain(self) -> String {
        match self {
            Base64Error::InvalidCharacter {
                offset,
                url_safe: true,
            } => format!(
                "it uses the URL-safe alphabet ('-' or '_' at byte {offset}): encode with the \
                 standard alphabet, which uses '+' and '/'"
            ),
            Base64Error::InvalidCharacter { offset, .. } => format!(
                "byte {offset} is not in the base64 alphabet (A-Z, a-z, 0-9, '+', '/'); remove \
                 line breaks and spaces"
            ),
            Base64Error::Length => {
                "its length is not a multiple of 4: add the '=' padding or re-encode the file"
                    .to_string()
            }
            Base64Error::Padding => "'=' padding may only end the text, at most twice".to_string(),
        }
    }
}

fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Checks that `text` decodes as padded standard base64. Non-zero bits after the last full byte
/// are accepted, as every decoder on the path (Java, Python, Go) ignores them.
///
/// # Errors
/// [`Base64Error`] for the first problem found.
pub fn check(text: &str) -> Result<(), Base64Error> {
    let bytes = text.as_bytes();
    let padding = bytes.iter().rev().take_while(|byte| **byte == b'=').count();
    let data = &bytes[..bytes.len() - padding];
    for (offset, byte) in data.iter().enumerate() {
        if sextet(*byte).is_none() {
            if *byte == b'=' {
                return Err(Base64Error::Padding);
            }
            return Err(Base64Error::InvalidCharacter {
                offset,
                url_safe: *byte == b'-' || *byte == b'_',
            });
        }
    }
    if padding > 2 {
        return Err(Base64Error::Padding);
    }
    if bytes.len() % 4 != 0 {
        return Err(Base64Error::Length);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_accepts_padded_base64() {
        let valid = [
            "",
            "Zg==",
            "Zm8=",
            "Zm9v",
            "ZGVmIGhhbmRsZXIoKToKICAgIHByaW50KCJIZWxsbyB3b3JsZCEiKQ==",
            "+/+/",
            // Bits after the last full byte need not be zero: Java's, Python's and Go's
            // decoders read "Zh==" as "f".
            "Zh==",
            "Zm9=",
        ];
        for text in valid {
            assert_eq!(check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn check_rejects_malformed_base64() {
        let cases = [
            ("Zg", Base64Error::Length),
            ("Zm9", Base64Error::Length),
            ("Zg===", Base64Error::Padding),
            ("Z===", Base64Error::Padding),
            ("Zg=a", Base64Error::Padding),
            (
                "Zm9v\nYmFy",
                Base64Error::InvalidCharacter {
                    offset: 4,
                    url_safe: false,
                },
            ),
            (
                "-_8=",
                Base64Error::InvalidCharacter {
                    offset: 0,
                    url_safe: true,
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(check(text), Err(expected), "{text:?}");
        }
    }
}

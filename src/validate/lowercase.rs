//! Lower-casing for names that are compared with ASCII names or cut down to `[a-z0-9-]`.
//!
//! `char::to_lowercase` links core's Unicode case-mapping tables (11.7 KB) into the wasm
//! module. For these callers ASCII lower-casing gives the same result, except for two
//! characters whose full lower case contains ASCII letters: U+0130 (İ) becomes `i` followed by
//! U+0307, and U+212A (Kelvin sign) becomes `k`. Every other non-ASCII character has a
//! lower case of one non-ASCII character, which matches no ASCII name either way.

/// Lower-cases `character` like `char::to_lowercase` wherever the result contains ASCII. Any
/// other non-ASCII character is returned unchanged.
pub fn lowercase(character: char) -> impl Iterator<Item = char> {
    let (first, second) = match character {
        '\u{130}' => ('i', Some('\u{307}')),
        '\u{212A}' => ('k', None),
        other => (other.to_ascii_lowercase(), None),
    };
    std::iter::once(first).chain(second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_matches_unicode_on_ascii_results() {
        for character in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let ours: Vec<char> = lowercase(character).collect();
            let unicode: Vec<char> = character.to_lowercase().collect();
            assert_eq!(ours.len(), unicode.len(), "length for {character:?}");
            for (mine, theirs) in ours.iter().zip(&unicode) {
                if mine.is_ascii() || theirs.is_ascii() {
                    assert_eq!(mine, theirs, "lower case of {character:?}");
                }
            }
        }
    }
}

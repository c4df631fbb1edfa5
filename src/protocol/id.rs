//! Client-chosen entity ids. Core stores tasks and runs under the id the client sends, so a
//! client that loses the response to a create can still find the entity.

use std::fmt::Write;

/// Formats 16 random bytes as the 32 lower-case hex digits Core uses for its own ids (a UUID
/// without dashes).
pub fn entity_id_from_bytes(bytes: [u8; 16]) -> String {
    let mut id = String::with_capacity(32);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(id, "{byte:02x}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_32_hex() {
        let id = entity_id_from_bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
        assert_eq!(id, "000102030405060708090a0b0c0d0eff");
        let random = entity_id_from_bytes([0xab; 16]);
        assert_eq!(random.len(), 32);
        assert!(random.bytes().all(|byte| byte.is_ascii_hexdigit()));
    }
}

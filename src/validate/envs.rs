//! Environment variable rules Kubernetes applies: the name syntax and repeated names. Values are
//! never repeated in messages, because they may hold credentials.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::pointer;
use super::quote::quote;

/// True for a name Kubernetes accepts: `^[-._a-zA-Z][-._a-zA-Z0-9]*$`.
pub fn is_env_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let allowed = |byte: &u8| byte.is_ascii_alphabetic() || b"-._".contains(byte);
    !bytes.is_empty()
        && allowed(&bytes[0])
        && bytes
            .iter()
            .all(|byte| allowed(byte) || byte.is_ascii_digit())
}

/// Checks one env name.
pub fn check_name(context: &mut Context, name: &str, path: &str) {
    if name.is_empty() || is_env_name(name) {
        return;
    }
    let mut fixed: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || "-._".contains(character) {
                character
            } else {
                '_'
            }
        })
        .collect();
    if fixed.starts_with(|character: char| character.is_ascii_digit()) {
        fixed.insert(0, '_');
    }
    context.push(
        codes::INVALID_ENV_NAME,
        path.to_string(),
        format!(
            "env name {} is not valid in Kubernetes: start with a letter, '_', '-' or '.', and \
             use only letters, digits, '_', '-' and '.', such as {}",
            quote(name),
            quote(&fixed)
        ),
    );
}

/// Reports env names that appear more than once.
pub fn check_list(context: &mut Context, spec: &Map<String, Value>) {
    let Some(Value::Array(envs)) = spec.get("envs") else {
        return;
    };
    let list_path = pointer::child("", "envs");
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (position, env) in envs.iter().enumerate() {
        let Some(name) = env.get("name").and_then(Value::as_str) else {
            continue;
        };
        match seen.get(name) {
            Some(first) => context.push(
                codes::DUPLICATE_ENV_NAME,
                pointer::child(&pointer::index(&list_path, position), "name"),
                format!(
                    "env name {} is already set by env {first}, and the later entry hides the \
                     earlier one: keep one entry per name",
                    quote(name)
                ),
            ),
            None => {
                seen.insert(name, position);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names() {
        let cases = [
            ("LOG_LEVEL", true),
            ("_x", true),
            ("-x", true),
            (".x", true),
            ("my.var-1", true),
            ("1X", false),
            ("MY VAR", false),
            ("A=B", false),
            ("", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_env_name(name), expected, "{name}");
        }
    }
}

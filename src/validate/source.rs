//! A function's `source`: the handler, the init function, the base64 code, and whether there is
//! code to run at all.

use serde_json::{Map, Value};

use super::base64;
use super::codes;
use super::context::Context;
use super::pointer;
use super::quote::quote;

/// Python's keywords, which `def` cannot use as a function name (soft keywords such as `match`
/// can be names).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// True for a Python identifier: a letter or `_`, then letters, digits or `_`.
pub fn is_identifier(text: &str) -> bool {
    let mut characters = text.chars();
    let Some(first) = characters.next() else {
        return false;
    };
    (first == '_' || first.is_alphabetic())
        && characters.all(|character| character == '_' || character.is_alphanumeric())
}

/// True for a name a `def` statement can give a function: an identifier that is not a keyword.
fn is_function_name(text: &str) -> bool {
    is_identifier(text) && !KEYWORDS.contains(&text)
}

/// Checks `source.handler`: `func`, or `pkg.module:func`.
pub fn check_handler(context: &mut Context, value: &str, path: &str) {
    let valid = match value.split_once(':') {
        None => is_function_name(value),
        Some((module, function)) => {
            module.split('.').all(is_identifier) && is_function_name(function)
        }
    };
    if valid {
        return;
    }
    let hint = if !value.contains(':') && value.contains('.') {
        format!(
            ": write the module and function as {}",
            quote(&dotted_to_colon(value))
        )
    } else {
        ": use a function name such as \"handler\", or pkg.module:func for git and zip sources"
            .to_string()
    };
    context.push(
        codes::INVALID_HANDLER,
        path.to_string(),
        format!(
            "handler {} is not a Python function reference{hint}",
            quote(value)
        ),
    );
}

fn dotted_to_colon(value: &str) -> String {
    match value.rsplit_once('.') {
        Some((module, function)) => format!("{module}:{function}"),
        None => value.to_string(),
    }
}

/// Checks `source.init_function`: a plain Python identifier in the handler's module.
pub fn check_init_function(context: &mut Context, value: &str, path: &str) {
    if !is_function_name(value) {
        context.push(
            codes::INVALID_INIT_FUNCTION,
            path.to_string(),
            format!(
                "init_function {} is not a Python identifier: name a function of the handler's \
                 module, such as \"init\"",
                quote(value)
            ),
        );
    }
}

/// Checks `source.base64`.
pub fn check_base64(context: &mut Context, value: &str, path: &str) {
    if let Err(error) = base64::check(value) {
        context.push(
            codes::INVALID_BASE64,
            path.to_string(),
            format!("source.base64 is not valid base64: {}", error.explain()),
        );
    }
}

/// Checks that a function's source names code and a handler. Runs skip this: their source,
/// when present, was merged in from a function Core already stored.
pub fn check_code_present(context: &mut Context, spec: &Map<String, Value>) {
    let Some(Value::Object(source)) = spec.get("source") else {
        return;
    };
    let path = pointer::child("", "source");
    let has_text =
        |key: &str| matches!(source.get(key), Some(Value::String(text)) if !text.is_empty());
    if !has_text("source") && !has_text("base64") {
        context.push(
            codes::MISSING_SOURCE_CODE,
            path.clone(),
            "source has neither source nor base64, so there is no code to run: set source to \
             a git+https:// or zip+s3:// URL, or put the file in base64"
                .to_string(),
        );
    }
    if !source.contains_key("handler") {
        context.push(
            codes::MISSING_HANDLER,
            pointer::child(&path, "handler"),
            "source.handler is missing, so the runtime does not know which function to call: \
             set it to the function name, such as \"handler\""
                .to_string(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::ApiLevel;
    use crate::validate::catalogue::Entity;

    #[test]
    fn identifiers() {
        let cases = [
            ("handler", true),
            ("_private", true),
            ("h2", true),
            ("größe", true),
            ("2h", false),
            ("my-func", false),
            ("a.b", false),
            ("", false),
            ("class", true),
        ];
        for (text, expected) in cases {
            assert_eq!(is_identifier(text), expected, "{text}");
        }
    }

    #[test]
    fn handlers() {
        let cases = [
            ("handler", true),
            ("main:handler", true),
            ("pkg.module:func", true),
            ("pkg.module.func", false),
            ("pkg..module:func", false),
            (":func", false),
            ("pkg:", false),
            ("my handler", false),
            ("a:b:c", false),
            ("pkg.import:run", true),
            ("pkg.module:import", false),
            ("def", false),
            ("match", true),
        ];
        for (text, expected) in cases {
            let mut context = Context::new(ApiLevel::V15, Entity::Function);
            check_handler(&mut context, text, "/source/handler");
            assert_eq!(context.issues.is_empty(), expected, "{text}");
        }
    }

    #[test]
    fn dotted_handler_suggests_colon() {
        let mut context = Context::new(ApiLevel::V15, Entity::Function);
        check_handler(&mut context, "pkg.module.func", "/source/handler");
        assert!(context.issues[0].message.contains("\"pkg.module:func\""));
    }
}

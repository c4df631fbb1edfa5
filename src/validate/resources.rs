//! Resource values (`cpu`, `mem`, `gpu`, `disk`): Core's pattern, then Kubernetes' grammar.

use super::codes;
use super::context::Context;
use super::quantity;
use super::quote::quote;
use crate::level::ApiLevel;

/// Checks one resource value at `path`.
pub fn check(context: &mut Context, value: &str, path: &str) {
    let level = context.level;
    if !integer_with_unit(value) {
        let schema_accepts = match level {
            // The 0.13 and 0.14 schema pattern `[\d]+|^([0-9])+([a-zA-Z])+$` is not anchored in
            // its first branch, so a JSON Schema validator accepts any value with a digit.
            ApiLevel::V13 | ApiLevel::V14 => value.bytes().any(|byte| byte.is_ascii_digit()),
            ApiLevel::V15 => false,
        };
        let code = if schema_accepts {
            codes::RESOURCE_FULL_MATCH
        } else {
            codes::INVALID_RESOURCE
        };
        context.push(
            code,
            path.to_string(),
            format!(
                "resource value {} is not accepted by Core {}: Core accepts only an integer with \
                 an optional unit, such as 500m, 2 or 4Gi{}",
                quote(value),
                level.core_version(),
                fraction_hint(value),
            ),
        );
        return;
    }
    if let Err(error) = quantity::parse(value) {
        context.push(
            codes::INVALID_QUANTITY,
            path.to_string(),
            format!(
                "resource value {} is not a Kubernetes quantity because {}: use a unit such as \
                 m, Mi or Gi",
                quote(value),
                error.explain()
            ),
        );
    }
}

/// Java's full match of Core's resource pattern: digits, then optional ASCII letters.
pub fn integer_with_unit(value: &str) -> bool {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && value
            .bytes()
            .skip(digits)
            .all(|byte| byte.is_ascii_alphabetic())
}

/// Suggests a whole number in a smaller unit for values like `0.5` or `1.5Gi`.
fn fraction_hint(value: &str) -> &'static str {
    if value.contains('.') {
        " (write 0.5 CPU as 500m and 1.5Gi as 1536Mi)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;
    use crate::validate::catalogue::Entity;

    fn codes_for(value: &str, level: ApiLevel) -> Vec<&'static str> {
        let mut context = Context::new(level, Entity::Task(Action::Job));
        check(&mut context, value, "/resources/cpu");
        context.issues.iter().map(|issue| issue.code).collect()
    }

    #[test]
    fn resource_values_per_level() {
        let cases: &[(&str, ApiLevel, &[&str])] = &[
            ("500m", ApiLevel::V15, &[]),
            ("2", ApiLevel::V15, &[]),
            ("4Gi", ApiLevel::V15, &[]),
            ("0.5", ApiLevel::V15, &["invalid-resource"]),
            ("0.5", ApiLevel::V14, &["resource-full-match"]),
            ("1.5Gi", ApiLevel::V13, &["resource-full-match"]),
            ("abc", ApiLevel::V14, &["invalid-resource"]),
            ("Gi", ApiLevel::V15, &["invalid-resource"]),
            ("", ApiLevel::V14, &["invalid-resource"]),
            ("-1", ApiLevel::V15, &["invalid-resource"]),
            ("5abc", ApiLevel::V15, &["invalid-quantity"]),
            ("5abc", ApiLevel::V14, &["invalid-quantity"]),
            ("1K", ApiLevel::V15, &["invalid-quantity"]),
            ("1e", ApiLevel::V15, &["invalid-quantity"]),
            ("1E", ApiLevel::V15, &[]),
        ];
        for (value, level, expected) in cases {
            assert_eq!(codes_for(value, *level), *expected, "{value} at {level}");
        }
    }

    #[test]
    fn message_explains_integer_rule() {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
        check(&mut context, "0.5", "/resources/cpu");
        let message = &context.issues[0].message;
        assert!(message.contains("\"0.5\""), "{message}");
        assert!(
            message.contains("Core accepts only an integer with an optional unit, such as 500m"),
            "{message}"
        );
    }
}

//! `runtime_class` and `priority_class` (Core 0.13 and 0.14): Core copies them into the pod's
//! `runtimeClassName` and `priorityClassName`, which Kubernetes requires to be DNS-1123
//! subdomains.

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::labels::is_dns_subdomain;
use super::pointer;
use super::quote::quote;

/// Checks both class names of the spec.
pub fn check(context: &mut Context, spec: &Map<String, Value>) {
    for (field, example) in [
        ("runtime_class", "gvisor"),
        ("priority_class", "high-priority"),
    ] {
        let Some(name) = spec.get(field).and_then(Value::as_str) else {
            continue;
        };
        if name.is_empty() || is_dns_subdomain(name) {
            continue;
        }
        context.push(
            codes::INVALID_CLASS_NAME,
            pointer::child("", field),
            format!(
                "{field} {} is not a Kubernetes object name: use at most 253 lower-case letters, \
                 digits, '-' and '.', starting and ending with a letter or digit, such as \"{example}\"",
                quote(name)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;
    use crate::level::ApiLevel;
    use crate::validate::catalogue::Entity;
    use serde_json::json;

    #[test]
    fn class_names() {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"runtime_class": "gvisor", "priority_class": "high.priority-1"}),
                vec![],
            ),
            (json!({"runtime_class": ""}), vec![]),
            (
                json!({"runtime_class": "My Runtime"}),
                vec!["/runtime_class"],
            ),
            (json!({"priority_class": "-high"}), vec!["/priority_class"]),
            (json!({"priority_class": 5}), vec![]),
        ];
        for (spec, expected) in cases {
            let mut context = Context::new(ApiLevel::V14, Entity::Task(Action::Job));
            if let Value::Object(map) = &spec {
                check(&mut context, map);
            }
            let paths: Vec<&str> = context
                .issues
                .iter()
                .map(|issue| issue.path.as_str())
                .collect();
            assert_eq!(paths, expected, "{spec}");
            assert!(context
                .issues
                .iter()
                .all(|issue| issue.code == "invalid-class-name"));
        }
    }
}

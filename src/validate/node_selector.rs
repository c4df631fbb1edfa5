//! `node_selector` entries (Core 0.13 and 0.14): each `{key, value}` becomes a node label
//! Kubernetes matches, so both must follow label syntax.

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::labels::{is_label_value, is_qualified_name};
use super::pointer;
use super::quote::quote;

/// Checks every node selector entry of the spec.
pub fn check_list(context: &mut Context, spec: &Map<String, Value>) {
    let Some(Value::Array(entries)) = spec.get("node_selector") else {
        return;
    };
    let list_path = pointer::child("", "node_selector");
    for (position, entry) in entries.iter().enumerate() {
        let Value::Object(entry) = entry else {
            continue;
        };
        let path = pointer::index(&list_path, position);
        let key_path = pointer::child(&path, "key");
        match entry.get("key") {
            None => push_missing_key(context, key_path),
            Some(Value::String(key)) if key.is_empty() => push_missing_key(context, key_path),
            Some(Value::String(key)) if !is_qualified_name(key) => context.push(
                codes::INVALID_NODE_SELECTOR,
                key_path,
                format!(
                    "node selector key {} is not a Kubernetes label key: use a name such as \
                     \"kubernetes.io/arch\"",
                    quote(key)
                ),
            ),
            _ => {}
        }
        if let Some(value) = entry.get("value").and_then(Value::as_str) {
            if !is_label_value(value) {
                context.push(
                    codes::INVALID_NODE_SELECTOR,
                    pointer::child(&path, "value"),
                    format!(
                        "node selector value {} is not a Kubernetes label value: use at most 63 \
                         letters, digits, '-', '_' and '.'",
                        quote(value)
                    ),
                );
            }
        }
    }
}

fn push_missing_key(context: &mut Context, path: String) {
    context.push(
        codes::INVALID_NODE_SELECTOR,
        path,
        "a node selector entry needs a key, the node label to match, such as \
         \"kubernetes.io/arch\""
            .to_string(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;
    use crate::level::ApiLevel;
    use crate::validate::catalogue::Entity;
    use serde_json::json;

    #[test]
    fn entries() {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"key": "kubernetes.io/arch", "value": "amd64"}),
                vec![],
            ),
            (json!({"key": "gpu", "value": ""}), vec![]),
            (json!({"value": "amd64"}), vec!["/node_selector/0/key"]),
            (
                json!({"key": "a b", "value": "x"}),
                vec!["/node_selector/0/key"],
            ),
            (
                json!({"key": "gpu", "value": "a b"}),
                vec!["/node_selector/0/value"],
            ),
            (json!({"key": 5}), vec![]),
        ];
        for (entry, expected) in cases {
            let mut context = Context::new(ApiLevel::V13, Entity::Task(Action::Job));
            let spec = json!({ "node_selector": [entry.clone()] });
            if let Value::Object(spec) = &spec {
                check_list(&mut context, spec);
            }
            let paths: Vec<&str> = context
                .issues
                .iter()
                .map(|issue| issue.path.as_str())
                .collect();
            assert_eq!(paths, expected, "{entry}");
        }
    }
}

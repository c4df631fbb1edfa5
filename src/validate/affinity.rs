//! Affinity rules Kubernetes applies (Core 0.13 and 0.14), on Core's `CoreAffinity` shape with
//! Kubernetes' camelCase names: non-empty required node terms, values that fit each operator,
//! weights on preferred terms and a `topologyKey` on pod terms.

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::labels::{is_dns_label, is_label_value, is_qualified_name};
use super::pointer;
use super::quote::quote;

const REQUIRED: &str = "requiredDuringSchedulingIgnoredDuringExecution";
const PREFERRED: &str = "preferredDuringSchedulingIgnoredDuringExecution";

/// Checks the spec's `affinity`.
pub fn check(context: &mut Context, spec: &Map<String, Value>) {
    let Some(Value::Object(affinity)) = spec.get("affinity") else {
        return;
    };
    let path = pointer::child("", "affinity");
    if let Some(Value::Object(node)) = affinity.get("nodeAffinity") {
        check_node_affinity(context, node, &pointer::child(&path, "nodeAffinity"));
    }
    for name in ["podAffinity", "podAntiAffinity"] {
        if let Some(Value::Object(pod)) = affinity.get(name) {
            check_pod_affinity(context, pod, &pointer::child(&path, name));
        }
    }
}

fn push(context: &mut Context, path: String, message: String) {
    context.push(codes::INVALID_AFFINITY, path, message);
}

fn objects<'a>(
    parent: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Vec<(String, &'a Map<String, Value>)> {
    let Some(Value::Array(items)) = parent.get(key) else {
        return Vec::new();
    };
    let list_path = pointer::child(path, key);
    items
        .iter()
        .enumerate()
        .filter_map(|(position, item)| {
            item.as_object()
                .map(|object| (pointer::index(&list_path, position), object))
        })
        .collect()
}

fn check_node_affinity(context: &mut Context, node: &Map<String, Value>, path: &str) {
    if let Some(Value::Object(required)) = node.get(REQUIRED) {
        let required_path = pointer::child(path, REQUIRED);
        let terms = match required.get("nodeSelectorTerms") {
            Some(Value::Array(terms)) => terms.len(),
            _ => 0,
        };
        if terms == 0 {
            push(
                context,
                pointer::child(&required_path, "nodeSelectorTerms"),
                "required node affinity needs at least one entry in nodeSelectorTerms: add a \
                 term or remove requiredDuringSchedulingIgnoredDuringExecution"
                    .to_string(),
            );
        }
        for (term_path, term) in objects(required, "nodeSelectorTerms", &required_path) {
            check_node_term(context, term, &term_path);
        }
    }
    for (item_path, item) in objects(node, PREFERRED, path) {
        require_weight(context, item, &item_path);
        match item.get("preference") {
            Some(Value::Object(term)) => {
                check_node_term(context, term, &pointer::child(&item_path, "preference"))
            }
            Some(_) => {}
            None => push(
                context,
                pointer::child(&item_path, "preference"),
                "a preferred node term needs a preference: add one with matchExpressions"
                    .to_string(),
            ),
        }
    }
}

fn require_weight(context: &mut Context, item: &Map<String, Value>, path: &str) {
    if !item.contains_key("weight") {
        push(
            context,
            pointer::child(path, "weight"),
            "a preferred term needs a weight from 1 to 100".to_string(),
        );
    }
}

fn check_node_term(context: &mut Context, term: &Map<String, Value>, path: &str) {
    for (requirement_path, requirement) in objects(term, "matchExpressions", path) {
        check_requirement(context, requirement, &requirement_path, Selector::NodeLabel);
    }
    for (requirement_path, requirement) in objects(term, "matchFields", path) {
        check_requirement(context, requirement, &requirement_path, Selector::NodeField);
    }
}

fn check_pod_affinity(context: &mut Context, pod: &Map<String, Value>, path: &str) {
    for (term_path, term) in objects(pod, REQUIRED, path) {
        check_pod_term(context, term, &term_path);
    }
    for (item_path, item) in objects(pod, PREFERRED, path) {
        require_weight(context, item, &item_path);
        match item.get("podAffinityTerm") {
            Some(Value::Object(term)) => check_pod_term(
                context,
                term,
                &pointer::child(&item_path, "podAffinityTerm"),
            ),
            Some(_) => {}
            None => push(
                context,
                pointer::child(&item_path, "podAffinityTerm"),
                "a preferred pod term needs a podAffinityTerm with a topologyKey".to_string(),
            ),
        }
    }
}

fn check_pod_term(context: &mut Context, term: &Map<String, Value>, path: &str) {
    let topology_path = pointer::child(path, "topologyKey");
    match term.get("topologyKey").and_then(Value::as_str) {
        None | Some("") => push(
            context,
            topology_path,
            "a pod affinity term needs a topologyKey, such as \"kubernetes.io/hostname\""
                .to_string(),
        ),
        Some(key) if !is_qualified_name(key) => push(
            context,
            topology_path,
            format!(
                "topologyKey {} is not a Kubernetes label key: use a node label such as \
                 \"kubernetes.io/hostname\"",
                quote(key)
            ),
        ),
        Some(_) => {}
    }
    for name in ["labelSelector", "namespaceSelector"] {
        if let Some(Value::Object(selector)) = term.get(name) {
            check_label_selector(context, selector, &pointer::child(path, name));
        }
    }
    check_namespaces(context, term, path);
}

fn check_label_selector(context: &mut Context, selector: &Map<String, Value>, path: &str) {
    if let Some(Value::Object(labels)) = selector.get("matchLabels") {
        let labels_path = pointer::child(path, "matchLabels");
        for (key, value) in labels {
            let label_path = pointer::child(&labels_path, key);
            if !is_qualified_name(key) {
                push(
                    context,
                    label_path.clone(),
                    format!(
                        "matchLabels key {} is not a Kubernetes label key",
                        quote(key)
                    ),
                );
            }
            if let Some(value) = value.as_str() {
                if !is_label_value(value) {
                    push(
                        context,
                        label_path,
                        format!(
                            "matchLabels value {} is not a Kubernetes label value: use at most \
                             63 letters, digits, '-', '_' and '.'",
                            quote(value)
                        ),
                    );
                }
            }
        }
    }
    for (requirement_path, requirement) in objects(selector, "matchExpressions", path) {
        check_requirement(context, requirement, &requirement_path, Selector::PodLabel);
    }
}

/// What a requirement selects on, which decides the keys and operators it allows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Selector {
    NodeLabel,
    NodeField,
    PodLabel,
}

fn check_requirement(
    context: &mut Context,
    requirement: &Map<String, Value>,
    path: &str,
    selector: Selector,
) {
    let key_path = pointer::child(path, "key");
    match requirement.get("key").and_then(Value::as_str) {
        None | Some("") => push(
            context,
            key_path,
            "a selector requirement needs a key".to_string(),
        ),
        Some(key) if selector == Selector::NodeField && key != "metadata.name" => push(
            context,
            key_path,
            format!(
                "matchFields key {} is not supported: Kubernetes selects node fields only by \
                 \"metadata.name\"; use matchExpressions for labels",
                quote(key)
            ),
        ),
        Some(key) if selector != Selector::NodeField && !is_qualified_name(key) => push(
            context,
            key_path,
            format!(
                "selector key {} is not a Kubernetes label key: use a name such as \
                 \"topology.kubernetes.io/zone\"",
                quote(key)
            ),
        ),
        Some(_) => {}
    }

    let operator_path = pointer::child(path, "operator");
    let Some(operator) = requirement.get("operator") else {
        push(
            context,
            operator_path,
            "a selector requirement needs an operator, such as \"In\"".to_string(),
        );
        return;
    };
    let Some(operator) = operator.as_str() else {
        return;
    };
    let values: Vec<&Value> = match requirement.get("values") {
        Some(Value::Array(values)) => values.iter().collect(),
        _ => Vec::new(),
    };
    let values_path = pointer::child(path, "values");
    if selector != Selector::NodeField {
        check_label_values(context, &values, &values_path);
    }
    if selector == Selector::NodeField {
        if !matches!(operator, "In" | "NotIn") || values.len() != 1 {
            push(
                context,
                operator_path,
                "matchFields supports only In or NotIn with exactly one node name".to_string(),
            );
        }
        return;
    }
    match operator {
        "In" | "NotIn" if values.is_empty() => push(
            context,
            values_path,
            format!("operator {} needs at least one value", quote(operator)),
        ),
        "Exists" | "DoesNotExist" if !values.is_empty() => push(
            context,
            values_path,
            format!(
                "operator {} takes no values: remove values",
                quote(operator)
            ),
        ),
        "Gt" | "Lt" => {
            let integer = values.len() == 1
                && values[0]
                    .as_str()
                    .is_some_and(|text| text.parse::<i64>().is_ok());
            if !integer {
                push(
                    context,
                    values_path,
                    format!(
                        "operator {} needs exactly one value that is an integer, such as \"4\"",
                        quote(operator)
                    ),
                );
            }
        }
        _ => {}
    }
}

/// Reports each string of a requirement's `values` that is not a label value, as Kubernetes'
/// `ValidateNodeSelectorRequirement` and `ValidateLabelSelectorRequirement` do.
fn check_label_values(context: &mut Context, values: &[&Value], path: &str) {
    for (position, value) in values.iter().enumerate() {
        let Some(text) = value.as_str() else {
            continue;
        };
        if !is_label_value(text) {
            push(
                context,
                pointer::index(path, position),
                format!(
                    "selector value {} is not a Kubernetes label value: use at most 63 letters, \
                     digits, '-', '_' and '.', starting and ending with a letter or digit",
                    quote(text)
                ),
            );
        }
    }
}

/// Reports each entry of a pod affinity term's `namespaces` that is not a namespace name (a
/// DNS-1123 label).
fn check_namespaces(context: &mut Context, term: &Map<String, Value>, path: &str) {
    let Some(Value::Array(namespaces)) = term.get("namespaces") else {
        return;
    };
    let list_path = pointer::child(path, "namespaces");
    for (position, namespace) in namespaces.iter().enumerate() {
        let Some(text) = namespace.as_str() else {
            continue;
        };
        if !is_dns_label(text) {
            push(
                context,
                pointer::index(&list_path, position),
                format!(
                    "namespace {} is not a Kubernetes namespace name: use at most 63 lower-case \
                     letters, digits and '-', such as \"team-a\"",
                    quote(text)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;
    use crate::level::ApiLevel;
    use crate::validate::catalogue::Entity;
    use serde_json::json;

    fn paths(affinity: Value) -> Vec<String> {
        let mut context = Context::new(ApiLevel::V14, Entity::Task(Action::Job));
        let spec = json!({ "affinity": affinity });
        if let Value::Object(spec) = &spec {
            check(&mut context, spec);
        }
        assert!(context
            .issues
            .iter()
            .all(|issue| issue.code == "invalid-affinity"));
        context
            .issues
            .into_iter()
            .map(|issue| issue.path.replace("/affinity", ""))
            .collect()
    }

    fn node_required(expression: Value) -> Value {
        json!({"nodeAffinity": {REQUIRED: {"nodeSelectorTerms": [{"matchExpressions": [expression]}]}}})
    }

    #[test]
    fn node_requirements() {
        let base = "/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0";
        let cases: Vec<(Value, Option<&str>)> = vec![
            (
                json!({"key": "zone", "operator": "In", "values": ["a"]}),
                None,
            ),
            (
                json!({"key": "zone", "operator": "In", "values": []}),
                Some("/values"),
            ),
            (json!({"key": "zone", "operator": "NotIn"}), Some("/values")),
            (json!({"key": "zone", "operator": "Exists"}), None),
            (
                json!({"key": "zone", "operator": "Exists", "values": ["a"]}),
                Some("/values"),
            ),
            (
                json!({"key": "cores", "operator": "Gt", "values": ["4"]}),
                None,
            ),
            (
                json!({"key": "cores", "operator": "Gt", "values": ["four"]}),
                Some("/values"),
            ),
            (
                json!({"key": "cores", "operator": "Lt", "values": ["1", "2"]}),
                Some("/values"),
            ),
            (json!({"operator": "Exists"}), Some("/key")),
            (json!({"key": "zone"}), Some("/operator")),
            (
                json!({"key": "bad key", "operator": "Exists"}),
                Some("/key"),
            ),
            (
                json!({"key": "zone", "operator": "In", "values": ["a", "a b"]}),
                Some("/values/1"),
            ),
            (
                json!({"key": "zone", "operator": "NotIn", "values": ["-a"]}),
                Some("/values/0"),
            ),
        ];
        for (expression, expected) in cases {
            let expected: Vec<String> = expected
                .iter()
                .map(|tail| format!("{base}{tail}"))
                .collect();
            assert_eq!(
                paths(node_required(expression.clone())),
                expected,
                "{expression}"
            );
        }
    }

    #[test]
    fn node_terms_and_weights() {
        let empty = json!({"nodeAffinity": {REQUIRED: {"nodeSelectorTerms": []}}});
        assert_eq!(
            paths(empty),
            ["/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms"]
        );
        let missing_weight = json!({"nodeAffinity": {PREFERRED: [{"preference": {}}]}});
        assert_eq!(
            paths(missing_weight),
            ["/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight"]
        );
        let fields = json!({"nodeAffinity": {REQUIRED: {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.labels", "operator": "In", "values": ["a"]}]}
        ]}}});
        assert_eq!(paths(fields).len(), 1);
    }

    #[test]
    fn pod_terms() {
        let valid = json!({"podAntiAffinity": {REQUIRED: [{
            "topologyKey": "kubernetes.io/hostname",
            "labelSelector": {"matchLabels": {"app": "web"}}
        }]}});
        assert!(paths(valid).is_empty());
        let missing = json!({"podAffinity": {REQUIRED: [{"labelSelector": {}}]}});
        assert_eq!(
            paths(missing),
            ["/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey"]
        );
        let weighted = json!({"podAffinity": {PREFERRED: [{"weight": 10}]}});
        assert_eq!(
            paths(weighted),
            ["/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm"]
        );
        let selector = json!({"podAffinity": {REQUIRED: [{"topologyKey": "zone",
            "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In"}],
                              "matchLabels": {"app": "a b"}}}]}});
        assert_eq!(paths(selector).len(), 2);
        let values = json!({"podAffinity": {REQUIRED: [{"topologyKey": "zone",
            "labelSelector": {"matchExpressions": [
                {"key": "app", "operator": "In", "values": ["web", "bad value!"]}]}}]}});
        assert_eq!(
            paths(values),
            ["/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/labelSelector/matchExpressions/0/values/1"]
        );
        let namespaces = json!({"podAntiAffinity": {REQUIRED: [{"topologyKey": "zone",
            "namespaces": ["team-a", "Team_B"]}]}});
        assert_eq!(
            paths(namespaces),
            ["/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/namespaces/1"]
        );
    }
}

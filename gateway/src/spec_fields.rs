//! Spec normalisation: Core rebuilds every spec through its spec class and stores the
//! result, so fields the class does not know disappear without an error. The gateway does
//! the same by keeping only the properties a JSON Schema lists.

use serde_json::{json, Map, Value};

use digitalhub_tasks::kind::Action;
use digitalhub_tasks::level::ApiLevel;

// NOTE: these field lists are the top-level properties of Core's published spec schemas for
// each level. Nested objects (resources, volumes, source) are kept whole, so an unknown field
// inside them survives here although Core would drop it.

const FUNCTION_FIELDS: [&str; 5] = ["base_image", "image", "python_version", "requirements", "source"];
const SOURCE_FIELDS: [&str; 5] = ["base64", "handler", "init_function", "lang", "source"];
const RUN_FIELDS: [&str; 5] = ["init_parameters", "inputs", "local_execution", "parameters", "task"];
const K8S_FIELDS: [&str; 6] = ["envs", "function", "profile", "resources", "secrets", "volumes"];
const SCHEDULING_FIELDS: [&str; 5] = [
    "affinity",
    "node_selector",
    "priority_class",
    "runtime_class",
    "tolerations",
];

fn object_schema(fields: &[&str]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|field| (field.to_string(), json!({})))
        .collect();
    json!({ "type": "object", "properties": properties })
}

/// The fields of a task spec of `action` at `level`.
pub fn task_fields(action: Action, level: ApiLevel) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = K8S_FIELDS.to_vec();
    if level < ApiLevel::V15 {
        fields.extend(SCHEDULING_FIELDS);
    }
    match action {
        Action::Job if level == ApiLevel::V13 => fields.push("schedule"),
        Action::Job => {}
        Action::Serve => {
            fields.extend(["replicas", "service_type"]);
            if level >= ApiLevel::V14 {
                fields.push("service_name");
            }
        }
        Action::Build => fields.push("instructions"),
    }
    fields
}

/// A schema that keeps the known fields of a python function spec.
pub fn function_schema() -> Value {
    let mut schema = object_schema(&FUNCTION_FIELDS);
    schema["properties"]["source"] = object_schema(&SOURCE_FIELDS);
    schema
}

/// A schema that keeps the known fields of a task spec.
pub fn task_schema(action: Action, level: ApiLevel) -> Value {
    object_schema(&task_fields(action, level))
}

/// A schema that keeps the known fields of a stored run spec: the run's own fields plus the
/// task and function fields that BUILD merges into it.
pub fn run_schema(action: Action, level: ApiLevel) -> Value {
    let mut fields: Vec<&str> = RUN_FIELDS.to_vec();
    fields.extend(task_fields(action, level));
    fields.extend(FUNCTION_FIELDS);
    let mut schema = object_schema(&fields);
    schema["properties"]["source"] = object_schema(&SOURCE_FIELDS);
    schema
}

/// Copies `spec`, dropping every object property that `schema` does not list. Objects
/// without a `properties` list (maps such as `parameters`) are copied whole, and `$ref`s
/// are followed into the root's `$defs`.
pub fn strip_unknown_fields(spec: &Value, schema: &Value) -> Value {
    strip_with_root(spec, schema, schema)
}

fn strip_with_root(value: &Value, schema: &Value, root: &Value) -> Value {
    let schema = resolve(schema, root);
    match value {
        Value::Object(object) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return value.clone();
            };
            let keep_extra = schema
                .get("additionalProperties")
                .is_some_and(|extra| extra != &Value::Bool(false));

            let mut kept = Map::new();
            for (key, item) in object {
                match properties.get(key) {
                    Some(item_schema) => {
                        kept.insert(key.clone(), strip_with_root(item, item_schema, root));
                    }
                    None if keep_extra => {
                        kept.insert(key.clone(), item.clone());
                    }
                    None => {}
                }
            }
            Value::Object(kept)
        }
        Value::Array(items) => {
            let item_schema = schema.get("items").cloned().unwrap_or(json!({}));
            let stripped = items
                .iter()
                .map(|item| strip_with_root(item, &item_schema, root))
                .collect();
            Value::Array(stripped)
        }
        other => other.clone(),
    }
}

/// Follows a local `#/$defs/Name` reference, or returns the schema itself.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
        return schema;
    };
    let Some(pointer) = reference.strip_prefix('#') else {
        return schema;
    };
    root.pointer(pointer).unwrap_or(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduling_fields_dropped_at_15() {
        let spec = json!({
            "function": "python://p/f:1",
            "node_selector": [{"key": "a", "value": "b"}],
            "replicas": 2,
            "colour": "blue",
        });
        let kept = strip_unknown_fields(&spec, &task_schema(Action::Serve, ApiLevel::V15));
        assert_eq!(kept, json!({"function": "python://p/f:1", "replicas": 2}));
    }

    #[test]
    fn scheduling_fields_kept_at_14() {
        let spec = json!({"function": "x", "node_selector": []});
        let kept = strip_unknown_fields(&spec, &task_schema(Action::Job, ApiLevel::V14));
        assert_eq!(kept, spec);
    }

    #[test]
    fn maps_are_copied_whole() {
        let spec = json!({"task": "t", "parameters": {"anything": {"deep": 1}}});
        let kept = strip_unknown_fields(&spec, &run_schema(Action::Job, ApiLevel::V15));
        assert_eq!(kept, spec);
    }

    #[test]
    fn refs_are_followed() {
        let schema = json!({
            "$defs": {"Env": {"properties": {"name": {}, "value": {}}}},
            "properties": {"envs": {"type": "array", "items": {"$ref": "#/$defs/Env"}}},
        });
        let spec = json!({"envs": [{"name": "A", "value": "1", "extra": true}]});
        let kept = strip_unknown_fields(&spec, &schema);
        assert_eq!(kept, json!({"envs": [{"name": "A", "value": "1"}]}));
    }

    #[test]
    fn unknown_source_fields_dropped() {
        let spec = json!({"python_version": "PYTHON3_10", "source": {"handler": "h", "x": 1}});
        let kept = strip_unknown_fields(&spec, &function_schema());
        assert_eq!(kept["source"], json!({"handler": "h"}));
    }
}

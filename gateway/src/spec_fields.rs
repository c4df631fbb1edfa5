//! Spec normalisation: Core rebuilds every spec through its spec class and stores the
//! result, so fields the class does not know disappear without an error. The gateway does
//! the same by keeping only the properties a JSON Schema lists.

use serde_json::{json, Map, Value};

use digitalhub_tasks::kind::{FunctionKind, RunKind, TaskKind};
use digitalhub_tasks::level::ApiLevel;
use digitalhub_tasks::schema;

/// Builds the schema of a python function spec at `level`.
pub fn function_schema(level: ApiLevel) -> Value {
    schema::function_schema(FunctionKind::Python, level)
}

/// Builds the schema of a task spec at `level`.
pub fn task_schema(kind: TaskKind, level: ApiLevel) -> Value {
    schema::task_schema(kind, level)
}

/// Builds the schema of a stored run spec: the run's own fields plus the task and function fields
/// that BUILD merges into it.
pub fn run_schema(kind: RunKind, level: ApiLevel) -> Value {
    schema::run_schema(kind, level)
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
    use digitalhub_tasks::kind::Action;

    #[test]
    fn scheduling_fields_dropped_at_15() {
        let spec = json!({
            "function": "python://p/f:1",
            "node_selector": [{"key": "a", "value": "b"}],
            "replicas": 2,
            "colour": "blue",
        });
        let kept =
            strip_unknown_fields(&spec, &task_schema(TaskKind(Action::Serve), ApiLevel::V15));
        assert_eq!(kept, json!({"function": "python://p/f:1", "replicas": 2}));
    }

    #[test]
    fn scheduling_fields_kept_at_14() {
        let spec = json!({"function": "x", "node_selector": [{"key": "a", "value": "b"}]});
        let kept = strip_unknown_fields(&spec, &task_schema(TaskKind(Action::Job), ApiLevel::V14));
        assert_eq!(kept, spec);
    }

    #[test]
    fn maps_are_copied_whole() {
        let spec = json!({"task": "t", "parameters": {"anything": {"deep": 1}}});
        let kind = RunKind::Action(Action::Job);
        let kept = strip_unknown_fields(&spec, &run_schema(kind, ApiLevel::V15));
        assert_eq!(kept, spec);
    }

    #[test]
    fn nested_unknown_fields_dropped() {
        let spec = json!({"envs": [{"name": "A", "value": "1", "extra": true}], "function": "f"});
        let kept = strip_unknown_fields(&spec, &task_schema(TaskKind(Action::Job), ApiLevel::V15));
        assert_eq!(
            kept,
            json!({"envs": [{"name": "A", "value": "1"}], "function": "f"})
        );
    }

    #[test]
    fn unknown_source_fields_dropped() {
        let spec = json!({"python_version": "PYTHON3_10", "source": {"handler": "h", "x": 1}});
        let kept = strip_unknown_fields(&spec, &function_schema(ApiLevel::V15));
        assert_eq!(kept["source"], json!({"handler": "h"}));
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
}

//! Renders the field catalogue as JSON Schema keywords.

use serde_json::{json, Map, Value};

use crate::kind::Action;
use crate::level::ApiLevel;
use crate::model::VolumeType;
use crate::validate::catalogue::{DefaultValue, Entity, Field, Obj, Shape, StrRule, SPEC_FIELDS};
use crate::validate::volume_spec_keys;

/// Core's resource pattern read as a whole-value match, as Core's bean validation applies it,
/// with the unit narrowed to the suffixes of a Kubernetes quantity.
const RESOURCE_PATTERN: &str = "^[0-9]+([numkMGTPE]|[KMGTPE]i)?$";

/// Core's 0.13 cron pattern, anchored to the whole value.
const SCHEDULE_PATTERN: &str = "^(?:(?:(?:(?:[0-9]+,)+[0-9]+|[0-9]+[/#-][0-9]+|[0-9]+L?|\\*(?:/[0-9]+)?|L(?:-[0-9]+)?|\\?|[A-Z]{3}(?:-[A-Z]{3})?) ?){5,7}|@(?:annually|yearly|monthly|weekly|daily|hourly))$";

/// A DNS-1123 label.
const DNS_LABEL_PATTERN: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

/// A Kubernetes environment variable name.
const ENV_NAME_PATTERN: &str = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

/// A non-negative Kubernetes quantity, as `resource.ParseQuantity` reads it. A minus sign is
/// allowed only before a zero.
const QUANTITY_PATTERN: &str =
    "^(\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]*)|-0*(\\.0*)?)([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$";

/// A Kubernetes quantity above zero, for claim sizes: no sign but `+`, and a non-zero digit.
const POSITIVE_QUANTITY_PATTERN: &str = "^\\+?(0*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$";

/// `python://<project>/<name>:<id>`.
const FUNCTION_REF_PATTERN: &str = "^python://[^/]+/[^:]+:.+$";

/// `func` or `pkg.module:func`, with ASCII identifiers.
const HANDLER_PATTERN: &str =
    "^([A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*:)?[A-Za-z_][A-Za-z0-9_]*$";

/// An ASCII Python identifier.
const IDENTIFIER_PATTERN: &str = "^[A-Za-z_][A-Za-z0-9_]*$";

/// Padded standard base64.
const BASE64_PATTERN: &str = "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

/// Collects `$defs` while rendering one schema.
pub struct Renderer {
    level: ApiLevel,
    entity: Entity,
    definitions: Map<String, Value>,
}

impl Renderer {
    /// Starts a schema of `entity` at `level`.
    pub fn new(level: ApiLevel, entity: Entity) -> Renderer {
        Renderer {
            level,
            entity,
            definitions: Map::new(),
        }
    }

    /// Renders the whole schema with `title` and `description` at the root.
    pub fn root(mut self, title: String, description: String) -> Value {
        let (properties, required) = self.fields(SPEC_FIELDS);
        let mut root = Map::new();
        root.insert(
            "$schema".to_string(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        root.insert("title".to_string(), json!(title));
        root.insert("description".to_string(), json!(description));
        root.insert("type".to_string(), json!("object"));
        root.insert("properties".to_string(), Value::Object(properties));
        if !required.is_empty() {
            root.insert("required".to_string(), json!(required));
        }
        root.insert("additionalProperties".to_string(), json!(false));
        if !self.definitions.is_empty() {
            root.insert("$defs".to_string(), Value::Object(self.definitions));
        }
        Value::Object(root)
    }

    /// Renders the `properties` and `required` of the fields that apply.
    fn fields(&mut self, fields: &'static [Field]) -> (Map<String, Value>, Vec<&'static str>) {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            if !self.entity.has(field.owner) || !field.available_at(self.level) {
                continue;
            }
            properties.insert(field.name.to_string(), self.field(field));
            if field.required && self.entity.requires(field.owner) {
                required.push(field.name);
            }
        }
        (properties, required)
    }

    fn field(&mut self, field: &'static Field) -> Value {
        let mut schema = match self.shape(&field.shape) {
            Value::Object(map) => map,
            other => return other,
        };
        schema.insert("title".to_string(), json!(field.title));
        if !field.description.is_empty() {
            schema.insert("description".to_string(), json!(field.description));
        }
        if let Some(default) = field.default {
            let value = match default {
                DefaultValue::Str(text) => json!(text),
                DefaultValue::Int(number) => json!(number),
                DefaultValue::Bool(flag) => json!(flag),
            };
            schema.insert("default".to_string(), value);
        }
        Value::Object(schema)
    }

    fn shape(&mut self, shape: &'static Shape) -> Value {
        match shape {
            Shape::Str {
                min_len,
                not_blank,
                rule,
            } => {
                let mut schema = Map::new();
                schema.insert("type".to_string(), json!("string"));
                if *min_len > 0 {
                    schema.insert("minLength".to_string(), json!(min_len));
                }
                if *not_blank
                    && !matches!(
                        rule,
                        StrRule::VolumeName | StrRule::EnvName | StrRule::FunctionRef
                    )
                {
                    // Core's @NotBlank: some character above U+0020, as Java's trim() reads it.
                    schema.insert("pattern".to_string(), json!("[^\\x00-\\x20]"));
                }
                self.string_rule(*rule, &mut schema);
                Value::Object(schema)
            }
            Shape::Int {
                minimum,
                range,
                int32,
            } => {
                let mut schema = Map::new();
                schema.insert("type".to_string(), json!("integer"));
                if let Some(minimum) = minimum {
                    schema.insert("minimum".to_string(), json!(minimum));
                }
                if *int32 {
                    schema.insert("maximum".to_string(), json!(i32::MAX));
                } else if minimum.is_none() && range.is_none() {
                    // Core reads it into a Java long.
                    schema.insert("minimum".to_string(), json!(i64::MIN));
                    schema.insert("maximum".to_string(), json!(i64::MAX));
                }
                if let Some((low, high)) = range {
                    schema.insert("minimum".to_string(), json!(low));
                    schema.insert("maximum".to_string(), json!(high));
                }
                Value::Object(schema)
            }
            Shape::Bool => json!({ "type": "boolean" }),
            Shape::Array(item) => json!({ "type": "array", "items": self.shape(item) }),
            Shape::Object(object) => {
                self.define(object);
                json!({ "$ref": format!("#/$defs/{}", object.def_name) })
            }
            Shape::StrMap => json!({
                "type": "object",
                "additionalProperties": { "type": "string" }
            }),
            Shape::AnyMap => {
                // Core's `Serializable`: any value but null, with array items checked again.
                self.definitions.insert(
                    "Serializable".to_string(),
                    json!({
                        "anyOf": [
                            { "type": ["string", "number", "boolean", "object"] },
                            { "type": "array", "items": { "$ref": "#/$defs/Serializable" } }
                        ]
                    }),
                );
                json!({
                    "type": "object",
                    "additionalProperties": { "$ref": "#/$defs/Serializable" }
                })
            }
        }
    }

    fn define(&mut self, object: &'static Obj) {
        if self.definitions.contains_key(object.def_name) {
            return;
        }
        // Reserve the name first, so a type that refers to itself cannot loop.
        self.definitions
            .insert(object.def_name.to_string(), Value::Null);
        let (properties, required) = self.fields(object.fields);
        let mut schema = Map::new();
        schema.insert("type".to_string(), json!("object"));
        schema.insert("properties".to_string(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".to_string(), json!(required));
        }
        schema.insert("additionalProperties".to_string(), json!(false));
        if object.def_name == "CoreVolume" {
            schema.insert("allOf".to_string(), Value::Array(self.volume_spec_rules()));
        }
        self.definitions
            .insert(object.def_name.to_string(), Value::Object(schema));
    }

    /// Renders one `if`/`then` per volume type, naming the `spec` keys that type reads.
    fn volume_spec_rules(&self) -> Vec<Value> {
        VolumeType::values_at(self.level)
            .into_iter()
            .map(|volume_type| {
                let keys = volume_spec_keys(volume_type);
                let mut spec_properties = Map::new();
                for key in keys {
                    let mut property = json!({ "type": "string" });
                    match *key {
                        "size" => property["pattern"] = json!(POSITIVE_QUANTITY_PATTERN),
                        "sizeLimit" => property["pattern"] = json!(QUANTITY_PATTERN),
                        "image" => property["pattern"] = json!("\\S"),
                        _ => {}
                    }
                    spec_properties.insert((*key).to_string(), property);
                }
                let mut spec = json!({
                    "properties": spec_properties,
                    "propertyNames": { "enum": keys }
                });
                if volume_type == VolumeType::Image {
                    spec["required"] = json!(["image"]);
                }
                let mut then = json!({ "properties": { "spec": spec } });
                if volume_type == VolumeType::Image {
                    then["required"] = json!(["spec"]);
                }
                if volume_type == VolumeType::PersistentVolumeClaim {
                    then["properties"]["name"] = json!({ "maxLength": 23 });
                }
                json!({
                    "if": {
                        "properties": { "volume_type": { "const": volume_type.as_str() } },
                        "required": ["volume_type"]
                    },
                    "then": then
                })
            })
            .collect()
    }

    fn string_rule(&self, rule: StrRule, schema: &mut Map<String, Value>) {
        let pattern = match rule {
            StrRule::Plain | StrRule::Secret => None,
            StrRule::Enum(set) => {
                let mut values = set.values_at(self.level);
                if set.accepts_empty() {
                    values.push("");
                }
                schema.insert("enum".to_string(), json!(values));
                None
            }
            StrRule::Resource => Some(RESOURCE_PATTERN.to_string()),
            StrRule::Schedule => Some(SCHEDULE_PATTERN.to_string()),
            StrRule::VolumeName => {
                schema.insert("maxLength".to_string(), json!(63));
                schema.insert(
                    "not".to_string(),
                    json!({ "enum": ["shared-dir", "init-config-map"] }),
                );
                Some(DNS_LABEL_PATTERN.to_string())
            }
            // A relative mount path is only a warning: the kubelet makes it absolute.
            StrRule::MountPath => None,
            StrRule::EnvName => Some(ENV_NAME_PATTERN.to_string()),
            StrRule::FunctionRef => Some(FUNCTION_REF_PATTERN.to_string()),
            StrRule::TaskRef => Some(self.task_ref_pattern()),
            StrRule::Handler => Some(HANDLER_PATTERN.to_string()),
            StrRule::Identifier => Some(IDENTIFIER_PATTERN.to_string()),
            StrRule::Base64 => Some(BASE64_PATTERN.to_string()),
        };
        if let Some(pattern) = pattern {
            schema.insert("pattern".to_string(), json!(pattern));
        }
    }

    /// `<task kind>://<project>/<task id>`, with the task kinds the run kind accepts.
    fn task_ref_pattern(&self) -> String {
        let kinds = match self.entity {
            Entity::Run {
                all_actions: false,
                action: Some(action),
            } => action.name().to_string(),
            _ => Action::ALL
                .iter()
                .map(|action| action.name())
                .collect::<Vec<_>>()
                .join("|"),
        };
        format!("^python\\+({kinds})://[^/]+/[^:]+$")
    }
}

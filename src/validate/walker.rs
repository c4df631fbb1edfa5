//! The structural pass: walks a spec along the field catalogue and reports types, required
//! fields, enums, lengths, minimums, patterns and fields Core would drop.
//!
//! Recursion follows the catalogue, never the input, so its depth is bounded by the deepest
//! catalogue object (affinity, about ten levels) whatever the spec holds.

use serde_json::{Map, Value};

use super::catalogue::{EnumSet, Field, Owner, Shape, StrRule, SPEC_FIELDS};
use super::codes;
use super::context::Context;
use super::pointer;
use super::quote::{one_of, quote};
use super::{envs, references, resources, schedule, source, volumes};
use crate::kind::Action;
use crate::level::ApiLevel;

/// Walks the top level of `spec`.
pub fn walk_spec(context: &mut Context, spec: &Map<String, Value>) {
    walk_object(context, spec, SPEC_FIELDS, "", true);
}

/// Result of looking a key up in the catalogue for the current entity and level.
enum Lookup {
    /// A field that applies here.
    Active(&'static Field),
    /// A field of this entity that only other levels declare.
    OtherLevel(&'static Field, String),
    /// A task field of other actions.
    OtherAction(Vec<(Action, &'static Field)>),
    /// A field of another entity.
    OtherEntity(Owner),
    /// Nothing in the catalogue.
    Unknown,
}

fn lookup(context: &Context, fields: &'static [Field], key: &str) -> Lookup {
    let mut same_entity: Vec<&'static Field> = Vec::new();
    let mut actions: Vec<(Action, &'static Field)> = Vec::new();
    let mut other_owner = None;
    let is_function = context.entity == super::catalogue::Entity::Function;
    for field in fields.iter().filter(|field| field.name == key) {
        if context.entity.has(field.owner) {
            if field.available_at(context.level) {
                return Lookup::Active(field);
            }
            same_entity.push(field);
        } else if let (Owner::TaskOf(action), false) = (field.owner, is_function) {
            actions.push((action, field));
        } else {
            other_owner = Some(field.owner);
        }
    }
    if let Some(first) = same_entity.first() {
        let levels: Vec<String> = ApiLevel::ALL
            .into_iter()
            .filter(|level| same_entity.iter().any(|field| field.available_at(*level)))
            .map(|level| level.to_string())
            .collect();
        return Lookup::OtherLevel(first, super::catalogue::join_and(&levels));
    }
    if !actions.is_empty() {
        return Lookup::OtherAction(actions);
    }
    match other_owner {
        Some(owner) => Lookup::OtherEntity(owner),
        None => Lookup::Unknown,
    }
}

fn walk_object(
    context: &mut Context,
    object: &Map<String, Value>,
    fields: &'static [Field],
    path: &str,
    top: bool,
) {
    for (key, value) in object {
        let field_path = pointer::child(path, key);
        match lookup(context, fields, key) {
            Lookup::Active(field) => {
                if top {
                    report_foreign_action(context, field, &field_path);
                }
                walk_value(context, &field.shape, value, &field_path, field.name);
            }
            Lookup::OtherLevel(field, levels) => {
                report_other_level(context, field, &levels, field_path)
            }
            Lookup::OtherAction(actions) => report_other_action(context, key, &actions, field_path),
            Lookup::OtherEntity(owner) => report_other_entity(context, key, owner, field_path),
            Lookup::Unknown => report_unknown(context, fields, key, path, field_path),
        }
    }
    for field in fields {
        let applies = context.entity.has(field.owner)
            && field.available_at(context.level)
            && field.required
            && context.entity.requires(field.owner);
        if applies && !object.contains_key(field.name) {
            let where_ = if path.is_empty() {
                format!("a {}", context.entity.noun())
            } else {
                format!("the object at {path}")
            };
            context.push(
                codes::MISSING_FIELD,
                pointer::child(path, field.name),
                format!(
                    "`{}` is required in {where_}: add it ({})",
                    field.name,
                    first_sentence(field.description, field.title)
                ),
            );
        }
    }
}

fn first_sentence(description: &'static str, title: &'static str) -> &'static str {
    if description.is_empty() {
        title
    } else {
        description
    }
}

/// Flags a task field of another action in a 0.13 `python+run` whose task names the action.
fn report_foreign_action(context: &mut Context, field: &Field, path: &str) {
    let super::catalogue::Entity::Run {
        action: Some(action),
        ..
    } = context.entity
    else {
        return;
    };
    if let Owner::TaskOf(owner) = field.owner {
        if owner != action {
            context.push(
                codes::WRONG_ACTION,
                path.to_string(),
                format!(
                    "`{}` belongs to {} tasks, but this run's task is a {} task, so the setting \
                     has no effect: remove it",
                    field.name,
                    owner.name(),
                    action.name()
                ),
            );
        }
    }
}

fn report_other_level(context: &mut Context, field: &Field, levels: &str, path: String) {
    if field.profile_from_15 && context.level == ApiLevel::V15 {
        context.push(
            codes::DROPPED_BY_CORE,
            path,
            format!(
                "`{}` is dropped without notice by Core 0.15, which no longer reads scheduling \
                 fields: use a profile that sets it instead",
                field.name
            ),
        );
        return;
    }
    context.push(
        codes::NOT_AT_LEVEL,
        path,
        format!(
            "`{}` exists only at API level {levels}, so Core {} drops it: remove it or target \
             a Core release that reads it",
            field.name,
            context.level.core_version()
        ),
    );
}

fn report_other_action(
    context: &mut Context,
    key: &str,
    actions: &[(Action, &'static Field)],
    path: String,
) {
    let level = context.level;
    let here_now: Vec<&(Action, &Field)> = actions
        .iter()
        .filter(|(_, field)| field.available_at(level))
        .collect();
    let name = |action: Action| format!("{} (python+{})", action.name(), action.name());
    let here = match context.entity {
        super::catalogue::Entity::Task(action) => format!("a python+{} task", action.name()),
        _ => "this run".to_string(),
    };
    let message = if here_now.is_empty() {
        let owners: Vec<String> = actions
            .iter()
            .map(|(action, field)| {
                let levels: Vec<String> = ApiLevel::ALL
                    .into_iter()
                    .filter(|other| field.available_at(*other))
                    .map(|other| other.to_string())
                    .collect();
                format!(
                    "{} tasks at API level {}",
                    name(*action),
                    super::catalogue::join_and(&levels)
                )
            })
            .collect();
        format!(
            "`{}` exists only on {}, so Core {} drops it from {here}: remove it",
            truncate(key),
            super::catalogue::join_and(&owners),
            level.core_version()
        )
    } else {
        let owners: Vec<String> = here_now.iter().map(|(action, _)| name(*action)).collect();
        format!(
            "`{}` belongs to {} tasks, so Core drops it from {here}: remove it or use that task \
             kind",
            truncate(key),
            super::catalogue::join_and(&owners)
        )
    };
    context.push(codes::WRONG_ACTION, path, message);
}

fn report_other_entity(context: &mut Context, key: &str, owner: Owner, path: String) {
    let belongs = match owner {
        Owner::Function => "a function field: set it on the function",
        Owner::Run => "a run field: set it on the run",
        Owner::Task | Owner::TaskOf(_) => "a task field: set it on the task or the run",
        Owner::Nested => "a field of a nested object",
    };
    context.push(
        codes::WRONG_ENTITY,
        path,
        format!(
            "`{}` is {belongs}; Core drops it from a {}",
            truncate(key),
            context.entity.noun()
        ),
    );
}

fn report_unknown(
    context: &mut Context,
    fields: &'static [Field],
    key: &str,
    parent: &str,
    path: String,
) {
    let entity = context.entity;
    let level = context.level;
    // Fields that apply here come first, so they win a tie with fields of other actions,
    // levels or entities, which are still worth naming for a misspelling such as `replica` on
    // a job.
    let active: Vec<&'static str> = fields
        .iter()
        .filter(|field| entity.has(field.owner) && field.available_at(level))
        .map(|field| field.name)
        .collect();
    let elsewhere = fields
        .iter()
        .map(|field| field.name)
        .filter(|name| !active.contains(name));
    let candidates: Vec<&'static str> = active.iter().copied().chain(elsewhere).collect();
    let hint = match context.suggest(key, candidates) {
        Some(name) => suggestion_hint(context, fields, name),
        None => ": remove it".to_string(),
    };
    let place = if parent.is_empty() {
        format!("a {}", entity.noun())
    } else {
        format!("the object at {parent}")
    };
    context.push(
        codes::UNKNOWN_FIELD,
        path,
        format!(
            "`{}` is not a field of {place} at API level {level}, so Core drops it{hint}",
            truncate(key)
        ),
    );
}

/// Words the "did you mean" part of an unknown-field message, saying where the suggested field
/// applies when it does not apply here.
fn suggestion_hint(context: &Context, fields: &'static [Field], name: &str) -> String {
    match lookup(context, fields, name) {
        Lookup::Active(_) | Lookup::Unknown => format!(": did you mean `{name}`?"),
        Lookup::OtherLevel(field, _) if field.profile_from_15 && context.level == ApiLevel::V15 => {
            format!(
                ": did you mean `{name}`? Core 0.15 drops that field too, so set it through a \
                 profile"
            )
        }
        Lookup::OtherLevel(_, levels) => {
            format!(": did you mean `{name}`, which exists only at API level {levels}?")
        }
        Lookup::OtherAction(actions) => {
            let kinds: Vec<String> = actions
                .iter()
                .map(|(action, _)| format!("python+{}", action.name()))
                .collect();
            format!(
                ": did you mean `{name}`, a field of {} tasks?",
                super::catalogue::join_and(&kinds)
            )
        }
        Lookup::OtherEntity(owner) => {
            let entity = match owner {
                Owner::Function => "a function field",
                Owner::Run => "a run field",
                Owner::Task | Owner::TaskOf(_) | Owner::Nested => "a task field",
            };
            format!(": did you mean `{name}`, {entity}?")
        }
    }
}

fn truncate(key: &str) -> String {
    let mut shown: String = key.chars().take(64).collect();
    if shown.len() < key.len() {
        shown.push('…');
    }
    shown
}

/// Returns the JSON type of `value`, for messages.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn push_type(context: &mut Context, path: &str, label: &str, expected: &str, value: &Value) {
    let fix = match (value.is_null(), label.ends_with(']')) {
        (true, true) => ": remove the null item from the list",
        (true, false) => ": leave the field out instead of sending null",
        (false, _) => "",
    };
    context.push(
        codes::INVALID_TYPE,
        path.to_string(),
        format!(
            "`{label}` must be {expected}, not {}{fix}",
            type_name(value)
        ),
    );
}

/// True for a JSON number with no fractional part, as JSON Schema's `integer` reads it.
fn as_integer(value: &Value) -> Option<f64> {
    let number = value.as_number()?;
    if number.is_i64() || number.is_u64() {
        return number.as_f64();
    }
    number
        .as_f64()
        .filter(|float| float.is_finite() && float.fract() == 0.0)
}

fn walk_value(
    context: &mut Context,
    shape: &'static Shape,
    value: &Value,
    path: &str,
    label: &str,
) {
    match shape {
        Shape::Str {
            min_len,
            not_blank,
            rule,
        } => {
            let Some(text) = value.as_str() else {
                let expected = match (rule, value) {
                    (StrRule::Resource, Value::Object(_)) => {
                        "a string such as \"500m\" at this level (the { requests, limits } form \
                         is Core 0.13's)"
                    }
                    _ => "a string",
                };
                push_type(context, path, label, expected, value);
                return;
            };
            if text.chars().count() < *min_len {
                context.push(
                    codes::EMPTY_VALUE,
                    path.to_string(),
                    format!("`{label}` must not be empty: give it a value"),
                );
                return;
            }
            // Hibernate's @NotBlank trims with Java's String.trim(), which removes the
            // characters up to U+0020 and no other whitespace.
            if *not_blank && text.chars().all(|character| character <= '\u{20}') {
                context.push(
                    codes::BLANK_VALUE,
                    path.to_string(),
                    format!("`{label}` holds only whitespace, which Core rejects: give it a value"),
                );
                return;
            }
            check_rule(context, *rule, text, path, label);
        }
        Shape::Int {
            minimum,
            range,
            int32,
        } => {
            let Some(number) = as_integer(value) else {
                push_type(context, path, label, "an integer", value);
                return;
            };
            if let Some(minimum) = minimum {
                if number < *minimum as f64 {
                    context.push(
                        codes::BELOW_MINIMUM,
                        path.to_string(),
                        format!("`{label}` is {value}, below the minimum {minimum}: use {minimum} or more"),
                    );
                }
            }
            if *int32 && number > f64::from(i32::MAX) {
                context.push(
                    codes::INTEGER_TOO_LARGE,
                    path.to_string(),
                    format!(
                        "`{label}` is {value}, more than Core's 32-bit limit of {}: use a \
                         smaller number",
                        i32::MAX
                    ),
                );
            }
            // Core binds the other integers to a Java long, and Jackson rejects values past it.
            let two_to_63 = -(i64::MIN as f64);
            let fits_long = value.as_i64().is_some()
                || (value.is_f64() && (-two_to_63..two_to_63).contains(&number));
            if !*int32 && !fits_long {
                context.push(
                    codes::INTEGER_TOO_LARGE,
                    path.to_string(),
                    format!(
                        "`{label}` is {value}, outside the 64-bit range Core reads it into: use a \
                         number from {} to {}",
                        i64::MIN,
                        i64::MAX
                    ),
                );
            }
            if let Some((low, high)) = range {
                if number < *low as f64 || number > *high as f64 {
                    context.push(
                        codes::OUT_OF_RANGE,
                        path.to_string(),
                        format!(
                            "`{label}` is {value}, but Kubernetes accepts {low} to {high}: use a \
                             value in that range"
                        ),
                    );
                }
            }
        }
        Shape::Bool => {
            if !value.is_boolean() {
                push_type(context, path, label, "true or false", value);
            }
        }
        Shape::Array(item) => {
            let Some(items) = value.as_array() else {
                push_type(context, path, label, "an array", value);
                return;
            };
            for (position, element) in items.iter().enumerate() {
                let item_label = format!("{label}[{position}]");
                walk_value(
                    context,
                    item,
                    element,
                    &pointer::index(path, position),
                    &item_label,
                );
            }
        }
        Shape::Object(object) => {
            let Some(map) = value.as_object() else {
                let expected = if object.def_name == "CoreResourceDefinition" {
                    "an object such as { \"requests\": \"500m\", \"limits\": \"1\" } at API level 13"
                } else {
                    "an object"
                };
                push_type(context, path, label, expected, value);
                return;
            };
            walk_object(context, map, object.fields, path, false);
        }
        Shape::StrMap => {
            let Some(map) = value.as_object() else {
                push_type(context, path, label, "an object of strings", value);
                return;
            };
            for (key, entry) in map {
                if !entry.is_string() {
                    let entry_label = format!("{label}.{}", truncate(key));
                    push_type(
                        context,
                        &pointer::child(path, key),
                        &entry_label,
                        "a string",
                        entry,
                    );
                }
            }
        }
        Shape::AnyMap => {
            let Some(map) = value.as_object() else {
                push_type(context, path, label, "an object", value);
                return;
            };
            for (key, entry) in map {
                if let Some(null_path) = null_in_arrays(entry, &pointer::child(path, key)) {
                    let entry_label = format!("{label}.{}", truncate(key));
                    context.push(
                        codes::INVALID_TYPE,
                        null_path,
                        format!(
                            "`{entry_label}` holds null, which Core's schema does not accept \
                             there: use a string, number, boolean, object or array, or leave \
                             the entry out"
                        ),
                    );
                }
            }
        }
    }
}

/// Finds the first null in `value` or in the arrays nested in it and returns its pointer.
/// Core's schema (`Serializable`) checks array items again but takes any object as it is.
fn null_in_arrays(value: &Value, path: &str) -> Option<String> {
    let mut pending = vec![(value, path.to_string())];
    while let Some((value, path)) = pending.pop() {
        match value {
            Value::Null => return Some(path),
            Value::Array(items) => {
                for (position, item) in items.iter().enumerate().rev() {
                    pending.push((item, pointer::index(&path, position)));
                }
            }
            _ => {}
        }
    }
    None
}

fn check_rule(context: &mut Context, rule: StrRule, text: &str, path: &str, label: &str) {
    match rule {
        StrRule::Plain | StrRule::Secret => {}
        StrRule::Enum(set) => check_enum(context, set, text, path, label),
        StrRule::Resource => resources::check(context, text, path),
        StrRule::Schedule => schedule::check(context, text, path),
        StrRule::VolumeName => volumes::check_name(context, text, path),
        StrRule::MountPath => volumes::check_mount_path(context, text, path),
        StrRule::EnvName => envs::check_name(context, text, path),
        StrRule::FunctionRef => references::check_function(context, text, path),
        StrRule::TaskRef => references::check_task(context, text, path),
        StrRule::Handler => source::check_handler(context, text, path),
        StrRule::Identifier => source::check_init_function(context, text, path),
        StrRule::Base64 => source::check_base64(context, text, path),
    }
}

fn check_enum(context: &mut Context, set: EnumSet, text: &str, path: &str, label: &str) {
    let level = context.level;
    let values = set.values_at(level);
    if values.contains(&text) || (text.is_empty() && set.accepts_empty()) {
        return;
    }
    let code = match set {
        EnumSet::TolerationOperator
        | EnumSet::NodeSelectorOperator
        | EnumSet::LabelSelectorOperator => codes::INVALID_OPERATOR,
        EnumSet::TolerationEffect => codes::INVALID_EFFECT,
        _ => codes::INVALID_ENUM,
    };
    let elsewhere: Vec<String> = ApiLevel::ALL
        .into_iter()
        .filter(|other| *other != level && set.values_at(*other).contains(&text))
        .map(|other| other.to_string())
        .collect();
    let note = if elsewhere.is_empty() {
        match context.suggest(text, values.iter().copied()) {
            Some(candidate) => format!(" (did you mean {}?)", quote(candidate)),
            None => String::new(),
        }
    } else {
        format!(
            " (it exists at API level {})",
            super::catalogue::join_and(&elsewhere)
        )
    };
    let checker = if set.in_core_schema() {
        format!("Core {}", level.core_version())
    } else {
        "Kubernetes".to_string()
    };
    context.push(
        code,
        path.to_string(),
        format!(
            "`{label}` {} is not a {} that {checker} accepts{note}: use {}",
            quote(text),
            set.noun(),
            one_of(&values)
        ),
    );
}

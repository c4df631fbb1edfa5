//! Volume rules Kubernetes and Core apply after Core's schema: names, mount paths, the `spec`
//! keys each volume type reads, sizes and the claim name length.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::codes;
use super::context::Context;
use super::labels::is_dns_label;
use super::lowercase::lowercase;
use super::pointer;
use super::quantity;
use super::quote::quote;
use crate::model::VolumeType;

/// Volume names Core gives its own volumes.
const RESERVED_NAMES: &[&str] = &["shared-dir", "init-config-map"];

/// Kubernetes' limit on object names as Core applies it (`K8S_NAME_MAX_LENGTH`).
const K8S_NAME_MAX_LENGTH: usize = 62;

/// Length of a run id written as a UUID with hyphens, the longest form in use. The 32-character
/// hex ids the Python SDK sends leave 4 more characters, so the check errs on the safe side.
const RUN_ID_LENGTH: usize = 36;

/// Maximum volume name length that keeps `v-<run id>-<name>` within the limit.
pub const MAX_CLAIM_VOLUME_NAME: usize = K8S_NAME_MAX_LENGTH - RUN_ID_LENGTH - "v--".len();

/// Returns the `spec` keys Core reads for a volume type. Every type also reads `subPath`.
pub fn spec_keys(volume_type: VolumeType) -> &'static [&'static str] {
    match volume_type {
        VolumeType::PersistentVolumeClaim => &["size", "storage_class", "subPath"],
        VolumeType::Ephemeral => &["size", "storageClass", "subPath"],
        VolumeType::EmptyDir => &["sizeLimit", "subPath"],
        VolumeType::SharedVolume => &["claimName", "subPath"],
        VolumeType::Image => &["image", "subPath"],
    }
}

/// Checks a volume name.
pub fn check_name(context: &mut Context, value: &str, path: &str) {
    if value.is_empty() {
        return;
    }
    if RESERVED_NAMES.contains(&value) {
        context.push(
            codes::RESERVED_VOLUME_NAME,
            path.to_string(),
            format!(
                "volume name {} is reserved for a volume Core adds itself: choose another name, \
                 such as \"{value}-1\"",
                quote(value)
            ),
        );
        return;
    }
    if !is_dns_label(value) {
        context.push(
            codes::INVALID_VOLUME_NAME,
            path.to_string(),
            format!(
                "volume name {} is not a DNS-1123 label: use at most 63 lower-case letters, \
                 digits and '-', starting and ending with a letter or digit, such as {}",
                quote(value),
                quote(&as_dns_label(value))
            ),
        );
    }
}

/// Rewrites `value` into a DNS-1123 label for suggestions.
fn as_dns_label(value: &str) -> String {
    let mapped: String = value
        .chars()
        .map(|character| match character.to_ascii_lowercase() {
            lower @ ('a'..='z' | '0'..='9') => lower,
            _ => '-',
        })
        .collect();
    let trimmed: String = mapped.trim_matches('-').chars().take(63).collect();
    let trimmed = trimmed.trim_end_matches('-').to_string();
    if trimmed.is_empty() {
        "data".to_string()
    } else {
        trimmed
    }
}

/// Checks a mount path.
pub fn check_mount_path(context: &mut Context, value: &str, path: &str) {
    if !value.is_empty() && !value.starts_with('/') {
        context.push(
            codes::RELATIVE_MOUNT_PATH,
            path.to_string(),
            format!(
                "mount path {} is relative, so the kubelet mounts the volume at {}: write that \
                 absolute path to say so",
                quote(value),
                quote(&format!("/{value}"))
            ),
        );
    }
}

/// Checks the rules that span the volume list: unique names and paths, spec keys, sizes and the
/// claim name length.
pub fn check_list(context: &mut Context, spec: &Map<String, Value>) {
    let Some(Value::Array(volumes)) = spec.get("volumes") else {
        return;
    };
    let list_path = pointer::child("", "volumes");
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    let mut mount_paths: BTreeMap<String, usize> = BTreeMap::new();
    for (position, volume) in volumes.iter().enumerate() {
        let Value::Object(volume) = volume else {
            continue;
        };
        let path = pointer::index(&list_path, position);
        let name = volume.get("name").and_then(Value::as_str);
        if let Some(name) = name {
            match names.get(name) {
                Some(first) => context.push(
                    codes::DUPLICATE_VOLUME_NAME,
                    pointer::child(&path, "name"),
                    format!(
                        "volume name {} is already used by volume {first}: give each volume \
                         its own name",
                        quote(name)
                    ),
                ),
                None => {
                    names.insert(name, position);
                }
            }
        }
        if let Some(mount_path) = volume.get("mount_path").and_then(Value::as_str) {
            // The kubelet mounts a relative path under "/", so "data" and "/data" collide.
            let mounted_at = if mount_path.starts_with('/') {
                mount_path.to_string()
            } else {
                format!("/{mount_path}")
            };
            match mount_paths.get(&mounted_at) {
                Some(first) => context.push(
                    codes::DUPLICATE_MOUNT_PATH,
                    pointer::child(&path, "mount_path"),
                    format!(
                        "mount path {} is already used by volume {first}: mount each volume at \
                         its own path",
                        quote(mount_path)
                    ),
                ),
                None => {
                    mount_paths.insert(mounted_at, position);
                }
            }
        }
        let volume_type = volume
            .get("volume_type")
            .and_then(Value::as_str)
            .and_then(VolumeType::parse)
            .filter(|volume_type| volume_type.available_at(context.level));
        if let Some(volume_type) = volume_type {
            check_spec(context, volume_type, volume.get("spec"), &path);
            if volume_type == VolumeType::PersistentVolumeClaim {
                if let Some(name) = name {
                    check_claim_budget(context, name, &pointer::child(&path, "name"));
                }
            }
        }
    }
}

/// Checks the `spec` map of one volume against the keys its type reads.
fn check_spec(context: &mut Context, volume_type: VolumeType, spec: Option<&Value>, path: &str) {
    let keys = spec_keys(volume_type);
    let spec_path = pointer::child(path, "spec");
    let empty = Map::new();
    let spec = match spec {
        Some(Value::Object(spec)) => spec,
        _ => &empty,
    };
    for (key, value) in spec {
        let key_path = pointer::child(&spec_path, key);
        if !keys.contains(&key.as_str()) {
            let hint = match context.suggest(key, keys.iter().copied()) {
                Some(candidate) => format!("did you mean `{candidate}`? "),
                None => String::new(),
            };
            context.push(
                codes::UNKNOWN_VOLUME_SPEC_KEY,
                key_path,
                format!(
                    "{} volumes do not read spec key `{}`, so Core ignores it: {hint}the keys \
                     are {}",
                    volume_type.as_str(),
                    truncate_key(key),
                    keys.iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            continue;
        }
        let Some(text) = value.as_str() else {
            continue;
        };
        if matches!(key.as_str(), "size" | "sizeLimit") {
            check_size(context, key, text, &key_path);
        }
        if key == "subPath" {
            check_sub_path(context, text, &key_path);
        }
    }
    let has_image = spec
        .get("image")
        .is_some_and(|image| !image.as_str().is_some_and(|text| text.trim().is_empty()));
    if volume_type == VolumeType::Image && !has_image {
        context.push(
            codes::MISSING_VOLUME_SPEC_KEY,
            spec_path,
            "image volumes need spec.image, the OCI image to mount, such as \
             \"ghcr.io/org/data:1\""
                .to_string(),
        );
    }
}

fn truncate_key(key: &str) -> String {
    key.chars().take(64).collect()
}

/// Checks `spec.subPath` as Kubernetes' `validateLocalDescendingPath` does: relative, with no
/// `..` element.
fn check_sub_path(context: &mut Context, value: &str, path: &str) {
    let problem = if value.starts_with('/') {
        "is absolute"
    } else if value.split('/').any(|element| element == "..") {
        "contains '..'"
    } else {
        return;
    };
    context.push(
        codes::INVALID_SUB_PATH,
        path.to_string(),
        format!(
            "spec.subPath {} {problem}, but Kubernetes mounts only a path inside the volume: \
             write it relative to the volume's root without '..', such as \"data/input\"",
            quote(value)
        ),
    );
}

/// Checks a volume size.
fn check_size(context: &mut Context, key: &str, value: &str, path: &str) {
    match quantity::parse(value) {
        Err(error) => context.push(
            codes::INVALID_QUANTITY,
            path.to_string(),
            format!(
                "spec.{key} {} is not a Kubernetes quantity because {}: write sizes such as \
                 10Gi or 512Mi{}",
                quote(value),
                error.explain(),
                byte_unit_hint(value)
            ),
        ),
        Ok(parsed) if parsed.negative => context.push(
            codes::INVALID_QUANTITY,
            path.to_string(),
            format!(
                "spec.{key} {} is negative: a size must be 0 or more",
                quote(value)
            ),
        ),
        // `size` is the storage request of a claim, which Kubernetes needs above zero; an
        // empty_dir `sizeLimit` of 0 is allowed.
        Ok(parsed) if parsed.zero && key == "size" => context.push(
            codes::INVALID_QUANTITY,
            path.to_string(),
            format!(
                "spec.size {} is zero, but Kubernetes needs a claim size greater than zero: use a \
                 size such as 1Gi, or leave size out to get Core's default",
                quote(value)
            ),
        ),
        Ok(_) => {}
    }
}

/// Suggests the Kubernetes spelling of `GB`-style units.
fn byte_unit_hint(value: &str) -> String {
    let units = [
        ("KB", "k", "Ki"),
        ("MB", "M", "Mi"),
        ("GB", "G", "Gi"),
        ("TB", "T", "Ti"),
    ];
    for (written, decimal, binary) in units {
        if let Some(number) = value.strip_suffix(written) {
            return format!(
                " (Kubernetes writes {} for decimal units and {} for binary ones)",
                quote(&format!("{number}{decimal}")),
                quote(&format!("{number}{binary}"))
            );
        }
    }
    String::new()
}

/// Checks that `v-<run id>-<name>` fits Kubernetes' name limit.
fn check_claim_budget(context: &mut Context, name: &str, path: &str) {
    let sanitised = name
        .chars()
        .flat_map(lowercase)
        .filter(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || *character == '-'
        })
        .count();
    if sanitised > MAX_CLAIM_VOLUME_NAME {
        context.push(
            codes::VOLUME_NAME_TOO_LONG,
            path.to_string(),
            format!(
                "volume name {} has {sanitised} characters, but Core names the claim \
                 v-<run id>-<name> with a {RUN_ID_LENGTH}-character run id and a \
                 {K8S_NAME_MAX_LENGTH}-character limit, which leaves {MAX_CLAIM_VOLUME_NAME}: \
                 shorten the name",
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

    fn list_codes(volumes: Value, level: ApiLevel) -> Vec<(String, &'static str)> {
        let mut context = Context::new(level, Entity::Task(Action::Job));
        let spec = json!({ "volumes": volumes });
        if let Value::Object(spec) = &spec {
            check_list(&mut context, spec);
        }
        context
            .issues
            .into_iter()
            .map(|issue| (issue.path, issue.code))
            .collect()
    }

    #[test]
    fn claim_budget_is_23() {
        assert_eq!(MAX_CLAIM_VOLUME_NAME, 23);
    }

    #[test]
    fn names() {
        let cases = [
            ("data", None),
            ("Data_1", Some("invalid-volume-name")),
            ("shared-dir", Some("reserved-volume-name")),
            ("init-config-map", Some("reserved-volume-name")),
            ("", None),
        ];
        for (name, expected) in cases {
            let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
            check_name(&mut context, name, "/volumes/0/name");
            let codes: Vec<&str> = context.issues.iter().map(|issue| issue.code).collect();
            assert_eq!(codes, expected.into_iter().collect::<Vec<_>>(), "{name}");
        }
    }

    #[test]
    fn name_message_suggests_label() {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
        check_name(&mut context, "Data_1", "/volumes/0/name");
        let message = &context.issues[0].message;
        assert!(message.contains("volume name \"Data_1\" is not a DNS-1123 label"));
        assert!(message.contains("\"data-1\""), "{message}");
    }

    #[test]
    fn list_rules() {
        let cases: Vec<(Value, Vec<(&str, &str)>)> = vec![
            (
                json!([
                    {"name": "a", "mount_path": "/a", "volume_type": "empty_dir"},
                    {"name": "a", "mount_path": "/a", "volume_type": "empty_dir"}
                ]),
                vec![
                    ("/volumes/1/name", "duplicate-volume-name"),
                    ("/volumes/1/mount_path", "duplicate-mount-path"),
                ],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "empty_dir",
                        "spec": {"size_limit": "1Gi"}}]),
                vec![("/volumes/0/spec/size_limit", "unknown-volume-spec-key")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "empty_dir",
                        "spec": {"sizeLimit": "1GB", "subPath": "x"}}]),
                vec![("/volumes/0/spec/sizeLimit", "invalid-quantity")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "persistent_volume_claim",
                        "spec": {"size": "-1Gi", "storage_class": "fast"}}]),
                vec![("/volumes/0/spec/size", "invalid-quantity")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "ephemeral",
                        "spec": {"storage_class": "fast"}}]),
                vec![("/volumes/0/spec/storage_class", "unknown-volume-spec-key")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "image"}]),
                vec![("/volumes/0/spec", "missing-volume-spec-key")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "image",
                        "spec": {"image": " "}}]),
                vec![("/volumes/0/spec", "missing-volume-spec-key")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "persistent_volume_claim",
                        "spec": {"size": "0Gi"}}]),
                vec![("/volumes/0/spec/size", "invalid-quantity")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "ephemeral",
                        "spec": {"size": "0"}}]),
                vec![("/volumes/0/spec/size", "invalid-quantity")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "empty_dir",
                        "spec": {"sizeLimit": "0"}}]),
                vec![],
            ),
            (
                json!([{"name": "abcdefghijklmnopqrstuvwx", "mount_path": "/a",
                        "volume_type": "persistent_volume_claim"}]),
                vec![("/volumes/0/name", "volume-name-too-long")],
            ),
            (
                json!([{"name": "abcdefghijklmnopqrstuvw", "mount_path": "/a",
                        "volume_type": "persistent_volume_claim"}]),
                vec![],
            ),
            (
                json!([{"name": "abcdefghijklmnopqrstuvwx", "mount_path": "/a",
                        "volume_type": "empty_dir"}]),
                vec![],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "shared_volume",
                        "spec": {"claimName": "team-data", "subPath": "x"}}]),
                vec![],
            ),
            (json!([1, null, "x"]), vec![]),
            (
                json!([{"name": "a", "mount_path": "/data", "volume_type": "empty_dir"},
                       {"name": "b", "mount_path": "data", "volume_type": "empty_dir"}]),
                vec![("/volumes/1/mount_path", "duplicate-mount-path")],
            ),
            (
                json!([{"name": "a", "mount_path": "/a", "volume_type": "empty_dir",
                        "spec": {"subPath": "data/../in"}},
                       {"name": "b", "mount_path": "/b", "volume_type": "shared_volume",
                        "spec": {"subPath": "/data"}},
                       {"name": "c", "mount_path": "/c", "volume_type": "empty_dir",
                        "spec": {"subPath": "data/..in/x"}}]),
                vec![
                    ("/volumes/0/spec/subPath", "invalid-sub-path"),
                    ("/volumes/1/spec/subPath", "invalid-sub-path"),
                ],
            ),
        ];
        for (volumes, expected) in cases {
            let found = list_codes(volumes.clone(), ApiLevel::V15);
            let found: Vec<(&str, &str)> = found
                .iter()
                .map(|(path, code)| (path.as_str(), *code))
                .collect();
            assert_eq!(found, expected, "{volumes}");
        }
    }

    #[test]
    fn size_limit_suggests_camel_case() {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
        let spec = json!({"volumes": [{"name": "a", "mount_path": "/a",
            "volume_type": "empty_dir", "spec": {"size_limit": "1Gi"}}]});
        if let Value::Object(spec) = &spec {
            check_list(&mut context, spec);
        }
        assert!(context.issues[0]
            .message
            .contains("did you mean `sizeLimit`?"));
    }

    #[test]
    fn size_hint_cuts_long_value() {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
        let huge = format!("{}GB", "1".repeat(100_000));
        check_size(&mut context, "size", &huge, "/volumes/0/spec/size");
        let message = &context.issues[0].message;
        assert!(message.len() < 1_000, "{}-byte message", message.len());
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
        check_size(&mut context, "size", "10GB", "/volumes/0/spec/size");
        let message = &context.issues[0].message;
        assert!(message.contains("\"10G\""), "{message}");
        assert!(message.contains("\"10Gi\""), "{message}");
    }

    #[test]
    fn mount_paths() {
        let mut context = Context::new(ApiLevel::V15, Entity::Task(Action::Job));
        check_mount_path(&mut context, "data", "/volumes/0/mount_path");
        check_mount_path(&mut context, "/data", "/volumes/1/mount_path");
        assert_eq!(context.issues.len(), 1);
        assert!(context.issues[0].message.contains("\"/data\""));
    }
}

//! Function, task and run documents as Core's REST API sends and receives them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::function::PythonFunctionSpec;
use super::run::RunSpec;
use super::status::Status;
use super::task::TaskSpec;
use crate::kind::TaskKind;

/// A document of Core's REST API with a spec of type `S`. Fields Core fills in (`id`, `key`,
/// `user`, `status`, audit metadata) are optional so that the same type serves create
/// requests and responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity<S> {
    /// Entity id. Core generates one when a create request has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Entity name; required for functions, equal to the id for tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kind, such as `python`, `python+serve` or `python+serve:run`.
    pub kind: String,
    /// Project the entity belongs to. Core replaces it with the project in the request path.
    pub project: String,
    /// User who owns the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Entity key `store://<project>/<entity>/<kind>/<name>:<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Descriptive and audit metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Kind-specific spec.
    pub spec: S,
    /// Status Core maintains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Extension blocks of runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Vec<Map<String, Value>>>,
}

/// A function document of kind `python`.
pub type Function = Entity<PythonFunctionSpec>;

/// A run document of any python run kind.
pub type Run = Entity<RunSpec>;

/// A task document of a python task kind. Its spec type depends on `kind`, so it reads the
/// document as an [`Entity`] with a JSON spec and then picks the spec type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Entity<Value>")]
pub struct Task {
    /// Task id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Task name; Core sets it to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Task kind, which decides the type of `spec`.
    #[serde(serialize_with = "serialize_task_kind")]
    pub kind: TaskKind,
    /// Project the task belongs to.
    pub project: String,
    /// User who owns the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Task key `store://<project>/task/<kind>/<taskId>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Metadata, found in older task documents. The Task DTO of Core 0.15 has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The spec of the task's kind.
    pub spec: TaskSpec,
    /// Status, found in older task documents. The Task DTO of Core 0.15 has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// Why a document could not be read as a python task.
#[derive(Debug, thiserror::Error)]
pub enum TaskDocumentError {
    /// The kind is not a python task kind.
    #[error(transparent)]
    Kind(#[from] crate::kind::UnknownKind),
    /// The spec does not have the shape of the kind's spec.
    #[error("spec of the {kind} task is invalid: {source}")]
    Spec {
        /// The task kind.
        kind: TaskKind,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
}

impl TryFrom<Entity<Value>> for Task {
    type Error = TaskDocumentError;

    fn try_from(document: Entity<Value>) -> Result<Self, Self::Error> {
        let kind = TaskKind::parse(&document.kind)?;

        let spec = TaskSpec::from_value(kind, document.spec)
            .map_err(|source| TaskDocumentError::Spec { kind, source })?;

        Ok(Task {
            id: document.id,
            name: document.name,
            kind,
            project: document.project,
            user: document.user,
            key: document.key,
            metadata: document.metadata,
            spec,
            status: document.status,
        })
    }
}

fn serialize_task_kind<S: serde::Serializer>(
    kind: &TaskKind,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.as_str())
}

/// Metadata common to every entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Entity name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Free-form labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    /// RFC 3339 creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// RFC 3339 time of the last update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// User who created the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// User who last updated the entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<String>,
    /// Version of a versioned entity; Core fills it in when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// True when the entity is embedded in its project document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<bool>,
    /// Reference of an embedded entity.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Links to other entities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<Vec<Relationship>>,
    /// Every other metadata field.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A link from an entity to another (`RelationshipDetail`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// `produced_by`, `consumes`, `run_of` or `step_of`.
    #[serde(rename = "type")]
    pub relationship_type: String,
    /// Key of the entity the link starts at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Key of the entity the link points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest: Option<String>,
}

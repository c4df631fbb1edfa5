//! The problems a validation pass reports.

use serde::Serialize;

/// The seriousness of an issue. Only errors make a spec invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The party that would reject the spec if this library did not. The strictness table is
/// built on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RejectedBy {
    /// Core returns 400 on create, from its published schema or its server-side checks.
    Core,
    /// Core accepts the spec, but Kubernetes or the python runtime fail the run later.
    Runtime,
    /// No component rejects it, but the user's setting would be lost or misread (for example an
    /// unknown field that Core drops without a word).
    Library,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// RFC 6901 JSON Pointer from the spec root, such as `/volumes/0/name`; empty for the root.
    /// For a missing field it points at the missing member, not at the object that lacks it.
    pub path: String,
    /// Stable machine-readable code, such as `invalid-quantity`.
    pub code: &'static str,
    pub severity: Severity,
    /// A sentence that names the value and the fix. It never contains an env value or secret.
    pub message: String,
    /// The party that would reject the spec without this library.
    #[serde(skip)]
    pub rejected_by: RejectedBy,
}

/// The outcome of one validation pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    /// True when no issue is an error.
    pub fn is_valid(&self) -> bool {
        self.issues
            .iter()
            .all(|issue| issue.severity != Severity::Error)
    }

    /// The issues Core itself would reject the spec for, as the development gateway needs them.
    pub fn core_errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|issue| {
            issue.severity == Severity::Error && issue.rejected_by == RejectedBy::Core
        })
    }
}

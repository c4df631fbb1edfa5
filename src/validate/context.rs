//! The state of one validation pass: the level, the entity and the issues found so far.

use super::catalogue::Entity;
use super::codes::Code;
use super::issue::Issue;
use crate::level::ApiLevel;

/// One validation pass.
pub struct Context {
    pub level: ApiLevel,
    pub entity: Entity,
    pub issues: Vec<Issue>,
}

impl Context {
    /// Starts a pass with no issues.
    pub fn new(level: ApiLevel, entity: Entity) -> Context {
        Context {
            level,
            entity,
            issues: Vec::new(),
        }
    }

    /// Records an issue with the severity and rejecting party of `code`.
    pub fn push(&mut self, code: Code, path: String, message: String) {
        self.issues.push(Issue {
            path,
            code: code.name,
            severity: code.severity,
            message,
            rejected_by: code.rejected_by,
        });
    }
}

//! The state of one validation pass: the level, the entity and the issues found so far.

use super::catalogue::Entity;
use super::codes::Code;
use super::issue::Issue;
use super::suggest;
use crate::level::ApiLevel;

/// Maximum number of "did you mean" searches in one pass, so a spec with a million unknown keys
/// still validates in linear time.
const MAX_SUGGESTIONS: usize = 200;

/// One validation pass.
pub struct Context {
    pub level: ApiLevel,
    pub entity: Entity,
    pub issues: Vec<Issue>,
    suggestions_left: usize,
}

impl Context {
    /// Starts a pass with no issues.
    pub fn new(level: ApiLevel, entity: Entity) -> Context {
        Context {
            level,
            entity,
            issues: Vec::new(),
            suggestions_left: MAX_SUGGESTIONS,
        }
    }

    /// Finds the candidate closest to `input`, until the pass has used up its searches.
    pub fn suggest<'a>(
        &mut self,
        input: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        suggest::closest(input, candidates)
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

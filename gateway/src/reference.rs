//! Parsing of the reference strings runs and tasks carry: `spec.task`
//! (`<taskKind>://<project>/<taskId>`) and `spec.function`
//! (`<runtime>://<project>/<functionName>:<functionId>`).
//!
//! The rules follow Core's `TASK_PATTERN` `([^:/]+)://([^/]+)/([^:]+)` and `FUNCTION_PATTERN`
//! `([^:/]+)://([^/]+)/([^:]+):(.+)`, matched against the whole string.

/// The parts of a task string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskReference {
    pub kind: String,
    pub project: String,
    pub id: String,
}

/// The parts of a function string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionReference {
    pub runtime: String,
    pub project: String,
    pub name: String,
    pub id: String,
}

/// Splits `scheme://project/rest` with the scheme free of `:` and `/` and the project free of
/// `/`; every part non-empty.
fn split_scheme(text: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = text.split_once("://")?;
    if scheme.is_empty() || scheme.contains([':', '/']) {
        return None;
    }
    let (project, rest) = rest.split_once('/')?;
    if project.is_empty() || rest.is_empty() {
        return None;
    }
    Some((scheme, project, rest))
}

impl TaskReference {
    /// Parses a task string, or returns `None` when it does not match the pattern.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, project, id) = split_scheme(text)?;
        if id.contains(':') {
            return None;
        }
        Some(TaskReference {
            kind: kind.to_string(),
            project: project.to_string(),
            id: id.to_string(),
        })
    }
}

impl FunctionReference {
    /// Parses a function string, or returns `None` when it does not match the pattern.
    pub fn parse(text: &str) -> Option<Self> {
        let (runtime, project, rest) = split_scheme(text)?;
        let (name, id) = rest.split_once(':')?;
        if name.is_empty() || id.is_empty() {
            return None;
        }
        Some(FunctionReference {
            runtime: runtime.to_string(),
            project: project.to_string(),
            name: name.to_string(),
            id: id.to_string(),
        })
    }

    /// Formats the reference back as `<runtime>://<project>/<name>:<id>`.
    pub fn format(runtime: &str, project: &str, name: &str, id: &str) -> String {
        format!("{runtime}://{project}/{name}:{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_string_parts() {
        let parsed = TaskReference::parse("python+serve://demo/abc123").unwrap();
        assert_eq!(parsed.kind, "python+serve");
        assert_eq!(parsed.project, "demo");
        assert_eq!(parsed.id, "abc123");
    }

    #[test]
    fn task_string_with_colon_is_rejected() {
        assert_eq!(TaskReference::parse("python+job://demo/fn:abc"), None);
        assert_eq!(TaskReference::parse("python+job:/demo/abc"), None);
        assert_eq!(TaskReference::parse("python+job://demo/"), None);
        assert_eq!(TaskReference::parse("://demo/abc"), None);
    }

    #[test]
    fn function_string_parts() {
        let parsed = FunctionReference::parse("python://demo/echo:ab-12").unwrap();
        assert_eq!(parsed.runtime, "python");
        assert_eq!(parsed.project, "demo");
        assert_eq!(parsed.name, "echo");
        assert_eq!(parsed.id, "ab-12");
        assert_eq!(FunctionReference::parse("python://demo/echo"), None);
    }
}

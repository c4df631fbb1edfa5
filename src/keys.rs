//! Entity keys, function references and task strings: the string forms Core uses to point at
//! entities.
//!
//! Parsing follows Core's own patterns (`Keys.java`) with whole-string matching, so a string
//! parses here exactly when Core's pattern matches it:
//!
//! | form | Core's pattern |
//! |---|---|
//! | key | `store://([^/]+)/([^/]+)/([^/]+)/([^:]+):(.+)` |
//! | key without id | `store://([^/]+)/([^/]+)/([^/]+)/([^:]+)` |
//! | function reference | `([^:/]+)://([^/]+)/([^:]+):(.+)` |
//! | task string | `([^:/]+)://([^/]+)/([^:]+)` |
//!
//! The patterns let a name or task id contain `/`, and a function or entity id contain `:`.
//! They do not check that ids and names are slugs; Core checks that when it looks the entity
//! up, and so does validation.

use std::fmt;
use std::str::FromStr;

use crate::kind::{TaskKind, UnknownKind};

/// Format of an entity key, as error messages name it.
pub const KEY_FORMAT: &str =
    "store://<project>/<entity>/<kind>/<name>:<id> or store://<project>/<entity>/<kind>/<name>";

/// Format of a function reference, as error messages name it.
pub const FUNCTION_REF_FORMAT: &str = "<runtime>://<project>/<function>:<functionId>";

/// Format of a task string, as error messages name it.
pub const TASK_STRING_FORMAT: &str = "<taskKind>://<project>/<taskId>";

const STORE_SCHEME: &str = "store://";

/// A key, function reference or task string that Core would not accept, or a part that
/// cannot be written into one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The string does not have the expected format.
    #[error("{what} {input:?} must be {format}; {reason}")]
    Malformed {
        /// `key`, `function reference` or `task string`.
        what: &'static str,
        /// The string as given.
        input: String,
        /// The expected format.
        format: &'static str,
        /// The first problem found.
        reason: &'static str,
    },
    /// A part would make the built string fail to parse back into the same parts.
    #[error("{part} {value:?} cannot be used in {format}: {reason}")]
    InvalidPart {
        /// Name of the part, such as `task id`.
        part: &'static str,
        /// The part as given.
        value: String,
        /// The format the part was meant for.
        format: &'static str,
        /// The problem with it.
        reason: &'static str,
    },
}

/// Characters that Java's `.` does not match, so an id may not contain them.
fn is_line_terminator(character: char) -> bool {
    matches!(character, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Splits `<scheme>://<rest>` where the scheme is non-empty and contains no `:` or `/`, as
/// `([^:/]+)://` requires.
fn split_scheme(input: &str) -> Option<(&str, &str)> {
    let end = input.find([':', '/']).unwrap_or(input.len());
    let (scheme, rest) = input.split_at(end);

    let rest = rest.strip_prefix("://")?;
    if scheme.is_empty() {
        return None;
    }
    Some((scheme, rest))
}

/// Checks the parts of one format, reporting [`KeyError::InvalidPart`].
struct PartCheck {
    format: &'static str,
}

impl PartCheck {
    fn check(
        &self,
        part: &'static str,
        value: &str,
        forbidden: &[char],
        reason: &'static str,
    ) -> Result<String, KeyError> {
        let invalid = |reason| KeyError::InvalidPart {
            part,
            value: value.to_string(),
            format: self.format,
            reason,
        };
        if value.is_empty() {
            return Err(invalid("it is empty"));
        }
        if value.contains(forbidden) {
            return Err(invalid(reason));
        }
        Ok(value.to_string())
    }

    fn check_id(&self, part: &'static str, value: &str) -> Result<String, KeyError> {
        let id = self.check(part, value, &[], "")?;
        if id.contains(is_line_terminator) {
            return Err(KeyError::InvalidPart {
                part,
                value: value.to_string(),
                format: self.format,
                reason: "a line break is not allowed in it",
            });
        }
        Ok(id)
    }
}

/// An entity key `store://<project>/<entity>/<kind>/<name>:<id>`, or the form without id that
/// points at the latest version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntityKey {
    project: String,
    entity: String,
    kind: String,
    name: String,
    id: Option<String>,
}

impl EntityKey {
    /// Creates a key from its parts.
    ///
    /// # Errors
    /// [`KeyError::InvalidPart`] when a part is empty, `project`, `entity` or `kind` contains
    /// `/`, `name` contains `:`, or `id` contains a line break.
    pub fn new(
        project: &str,
        entity: &str,
        kind: &str,
        name: &str,
        id: Option<&str>,
    ) -> Result<Self, KeyError> {
        let check = PartCheck { format: KEY_FORMAT };
        let slash = "a '/' is not allowed in it";
        Ok(EntityKey {
            project: check.check("project", project, &['/'], slash)?,
            entity: check.check("entity type", entity, &['/'], slash)?,
            kind: check.check("kind", kind, &['/'], slash)?,
            name: check.check("name", name, &[':'], "a ':' is not allowed in it")?,
            id: id.map(|id| check.check_id("id", id)).transpose()?,
        })
    }

    /// Creates the key of a function version, `store://<project>/function/<kind>/<name>:<id>`.
    ///
    /// # Errors
    /// As [`EntityKey::new`].
    pub fn function(project: &str, kind: &str, name: &str, id: &str) -> Result<Self, KeyError> {
        EntityKey::new(project, "function", kind, name, Some(id))
    }

    /// Creates the key of a task, `store://<project>/task/<kind>/<taskId>`. Core writes task
    /// keys without the `:<id>` part, because a task's name is its id.
    ///
    /// # Errors
    /// As [`EntityKey::new`].
    pub fn task(project: &str, kind: TaskKind, task_id: &str) -> Result<Self, KeyError> {
        EntityKey::new(project, "task", kind.as_str(), task_id, None)
    }

    /// Creates the key of a run, `store://<project>/run/<kind>/<runId>:<runId>`, as Core 0.15
    /// writes it.
    ///
    /// # Errors
    /// As [`EntityKey::new`].
    pub fn run(project: &str, kind: &str, run_id: &str) -> Result<Self, KeyError> {
        EntityKey::new(project, "run", kind, run_id, Some(run_id))
    }

    /// Parses a key with or without id.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] naming the first problem.
    pub fn parse(input: &str) -> Result<Self, KeyError> {
        let malformed = |reason| KeyError::Malformed {
            what: "key",
            input: input.to_string(),
            format: KEY_FORMAT,
            reason,
        };

        let rest = input
            .strip_prefix(STORE_SCHEME)
            .ok_or_else(|| malformed("it must start with \"store://\""))?;

        let mut parts = rest.splitn(4, '/');
        let project = parts.next().unwrap_or_default();
        let entity = parts
            .next()
            .ok_or_else(|| malformed("the entity type is missing"))?;
        let kind = parts
            .next()
            .ok_or_else(|| malformed("the kind is missing"))?;
        let tail = parts
            .next()
            .ok_or_else(|| malformed("the name is missing"))?;
        if project.is_empty() {
            return Err(malformed("the project is empty"));
        }
        if entity.is_empty() {
            return Err(malformed("the entity type is empty"));
        }
        if kind.is_empty() {
            return Err(malformed("the kind is empty"));
        }

        let (name, id) = match tail.split_once(':') {
            Some((name, id)) => (name, Some(id)),
            None => (tail, None),
        };
        if name.is_empty() {
            return Err(malformed("the name is empty"));
        }
        if let Some(id) = id {
            if id.is_empty() {
                return Err(malformed("the id after ':' is empty"));
            }
            if id.contains(is_line_terminator) {
                return Err(malformed("a line break is not allowed in the id"));
            }
        }

        Ok(EntityKey {
            project: project.to_string(),
            entity: entity.to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
            id: id.map(str::to_string),
        })
    }

    /// Returns the project.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// Returns the entity type, such as `function`, `task` or `run`.
    pub fn entity(&self) -> &str {
        &self.entity
    }

    /// Returns the entity kind, such as `python` or `python+serve:run`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// Returns the name; for tasks and runs it is the id.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the id, absent in a key to the latest version.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

impl fmt::Display for EntityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{STORE_SCHEME}{}/{}/{}/{}",
            self.project, self.entity, self.kind, self.name
        )?;
        if let Some(id) = &self.id {
            write!(f, ":{id}")?;
        }
        Ok(())
    }
}

impl FromStr for EntityKey {
    type Err = KeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        EntityKey::parse(input)
    }
}

/// A function reference `<runtime>://<project>/<function>:<functionId>`, the form of a task
/// spec's `function` field, such as `python://demo/echo:3f2a…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FunctionRef {
    runtime: String,
    project: String,
    name: String,
    id: String,
}

impl FunctionRef {
    /// Creates a reference from its parts.
    ///
    /// # Errors
    /// [`KeyError::InvalidPart`] when a part is empty, `runtime` contains `:` or `/`,
    /// `project` contains `/`, `name` contains `:`, or `id` contains a line break.
    pub fn new(runtime: &str, project: &str, name: &str, id: &str) -> Result<Self, KeyError> {
        let check = PartCheck {
            format: FUNCTION_REF_FORMAT,
        };
        Ok(FunctionRef {
            runtime: check.check(
                "runtime",
                runtime,
                &[':', '/'],
                "a ':' or '/' is not allowed in it",
            )?,
            project: check.check("project", project, &['/'], "a '/' is not allowed in it")?,
            name: check.check("function name", name, &[':'], "a ':' is not allowed in it")?,
            id: check.check_id("function id", id)?,
        })
    }

    /// Creates a reference to a function of the python runtime.
    ///
    /// # Errors
    /// As [`FunctionRef::new`].
    pub fn python(project: &str, name: &str, id: &str) -> Result<Self, KeyError> {
        FunctionRef::new("python", project, name, id)
    }

    /// Parses a function reference.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] naming the first problem.
    pub fn parse(input: &str) -> Result<Self, KeyError> {
        let malformed = |reason| KeyError::Malformed {
            what: "function reference",
            input: input.to_string(),
            format: FUNCTION_REF_FORMAT,
            reason,
        };

        let (runtime, rest) = split_scheme(input).ok_or_else(|| {
            malformed("it must start with a runtime such as \"python\" followed by \"://\"")
        })?;
        let (project, tail) = rest
            .split_once('/')
            .ok_or_else(|| malformed("the '/' after the project is missing"))?;
        if project.is_empty() {
            return Err(malformed("the project is empty"));
        }
        let (name, id) = tail
            .split_once(':')
            .ok_or_else(|| malformed("the ':' before the function id is missing"))?;
        if name.is_empty() {
            return Err(malformed("the function name is empty"));
        }
        if id.is_empty() {
            return Err(malformed("the function id is empty"));
        }
        if id.contains(is_line_terminator) {
            return Err(malformed("a line break is not allowed in the function id"));
        }

        Ok(FunctionRef {
            runtime: runtime.to_string(),
            project: project.to_string(),
            name: name.to_string(),
            id: id.to_string(),
        })
    }

    /// Returns the runtime, such as `python`; it is also the function kind.
    pub fn runtime(&self) -> &str {
        &self.runtime
    }

    /// Returns the project.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// Returns the function name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the id of the function version.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Returns the function's entity key, `store://<project>/function/<runtime>/<name>:<id>`.
    pub fn key(&self) -> EntityKey {
        EntityKey {
            project: self.project.clone(),
            entity: "function".to_string(),
            kind: self.runtime.clone(),
            name: self.name.clone(),
            id: Some(self.id.clone()),
        }
    }
}

impl fmt::Display for FunctionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}/{}:{}",
            self.runtime, self.project, self.name, self.id
        )
    }
}

impl FromStr for FunctionRef {
    type Err = KeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        FunctionRef::parse(input)
    }
}

/// A task string `<taskKind>://<project>/<taskId>`, the form of a run spec's `task` field,
/// such as `python+serve://demo/8ed8…`.
///
/// It names the task by id. The form `<taskKind>://<project>/<function>:<id>` is not a task
/// string, and Core rejects it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskRef {
    kind: String,
    project: String,
    task_id: String,
}

impl TaskRef {
    /// Creates a task string from its parts.
    ///
    /// # Errors
    /// [`KeyError::InvalidPart`] when a part is empty, `project` contains `/`, or `task_id`
    /// contains `:`.
    pub fn new(kind: TaskKind, project: &str, task_id: &str) -> Result<Self, KeyError> {
        let check = PartCheck {
            format: TASK_STRING_FORMAT,
        };
        Ok(TaskRef {
            kind: kind.as_str().to_string(),
            project: check.check("project", project, &['/'], "a '/' is not allowed in it")?,
            task_id: check.check("task id", task_id, &[':'], "a ':' is not allowed in it")?,
        })
    }

    /// Parses a task string. Any kind that Core's pattern accepts parses; use
    /// [`TaskRef::task_kind`] to require a python task kind.
    ///
    /// # Errors
    /// [`KeyError::Malformed`] naming the first problem.
    pub fn parse(input: &str) -> Result<Self, KeyError> {
        let malformed = |reason| KeyError::Malformed {
            what: "task string",
            input: input.to_string(),
            format: TASK_STRING_FORMAT,
            reason,
        };

        let (kind, rest) = split_scheme(input).ok_or_else(|| {
            malformed("it must start with a task kind such as \"python+serve\" followed by \"://\"")
        })?;
        let (project, task_id) = rest
            .split_once('/')
            .ok_or_else(|| malformed("the '/' before the task id is missing"))?;
        if project.is_empty() {
            return Err(malformed("the project is empty"));
        }
        if task_id.is_empty() {
            return Err(malformed("the task id is empty"));
        }
        if task_id.contains(':') {
            return Err(malformed("a ':' is not allowed in the task id"));
        }

        Ok(TaskRef {
            kind: kind.to_string(),
            project: project.to_string(),
            task_id: task_id.to_string(),
        })
    }

    /// Returns the task kind as written, such as `python+serve`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// Returns the python task kind.
    ///
    /// # Errors
    /// [`UnknownKind`] when the kind is not `python+job`, `python+serve` or `python+build`.
    pub fn task_kind(&self) -> Result<TaskKind, UnknownKind> {
        TaskKind::parse(&self.kind)
    }

    /// Returns the project.
    pub fn project(&self) -> &str {
        &self.project
    }

    /// Returns the task id.
    pub fn task_id(&self) -> &str {
        &self.task_id
    }
}

impl fmt::Display for TaskRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}/{}", self.kind, self.project, self.task_id)
    }
}

impl FromStr for TaskRef {
    type Err = KeyError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        TaskRef::parse(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::Action;

    /// Input, project, entity type, kind, name and id.
    type KeyCase = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    );

    #[test]
    fn keys_parse_into_parts() {
        let cases: &[KeyCase] = &[
            (
                "store://demo/function/python/echo:ab12",
                "demo",
                "function",
                "python",
                "echo",
                Some("ab12"),
            ),
            (
                "store://demo/run/python+serve:run/r1:r1",
                "demo",
                "run",
                "python+serve:run",
                "r1",
                Some("r1"),
            ),
            (
                "store://demo-etl/run/python+build:run/8f61",
                "demo-etl",
                "run",
                "python+build:run",
                "8f61",
                None,
            ),
            (
                "store://demo/task/python+serve/t1",
                "demo",
                "task",
                "python+serve",
                "t1",
                None,
            ),
            (
                "store://p/dataitem/table/dir/file:1",
                "p",
                "dataitem",
                "table",
                "dir/file",
                Some("1"),
            ),
            (
                "store://p/function/python/n:a:b",
                "p",
                "function",
                "python",
                "n",
                Some("a:b"),
            ),
            (
                "store://p/function/python/n:a/b",
                "p",
                "function",
                "python",
                "n",
                Some("a/b"),
            ),
            (
                "store://p:q/function/python/n:1",
                "p:q",
                "function",
                "python",
                "n",
                Some("1"),
            ),
        ];

        for &(input, project, entity, kind, name, id) in cases {
            let key = EntityKey::parse(input).unwrap_or_else(|error| panic!("{error}"));

            assert_eq!(key.project(), project, "{input}");
            assert_eq!(key.entity(), entity, "{input}");
            assert_eq!(key.kind(), kind, "{input}");
            assert_eq!(key.name(), name, "{input}");
            assert_eq!(key.id(), id, "{input}");
            assert_eq!(key.to_string(), input, "{input}");
        }
    }

    #[test]
    fn keys_reject_bad_forms() {
        let cases = [
            ("", "it must start with \"store://\""),
            (
                "STORE://p/function/python/n:1",
                "it must start with \"store://\"",
            ),
            (
                "store:/p/function/python/n:1",
                "it must start with \"store://\"",
            ),
            ("store://p", "the entity type is missing"),
            ("store://p/function", "the kind is missing"),
            ("store://p/function/python", "the name is missing"),
            ("store:///function/python/n:1", "the project is empty"),
            ("store://p//python/n:1", "the entity type is empty"),
            ("store://p/function//n:1", "the kind is empty"),
            ("store://p/function/python/:1", "the name is empty"),
            ("store://p/function/python/", "the name is empty"),
            ("store://p/function/python/n:", "the id after ':' is empty"),
            (
                "store://p/function/python/n:1\n2",
                "a line break is not allowed in the id",
            ),
        ];

        for (input, reason) in cases {
            let error = EntityKey::parse(input).expect_err(input);

            let expected = format!("key {input:?} must be {KEY_FORMAT}; {reason}");
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn key_constructors_build_core_forms() {
        let function = EntityKey::function("demo", "python", "echo", "ab12").unwrap();
        let task = EntityKey::task("demo", TaskKind(Action::Serve), "t1").unwrap();
        let run = EntityKey::run("demo", "python+serve:run", "r1").unwrap();

        assert_eq!(
            function.to_string(),
            "store://demo/function/python/echo:ab12"
        );
        assert_eq!(task.to_string(), "store://demo/task/python+serve/t1");
        assert_eq!(run.to_string(), "store://demo/run/python+serve:run/r1:r1");
        assert_eq!(EntityKey::parse(&run.to_string()), Ok(run));
    }

    #[test]
    fn key_constructor_rejects_bad_parts() {
        let cases = [
            (
                EntityKey::new("", "run", "k", "n", None),
                "project \"\" cannot be used in {KEY}: it is empty",
            ),
            (
                EntityKey::new("a/b", "run", "k", "n", None),
                "project \"a/b\" cannot be used in {KEY}: a '/' is not allowed in it",
            ),
            (
                EntityKey::new("p", "run", "k/x", "n", None),
                "kind \"k/x\" cannot be used in {KEY}: a '/' is not allowed in it",
            ),
            (
                EntityKey::new("p", "run", "k", "n:1", None),
                "name \"n:1\" cannot be used in {KEY}: a ':' is not allowed in it",
            ),
            (
                EntityKey::new("p", "run", "k", "n", Some("")),
                "id \"\" cannot be used in {KEY}: it is empty",
            ),
            (
                EntityKey::new("p", "run", "k", "n", Some("1\r")),
                "id \"1\\r\" cannot be used in {KEY}: a line break is not allowed in it",
            ),
        ];

        for (result, expected) in cases {
            let error = result.expect_err(expected);

            assert_eq!(error.to_string(), expected.replace("{KEY}", KEY_FORMAT));
        }
    }

    #[test]
    fn function_refs_parse_into_parts() {
        // input, runtime, project, name, id
        let cases = [
            ("python://demo/echo:ab12", "python", "demo", "echo", "ab12"),
            (
                "python://demo/dir/echo:1",
                "python",
                "demo",
                "dir/echo",
                "1",
            ),
            ("python://demo/echo:1:2", "python", "demo", "echo", "1:2"),
            ("python://a:b/echo:1", "python", "a:b", "echo", "1"),
            ("container://demo/echo:1", "container", "demo", "echo", "1"),
            // Core's pattern also matches a function key, reading "store" as the runtime.
            (
                "store://demo/function/python/echo:1",
                "store",
                "demo",
                "function/python/echo",
                "1",
            ),
        ];

        for (input, runtime, project, name, id) in cases {
            let function = FunctionRef::parse(input).unwrap_or_else(|error| panic!("{error}"));

            assert_eq!(function.runtime(), runtime, "{input}");
            assert_eq!(function.project(), project, "{input}");
            assert_eq!(function.name(), name, "{input}");
            assert_eq!(function.id(), id, "{input}");
            assert_eq!(function.to_string(), input, "{input}");
        }
    }

    #[test]
    fn function_refs_reject_bad_forms() {
        let scheme = "it must start with a runtime such as \"python\" followed by \"://\"";
        let cases = [
            ("", scheme),
            ("echo:1", scheme),
            ("python:/demo/echo:1", scheme),
            ("python//demo/echo:1", scheme),
            ("://demo/echo:1", scheme),
            ("python://demo", "the '/' after the project is missing"),
            ("python:///echo:1", "the project is empty"),
            (
                "python://demo/echo",
                "the ':' before the function id is missing",
            ),
            ("python://demo/:1", "the function name is empty"),
            ("python://demo/echo:", "the function id is empty"),
            (
                "python://demo/echo:1\u{2028}",
                "a line break is not allowed in the function id",
            ),
        ];

        for (input, reason) in cases {
            let error = FunctionRef::parse(input).expect_err(input);

            let expected =
                format!("function reference {input:?} must be {FUNCTION_REF_FORMAT}; {reason}");
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn function_ref_key_and_constructor() {
        let function = FunctionRef::python("demo", "echo", "ab12").unwrap();
        let bad_name = FunctionRef::python("demo", "echo:v2", "1").unwrap_err();
        let bad_runtime = FunctionRef::new("py/thon", "demo", "echo", "1").unwrap_err();

        assert_eq!(function.to_string(), "python://demo/echo:ab12");
        assert_eq!(
            function.key().to_string(),
            "store://demo/function/python/echo:ab12"
        );
        assert_eq!(
            bad_name.to_string(),
            format!(
                "function name \"echo:v2\" cannot be used in {FUNCTION_REF_FORMAT}: \
                 a ':' is not allowed in it"
            )
        );
        assert_eq!(
            bad_runtime.to_string(),
            format!(
                "runtime \"py/thon\" cannot be used in {FUNCTION_REF_FORMAT}: \
                 a ':' or '/' is not allowed in it"
            )
        );
    }

    #[test]
    fn task_strings_parse_into_parts() {
        // input, kind, project, task id
        let cases = [
            (
                "python+serve://demo/8ed8dd0a",
                "python+serve",
                "demo",
                "8ed8dd0a",
            ),
            ("python+job://demo-etl/t-1", "python+job", "demo-etl", "t-1"),
            ("python+serve://demo/a/b", "python+serve", "demo", "a/b"),
            ("container+job://p/t", "container+job", "p", "t"),
        ];

        for (input, kind, project, task_id) in cases {
            let task = TaskRef::parse(input).unwrap_or_else(|error| panic!("{error}"));

            assert_eq!(task.kind(), kind, "{input}");
            assert_eq!(task.project(), project, "{input}");
            assert_eq!(task.task_id(), task_id, "{input}");
            assert_eq!(task.to_string(), input, "{input}");
        }
    }

    #[test]
    fn task_strings_reject_bad_forms() {
        let scheme = "it must start with a task kind such as \"python+serve\" followed by \"://\"";
        let cases = [
            (
                "python+job://proj/fn:1",
                "a ':' is not allowed in the task id",
            ),
            ("python+serve:/demo/t1", scheme),
            ("demo/t1", scheme),
            ("://demo/t1", scheme),
            (
                "python+serve://demo",
                "the '/' before the task id is missing",
            ),
            ("python+serve:///t1", "the project is empty"),
            ("python+serve://demo/", "the task id is empty"),
        ];

        for (input, reason) in cases {
            let error = TaskRef::parse(input).expect_err(input);

            let expected = format!("task string {input:?} must be {TASK_STRING_FORMAT}; {reason}");
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn old_task_form_message() {
        let error = TaskRef::parse("python+job://proj/fn:1").unwrap_err();

        assert_eq!(
            error.to_string(),
            "task string \"python+job://proj/fn:1\" must be <taskKind>://<project>/<taskId>; \
             a ':' is not allowed in the task id"
        );
    }

    #[test]
    fn task_ref_kinds() {
        let serve = TaskRef::new(TaskKind(Action::Serve), "demo", "t1").unwrap();
        let container = TaskRef::parse("container+job://p/t").unwrap();
        let bad_id = TaskRef::new(TaskKind(Action::Job), "demo", "fn:1").unwrap_err();

        assert_eq!(serve.to_string(), "python+serve://demo/t1");
        assert_eq!(serve.task_kind(), Ok(TaskKind(Action::Serve)));
        assert!(container.task_kind().is_err());
        assert_eq!(
            bad_id.to_string(),
            format!(
                "task id \"fn:1\" cannot be used in {TASK_STRING_FORMAT}: \
                 a ':' is not allowed in it"
            )
        );
    }
}

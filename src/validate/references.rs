//! The reference strings Core parses on the server: a task's `function`
//! (`python://<project>/<name>:<id>`) and a run's `task` (`<task kind>://<project>/<task id>`).
//!
//! The grammar follows Core's `FUNCTION_PATTERN` `([^:/]+)://([^/]+)/([^:]+):(.+)` and
//! `TASK_PATTERN` `([^:/]+)://([^/]+)/([^:]+)`, matched against the whole string.

use super::codes;
use super::context::Context;
use super::quote::quote;

/// The parts of a function reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef<'a> {
    pub runtime: &'a str,
    pub project: &'a str,
    pub name: &'a str,
    pub id: &'a str,
}

/// The parts of a run's task reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef<'a> {
    pub kind: &'a str,
    pub project: &'a str,
    pub id: &'a str,
}

/// Splits `<scheme>://<project>/<rest>`, with a scheme free of `:` and `/`.
fn split_scheme(text: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = text.split_once("://")?;
    if scheme.is_empty() || scheme.contains([':', '/']) {
        return None;
    }
    let (project, rest) = rest.split_once('/')?;
    if project.is_empty() {
        return None;
    }
    Some((scheme, project, rest))
}

/// Parses a function reference.
pub fn parse_function(text: &str) -> Option<FunctionRef<'_>> {
    let (runtime, project, rest) = split_scheme(text)?;
    let (name, id) = rest.split_once(':')?;
    // Java's `.` stops at line terminators, so the id may not contain one.
    if name.is_empty() || id.is_empty() || id.contains(['\n', '\r']) {
        return None;
    }
    Some(FunctionRef {
        runtime,
        project,
        name,
        id,
    })
}

/// Parses a run's task reference.
pub fn parse_task(text: &str) -> Option<TaskRef<'_>> {
    let (kind, project, id) = split_scheme(text)?;
    if id.is_empty() || id.contains(':') {
        return None;
    }
    Some(TaskRef { kind, project, id })
}

/// Checks a function reference at `path`.
pub fn check_function(context: &mut Context, value: &str, path: &str) {
    match parse_function(value) {
        None => context.push(
            codes::INVALID_FUNCTION_REF,
            path.to_string(),
            format!(
                "function reference {} does not read python://<project>/<name>:<id>: Core \
                 rejects it; copy the function's key, such as python://demo/echo:3f2a…",
                quote(value)
            ),
        ),
        Some(reference) if reference.runtime != "python" => context.push(
            codes::INVALID_FUNCTION_REF,
            path.to_string(),
            format!(
                "function reference {} names runtime {}, but python tasks and runs need a python \
                 function: use python://{}/{}:{}",
                quote(value),
                quote(reference.runtime),
                reference.project,
                reference.name,
                reference.id
            ),
        ),
        Some(_) => {}
    }
}

/// Checks a run's task reference at `path`.
pub fn check_task(context: &mut Context, value: &str, path: &str) {
    if parse_task(value).is_none() {
        let hint = if parse_function(value).is_some() {
            " (this looks like the old <kind>://<project>/<function>:<id> form)"
        } else {
            ""
        };
        context.push(
            codes::INVALID_TASK_REF,
            path.to_string(),
            format!(
                "task reference {} does not read <task kind>://<project>/<task id>{hint}: Core \
                 rejects it; use the task's kind, project and id, such as python+job://demo/<id>",
                quote(value)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_references() {
        let valid = parse_function("python://demo-etl/func3a:e9f4c0ef-579f");
        assert_eq!(
            valid,
            Some(FunctionRef {
                runtime: "python",
                project: "demo-etl",
                name: "func3a",
                id: "e9f4c0ef-579f"
            })
        );
        let cases = [
            ("python://demo/echo:1", true),
            ("python://demo/a/b:1", true),
            ("python://demo/echo:1:2", true),
            ("python://demo/echo", false),
            ("python://demo/echo:", false),
            ("python://demo/:1", false),
            ("python:///echo:1", false),
            ("://demo/echo:1", false),
            ("py:thon://demo/echo:1", false),
            ("store://demo/function/python/echo:1", true),
            ("echo", false),
            ("", false),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_function(text).is_some(), expected, "{text}");
        }
    }

    #[test]
    fn task_references() {
        assert_eq!(
            parse_task("python+serve://demo/abc"),
            Some(TaskRef {
                kind: "python+serve",
                project: "demo",
                id: "abc"
            })
        );
        let cases = [
            ("python+job://demo/abc", true),
            ("python+job://demo/a/b", true),
            ("python+job://demo/echo:1", false),
            ("python+job://demo/", false),
            ("python+job://demo", false),
            ("python+job:/demo/abc", false),
            ("", false),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_task(text).is_some(), expected, "{text}");
        }
    }
}

//! The reference strings Core parses on the server: a task's `function`
//! (`python://<project>/<name>:<id>`) and a run's `task` (`<task kind>://<project>/<task id>`).
//! Parsing is [`crate::keys`], which follows Core's patterns with whole-string matching.

use super::codes;
use super::context::Context;
use super::quote::quote;
use crate::keys::{FunctionRef, KeyError, TaskRef};

/// Parses a function reference.
pub fn parse_function(text: &str) -> Option<FunctionRef> {
    FunctionRef::parse(text).ok()
}

/// Parses a run's task reference.
pub fn parse_task(text: &str) -> Option<TaskRef> {
    TaskRef::parse(text).ok()
}

/// Returns the reason a reference failed to parse.
fn reason(error: &KeyError) -> &'static str {
    match error {
        KeyError::Malformed { reason, .. } | KeyError::InvalidPart { reason, .. } => reason,
    }
}

/// Checks a function reference at `path`.
pub fn check_function(context: &mut Context, value: &str, path: &str) {
    match FunctionRef::parse(value) {
        Err(error) => context.push(
            codes::INVALID_FUNCTION_REF,
            path.to_string(),
            format!(
                "function reference {} does not read python://<project>/<name>:<id> because {}: \
                 Core rejects it; copy the function's key, such as python://demo/echo:3f2a…",
                quote(value),
                reason(&error)
            ),
        ),
        Ok(reference) if reference.runtime() != "python" => context.push(
            codes::INVALID_FUNCTION_REF,
            path.to_string(),
            format!(
                "function reference {} names runtime {}, but python tasks and runs need a python \
                 function: use {}",
                quote(value),
                quote(reference.runtime()),
                quote(&format!(
                    "python://{}/{}:{}",
                    reference.project(),
                    reference.name(),
                    reference.id()
                ))
            ),
        ),
        Ok(_) => {}
    }
}

/// Checks a run's task reference at `path`.
pub fn check_task(context: &mut Context, value: &str, path: &str) {
    if let Err(error) = TaskRef::parse(value) {
        let hint = if parse_function(value).is_some() {
            " (this looks like the old <kind>://<project>/<function>:<id> form)"
        } else {
            ""
        };
        context.push(
            codes::INVALID_TASK_REF,
            path.to_string(),
            format!(
                "task reference {} does not read <task kind>://<project>/<task id> because \
                 {}{hint}: Core rejects it; use the task's kind, project and id, such as \
                 python+job://demo/<id>",
                quote(value),
                reason(&error)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_references() {
        let parsed = parse_function("python://demo-etl/func3a:e9f4c0ef-579f");
        let parsed = parsed.as_ref();
        assert_eq!(parsed.map(FunctionRef::project), Some("demo-etl"));
        assert_eq!(parsed.map(FunctionRef::name), Some("func3a"));
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
            ("python://demo/echo:1\n", false),
            ("echo", false),
            ("", false),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_function(text).is_some(), expected, "{text}");
        }
    }

    #[test]
    fn task_references() {
        let parsed = parse_task("python+serve://demo/abc");
        assert_eq!(parsed.as_ref().map(TaskRef::kind), Some("python+serve"));
        assert_eq!(parsed.as_ref().map(TaskRef::project), Some("demo"));
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

    #[test]
    fn messages_give_reason() {
        let mut context = Context::new(
            crate::level::ApiLevel::V15,
            crate::validate::catalogue::Entity::Task(crate::kind::Action::Job),
        );
        check_function(&mut context, "python://demo/echo", "/function");
        check_function(
            &mut context,
            "store://demo/function/python/echo:1",
            "/function",
        );
        assert!(
            context.issues[0].message.contains("because"),
            "{}",
            context.issues[0].message
        );
        assert!(context.issues[1].message.contains("runtime \"store\""));
    }

    #[test]
    fn runtime_message_cuts_long_reference() {
        let mut context = Context::new(
            crate::level::ApiLevel::V15,
            crate::validate::catalogue::Entity::Task(crate::kind::Action::Job),
        );
        let project = "p".repeat(100_000);
        check_function(&mut context, &format!("java://{project}/f:1"), "/function");
        let message = &context.issues[0].message;
        assert!(message.len() < 1_000, "{}-byte message", message.len());
        assert!(message.contains("use \"python://ppp"), "{message}");
    }
}

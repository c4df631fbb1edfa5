//! Compares the library's verdict on each corpus spec with the verdict of Core's schema.
//!
//! Path rule: a schema error at pointer `P` is accounted for by an error issue of ours whose
//! path is exactly `P`, with two widenings:
//! - `required`: JSON Schema reports the object that lacks the property, so an issue at `P` or
//!   at `P/<property>` (the absent member) counts.
//! - `anyOf`: JSON Schema reports the value none of the branches accepted, although the cause
//!   may sit deeper (a `null` item of an array parameter fails at the array). An issue at `P` or
//!   anywhere below `P` counts.
//!
//! No other ancestor or descendant counts.

use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};

use digitalhub_tasks::validate::{
    validate_function, validate_run, validate_task, Issue, RejectedBy, Report, Severity,
};
use serde_json::Value;

use super::corpus::{Case, Expect, Target};
use super::schema::{SchemaError, SchemaSet};

/// One way the library and the schema disagree on a spec.
#[derive(Debug, Clone)]
pub enum Problem {
    /// The validator panicked.
    Panic(String),
    /// The schema rejects at this place and we report no error there.
    Missed(SchemaError),
    /// We report an error where the schema rejects, but none of those issues marks it as
    /// rejected by Core, so `Report::core_errors` would let the spec through.
    NotMarkedCore(SchemaError),
    /// We report an error that no schema error accounts for, and its code is not a documented
    /// strictness.
    Undocumented(Issue),
    /// The schema accepts the spec through a quirk, Core's server rejects it, and no error of
    /// ours is marked `rejected_by: Core`, so `Report::core_errors` would let it through.
    CoreRejectsByQuirk(&'static str),
    /// The corpus marks the spec as valid everywhere (schema, Core's server and Kubernetes), and
    /// we report errors for it.
    RejectsValid(Vec<Issue>),
}

impl Problem {
    /// Whether this problem points at the validator rather than at the strictness document.
    pub fn is_validator_side(&self) -> bool {
        !matches!(self, Problem::Undocumented(_))
    }
}

/// The outcome of one case.
pub struct CaseResult<'a> {
    pub case: &'a Case,
    pub schema_errors: Vec<SchemaError>,
    /// `None` when the validator panicked.
    pub report: Option<Report>,
    pub problems: Vec<Problem>,
    /// Our error issues that only documented strictness explains.
    pub documented_strictness: Vec<Issue>,
}

impl CaseResult<'_> {
    pub fn schema_accepts(&self) -> bool {
        self.schema_errors.is_empty()
    }

    pub fn we_accept(&self) -> Option<bool> {
        self.report.as_ref().map(Report::is_valid)
    }

    /// Whether the schema's verdict differs from the one the corpus expects.
    pub fn corpus_mismatch(&self) -> bool {
        self.schema_accepts() != self.case.expect.schema_accepts()
    }
}

/// Runs the library's validator for the case's target.
fn validate(target: Target, spec: &Value, case: &Case) -> Report {
    match target {
        Target::Function(kind) => validate_function(kind, spec, case.level),
        Target::Task(kind) => validate_task(kind, spec, case.level),
        Target::Run(kind) => validate_run(kind, spec, case.level),
    }
}

/// Whether an error issue of ours at `path` accounts for `error`; see the module comment.
pub fn accounts_for(error: &SchemaError, path: &str) -> bool {
    if path == error.pointer {
        return true;
    }
    if let Some(property) = &error.missing_property {
        let escaped = property.replace('~', "~0").replace('/', "~1");
        return path == format!("{}/{escaped}", error.pointer);
    }
    if error.keyword == "anyOf" {
        return path.starts_with(&format!("{}/", error.pointer));
    }
    false
}

/// The rule of [`accounts_for`] for `error`, as text for the failure list.
fn accepted_paths_text(error: &SchemaError) -> String {
    match (&error.missing_property, error.keyword.as_str()) {
        (Some(property), _) => format!(
            "{:?} or {:?}",
            error.pointer,
            format!("{}/{property}", error.pointer)
        ),
        (None, "anyOf") => format!("{:?} or below it", error.pointer),
        _ => format!("{:?}", error.pointer),
    }
}

/// Compares one case.
///
/// # Errors
/// A message when the schema side fails (see [`SchemaSet::errors`]).
pub fn compare<'a>(
    case: &'a Case,
    schemas: &SchemaSet,
    strictness: &std::collections::BTreeSet<String>,
) -> Result<CaseResult<'a>, String> {
    let schema_errors = schemas
        .errors(case.target, case.level, &case.spec)
        .map_err(|error| {
            format!(
                "{} ({} at {}): {error}",
                case.name,
                case.target.kind(),
                case.level
            )
        })?;

    let outcome = panic::catch_unwind(AssertUnwindSafe(|| validate(case.target, &case.spec, case)));
    let report = match outcome {
        Ok(report) => report,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".to_string());
            return Ok(CaseResult {
                case,
                schema_errors,
                report: None,
                problems: vec![Problem::Panic(message)],
                documented_strictness: Vec::new(),
            });
        }
    };

    let errors: Vec<&Issue> = report
        .issues
        .iter()
        .filter(|issue| issue.severity == Severity::Error)
        .collect();

    let mut problems = Vec::new();
    for schema_error in &schema_errors {
        let matching: Vec<&&Issue> = errors
            .iter()
            .filter(|issue| accounts_for(schema_error, &issue.path))
            .collect();
        if matching.is_empty() {
            problems.push(Problem::Missed(schema_error.clone()));
        } else if !matching
            .iter()
            .any(|issue| issue.rejected_by == RejectedBy::Core)
        {
            problems.push(Problem::NotMarkedCore(schema_error.clone()));
        }
    }

    let mut documented_strictness = Vec::new();
    for issue in errors {
        let explained = schema_errors
            .iter()
            .any(|schema_error| accounts_for(schema_error, &issue.path));
        if explained {
            continue;
        }
        if strictness.contains(issue.code) {
            documented_strictness.push(issue.clone());
        } else {
            problems.push(Problem::Undocumented(issue.clone()));
        }
    }

    if let Expect::AcceptByQuirk(quirk) = case.expect {
        if quirk.core_rejects && report.core_errors().next().is_none() {
            problems.push(Problem::CoreRejectsByQuirk(quirk.text));
        }
    }

    if case.expect == Expect::Accept && !report.is_valid() {
        let issues = report
            .issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .cloned()
            .collect();
        problems.push(Problem::RejectsValid(issues));
    }

    Ok(CaseResult {
        case,
        schema_errors,
        report: Some(report),
        problems,
        documented_strictness,
    })
}

/// A readable block for a case with problems: spec name, level, kind, schema verdict and paths,
/// our issues, and each problem.
pub fn describe(result: &CaseResult<'_>) -> String {
    let case = result.case;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "- [{} @ {}] {} ({})",
        case.target.kind(),
        case.level,
        case.name,
        case.category
    );
    let _ = writeln!(text, "    spec:   {}", compact(&case.spec));
    if result.schema_errors.is_empty() {
        let note = match case.expect {
            Expect::AcceptByQuirk(quirk) => format!(" (schema quirk: {})", quirk.text),
            _ => String::new(),
        };
        let _ = writeln!(text, "    schema: accepts{note}");
    } else {
        let _ = writeln!(text, "    schema: rejects");
        for error in &result.schema_errors {
            let _ = writeln!(
                text,
                "      at {:?} [{}] {}",
                error.pointer, error.keyword, error.message
            );
        }
    }
    match &result.report {
        None => {}
        Some(report) if report.issues.is_empty() => {
            let _ = writeln!(text, "    ours:   no issues");
        }
        Some(report) => {
            let _ = writeln!(text, "    ours:");
            for issue in &report.issues {
                let _ = writeln!(
                    text,
                    "      {:?} at {:?} `{}` ({:?}): {}",
                    issue.severity, issue.path, issue.code, issue.rejected_by, issue.message
                );
            }
        }
    }
    for problem in &result.problems {
        let line = match problem {
            Problem::Panic(message) => format!("validator panicked: {message}"),
            Problem::Missed(error) => format!(
                "schema rejects at {:?} [{}], we report no error at {}",
                error.pointer,
                error.keyword,
                accepted_paths_text(error)
            ),
            Problem::NotMarkedCore(error) => format!(
                "our error at {:?} is not marked rejected_by Core, though Core's schema rejects there",
                error.pointer
            ),
            Problem::CoreRejectsByQuirk(quirk) => format!(
                "Core's server rejects this spec ({quirk}), but no error of ours is marked rejected_by Core"
            ),
            Problem::RejectsValid(issues) => {
                let codes: Vec<&str> = issues.iter().map(|issue| issue.code).collect();
                format!(
                    "the corpus marks this spec valid for Core and Kubernetes, but we report {}",
                    codes.join(", ")
                )
            }
            Problem::Undocumented(issue) => format!(
                "error `{}` at {:?} has no schema error at that path and is not in docs/strictness.md",
                issue.code, issue.path
            ),
        };
        let _ = writeln!(text, "    PROBLEM: {line}");
    }
    text
}

/// The spec on one line, cut at 300 characters.
fn compact(spec: &Value) -> String {
    let text = spec.to_string();
    if text.chars().count() <= 300 {
        text
    } else {
        let cut: String = text.chars().take(300).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::accounts_for;
    use crate::conformance::schema::SchemaError;

    fn error(pointer: &str, keyword: &str, missing: Option<&str>) -> SchemaError {
        SchemaError {
            pointer: pointer.to_string(),
            keyword: keyword.to_string(),
            missing_property: missing.map(str::to_string),
            message: String::new(),
        }
    }

    #[test]
    fn exact_path_only_for_type_errors() {
        let type_error = error("/volumes/0/name", "type", None);
        assert!(accounts_for(&type_error, "/volumes/0/name"));
        assert!(!accounts_for(&type_error, "/volumes/0"));
        assert!(!accounts_for(&type_error, "/volumes/0/name/x"));
    }

    #[test]
    fn required_accepts_parent_or_member() {
        let missing = error("/envs/1", "required", Some("value"));
        assert!(accounts_for(&missing, "/envs/1"));
        assert!(accounts_for(&missing, "/envs/1/value"));
        assert!(!accounts_for(&missing, "/envs/1/name"));
        assert!(!accounts_for(&missing, "/envs"));
        let escaped = error("", "required", Some("a/b"));
        assert!(accounts_for(&escaped, "/a~1b"));
    }

    #[test]
    fn any_of_accepts_descendants() {
        let any_of = error("/parameters/a", "anyOf", None);
        assert!(accounts_for(&any_of, "/parameters/a"));
        assert!(accounts_for(&any_of, "/parameters/a/1"));
        assert!(!accounts_for(&any_of, "/parameters/ab"));
        assert!(!accounts_for(&any_of, "/parameters"));
    }
}

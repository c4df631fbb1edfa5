//! Conformance of the validator with the JSON Schemas that DigitalHub Core publishes for python
//! function, task and run specs at Core 0.13, 0.14 and 0.15.
//!
//! Every corpus spec goes through Core's schema (the `jsonschema` crate, draft 2020-12) and
//! through the library. The test fails when the schema rejects a spec and we do not report an
//! error at the same path, or when we report an error that the schema does not and whose code
//! docs/strictness.md does not list. docs/conformance.md describes the rules and the corpus.
//!
//! The schemas are read from `$DIGITALHUB_REFERENCE_DIR/digitalhub-core/<version>/`, by default
//! `../shared/reference` next to the repository. Without them the test prints a skip line and
//! passes.

/// The test's parts, in tests/conformance/.
mod conformance {
    pub mod compare;
    pub mod corpus;
    pub mod mutations;
    pub mod schema;
    pub mod strictness;
}

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use conformance::compare::{self, CaseResult};
use conformance::corpus::{self, Case, Expect, Target};
use conformance::{schema, strictness};
use digitalhub_tasks::level::ApiLevel;

/// The minimum number of specs in the corpus.
const MIN_CORPUS_SIZE: usize = 200;

/// The maximum number of problem blocks in the failure message. The full list goes to a file.
const MAX_PRINTED: usize = 60;

/// Writes a line straight to stderr, past the test harness's capture, so the corpus size and
/// the skip line show in a normal `cargo test` run.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

#[test]
fn validator_agrees_with_core_schemas() {
    let reference = schema::reference_dir();
    let core_dir = schema::core_schema_dir(&reference);
    if !core_dir.is_dir() {
        say(&format!(
            "conformance: skipped, Core schemas not found at {} (set {})",
            core_dir.display(),
            schema::REFERENCE_DIR_VAR
        ));
        return;
    }

    let schemas = schema::SchemaSet::load(&core_dir).unwrap_or_else(|error| panic!("{error}"));
    let cases = corpus::build(&reference).unwrap_or_else(|error| panic!("{error}"));
    check_coverage(&cases);
    print_corpus_summary(&cases);

    let strictness_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/strictness.md");
    let (strictness, strictness_note) = match strictness::load_codes(&strictness_path) {
        Ok(codes) => (codes, None),
        Err(error) => (Default::default(), Some(error)),
    };

    // A validator panic is caught and reported as a problem. The default hook would also print
    // each one, so it is silenced while the corpus runs.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let results: Result<Vec<CaseResult<'_>>, String> = cases
        .iter()
        .map(|case| compare::compare(case, &schemas, &strictness))
        .collect();
    std::panic::set_hook(hook);
    let results = results.unwrap_or_else(|error| panic!("schema side failed: {error}"));

    let failure = report(&results, strictness_note.as_deref());
    if let Some(failure) = failure {
        panic!("{failure}");
    }
}

/// Fails unless the corpus is large enough, covers every target at every level, and contains
/// specs the schema is expected to accept and to reject for each of them.
fn check_coverage(cases: &[Case]) {
    assert!(
        cases.len() >= MIN_CORPUS_SIZE,
        "the corpus has {} specs, fewer than {MIN_CORPUS_SIZE}",
        cases.len()
    );
    for level in ApiLevel::ALL {
        for target in Target::all(level) {
            let group: Vec<&Case> = cases
                .iter()
                .filter(|case| case.target == target && case.level == level)
                .collect();
            let accepts = group.iter().filter(|c| c.expect.schema_accepts()).count();
            let rejects = group.len() - accepts;
            assert!(
                accepts >= 5 && rejects >= 5,
                "{} at level {level}: {accepts} accepting and {rejects} rejecting specs, expected at least 5 of each",
                target.kind()
            );
        }
    }
}

fn print_corpus_summary(cases: &[Case]) {
    say(&format!("conformance: corpus of {} specs", cases.len()));
    let counts = corpus::counts_by_category(cases);
    let listed: Vec<String> = counts
        .iter()
        .map(|(category, count)| format!("{category} {count}"))
        .collect();
    say(&format!("conformance: by category: {}", listed.join(", ")));

    let mut by_target: BTreeMap<(u32, &'static str), usize> = BTreeMap::new();
    for case in cases {
        *by_target
            .entry((case.level.number(), case.target.kind()))
            .or_insert(0) += 1;
    }
    let listed: Vec<String> = by_target
        .iter()
        .map(|((level, kind), count)| format!("{kind}@{level} {count}"))
        .collect();
    say(&format!(
        "conformance: by kind and level: {}",
        listed.join(", ")
    ));
}

/// Prints the verdict tallies and returns the failure message, if any.
fn report(results: &[CaseResult<'_>], strictness_note: Option<&str>) -> Option<String> {
    let schema_rejects = results.iter().filter(|r| !r.schema_accepts()).count();
    let quirks = results
        .iter()
        .filter(|r| matches!(r.case.expect, Expect::AcceptByQuirk(_)))
        .count();
    let we_reject = results
        .iter()
        .filter(|r| r.we_accept() == Some(false))
        .count();
    let stricter = results
        .iter()
        .filter(|r| r.schema_accepts() && r.we_accept() == Some(false))
        .count();
    let strictness_issues: usize = results.iter().map(|r| r.documented_strictness.len()).sum();
    say(&format!(
        "conformance: schema rejects {schema_rejects}, accepts {} ({quirks} through a known quirk); \
         we reject {we_reject}; we are stricter on {stricter} specs ({strictness_issues} issues with documented codes)",
        results.len() - schema_rejects
    ));

    let mismatches: Vec<&CaseResult<'_>> = results.iter().filter(|r| r.corpus_mismatch()).collect();
    let with_problems: Vec<&CaseResult<'_>> =
        results.iter().filter(|r| !r.problems.is_empty()).collect();
    let validator_side = with_problems
        .iter()
        .filter(|r| r.problems.iter().any(compare::Problem::is_validator_side))
        .count();
    say(&format!(
        "conformance: {} disagreements ({} on the validator side, {} undocumented strictness only), {} corpus expectation mismatches",
        with_problems.len(),
        validator_side,
        with_problems.len() - validator_side,
        mismatches.len()
    ));

    let mut problems_text = String::new();
    if let Some(note) = strictness_note {
        problems_text.push_str(&format!("NOTE: no strictness codes loaded: {note}\n\n"));
    }
    if !mismatches.is_empty() {
        problems_text.push_str(&format!(
            "{} specs where Core's schema disagrees with the corpus expectation \
             (the schemas changed, or the corpus misreads them):\n",
            mismatches.len()
        ));
        for result in &mismatches {
            let expected = if result.case.expect.schema_accepts() {
                "accept"
            } else {
                "reject"
            };
            problems_text.push_str(&format!("  expected the schema to {expected}:\n"));
            problems_text.push_str(&compare::describe(result));
        }
        problems_text.push('\n');
    }
    if !with_problems.is_empty() {
        problems_text.push_str(&format!(
            "{} specs where the library disagrees with Core's schema:\n",
            with_problems.len()
        ));
        for result in &with_problems {
            problems_text.push_str(&compare::describe(result));
        }
    }

    let report_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-report.txt");
    let full = format!("{problems_text}\n{}", strictness_listing(results));
    match fs::write(&report_path, full) {
        Ok(()) => say(&format!(
            "conformance: report written to {}",
            report_path.display()
        )),
        Err(error) => say(&format!(
            "conformance: cannot write {}: {error}",
            report_path.display()
        )),
    }

    if mismatches.is_empty() && with_problems.is_empty() {
        return None;
    }
    let mut printed: String = problems_text
        .lines()
        .take(MAX_PRINTED * 8)
        .collect::<Vec<_>>()
        .join("\n");
    printed.push_str(&format!("\n\nfull list: {}", report_path.display()));
    Some(printed)
}

/// Lists, for review, every spec on which we are stricter than the schema with documented
/// codes: one line per spec with the codes and paths.
fn strictness_listing(results: &[CaseResult<'_>]) -> String {
    let mut text =
        String::from("Documented strictness (the schema accepts these places, we reject them):\n");
    for result in results {
        if result.documented_strictness.is_empty() {
            continue;
        }
        let issues: Vec<String> = result
            .documented_strictness
            .iter()
            .map(|issue| format!("{} at {:?}", issue.code, issue.path))
            .collect();
        text.push_str(&format!(
            "- [{} @ {}] {}: {}\n",
            result.case.target.kind(),
            result.case.level,
            result.case.name,
            issues.join("; ")
        ));
    }
    text.push_str("\nKnown quirks we accept too (the schema lets these through, and so do we):\n");
    for result in results {
        let Expect::AcceptByQuirk(quirk) = result.case.expect else {
            continue;
        };
        if result.we_accept() != Some(true) {
            continue;
        }
        text.push_str(&format!(
            "- [{} @ {}] {}: {}\n",
            result.case.target.kind(),
            result.case.level,
            result.case.name,
            quirk.text
        ));
    }
    text
}

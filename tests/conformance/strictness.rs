//! The issue codes that docs/strictness.md declares as deliberate strictness: rules where the
//! library rejects a spec that Core's published schema accepts.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Reads the codes from every Markdown table in `path` that has a column whose header contains
/// `code`. A cell may hold several codes; each is written in backticks, such as
/// `` `unknown-field` ``.
///
/// # Errors
/// A message when the file is unreadable or has no table with a code column.
pub fn load_codes(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let codes = parse_codes(&text);
    if codes.is_empty() {
        return Err(format!(
            "{} has no Markdown table with a `code` column listing backticked codes",
            path.display()
        ));
    }
    Ok(codes)
}

/// Collects the backticked codes of the code column of each table in `markdown`.
fn parse_codes(markdown: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let lines: Vec<&str> = markdown.lines().map(str::trim).collect();
    let mut index = 0;
    while index + 1 < lines.len() {
        let header = lines[index];
        let separator = lines[index + 1];
        if !(is_table_row(header) && is_separator(separator)) {
            index += 1;
            continue;
        }
        let column = cells(header)
            .iter()
            .position(|cell| cell.to_ascii_lowercase().contains("code"));
        index += 2;
        while index < lines.len() && is_table_row(lines[index]) {
            if let Some(column) = column {
                if let Some(cell) = cells(lines[index]).get(column) {
                    codes.extend(backticked_codes(cell));
                }
            }
            index += 1;
        }
    }
    codes
}

fn is_table_row(line: &str) -> bool {
    line.starts_with('|')
}

fn is_separator(line: &str) -> bool {
    is_table_row(line) && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Splits a table row into trimmed cells, without the empty cells outside the outer pipes.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    inner
        .split('|')
        .map(|cell| cell.trim().to_string())
        .collect()
}

/// The backticked words of `cell` that look like issue codes (lower case, digits, hyphens).
fn backticked_codes(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_codes;

    #[test]
    fn parses_code_column_only() {
        let markdown = "\
# Strictness

| Code | Rejected by | Why |
|---|---|---|
| `unknown-field` | library | mentions `not-a-code-here` |
| `invalid-quantity`, `blank-string` | core | x |

| Other | Table |
|---|---|
| `ignored` | y |
";
        let codes = parse_codes(markdown);
        let expected: Vec<&str> = vec!["blank-string", "invalid-quantity", "unknown-field"];
        assert_eq!(
            codes.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
    }
}

//! The issue codes that docs/strictness.md declares as deliberate strictness: rules where the
//! library rejects a spec that Core's published schema accepts.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Reads the codes from the Markdown tables of `path` that sit under a heading containing
/// "stricter" (any case) and have a column whose header contains `code`. A cell may hold
/// several codes, each in backticks, such as `` `unknown-field` ``. Tables under other headings,
/// such as the codes that only restate the schema, do not count.
///
/// # Errors
/// A message when the file is unreadable or has no table with a code column.
pub fn load_codes(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let codes = parse_codes(&text);
    if codes.is_empty() {
        return Err(format!(
            "{} has no table with a `code` column of backticked codes under a heading that says \"stricter\"",
            path.display()
        ));
    }
    Ok(codes)
}

/// Collects the backticked codes of the code column of each table under a "stricter" heading.
fn parse_codes(markdown: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let lines: Vec<&str> = markdown.lines().map(str::trim).collect();
    let mut under_stricter_heading = false;
    let mut index = 0;
    while index + 1 < lines.len() {
        let header = lines[index];
        if header.starts_with('#') {
            under_stricter_heading = header.to_ascii_lowercase().contains("stricter");
        }
        let separator = lines[index + 1];
        if !(under_stricter_heading && is_table_row(header) && is_separator(separator)) {
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

/// Extracts the backticked words of `cell` that look like issue codes (lower case, digits,
/// hyphens).
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
    fn parses_stricter_code_columns_only() {
        let markdown = "\
# Strictness

| code | rule |
|---|---|
| `before-heading` | ignored: no stricter heading yet |

## Stricter than the published schema

| Code | Rejected by | Why |
|---|---|---|
| `unknown-field` | library | mentions `not-a-code-here` |
| `invalid-quantity`, `blank-string` | core | x |

| Other | Table |
|---|---|
| `ignored` | y |

## Same as the published schema

| code | rule |
|---|---|
| `invalid-type` | ignored: not stricter |
";
        let codes = parse_codes(markdown);
        let expected: Vec<&str> = vec!["blank-string", "invalid-quantity", "unknown-field"];
        assert_eq!(
            codes.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
    }
}

//! "Did you mean" suggestions for misspelled field and key names.

use super::lowercase::lowercase;

/// Names longer than this are not compared, which bounds the quadratic distance computation.
const MAX_COMPARED_CHARS: usize = 64;

/// Finds the candidate closest to `input`, when it is close enough to be a likely misspelling.
///
/// Names are compared without case, `_` and `-`, so `size_limit` finds `sizeLimit`. A
/// candidate is close when its optimal-string-alignment distance is at most 1 for names of
/// up to 3 characters, 2 up to 6 and 3 beyond, or when `input` is a prefix of it.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if input.chars().count() > MAX_COMPARED_CHARS {
        return None;
    }
    let target = normalise(input);
    if target.is_empty() {
        return None;
    }
    let threshold = match target.len() {
        0..=3 => 1,
        4..=6 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let normalised = normalise(candidate);
        let mut distance = osa_distance(&target, &normalised);
        if distance > threshold && target.len() >= 2 && normalised.starts_with(&target) {
            distance = threshold;
        }
        if distance <= threshold && best.is_none_or(|(current, _)| distance < current) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Lower-cases `name` and drops `_` and `-`.
fn normalise(name: &str) -> Vec<char> {
    name.chars()
        .filter(|character| *character != '_' && *character != '-')
        .flat_map(lowercase)
        .collect()
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions.
fn osa_distance(left: &[char], right: &[char]) -> usize {
    let width = right.len() + 1;
    let mut previous_row: Vec<usize> = (0..width).collect();
    let mut before_previous: Vec<usize> = vec![0; width];
    let mut row = vec![0; width];
    for (i, &left_char) in left.iter().enumerate() {
        row[0] = i + 1;
        for (j, &right_char) in right.iter().enumerate() {
            let cost = usize::from(left_char != right_char);
            let mut value = (previous_row[j + 1] + 1)
                .min(row[j] + 1)
                .min(previous_row[j] + cost);
            if i > 0 && j > 0 && left_char == right[j - 1] && left[i - 1] == right_char {
                value = value.min(before_previous[j - 1] + 1);
            }
            row[j + 1] = value;
        }
        std::mem::swap(&mut before_previous, &mut previous_row);
        std::mem::swap(&mut previous_row, &mut row);
    }
    previous_row[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASK_FIELDS: &[&str] = &[
        "function",
        "replicas",
        "node_selector",
        "volumes",
        "envs",
        "resources",
        "service_type",
        "service_name",
    ];

    #[test]
    fn closest_finds_misspellings() {
        let cases = [
            ("replica", Some("replicas")),
            ("node_selectors", Some("node_selector")),
            ("nodeSelector", Some("node_selector")),
            ("volume", Some("volumes")),
            ("env", Some("envs")),
            ("resorces", Some("resources")),
            ("sevrice_type", Some("service_type")),
            ("fnuction", Some("function")),
            ("completely_different", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                closest(input, TASK_FIELDS.iter().copied()),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn closest_matches_case_and_separators() {
        let keys = ["sizeLimit", "subPath"];
        assert_eq!(closest("size_limit", keys), Some("sizeLimit"));
        assert_eq!(closest("sub_path", keys), Some("subPath"));
        assert_eq!(closest("val", ["name", "value"]), Some("value"));
    }

    #[test]
    fn closest_skips_huge_input() {
        let huge = "r".repeat(10_000);
        assert_eq!(closest(&huge, TASK_FIELDS.iter().copied()), None);
    }

    #[test]
    fn osa_counts_transposition_once() {
        let ab: Vec<char> = "ab".chars().collect();
        let ba: Vec<char> = "ba".chars().collect();
        assert_eq!(osa_distance(&ab, &ba), 1);
        let kitten: Vec<char> = "kitten".chars().collect();
        let sitting: Vec<char> = "sitting".chars().collect();
        assert_eq!(osa_distance(&kitten, &sitting), 3);
    }
}

//! The cron pattern of Core 0.13's job `schedule`, matched without a regex engine.
//!
//! Core's pattern is
//! `((((\d+,)+\d+|(\d+(\/|-|#)\d+)|\d+L?|\*(\/\d+)?|L(-\d+)?|\?|[A-Z]{3}(-[A-Z]{3})?) ?){5,7})|(@(annually|yearly|monthly|weekly|daily|hourly))`.
//! JSON Schema searches for it anywhere in the value; Core's bean validation (Java's
//! `Matcher.matches`) needs the whole value to match. Both readings are computed here by
//! tracking the set of positions the repeated field group can reach.

use super::codes;
use super::context::Context;
use super::quote::quote;

const MACROS: &[&str] = &["annually", "yearly", "monthly", "weekly", "daily", "hourly"];

/// Checks a 0.13 job schedule at `path`.
pub fn check(context: &mut Context, value: &str, path: &str) {
    if full_match(value) {
        return;
    }
    let code = if search_match(value) {
        codes::SCHEDULE_FULL_MATCH
    } else {
        codes::INVALID_SCHEDULE
    };
    context.push(
        code,
        path.to_string(),
        format!(
            "schedule {} is not a cron expression Core accepts: use 5 to 7 space-separated \
             fields such as \"0 3 * * *\", or @daily, @hourly, @weekly, @monthly, @yearly",
            quote(value)
        ),
    );
}

/// True when the whole value matches, as Java's `Matcher.matches` requires.
pub fn full_match(value: &str) -> bool {
    if let Some(name) = value.strip_prefix('@') {
        if MACROS.contains(&name) {
            return true;
        }
    }
    let bytes = value.as_bytes();
    let mut reachable = vec![false; bytes.len() + 1];
    reachable[0] = true;
    for repetition in 1..=7 {
        reachable = step(bytes, &reachable);
        if repetition >= 5 && reachable[bytes.len()] {
            return true;
        }
    }
    false
}

/// True when some part of the value matches, as a JSON Schema `pattern` requires.
pub fn search_match(value: &str) -> bool {
    if MACROS
        .iter()
        .any(|name| value.contains(&format!("@{name}")))
    {
        return true;
    }
    // Five repetitions from any start are enough: the pattern has nothing after the group.
    let bytes = value.as_bytes();
    let mut reachable = vec![true; bytes.len() + 1];
    for _ in 0..5 {
        reachable = step(bytes, &reachable);
    }
    reachable.iter().any(|reached| *reached)
}

/// Applies one repetition of `(field) ?` to every reachable position.
fn step(bytes: &[u8], reachable: &[bool]) -> Vec<bool> {
    let length = bytes.len();
    let run_end = digit_run_ends(bytes);
    let digit = |position: usize| position < length && bytes[position].is_ascii_digit();
    let upper3 = |position: usize| {
        position + 3 <= length
            && bytes[position..position + 3]
                .iter()
                .all(u8::is_ascii_uppercase)
    };

    // Range marks as a difference array, so each repetition stays linear in the length.
    let mut delta = vec![0i64; length + 2];
    let mut mark = |from: usize, to: usize| {
        if from <= to {
            delta[from] += 1;
            delta[to + 1] -= 1;
        }
    };
    // chain_done[end]: the `(\d+,)+\d+` ends after the digit run ending at `end` are marked.
    let mut chain_done = vec![false; length + 1];

    for position in 0..length {
        if !reachable[position] {
            continue;
        }
        match bytes[position] {
            b'0'..=b'9' => {
                let end = run_end[position];
                // \d+L?
                mark(position + 1, end);
                if end < length && bytes[end] == b'L' {
                    mark(end + 1, end + 1);
                }
                // \d+(\/|-|#)\d+
                if end < length && b"/-#".contains(&bytes[end]) && digit(end + 1) {
                    mark(end + 2, run_end[end + 1]);
                }
                // (\d+,)+\d+: the ends after a run include the ends after the next run in the
                // chain, so a walk stops at a run already walked.
                let mut comma = end;
                while !chain_done[comma]
                    && comma < length
                    && bytes[comma] == b','
                    && digit(comma + 1)
                {
                    chain_done[comma] = true;
                    let next_end = run_end[comma + 1];
                    mark(comma + 2, next_end);
                    comma = next_end;
                }
            }
            b'*' | b'L' => {
                // \*(\/\d+)? and L(-\d+)?
                mark(position + 1, position + 1);
                let separator = if bytes[position] == b'*' { b'/' } else { b'-' };
                if position + 1 < length && bytes[position + 1] == separator && digit(position + 2)
                {
                    mark(position + 3, run_end[position + 2]);
                }
            }
            b'?' => mark(position + 1, position + 1),
            _ => {}
        }
        // [A-Z]{3}(-[A-Z]{3})?; an L also starts a month or day name such as LAB.
        if upper3(position) {
            mark(position + 3, position + 3);
            if position + 3 < length && bytes[position + 3] == b'-' && upper3(position + 4) {
                mark(position + 7, position + 7);
            }
        }
    }

    let mut next = vec![false; length + 1];
    let mut running = 0i64;
    for position in 0..=length {
        running += delta[position];
        if running > 0 {
            next[position] = true;
            if position < length && bytes[position] == b' ' {
                next[position + 1] = true;
            }
        }
    }
    next
}

/// For each digit position, the end of the digit run it is in; other positions map to themselves.
fn digit_run_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends: Vec<usize> = (0..=bytes.len()).collect();
    for position in (0..bytes.len()).rev() {
        if bytes[position].is_ascii_digit() {
            ends[position] = if position + 1 < bytes.len() && bytes[position + 1].is_ascii_digit() {
                ends[position + 1]
            } else {
                position + 1
            };
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_match_cases() {
        let cases = [
            ("0 3 * * *", true),
            ("*/5 * * * *", true),
            ("0 0 12 ? * MON-FRI", true),
            ("0 0 L * ? 2025", true),
            ("0 15 10 ? * 6#3", true),
            ("0,30 8-18 * * *", true),
            ("@daily", true),
            ("@hourly", true),
            ("12345", true),
            ("0 3 * *", false),
            ("0 3 * * * * * *", false),
            ("@every 5m", false),
            ("@daily ", false),
            ("", false),
            ("0 3 * * * ", true),
            ("0  3 * * *", false),
            ("daily", false),
        ];
        for (value, expected) in cases {
            assert_eq!(full_match(value), expected, "{value:?}");
        }
    }

    #[test]
    fn search_match_cases() {
        let cases = [
            ("0 3 * * *", true),
            ("run at 0 3 * * * please", true),
            ("@daily ", true),
            ("x@weekly", true),
            ("0  3 * * *", false),
            ("0 3 * *", false),
            ("every day", false),
            ("", false),
            ("1 2 3 4", false),
            ("*****", true),
        ];
        for (value, expected) in cases {
            assert_eq!(search_match(value), expected, "{value:?}");
        }
    }

    #[test]
    fn search_is_linear_on_long_values() {
        let chain = "1,".repeat(50_000);
        assert!(!search_match(&chain));
        assert!(!full_match(&chain));
        let fields = "1 ".repeat(50_000);
        assert!(search_match(&fields));
        assert!(!full_match(&fields));
    }
}

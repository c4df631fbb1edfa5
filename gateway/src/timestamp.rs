//! Timestamps in the ISO-8601 form Core writes (`2024-11-20T12:36:39.780Z`).

use chrono::{SecondsFormat, Utc};

/// Formats the current time with millisecond precision in UTC.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Formats the current time with nanosecond precision, as Core writes run transitions.
pub fn now_precise() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Nanos, true)
}

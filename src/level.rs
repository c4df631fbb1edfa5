//! Core API levels: the spec dialect each Core release accepts.

use std::fmt;

/// A DigitalHub Core API level. Core derives it from its version as `major * 13 + minor`,
/// so Core 0.13 is level 13, 0.14 is 14 and 0.15 is 15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ApiLevel {
    V13,
    V14,
    #[default]
    V15,
}

/// An API level this library does not model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported API level {0}: expected 13, 14 or 15")]
pub struct UnknownLevel(pub String);

impl ApiLevel {
    /// Every supported level, oldest first.
    pub const ALL: [ApiLevel; 3] = [ApiLevel::V13, ApiLevel::V14, ApiLevel::V15];

    /// Converts the number Core publishes as `dhcore_api_level`.
    ///
    /// # Errors
    /// [`UnknownLevel`] for any number other than 13, 14 or 15.
    pub fn from_number(number: u32) -> Result<Self, UnknownLevel> {
        match number {
            13 => Ok(ApiLevel::V13),
            14 => Ok(ApiLevel::V14),
            15 => Ok(ApiLevel::V15),
            other => Err(UnknownLevel(other.to_string())),
        }
    }

    /// The level as Core publishes it.
    pub fn number(self) -> u32 {
        match self {
            ApiLevel::V13 => 13,
            ApiLevel::V14 => 14,
            ApiLevel::V15 => 15,
        }
    }

    /// The Core release line of this level, such as `0.15`.
    pub fn core_version(self) -> &'static str {
        match self {
            ApiLevel::V13 => "0.13",
            ApiLevel::V14 => "0.14",
            ApiLevel::V15 => "0.15",
        }
    }
}

impl fmt::Display for ApiLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

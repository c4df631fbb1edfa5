//! Function, task and run kinds of the python runtime, and the action each task performs.

use std::fmt;

use crate::level::ApiLevel;

/// The way a task runs its function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Runs the function once as a Kubernetes Job.
    Job,
    /// Deploys the function as a long-running HTTP service.
    Serve,
    /// Builds the container image the function runs in.
    Build,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 3] = [Action::Job, Action::Serve, Action::Build];

    /// The action's name as Core spells it (`job`, `serve`, `build`).
    pub fn name(self) -> &'static str {
        match self {
            Action::Job => "job",
            Action::Serve => "serve",
            Action::Build => "build",
        }
    }

    /// Parses `job`, `serve` or `build`.
    ///
    /// # Errors
    /// [`UnknownKind`] for any other string.
    pub fn parse(name: &str) -> Result<Self, UnknownKind> {
        Action::ALL
            .into_iter()
            .find(|action| action.name() == name)
            .ok_or_else(|| UnknownKind::new("action", name, "job, serve or build"))
    }
}

/// A kind string this library does not know, or one the chosen API level does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {entity} kind {kind:?}: expected {expected}")]
pub struct UnknownKind {
    /// `function`, `task`, `run` or `action`.
    pub entity: &'static str,
    /// The kind string as given.
    pub kind: String,
    /// The kinds that would have been accepted.
    pub expected: String,
}

impl UnknownKind {
    fn new(entity: &'static str, kind: &str, expected: &str) -> Self {
        UnknownKind {
            entity,
            kind: kind.to_string(),
            expected: expected.to_string(),
        }
    }
}

/// The function kind of the python runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionKind {
    Python,
}

impl FunctionKind {
    /// The kind string, `python`.
    pub fn as_str(self) -> &'static str {
        "python"
    }

    /// Parses `python`.
    ///
    /// # Errors
    /// [`UnknownKind`] for any other string.
    pub fn parse(kind: &str) -> Result<Self, UnknownKind> {
        match kind {
            "python" => Ok(FunctionKind::Python),
            other => Err(UnknownKind::new("function", other, "\"python\"")),
        }
    }
}

/// A python task kind: `python+job`, `python+serve` or `python+build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskKind(pub Action);

impl TaskKind {
    /// Every task kind.
    pub const ALL: [TaskKind; 3] = [
        TaskKind(Action::Job),
        TaskKind(Action::Serve),
        TaskKind(Action::Build),
    ];

    /// The action the task performs.
    pub fn action(self) -> Action {
        self.0
    }

    /// The kind string, such as `python+serve`.
    pub fn as_str(self) -> &'static str {
        match self.0 {
            Action::Job => "python+job",
            Action::Serve => "python+serve",
            Action::Build => "python+build",
        }
    }

    /// Parses a task kind string.
    ///
    /// # Errors
    /// [`UnknownKind`] for anything but the three python task kinds.
    pub fn parse(kind: &str) -> Result<Self, UnknownKind> {
        TaskKind::ALL
            .into_iter()
            .find(|candidate| candidate.as_str() == kind)
            .ok_or_else(|| {
                UnknownKind::new(
                    "task",
                    kind,
                    "\"python+job\", \"python+serve\" or \"python+build\"",
                )
            })
    }

    /// The run kind Core uses for runs of this task at `level`.
    pub fn run_kind(self, level: ApiLevel) -> RunKind {
        match level {
            ApiLevel::V13 => RunKind::Legacy,
            ApiLevel::V14 | ApiLevel::V15 => RunKind::Action(self.0),
        }
    }
}

/// A python run kind. Core 0.13 has one run kind for every action (`python+run`); from 0.14 on
/// each action has its own (`python+serve:run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunKind {
    /// `python+run`, Core 0.13 only. The action comes from the run's task string.
    Legacy,
    /// `python+job:run`, `python+serve:run` or `python+build:run`, Core 0.14 and later.
    Action(Action),
}

impl RunKind {
    /// The kind string.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Legacy => "python+run",
            RunKind::Action(Action::Job) => "python+job:run",
            RunKind::Action(Action::Serve) => "python+serve:run",
            RunKind::Action(Action::Build) => "python+build:run",
        }
    }

    /// The action, when the kind names one.
    pub fn action(self) -> Option<Action> {
        match self {
            RunKind::Legacy => None,
            RunKind::Action(action) => Some(action),
        }
    }

    /// Parses a run kind string that exists at `level`.
    ///
    /// # Errors
    /// [`UnknownKind`] for an unknown string, or for a kind from another level, with the kind
    /// that level expects.
    pub fn parse(kind: &str, level: ApiLevel) -> Result<Self, UnknownKind> {
        let expected = match level {
            ApiLevel::V13 => "\"python+run\" (Core 0.13 has one run kind for every action)",
            ApiLevel::V14 | ApiLevel::V15 => {
                "\"python+job:run\", \"python+serve:run\" or \"python+build:run\""
            }
        };
        let parsed = match kind {
            "python+run" => RunKind::Legacy,
            "python+job:run" => RunKind::Action(Action::Job),
            "python+serve:run" => RunKind::Action(Action::Serve),
            "python+build:run" => RunKind::Action(Action::Build),
            other => return Err(UnknownKind::new("run", other, expected)),
        };
        let exists = matches!(
            (parsed, level),
            (RunKind::Legacy, ApiLevel::V13) | (RunKind::Action(_), ApiLevel::V14 | ApiLevel::V15)
        );
        if exists {
            Ok(parsed)
        } else {
            let expected = format!("{expected} at API level {level}");
            Err(UnknownKind::new("run", kind, &expected))
        }
    }
}

impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for RunKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

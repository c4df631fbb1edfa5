//! Core's run state machine: states, events and the transition table of Core 0.15.

use std::fmt;

/// A run state as Core spells it in `status.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunState {
    Created,
    Built,
    Ready,
    Pending,
    Running,
    Completed,
    Error,
    Stop,
    Stopped,
    Resume,
    Deleting,
    Deleted,
}

/// An event fed to the state machine, from the API or from the process supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunEvent {
    Build,
    Run,
    Schedule,
    Execute,
    Loop,
    Complete,
    Error,
    Stop,
    Resume,
    Delete,
}

impl RunState {
    /// Every state.
    pub const ALL: [RunState; 12] = [
        RunState::Created,
        RunState::Built,
        RunState::Ready,
        RunState::Pending,
        RunState::Running,
        RunState::Completed,
        RunState::Error,
        RunState::Stop,
        RunState::Stopped,
        RunState::Resume,
        RunState::Deleting,
        RunState::Deleted,
    ];

    /// Returns the upper-case name Core uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RunState::Created => "CREATED",
            RunState::Built => "BUILT",
            RunState::Ready => "READY",
            RunState::Pending => "PENDING",
            RunState::Running => "RUNNING",
            RunState::Completed => "COMPLETED",
            RunState::Error => "ERROR",
            RunState::Stop => "STOP",
            RunState::Stopped => "STOPPED",
            RunState::Resume => "RESUME",
            RunState::Deleting => "DELETING",
            RunState::Deleted => "DELETED",
        }
    }

    /// Parses an upper-case state name.
    pub fn parse(name: &str) -> Option<Self> {
        RunState::ALL
            .into_iter()
            .find(|state| state.as_str() == name)
    }

    /// Finds the state `event` leads to from this state, or `None` when Core's table has no
    /// such transition. STOPPED has no RESUME transition because no python run is resumable.
    pub fn next(self, event: RunEvent) -> Option<RunState> {
        use RunEvent as E;
        use RunState as S;

        if event == E::Delete {
            return match self {
                S::Deleted => None,
                S::Deleting => Some(S::Deleted),
                _ => Some(S::Deleting),
            };
        }
        if event == E::Error {
            return match self {
                S::Completed | S::Error | S::Deleted => None,
                _ => Some(S::Error),
            };
        }

        match (self, event) {
            (S::Created, E::Build) => Some(S::Built),
            (S::Built, E::Run) => Some(S::Ready),
            (S::Ready, E::Schedule) => Some(S::Pending),
            (S::Ready, E::Execute) => Some(S::Running),
            (S::Pending, E::Loop) => Some(S::Pending),
            (S::Pending, E::Execute) => Some(S::Running),
            (S::Pending, E::Complete) => Some(S::Completed),
            (S::Running, E::Loop) => Some(S::Running),
            (S::Running, E::Complete) => Some(S::Completed),
            (S::Running, E::Stop) => Some(S::Stop),
            (S::Stop, E::Stop) => Some(S::Stopped),
            (S::Resume, E::Execute) => Some(S::Running),
            _ => None,
        }
    }

    /// Finds an event that moves this state to `target`, as Core does when the
    /// infrastructure reports a new state for a run.
    pub fn event_to(self, target: RunState) -> Option<RunEvent> {
        RunEvent::ALL
            .into_iter()
            .find(|event| self.next(*event) == Some(target))
    }
}

impl RunEvent {
    /// Every event.
    pub const ALL: [RunEvent; 10] = [
        RunEvent::Build,
        RunEvent::Run,
        RunEvent::Schedule,
        RunEvent::Execute,
        RunEvent::Loop,
        RunEvent::Complete,
        RunEvent::Error,
        RunEvent::Stop,
        RunEvent::Resume,
        RunEvent::Delete,
    ];

    /// Returns the upper-case name Core uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RunEvent::Build => "BUILD",
            RunEvent::Run => "RUN",
            RunEvent::Schedule => "SCHEDULE",
            RunEvent::Execute => "EXECUTE",
            RunEvent::Loop => "LOOP",
            RunEvent::Complete => "COMPLETE",
            RunEvent::Error => "ERROR",
            RunEvent::Stop => "STOP",
            RunEvent::Resume => "RESUME",
            RunEvent::Delete => "DELETE",
        }
    }

    /// Parses an action from the URL, which Core upper-cases before using it as an event.
    pub fn parse_action(action: &str) -> Option<Self> {
        let upper = action.to_ascii_uppercase();
        RunEvent::ALL
            .into_iter()
            .find(|event| event.as_str() == upper)
    }
}

impl fmt::Display for RunState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for RunEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_only_from_running() {
        for state in RunState::ALL {
            let expected = match state {
                RunState::Running => Some(RunState::Stop),
                RunState::Stop => Some(RunState::Stopped),
                _ => None,
            };
            assert_eq!(state.next(RunEvent::Stop), expected, "STOP from {state}");
        }
    }

    #[test]
    fn stopped_is_not_resumable() {
        assert_eq!(RunState::Stopped.next(RunEvent::Resume), None);
    }

    #[test]
    fn delete_goes_through_deleting() {
        assert_eq!(
            RunState::Running.next(RunEvent::Delete),
            Some(RunState::Deleting)
        );
        assert_eq!(
            RunState::Deleting.next(RunEvent::Delete),
            Some(RunState::Deleted)
        );
        assert_eq!(RunState::Deleted.next(RunEvent::Delete), None);
    }

    #[test]
    fn event_to_finds_infrastructure_event() {
        assert_eq!(
            RunState::Ready.event_to(RunState::Pending),
            Some(RunEvent::Schedule)
        );
        assert_eq!(
            RunState::Pending.event_to(RunState::Running),
            Some(RunEvent::Execute)
        );
        assert_eq!(RunState::Completed.event_to(RunState::Running), None);
    }

    #[test]
    fn names_round_trip() {
        for state in RunState::ALL {
            assert_eq!(RunState::parse(state.as_str()), Some(state));
        }
        assert_eq!(RunEvent::parse_action("stop"), Some(RunEvent::Stop));
        assert_eq!(RunEvent::parse_action("explode"), None);
    }
}

//! Cooperative cancellation: a caller that stops waiting for a summary (a server request past
//! its deadline, a client that hung up) raises a flag, and the pipeline, which looks at it
//! inside its long loops (articles while segmenting, sentences while weighing concepts, the
//! greedy's rounds, the graph baselines' rows and iterations, articles while grouping stories),
//! stops within a bounded time and returns [`Cancelled`] instead of a summary.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// A shared "stop now" signal, with an optional deadline. Cloning it shares the flag: raise it
/// with [`Cancel::cancel`] from any thread. The default never cancels by itself.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    deadline: Option<Instant>,
}

/// The work was stopped by its [`Cancel`] before it finished; nothing of it is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the work was cancelled before it finished")]
pub struct Cancelled;

impl Cancel {
    /// A signal that is raised only by [`Cancel::cancel`].
    pub fn new() -> Self {
        Cancel::default()
    }

    /// A signal that is also raised once `deadline` has passed.
    pub fn with_deadline(deadline: Instant) -> Self {
        Cancel {
            flag: Arc::default(),
            deadline: Some(deadline),
        }
    }

    /// Raises the signal: work that looks at it stops at its next check.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether the signal is raised, or its deadline has passed.
    pub fn is_cancelled(&self) -> bool {
        if self.flag.load(Ordering::Relaxed) {
            return true;
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            // Later checks need not read the clock.
            self.cancel();
            return true;
        }
        false
    }

    /// `Err(Cancelled)` once the signal is raised.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_clone_shares_the_flag() {
        let c = Cancel::new();
        let other = c.clone();
        assert_eq!(c.check(), Ok(()));
        other.cancel();
        assert_eq!(c.check(), Err(Cancelled));
    }

    #[test]
    fn a_passed_deadline_cancels() {
        let c = Cancel::with_deadline(Instant::now() + Duration::from_millis(20));
        assert!(!c.is_cancelled());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.is_cancelled());
    }
}

//! Regular expressions compiled once, each behind a cheap byte-level pre-check so that most
//! lines never reach the regex engine: [`Pat`], used by structure analysis (`parse::patterns`)
//! and PDF extraction alike, below both.
//!
//! Each thread matches with its own clone of a compiled pattern (the program is shared; a clone
//! only has its own search caches), kept in a thread-local that dies with the thread. A
//! `regex::Regex` shared by all threads keeps a set of search caches (lazy DFA states, many
//! small blocks) for every thread that ever used it, for the life of the process: the startup
//! load's short-lived loader and PDF threads left theirs among the freed pages of their heap
//! arenas, where they kept pages resident that `malloc_trim` could otherwise return (see
//! `corpus::memory` and BENCHMARKS.md). A thread's clones are freed when it exits.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::{Captures, Regex};

/// Slots handed out to patterns on first use: a pattern's index in every thread's [`LOCAL`].
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's clones of the patterns it has used, by slot.
    static LOCAL: RefCell<Vec<Option<Regex>>> = const { RefCell::new(Vec::new()) };
}

/// A regular expression compiled on first use, with a pre-check that must hold for a match.
#[derive(Debug)]
pub(crate) struct Pat {
    pattern: &'static str,
    pre: fn(&str) -> bool,
    re: OnceLock<(Regex, usize)>,
}

impl Pat {
    /// A pattern whose matches all satisfy `pre` (checked first, without the regex engine).
    pub(crate) const fn new(pattern: &'static str, pre: fn(&str) -> bool) -> Self {
        Self {
            pattern,
            pre,
            re: OnceLock::new(),
        }
    }

    /// A pattern without a pre-check.
    pub(crate) const fn always(pattern: &'static str) -> Self {
        Self::new(pattern, |_| true)
    }

    /// Runs `f` with this thread's clone of the compiled pattern, or with the shared one when
    /// the thread's clones are out of reach (the thread is exiting, or `f` itself uses a `Pat`
    /// and so runs while they are borrowed).
    pub(crate) fn with<R>(&self, f: impl Fn(&Regex) -> R) -> R {
        let (shared, slot) = self.re.get_or_init(|| {
            // The patterns are literals of this crate; a test compiles every one of them.
            let re = Regex::new(self.pattern)
                .unwrap_or_else(|e| panic!("bad pattern {}: {e}", self.pattern));
            (re, NEXT_SLOT.fetch_add(1, Ordering::Relaxed))
        });
        let local = LOCAL.try_with(|local| {
            let mut local = local.try_borrow_mut().ok()?;
            if local.len() <= *slot {
                local.resize_with(slot + 1, || None);
            }
            Some(f(local[*slot].get_or_insert_with(|| shared.clone())))
        });
        match local {
            Ok(Some(out)) => out,
            _ => f(shared),
        }
    }

    /// True when the pattern matches `text`.
    // Inlined: most calls end at the pre-check, which should cost no call.
    #[inline]
    pub(crate) fn is_match(&self, text: &str) -> bool {
        (self.pre)(text) && self.with(|re| re.is_match(text))
    }

    /// The capture groups of the first match.
    #[inline]
    pub(crate) fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        if (self.pre)(text) {
            self.captures_checked(text)
        } else {
            None
        }
    }

    /// [`Self::captures`] once the pre-check has passed.
    fn captures_checked<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        // The lazy DFA answers `is_match` without allocating; captures only run on matches.
        if self.with(|re| re.is_match(text)) {
            self.with(|re| re.captures(text))
        } else {
            None
        }
    }

    /// The first match.
    pub(crate) fn find<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        if (self.pre)(text) {
            self.with(|re| re.find(text))
        } else {
            None
        }
    }

    /// `text` with the first match removed.
    pub(crate) fn remove<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if (self.pre)(text) {
            self.with(|re| re.replace(text, ""))
        } else {
            Cow::Borrowed(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pat;

    static RULE: Pat = Pat::new(r"^_{5,}$", |t| t.starts_with("_____"));
    static LABEL_ONLY: Pat = Pat::always(r"^([IVXL]{1,6}|[A-Z])\.$");

    #[test]
    fn a_pattern_used_while_another_runs_falls_back_to_the_shared_regex() {
        // The thread's clones are borrowed while RULE's closure runs: LABEL_ONLY must not
        // panic on the second borrow.
        assert!(RULE.with(|re| re.is_match("_____") && LABEL_ONLY.is_match("IV.")));
        assert!(!RULE.with(|re| re.is_match("____") || LABEL_ONLY.is_match("IV. Title")));
    }
}

//! The time budget of one input, counted in CPU time of the threads that read it.
//!
//! A wall-clock budget refused real reports whenever the machine was busy (measured: 4 of the
//! 104 UPR PDFs, with a build on both cores): the input's cost had not changed, only the share
//! of the CPU it got. So an input is charged the CPU time its reading threads used
//! ([`ThreadCpu`]); a wall-clock bound ([`TimeBudget::wall`], [`WALL_FACTOR`] × the CPU budget)
//! stays as a backstop, and hitting it says the server is busy, not that the input is bad.

use std::time::{Duration, Instant};

/// The wall-clock backstop is this many times the CPU budget.
pub const WALL_FACTOR: u32 = 4;

/// How long one input may take to read: CPU time of its reading threads, and a wall-clock
/// backstop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBudget {
    /// CPU time the input may use (extraction and structure analysis together).
    pub cpu: Duration,
    /// Wall-clock time after which reading is abandoned although the CPU budget is not spent:
    /// the machine is too busy to give the input its share.
    pub wall: Duration,
}

impl TimeBudget {
    /// A budget of `cpu` CPU time and a backstop of [`WALL_FACTOR`] × `cpu` wall-clock time.
    pub fn new(cpu: Duration) -> Self {
        Self {
            cpu,
            wall: cpu.saturating_mul(WALL_FACTOR),
        }
    }

    /// What is left of this budget after `cpu` CPU time and `wall` wall-clock time were spent.
    pub fn less(self, cpu: Duration, wall: Duration) -> Self {
        Self {
            cpu: self.cpu.saturating_sub(cpu),
            wall: self.wall.saturating_sub(wall),
        }
    }
}

/// Reads one thread's CPU time, from that thread or another (on Unix; elsewhere, wall-clock
/// time since the clock was made stands in for it).
#[derive(Debug, Clone, Copy)]
pub struct ThreadCpu {
    #[cfg(unix)]
    clock: libc::clockid_t,
    #[cfg(not(unix))]
    made: Instant,
}

impl ThreadCpu {
    /// The clock of the calling thread.
    pub fn current() -> Self {
        #[cfg(unix)]
        {
            Self {
                clock: libc::CLOCK_THREAD_CPUTIME_ID,
            }
        }
        #[cfg(not(unix))]
        Self::wall()
    }

    /// The clock of the thread behind `handle`, readable while the handle is held (the thread
    /// is not joined nor detached before). `None` if the system does not give it.
    pub fn of<T>(handle: &std::thread::JoinHandle<T>) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::thread::JoinHandleExt;
            let mut clock: libc::clockid_t = 0;
            // SAFETY: the pthread_t is valid while `handle` is held, and `clock` is a valid
            // place to write the clock id.
            let rc = unsafe { libc::pthread_getcpuclockid(handle.as_pthread_t(), &mut clock) };
            (rc == 0).then_some(Self { clock })
        }
        #[cfg(not(unix))]
        {
            let _ = handle;
            Some(Self::wall())
        }
    }

    #[cfg(not(unix))]
    fn wall() -> Self {
        Self {
            made: Instant::now(),
        }
    }

    /// CPU time the thread has used (on Unix, since it started), or `None` if it cannot be read
    /// (the thread has ended).
    pub fn used(&self) -> Option<Duration> {
        #[cfg(unix)]
        {
            let mut now = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: `now` is a valid place to write the time.
            let rc = unsafe { libc::clock_gettime(self.clock, &mut now) };
            let secs = u64::try_from(now.tv_sec).ok()?;
            let nanos = u32::try_from(now.tv_nsec).ok()?;
            (rc == 0).then(|| Duration::new(secs, nanos))
        }
        #[cfg(not(unix))]
        Some(self.made.elapsed())
    }
}

/// Spending of one [`TimeBudget`] on the calling thread: CPU time and wall-clock time since
/// [`Meter::start`].
#[derive(Debug, Clone, Copy)]
pub struct Meter {
    clock: ThreadCpu,
    cpu_at_start: Duration,
    started: Instant,
}

/// A budget was spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    /// The CPU budget: the input costs too much.
    Cpu,
    /// The wall-clock backstop, with CPU budget left: the machine is too busy.
    Wall,
}

impl Meter {
    /// Starts metering the calling thread.
    pub fn start() -> Self {
        let clock = ThreadCpu::current();
        Self {
            clock,
            cpu_at_start: clock.used().unwrap_or_default(),
            started: Instant::now(),
        }
    }

    /// CPU time the calling thread used since the start.
    pub fn cpu(&self) -> Duration {
        self.clock
            .used()
            .unwrap_or_default()
            .saturating_sub(self.cpu_at_start)
    }

    /// Wall-clock time since the start.
    pub fn wall(&self) -> Duration {
        self.started.elapsed()
    }

    /// Which part of `budget` is spent, if any (CPU first).
    pub fn spent(&self, budget: TimeBudget) -> Option<Spent> {
        if self.cpu() >= budget.cpu {
            Some(Spent::Cpu)
        } else if self.wall() >= budget.wall {
            Some(Spent::Wall)
        } else {
            None
        }
    }
}

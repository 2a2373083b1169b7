//! What a load run measures: a latency histogram, counts and errors by status code, and the
//! summary reported as JSON.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;

/// Latency percentiles, in microseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Latency {
    /// Median.
    pub(crate) p50_us: f64,
    /// 90th percentile.
    pub(crate) p90_us: f64,
    /// 99th percentile.
    pub(crate) p99_us: f64,
    /// Largest.
    pub(crate) max_us: f64,
    /// Mean.
    pub(crate) mean_us: f64,
}

impl Latency {
    /// Percentiles of `histogram` (recorded in microseconds).
    pub(crate) fn of(histogram: &Histogram<u64>) -> Self {
        if histogram.is_empty() {
            return Self::default();
        }
        Self {
            p50_us: histogram.value_at_quantile(0.50) as f64,
            p90_us: histogram.value_at_quantile(0.90) as f64,
            p99_us: histogram.value_at_quantile(0.99) as f64,
            max_us: histogram.max() as f64,
            mean_us: histogram.mean(),
        }
    }
}

/// Counts of one kind of call within the measured window.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    histogram: Histogram<u64>,
    calls: u64,
    messages: u64,
    errors: BTreeMap<String, u64>,
}

impl Default for Recorder {
    fn default() -> Self {
        Self {
            // 1 µs to 10 minutes at 3 significant digits.
            histogram: Histogram::new_with_bounds(1, 600_000_000, 3)
                .expect("histogram bounds are valid"),
            calls: 0,
            messages: 0,
            errors: BTreeMap::new(),
        }
    }
}

impl Recorder {
    /// Records one successful call that took `latency` and received `messages` messages.
    pub(crate) fn ok(&mut self, latency: Duration, messages: u64) {
        self.histogram
            .saturating_record(latency.as_micros().max(1) as u64);
        self.calls += 1;
        self.messages += messages;
    }

    /// Records one failed call, by its status code.
    pub(crate) fn error(&mut self, code: tonic::Code) {
        *self.errors.entry(format!("{code:?}")).or_default() += 1;
    }

    /// Counts streamed messages outside any call's completion (a `Query` stream's paragraphs).
    pub(crate) fn messages(&mut self, n: u64) {
        self.messages += n;
    }

    /// Adds `other`'s counts to these.
    pub(crate) fn merge(&mut self, other: &Recorder) {
        self.histogram
            .add(&other.histogram)
            .expect("histograms share bounds");
        self.calls += other.calls;
        self.messages += other.messages;
        for (code, n) in &other.errors {
            *self.errors.entry(code.clone()).or_default() += n;
        }
    }

    /// The summary over a window of `window`.
    pub(crate) fn summary(&self, window: Duration) -> CallSummary {
        let secs = window.as_secs_f64().max(1e-9);
        CallSummary {
            calls: self.calls,
            calls_per_s: self.calls as f64 / secs,
            messages: self.messages,
            messages_per_s: self.messages as f64 / secs,
            latency: Latency::of(&self.histogram),
            errors: self.errors.clone(),
        }
    }
}

/// One kind of call, summarised.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct CallSummary {
    /// Calls that completed OK in the window.
    pub(crate) calls: u64,
    /// Calls per second.
    pub(crate) calls_per_s: f64,
    /// Response messages received.
    pub(crate) messages: u64,
    /// Response messages per second.
    pub(crate) messages_per_s: f64,
    /// Latency of the OK calls, from the call's start (its scheduled start, at a fixed rate)
    /// to its last message.
    pub(crate) latency: Latency,
    /// Failed calls by status code.
    pub(crate) errors: BTreeMap<String, u64>,
}

/// The result of one load run, printed as JSON by `paragraphd-bench load`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct LoadReport {
    /// `paragraphd` or `echo`.
    pub(crate) target: super::Target,
    /// The scenario.
    pub(crate) scenario: super::Scenario,
    /// Connections.
    pub(crate) connections: usize,
    /// Calls in flight per connection.
    pub(crate) in_flight: usize,
    /// Offered calls per second (fixed-rate runs only; otherwise closed loop).
    pub(crate) offered_rate: Option<f64>,
    /// Length of the measured window, seconds.
    pub(crate) window_s: f64,
    /// The scenario's main calls.
    pub(crate) main: CallSummary,
    /// The concurrent ingests of the mixed scenario.
    pub(crate) ingest: Option<CallSummary>,
    /// Server CPU time during the window (user + system), seconds, when its pid was given.
    pub(crate) server_cpu_s: Option<f64>,
}

impl LoadReport {
    /// Server CPU microseconds per main call, when measured.
    pub(crate) fn server_cpu_us_per_call(&self) -> Option<f64> {
        let cpu = self.server_cpu_s?;
        (self.main.calls > 0).then(|| cpu * 1e6 / self.main.calls as f64)
    }
}

/// User + system CPU seconds of process `pid` so far, from `/proc/PID/stat`.
pub(crate) fn process_cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at field 3 (state).
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / CLOCK_TICKS_PER_SECOND)
}

/// `sysconf(_SC_CLK_TCK)`: 100 on every Linux architecture paragraphd builds for.
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

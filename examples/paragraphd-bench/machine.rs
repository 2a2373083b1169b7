//! The machine a benchmark ran on, read from `/proc` and `rustc -V`.

use std::process::Command;

/// What the results depend on.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Machine {
    /// Cores available to this process.
    pub(crate) nproc: usize,
    /// `model name` from `/proc/cpuinfo`.
    pub(crate) cpu_model: String,
    /// `MemTotal` from `/proc/meminfo`, bytes.
    pub(crate) memory_bytes: u64,
    /// Kernel release.
    pub(crate) kernel: String,
    /// `rustc -V`.
    pub(crate) rustc: String,
}

impl Machine {
    /// Reads the machine's description; unknown fields stay empty.
    pub(crate) fn read() -> Self {
        let cpuinfo = read("/proc/cpuinfo");
        let meminfo = read("/proc/meminfo");
        Self {
            nproc: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model: field(&cpuinfo, "model name").unwrap_or_default(),
            memory_bytes: field(&meminfo, "MemTotal")
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .map_or(0, |kb| kb * 1024),
            kernel: read("/proc/sys/kernel/osrelease").trim().to_owned(),
            rustc: rustc_version(),
        }
    }
}

/// The 1, 5 and 15 minute load averages now.
pub(crate) fn load_average() -> [f64; 3] {
    let text = read("/proc/loadavg");
    let mut values = text
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(f64::NAN));
    [
        values.next().unwrap_or(f64::NAN),
        values.next().unwrap_or(f64::NAN),
        values.next().unwrap_or(f64::NAN),
    ]
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn field(text: &str, key: &str) -> Option<String> {
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().to_owned())
}

fn rustc_version() -> String {
    Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

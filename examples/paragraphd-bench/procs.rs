//! Child processes: servers (paragraphd, echo) and load runs, optionally pinned to a core with
//! `taskset`, and what `/proc` says about them.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::BenchError;

/// Where a process may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Placement {
    /// Anywhere (the scheduler decides).
    Unpinned,
    /// On this core only (`taskset -c CORE`).
    Core(u32),
}

/// A command for `program`, wrapped in `taskset` when pinned.
pub(crate) fn command(program: &Path, placement: Placement) -> Command {
    match placement {
        Placement::Unpinned => Command::new(program),
        Placement::Core(core) => {
            let mut cmd = Command::new("taskset");
            cmd.arg("-c").arg(core.to_string()).arg(program);
            cmd
        }
    }
}

/// A server child process that printed `listening on ADDR`; killed when dropped.
#[derive(Debug)]
pub(crate) struct ServerProcess {
    child: Child,
    /// The address it listens on.
    pub(crate) addr: String,
    /// Its process id.
    pub(crate) pid: u32,
    /// When it was started.
    pub(crate) started: Instant,
}

impl ServerProcess {
    /// Starts `cmd` (stdout piped; stderr to `log`), and waits for its `listening on` line.
    pub(crate) fn spawn(mut cmd: Command, log: &Path) -> Result<Self, BenchError> {
        let log_file = std::fs::File::create(log)?;
        let started = Instant::now();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| BenchError::Other(format!("starting {cmd:?}: {e}")))?;
        let pid = child.id();
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(addr) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(BenchError::Other(format!(
                "{cmd:?} did not print `listening on ADDR` (see {})",
                log.display()
            )));
        };
        Ok(Self {
            addr: addr.to_owned(),
            child,
            pid,
            started,
        })
    }

    /// Polls health every 5 ms until SERVING; returns the time from start to SERVING.
    pub(crate) async fn wait_serving(&self, timeout: Duration) -> Result<Duration, BenchError> {
        let deadline = Instant::now() + timeout;
        let channel =
            super::client::connect(&self.addr)
                .await
                .map_err(|e| BenchError::Connect {
                    addr: self.addr.clone(),
                    reason: e.to_string(),
                })?;
        let mut health = HealthClient::new(channel);
        while Instant::now() < deadline {
            let status = health
                .check(HealthCheckRequest::default())
                .await
                .map(|r| r.into_inner().status);
            if status.is_ok_and(|s| s == ServingStatus::Serving as i32) {
                return Ok(self.started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Err(BenchError::Other(format!(
            "server {} not SERVING after {timeout:?}",
            self.addr
        )))
    }

    /// Resident memory now and at its peak.
    pub(crate) fn memory(&self) -> Option<Memory> {
        Memory::of(self.pid)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident memory of a process, from `/proc/PID/status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Memory {
    /// `VmRSS`: resident now, bytes.
    pub(crate) rss_bytes: u64,
    /// `VmHWM`: the resident peak, bytes.
    pub(crate) hwm_bytes: u64,
}

impl Memory {
    /// Reads `/proc/PID/status`.
    pub(crate) fn of(pid: u32) -> Option<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        Some(Self {
            rss_bytes: status_kb(&status, "VmRSS:")? * 1024,
            hwm_bytes: status_kb(&status, "VmHWM:")? * 1024,
        })
    }
}

fn status_kb(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// Runs `cmd` to completion and returns its standard output; fails on a non-zero exit.
pub(crate) fn output(mut cmd: Command) -> Result<String, BenchError> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| BenchError::Other(format!("running {cmd:?}: {e}")))?;
    if !out.status.success() {
        return Err(BenchError::Other(format!(
            "{cmd:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The executable `name` built with the running one: cargo puts an example in `examples/`
/// under the profile's directory, and the package's binaries in that directory.
pub(crate) fn sibling_exe(name: &str) -> Result<PathBuf, BenchError> {
    let me = std::env::current_exe()?;
    let mut dir = me
        .parent()
        .ok_or_else(|| BenchError::Other("the executable has no directory".into()))?;
    if dir.file_name().is_some_and(|d| d == "examples") {
        dir = dir.parent().unwrap_or(dir);
    }
    Ok(dir.join(name))
}

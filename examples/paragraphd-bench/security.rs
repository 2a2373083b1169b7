//! TLS and authentication on against off (issue 24), in one run: two paragraphd servers side by
//! side over the built-in sample — one plaintext without credentials, one speaking TLS and
//! checking a bearer token against a token file — driven in alternating pairs by the same
//! closed-loop load of one-paragraph selections (each call a new stream on a kept connection:
//! the handshake is paid once per connection, the token check once per call). The certificate,
//! key and token are made at run time in the work directory.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tonic::transport::Channel;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::BenchError;
use super::client::{RpcClient, Target, connect, connect_tls};
use super::load::{self, LoadConfig};
use super::procs::{Placement, ServerProcess, command};
use super::scenario::{Scenario, Workload};
use super::stats::LoadReport;

/// The bearer token the secured server's token file lists (made up here: a benchmark secret).
const TOKEN: &str = "bench-reader-token";

/// What to run.
#[derive(Debug, Clone)]
pub(crate) struct SecurityConfig {
    /// The paragraphd executable.
    pub(crate) server_bin: PathBuf,
    /// Scratch directory (certificate, key, token file, logs).
    pub(crate) work_dir: PathBuf,
    /// A B pairs (the summary takes medians).
    pub(crate) pairs: usize,
    /// Connections, calls in flight, warm-up and window of each run.
    pub(crate) load: LoadConfig,
}

/// Each side's runs and the medians.
#[derive(Debug, serde::Serialize)]
pub(crate) struct SecurityReport {
    /// Plaintext, no credentials.
    pub(crate) off: Side,
    /// TLS and a bearer token.
    pub(crate) on: Side,
    /// Median calls/s on ÷ off.
    pub(crate) calls_ratio: f64,
    /// Median p99 on ÷ off.
    pub(crate) p99_ratio: f64,
}

/// One side: its runs' calls/s and p99, and their medians.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Side {
    /// Calls per second of each run.
    pub(crate) calls_per_s: Vec<f64>,
    /// p99 latency of each run, microseconds.
    pub(crate) p99_us: Vec<f64>,
    /// Median calls per second.
    pub(crate) median_calls_per_s: f64,
    /// Median p99, microseconds.
    pub(crate) median_p99_us: f64,
}

/// Starts both servers and runs the pairs.
pub(crate) async fn run(config: &SecurityConfig) -> Result<SecurityReport, BenchError> {
    let dir = config.work_dir.join("security");
    std::fs::create_dir_all(&dir)?;
    let ca = write_credentials(&dir)?;
    let off = spawn(config, &dir, &[], "off")?;
    off.wait_serving(Duration::from_secs(60)).await?;
    let secured = secured_args(&dir);
    let on = spawn(config, &dir, &secured, "on")?;
    wait_serving_tls(&on.addr, &ca).await?;
    let workload = workload();
    let (mut off_side, mut on_side) = (Side::default(), Side::default());
    for _ in 0..config.pairs.max(1) {
        let plain = plain_clients(&off.addr, config.load.connections).await?;
        record(
            &mut off_side,
            &drive(plain, &workload, &config.load, off.pid).await?,
        );
        let tls = tls_clients(&on.addr, &ca, config.load.connections).await?;
        record(
            &mut on_side,
            &drive(tls, &workload, &config.load, on.pid).await?,
        );
    }
    off_side.settle();
    on_side.settle();
    Ok(SecurityReport {
        calls_ratio: on_side.median_calls_per_s / off_side.median_calls_per_s.max(1e-9),
        p99_ratio: on_side.median_p99_us / off_side.median_p99_us.max(1.0),
        off: off_side,
        on: on_side,
    })
}

/// A certificate for `localhost` from a CA made here, and the token file; the CA's PEM.
fn write_credentials(dir: &Path) -> Result<Vec<u8>, BenchError> {
    let fail = |e: rcgen::Error| BenchError::Other(format!("making a certificate: {e}"));
    let mut ca_params = rcgen::CertificateParams::new(Vec::new()).map_err(fail)?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_key = rcgen::KeyPair::generate().map_err(fail)?;
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).map_err(fail)?;
    let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).map_err(fail)?;
    let key = rcgen::KeyPair::generate().map_err(fail)?;
    let cert = params.signed_by(&key, &ca).map_err(fail)?;
    std::fs::write(dir.join("tls.key"), key.serialize_pem())?;
    std::fs::write(dir.join("tls.crt"), cert.pem())?;
    let hash = paragraphd::grpc::auth::credentials::token_hash(TOKEN);
    std::fs::write(dir.join("tokens"), format!("bench reader sha256:{hash}\n"))?;
    Ok(ca.pem().into_bytes())
}

fn secured_args(dir: &Path) -> Vec<String> {
    let file = |name: &str| dir.join(name).to_string_lossy().into_owned();
    vec![
        "--tls-cert".into(),
        file("tls.crt"),
        "--tls-key".into(),
        file("tls.key"),
        "--auth-tokens".into(),
        file("tokens"),
    ]
}

/// Starts paragraphd on the built-in sample with `extra` arguments, logging to `dir`.
fn spawn(
    config: &SecurityConfig,
    dir: &Path,
    extra: &[String],
    name: &str,
) -> Result<ServerProcess, BenchError> {
    let mut cmd = command(&config.server_bin, Placement::Unpinned);
    cmd.args(["serve", "--listen", "127.0.0.1:0"]).args(extra);
    ServerProcess::spawn(cmd, &dir.join(format!("paragraphd-{name}.log")))
}

/// Polls health over TLS until SERVING, at most 60 s.
async fn wait_serving_tls(addr: &str, ca: &[u8]) -> Result<(), BenchError> {
    for _ in 0..1200 {
        if let Ok(channel) = connect_tls(addr, ca).await {
            let status = HealthClient::new(channel)
                .check(HealthCheckRequest::default())
                .await
                .map(|r| r.into_inner().status);
            if status.is_ok_and(|s| s == ServingStatus::Serving as i32) {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(BenchError::Other(format!("{addr} not SERVING over TLS")))
}

fn workload() -> Workload {
    Workload {
        document: "A/HRC/52/71".into(),
        number: "58".into(),
        citation_first: 58,
        ingest_text: String::new(),
        ingest_rate: 0.0,
        quote: String::new(),
    }
}

async fn plain_clients(addr: &str, n: usize) -> Result<Vec<RpcClient>, BenchError> {
    let mut clients = Vec::with_capacity(n);
    for _ in 0..n.max(1) {
        let channel = connect(addr).await.map_err(|e| connect_error(addr, e))?;
        clients.push(RpcClient::new(channel, Target::Paragraphd));
    }
    Ok(clients)
}

async fn tls_clients(addr: &str, ca: &[u8], n: usize) -> Result<Vec<RpcClient>, BenchError> {
    let mut clients = Vec::with_capacity(n);
    for _ in 0..n.max(1) {
        let channel: Channel = connect_tls(addr, ca)
            .await
            .map_err(|e| connect_error(addr, e))?;
        clients.push(RpcClient::new(channel, Target::Paragraphd).with_token(TOKEN));
    }
    Ok(clients)
}

fn connect_error(addr: &str, e: impl std::fmt::Display) -> BenchError {
    BenchError::Connect {
        addr: addr.to_owned(),
        reason: e.to_string(),
    }
}

async fn drive(
    clients: Vec<RpcClient>,
    workload: &Workload,
    load: &LoadConfig,
    pid: u32,
) -> Result<LoadReport, BenchError> {
    let config = LoadConfig {
        server_pid: Some(pid),
        ..load.clone()
    };
    let target = Target::Paragraphd;
    let report = load::run_clients(clients, target, Scenario::One, workload, &config).await?;
    if let Some((code, n)) = report.main.errors.iter().next() {
        return Err(BenchError::Other(format!("{n} calls failed with {code}")));
    }
    Ok(report)
}

fn record(side: &mut Side, report: &LoadReport) {
    side.calls_per_s.push(report.main.calls_per_s);
    side.p99_us.push(report.main.latency.p99_us);
}

impl Side {
    /// Fills in the medians.
    fn settle(&mut self) {
        let mut calls = self.calls_per_s.clone();
        calls.sort_by(f64::total_cmp);
        let mut p99 = self.p99_us.clone();
        p99.sort_by(f64::total_cmp);
        self.median_calls_per_s = calls.get(calls.len() / 2).copied().unwrap_or_default();
        self.median_p99_us = p99.get(p99.len() / 2).copied().unwrap_or_default();
    }
}

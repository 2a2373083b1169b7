//! The load generator: `connections` HTTP/2 connections × `in_flight` calls each, for a
//! warm-up then a measured window, closed loop (each worker starts its next call when the last
//! ends) or at a fixed offered rate (calls start on a schedule; latency counts from the
//! scheduled start, so a server that falls behind is charged for the queueing it causes).

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_stream::wrappers::ReceiverStream;

use super::BenchError;
use super::client::{RpcClient, Target, connect};
use super::scenario::{Scenario, Workload};
use super::stats::{LoadReport, Recorder, process_cpu_seconds};
use crate::pb::{self, query_response::Result as Res};

/// How hard and how long to drive the server.
#[derive(Debug, Clone)]
pub(crate) struct LoadConfig {
    /// HTTP/2 connections.
    pub(crate) connections: usize,
    /// Calls in flight on each connection (for `Query`: queries outstanding on its stream).
    pub(crate) in_flight: usize,
    /// Not measured: lets connections, caches and the allocator settle.
    pub(crate) warmup: Duration,
    /// The measured window.
    pub(crate) duration: Duration,
    /// Offered calls per second over all workers; `None` runs closed loop.
    pub(crate) rate: Option<f64>,
    /// The server's pid, to measure its CPU time in the window.
    pub(crate) server_pid: Option<u32>,
}

/// Drives `target` at `addr` with `scenario` and reports what it measured.
pub(crate) async fn run(
    addr: &str,
    target: Target,
    scenario: Scenario,
    workload: &Workload,
    config: &LoadConfig,
) -> Result<LoadReport, BenchError> {
    let mut clients = Vec::with_capacity(config.connections);
    for _ in 0..config.connections.max(1) {
        let channel = connect(addr).await.map_err(|e| BenchError::Connect {
            addr: addr.to_owned(),
            reason: e.to_string(),
        })?;
        clients.push(RpcClient::new(channel, target));
    }
    run_clients(clients, target, scenario, workload, config).await
}

/// [`run`] over clients already connected (one per connection): TLS, credentials, as they are.
pub(crate) async fn run_clients(
    clients: Vec<RpcClient>,
    target: Target,
    scenario: Scenario,
    workload: &Workload,
    config: &LoadConfig,
) -> Result<LoadReport, BenchError> {
    let clock = Clock::new(config);
    let cpu = tokio::spawn(server_cpu(clock.clone(), config.server_pid));
    let mut workers = JoinSet::new();
    spawn_workers(&mut workers, &clients, scenario, workload, config, &clock);
    let ingests = (scenario == Scenario::Mixed).then(|| {
        tokio::spawn(ingester(
            clients[0].clone(),
            workload.clone(),
            clock.clone(),
        ))
    });
    let mut main = Recorder::default();
    while let Some(done) = workers.join_next().await {
        main.merge(&done.map_err(|e| BenchError::Other(format!("worker failed: {e}")))?);
    }
    let ingest = match ingests {
        Some(task) => Some(task.await.map_err(|e| BenchError::Other(e.to_string()))?),
        None => None,
    };
    Ok(LoadReport {
        target,
        scenario,
        connections: clients.len(),
        in_flight: config.in_flight,
        offered_rate: config.rate,
        window_s: config.duration.as_secs_f64(),
        main: main.summary(config.duration),
        ingest: ingest.map(|r| r.summary(config.duration)),
        server_cpu_s: cpu.await.ok().flatten(),
    })
}

fn spawn_workers(
    workers: &mut JoinSet<Recorder>,
    clients: &[RpcClient],
    scenario: Scenario,
    workload: &Workload,
    config: &LoadConfig,
    clock: &Clock,
) {
    for client in clients {
        if scenario == Scenario::Query {
            let worker = query_worker(
                client.clone(),
                workload.clone(),
                clock.clone(),
                config.in_flight,
            );
            workers.spawn(worker);
            continue;
        }
        if scenario == Scenario::Locate {
            for _ in 0..config.in_flight.max(1) {
                let worker = locate_worker(client.clone(), workload.locate(), clock.clone());
                workers.spawn(worker);
            }
            continue;
        }
        let request = match scenario {
            Scenario::Document => workload.document(),
            Scenario::Citation => workload.citation(),
            _ => workload.one(),
        };
        for _ in 0..config.in_flight.max(1) {
            workers.spawn(select_worker(
                client.clone(),
                request.clone(),
                clock.clone(),
            ));
        }
    }
}

/// When calls start and which are measured, shared by every worker.
#[derive(Debug, Clone)]
struct Clock {
    start: Instant,
    measure_from: Instant,
    end: Instant,
    rate: Option<f64>,
    tickets: Arc<AtomicU64>,
}

impl Clock {
    fn new(config: &LoadConfig) -> Self {
        let start = Instant::now();
        let measure_from = start + config.warmup;
        Self {
            start,
            measure_from,
            end: measure_from + config.duration,
            rate: config.rate.filter(|r| *r > 0.0),
            tickets: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The start time of this worker's next call (waiting for it at a fixed rate), or `None`
    /// once the window is over.
    async fn next_start(&self) -> Option<Instant> {
        let Some(rate) = self.rate else {
            let now = Instant::now();
            return (now < self.end).then_some(now);
        };
        let ticket = self.tickets.fetch_add(1, Ordering::Relaxed);
        let due = self.start + Duration::from_secs_f64(ticket as f64 / rate);
        if due >= self.end {
            return None;
        }
        tokio::time::sleep_until(due).await;
        Some(due)
    }

    fn measured(&self, started: Instant) -> bool {
        started >= self.measure_from && started < self.end
    }
}

/// CPU seconds the server spent in the measured window.
async fn server_cpu(clock: Clock, pid: Option<u32>) -> Option<f64> {
    let pid = pid?;
    tokio::time::sleep_until(clock.measure_from).await;
    let before = process_cpu_seconds(pid)?;
    tokio::time::sleep_until(clock.end).await;
    Some(process_cpu_seconds(pid)? - before)
}

/// One call in flight at a time: (a), (b), (c) and the reads of (e).
async fn select_worker(
    mut client: RpcClient,
    request: pb::SelectParagraphsRequest,
    clock: Clock,
) -> Recorder {
    let mut recorder = Recorder::default();
    while let Some(started) = clock.next_start().await {
        let result = client.select_count(request.clone()).await;
        if !clock.measured(started) {
            continue;
        }
        match result {
            Ok(messages) => recorder.ok(started.elapsed(), messages),
            Err(status) => recorder.error(status.code()),
        }
    }
    recorder
}

async fn locate_worker(
    mut client: RpcClient,
    request: pb::LocateParagraphsRequest,
    clock: Clock,
) -> Recorder {
    let mut recorder = Recorder::default();
    while let Some(started) = clock.next_start().await {
        let result = client.locate(request.clone()).await;
        if !clock.measured(started) {
            continue;
        }
        match result {
            Ok(answer) => recorder.ok(started.elapsed(), answer.paragraphs.len() as u64),
            Err(status) => recorder.error(status.code()),
        }
    }
    recorder
}

/// Ingests at the workload's fixed rate, one at a time, for the mixed scenario.
async fn ingester(mut client: RpcClient, workload: Workload, clock: Clock) -> Recorder {
    let paced = Clock {
        rate: Some(workload.ingest_rate),
        tickets: Arc::new(AtomicU64::new(0)),
        ..clock
    };
    let mut recorder = Recorder::default();
    let mut seq = 0;
    while let Some(started) = paced.next_start().await {
        let result = client.ingest(workload.ingest(seq)).await;
        seq += 1;
        if !paced.measured(started) {
            continue;
        }
        match result {
            Ok(_) => recorder.ok(started.elapsed(), 1),
            Err(status) => recorder.error(status.code()),
        }
    }
    recorder
}

/// One `Query` stream per connection with `in_flight` queries outstanding: each answer's end
/// marker (or error) completes the oldest query, and a new one is sent until the window ends.
async fn query_worker(
    mut client: RpcClient,
    workload: Workload,
    clock: Clock,
    in_flight: usize,
) -> Recorder {
    let mut recorder = Recorder::default();
    let (tx, rx) = mpsc::channel(in_flight.max(1) + 1);
    let mut pipe = QueryPipe {
        tx: Some(tx),
        outstanding: VecDeque::new(),
        seq: 0,
        workload,
        clock,
    };
    for _ in 0..in_flight.max(1) {
        pipe.send().await;
    }
    let mut inbound = match client.query(ReceiverStream::new(rx)).await {
        Ok(inbound) => inbound,
        Err(status) => {
            recorder.error(status.code());
            return recorder;
        }
    };
    loop {
        match inbound.message().await {
            Ok(Some(response)) => pipe.receive(response, &mut recorder).await,
            Ok(None) => break,
            Err(status) => {
                recorder.error(status.code());
                break;
            }
        }
    }
    recorder
}

/// The client side of one `Query` stream: the send times of the queries outstanding, oldest
/// first (the server answers them in order).
struct QueryPipe {
    tx: Option<mpsc::Sender<pb::QueryRequest>>,
    outstanding: VecDeque<Instant>,
    seq: u64,
    workload: Workload,
    clock: Clock,
}

impl QueryPipe {
    /// Sends the next query, or closes the stream once the window is over.
    async fn send(&mut self) {
        if Instant::now() >= self.clock.end {
            self.tx = None;
            return;
        }
        let Some(tx) = &self.tx else { return };
        if tx.send(self.workload.query(self.seq)).await.is_ok() {
            self.outstanding.push_back(Instant::now());
            self.seq += 1;
        }
    }

    /// Counts one response; an end marker or error completes the oldest query.
    async fn receive(&mut self, response: pb::QueryResponse, recorder: &mut Recorder) {
        let oldest_measured = self
            .outstanding
            .front()
            .is_some_and(|s| self.clock.measured(*s));
        let outcome = match response.result {
            Some(Res::Paragraph(_) | Res::Hit(_)) => {
                recorder.messages(u64::from(oldest_measured));
                return;
            }
            Some(Res::End(_)) => Ok(()),
            Some(Res::Error(e)) => Err(tonic::Code::from_i32(e.code)),
            None => return,
        };
        let Some(started) = self.outstanding.pop_front() else {
            return;
        };
        match outcome {
            Ok(()) if oldest_measured => recorder.ok(started.elapsed(), 1),
            Err(code) if oldest_measured => recorder.error(code),
            _ => {}
        }
        self.send().await;
    }
}

//! A deterministic mutation fuzzer for the parser, text and PDF (issue 19): seeded from the
//! shared corpus (`../shared/corpus`, read at test time, never copied here), it mutates inputs
//! with a seeded RNG (bit flips, truncations, splices, insertions of bytes and of tokens that
//! matter to the formats, repeated ranges) and runs each through `paragraphd parse` in a child
//! process (spawned by a small Python process, [`SPAWNER`]), which measures what an in-process
//! run cannot: peak memory (`ru_maxrss`) and CPU time per input, and crashes that are not
//! panics (an abort, a stack overflow).
//!
//! Each input must end, within its time budget (`corpus::time_budget`, plus a grace for the
//! process start), either parsed or refused with a message — never a panic or a crash — and its
//! peak memory must stay within the ingest memory reservation (`admission::reservation`) over
//! the process's baseline.
//!
//! `cargo test` runs a bounded number of inputs (`FUZZ_ITERS`, default 300; at most `FUZZ_SECS`,
//! default 25 s). A longer run, recorded in `docs/fuzzing.md`:
//! `FUZZ_ITERS=2000 FUZZ_SECS=3600 cargo test --release --test all fuzz:: -- --nocapture`
//! (`FUZZ_SEED` changes the mutations).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use paragraphd::corpus::{admission, time_budget};

/// Grace on top of an input's time budget: the child's start and exit.
const GRACE: Duration = Duration::from_secs(3);

/// SplitMix64: small, seeded, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens whose insertion reaches deeper than random bytes.
const TOKENS: &[&[u8]] = &[
    b"%%EOF",
    b" obj\n",
    b"endobj\n",
    b"stream\n",
    b"endstream\n",
    b"<< /Length 99999999 >>",
    b"/Filter /FlateDecode",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
    b"BT /F1 12 Tf (1. Text) Tj ET",
    b"\n1. ",
    b"\nI. Introduction\n",
    b"\nAnnex\n",
    b"\x0c",
    b"\xff\xfe",
    b"\xe2\x80",
];

/// One mutation of `input` (another seed, `other`, for splices).
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let n_mutations = 1 + rng.below(4);
    for _ in 0..n_mutations {
        if out.is_empty() {
            out.push(b'1');
        }
        let at = rng.below(out.len());
        match rng.below(7) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(out.len());
                    out[i] ^= 1 << rng.below(8);
                }
            }
            1 => out.truncate(at.max(1)),
            2 => {
                let start = rng.below(other.len());
                let len = rng.below(4096).min(other.len() - start);
                let end = (at + len).min(out.len());
                out.splice(at..end, other[start..start + len].iter().copied());
            }
            3 => {
                let bytes: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
                out.splice(at..at, bytes);
            }
            4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            5 => {
                let len = rng.below(256).min(out.len() - at);
                let range: Vec<u8> = out[at..at + len].to_vec();
                for _ in 0..rng.below(64) {
                    out.splice(at..at, range.iter().copied());
                }
            }
            _ => {
                let len = rng.below(1024).min(out.len() - at);
                out.drain(at..at + len);
            }
        }
    }
    // A truncated PDF is refused at once; most mutants keep their trailer to reach the reader.
    if input.starts_with(b"%PDF") && rng.below(4) != 0 && !out.ends_with(b"%%EOF\n") {
        out.extend_from_slice(b"\n%%EOF\n");
    }
    out
}

/// The corpus files the fuzzer starts from: the seed page, and the smallest text files and
/// PDFs of `un2025` and `upr` (small, so that a run covers many mutants).
fn seeds() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        root.is_dir(),
        "the shared corpus is missing: {}",
        root.display()
    );
    let mut seeds = vec![root.join("seed/A_HRC_52_71_page7.txt")];
    for folder in ["un2025", "upr"] {
        for ext in ["txt", "pdf"] {
            let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(root.join(folder))
                .expect("corpus folder")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .filter_map(|p| Some((p.metadata().ok()?.len(), p)))
                .collect();
            files.sort();
            seeds.extend(files.into_iter().take(2).map(|(_, p)| p));
        }
    }
    seeds
}

/// What one input did.
#[derive(Debug)]
struct Outcome {
    /// Exit code; `None` when a signal ended the child (a crash, or our kill at the timeout).
    code: Option<i32>,
    wall: Duration,
    cpu: Duration,
    max_rss: u64,
    timed_out: bool,
    stderr: String,
}

/// The process that runs each input, so that its peak memory is its own: a child spawned by
/// this (large, multi-threaded) test process inherits the test process's memory high-water
/// mark until it execs, which `ru_maxrss` then reports. A small Python process spawns the
/// inputs' children instead and reports each one's `wait4` usage on a line.
const SPAWNER: &str = r#"
import os, subprocess, sys, threading, time
binary = sys.argv[1]
env = dict(os.environ, RUST_LOG="off")
for line in sys.stdin:
    limit, path, err_path = line.rstrip("\n").split("\t")
    killed = []
    with open(err_path, "wb") as err:
        start = time.monotonic()
        child = subprocess.Popen([binary, "parse", path], stdout=subprocess.DEVNULL, stderr=err, env=env)
        def kill():
            killed.append(1)
            child.kill()
        timer = threading.Timer(float(limit), kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{code}\t{wall}\t{cpu}\t{usage.ru_maxrss}\t{len(killed)}", flush=True)
"#;

/// Runs `paragraphd parse FILE` on each input through [`SPAWNER`].
struct Runner {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl Runner {
    fn start(bin: &Path) -> Self {
        let mut child = Command::new("python3")
            .args(["-u", "-c", SPAWNER])
            .arg(bin)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 (the imports test needs it too)");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        Self {
            child,
            stdin,
            stdout,
        }
    }

    /// Runs `paragraphd parse FILE` on `bytes`, killed past `limit`.
    fn run(&mut self, dir: &Path, name: &str, bytes: &[u8], limit: Duration) -> Outcome {
        use std::io::{BufRead as _, Write as _};
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write input");
        let stderr_path = dir.join("stderr");
        writeln!(
            self.stdin,
            "{}\t{}\t{}",
            limit.as_secs_f64(),
            path.display(),
            stderr_path.display()
        )
        .expect("to the spawner");
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("from the spawner");
        let fields: Vec<&str> = line.trim_end().split('\t').collect();
        assert_eq!(fields.len(), 5, "spawner said {line:?}");
        let seconds = |s: &str| Duration::from_secs_f64(s.parse().expect("seconds"));
        let code: i32 = fields[0].parse().expect("exit code");
        Outcome {
            code: (code >= 0).then_some(code),
            wall: seconds(fields[1]),
            cpu: seconds(fields[2]),
            max_rss: fields[3].parse::<u64>().expect("maxrss") * 1024,
            timed_out: fields[4] != "0",
            stderr: std::fs::read_to_string(&stderr_path).unwrap_or_default(),
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_corpus_inputs_never_panic_and_stay_within_their_time_and_memory_budgets() {
    let iterations = env_number("FUZZ_ITERS", 300);
    let seconds = env_number("FUZZ_SECS", 25);
    let seed = env_number("FUZZ_SEED", 19);
    let bin = Path::new(env!("CARGO_BIN_EXE_paragraphd"));
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds: Vec<(PathBuf, Vec<u8>)> = seeds()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, bytes)
        })
        .collect();
    let mut runner = Runner::start(bin);
    // The process's own footprint, measured on a one-line input.
    let baseline = runner
        .run(dir.path(), "base.txt", b"1. One paragraph.\n", GRACE * 10)
        .max_rss;

    let mut rng = Rng(seed);
    let started = Instant::now();
    let (mut executions, mut parsed, mut refused, mut caught) = (0u64, 0u64, 0u64, 0u64);
    let mut failures: Vec<String> = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut most_cpu = (Duration::ZERO, String::new());
    let mut worst_memory = (0.0f64, String::new());
    while executions < iterations && started.elapsed() < Duration::from_secs(seconds) {
        let (path, bytes) = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())].1;
        let input = mutate(&mut rng, bytes, other);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt");
        let name = format!("input.{ext}");
        let budget = time_budget(input.len());
        let outcome = runner.run(dir.path(), &name, &input, budget + GRACE);
        executions += 1;
        let what = format!(
            "execution {executions} (FUZZ_SEED={seed}): a mutant of {} ({} bytes)",
            path.file_name().unwrap_or_default().to_string_lossy(),
            input.len()
        );
        let memory_budget = baseline + admission::reservation(input.len()) as u64;
        let memory_share = outcome.max_rss.saturating_sub(baseline) as f64
            / admission::reservation(input.len()) as f64;
        if outcome.wall > slowest.0 {
            slowest = (outcome.wall, what.clone());
        }
        if outcome.cpu > most_cpu.0 {
            most_cpu = (outcome.cpu, what.clone());
        }
        if memory_share > worst_memory.0 {
            worst_memory = (memory_share, what.clone());
        }
        match outcome.code {
            Some(0) => parsed += 1,
            Some(1) if !outcome.stderr.is_empty() => {
                refused += 1;
                // The PDF reader panicked, and the panic was caught: "damaged PDF".
                if outcome.stderr.contains("the reader failed on this file") {
                    caught += 1;
                }
            }
            _ if outcome.timed_out => failures.push(format!(
                "{what}: over its time budget of {budget:?} (killed after {:?})",
                outcome.wall
            )),
            _ => failures.push(format!(
                "{what}: crashed or panicked (exit {:?}): {}",
                outcome.code,
                outcome
                    .stderr
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" / ")
            )),
        }
        if outcome.max_rss > memory_budget {
            failures.push(format!(
                "{what}: peak memory {} MiB, over its budget of {} MiB",
                outcome.max_rss >> 20,
                memory_budget >> 20
            ));
        }
    }
    eprintln!(
        "fuzz: {executions} executions in {:.1} s (seed {seed}, {} seeds): {parsed} parsed, \
         {refused} refused with a message ({caught} of them reader panics caught), {} failures \
         (uncaught panics, crashes, inputs over their time or memory budget); baseline {} MiB; slowest {:?} ({}); \
         most CPU {:?} ({}); largest share of the memory budget {:.2} ({})",
        started.elapsed().as_secs_f64(),
        seeds.len(),
        failures.len(),
        baseline >> 20,
        slowest.0,
        slowest.1,
        most_cpu.0,
        most_cpu.1,
        worst_memory.0,
        worst_memory.1,
    );
    assert!(executions > 0, "no input ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_mutator_is_deterministic_and_changes_its_input() {
    let input = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let a: Vec<Vec<u8>> = {
        let mut rng = Rng(7);
        (0..20)
            .map(|_| mutate(&mut rng, &input, b"other"))
            .collect()
    };
    let b: Vec<Vec<u8>> = {
        let mut rng = Rng(7);
        (0..20)
            .map(|_| mutate(&mut rng, &input, b"other"))
            .collect()
    };
    assert_eq!(a, b);
    assert!(a.iter().filter(|m| **m != input).count() >= 18);
}

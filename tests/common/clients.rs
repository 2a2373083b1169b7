//! The real-client harness of `e2e_clients` and `readme_commands`: the pinned grpcurl and Python
//! clients (`tests/tools/provision.sh`, each tool once per test process and on its own), the real
//! `paragraphd` binary on an ephemeral port ([`Server`], killed when dropped), a finished client
//! run ([`Run`]) and the readers of client output.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::Duration;

use serde_json::Value;

/// The address the documented examples use; tests replace it with the test server's address.
pub const README_ADDR: &str = "localhost:50051";

/// The documented health check (grpcurl arguments), which [`Server::start`] also polls.
pub const HEALTH_CHECK: &[&str] = &["-plaintext", README_ADDR, "grpc.health.v1.Health/Check"];

// --- Provisioning ------------------------------------------------------------------------------

/// One provisioned client tool: `tests/tools/provision.sh TOOL` prints `KEY=PATH`.
#[derive(Debug, Clone, Copy)]
enum Tool {
    /// grpcurl 1.8.6.
    Grpcurl,
    /// The venv's Python, with grpcio, grpcio-health-checking, grpcio-reflection and protobuf.
    Python,
}

impl Tool {
    /// The script's argument and the key of the line it prints.
    fn arg_and_key(self) -> (&'static str, &'static str) {
        match self {
            Tool::Grpcurl => ("grpcurl", "GRPCURL="),
            Tool::Python => ("python", "PYTHON="),
        }
    }
}

/// The package root (where `proto/`, `tests/` live).
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target directory: the nearest ancestor of the binary holding `CACHEDIR.TAG`.
pub fn target_dir() -> PathBuf {
    let exe = Path::new(env!("CARGO_BIN_EXE_paragraphd"));
    exe.ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest_dir().join("target"))
}

/// The provisioned grpcurl; panics (fails the test) if provisioning it failed.
///
/// Each tool is provisioned once per test process, on its own: a venv that cannot be made
/// fails the Python tests only. A failure is remembered, so every test that needs the tool fails
/// with the same message without provisioning again.
pub fn grpcurl_path() -> &'static Path {
    static GRPCURL: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match GRPCURL.get_or_init(|| provision(Tool::Grpcurl)) {
        Ok(path) => path,
        Err(message) => panic!("{message}"),
    }
}

/// The provisioned venv's Python; panics (fails the test) if provisioning it failed.
pub fn python_path() -> &'static Path {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(|| provision(Tool::Python)) {
        Ok(path) => path,
        Err(message) => panic!("{message}"),
    }
}

/// Runs `tests/tools/provision.sh TOOL` and reads the path it prints.
fn provision(tool: Tool) -> Result<PathBuf, String> {
    let (arg, key) = tool.arg_and_key();
    let script = manifest_dir().join("tests/tools/provision.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(arg)
        .current_dir(manifest_dir())
        .env("CARGO_TARGET_DIR", target_dir())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run bash {}: {e}", script.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "provisioning {arg} failed ({}); the real-client tests need it.\n\
             --- stdout\n{stdout}\n--- stderr\n{stderr}",
            out.status
        ));
    }
    let path = stdout
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .map(PathBuf::from)
        .ok_or_else(|| format!("provision.sh printed no {key}…\n{stdout}\n{stderr}"))?;
    if !path.exists() {
        return Err(format!(
            "provision.sh reported a missing {}",
            path.display()
        ));
    }
    Ok(path)
}

// --- Server ------------------------------------------------------------------------------------

/// How long the binary may take to print its `listening on` line.
const LISTEN_LINE_TIMEOUT: Duration = Duration::from_secs(60);
/// Health polling: at most this many `Check` calls ...
const HEALTH_TRIES: u32 = 200;
/// ... this far apart.
const HEALTH_INTERVAL: Duration = Duration::from_millis(50);

/// A running `paragraphd serve`, killed when dropped.
#[derive(Debug)]
pub struct Server {
    /// The child process.
    child: Child,
    /// `127.0.0.1:PORT`, as printed by the binary.
    pub addr: String,
    /// The metrics endpoint's `127.0.0.1:PORT` (its `metrics on` line), with `--metrics-listen`;
    /// empty without.
    pub metrics_addr: String,
    /// The plaintext health port's `127.0.0.1:PORT` (its `health on` line), with
    /// `--health-listen`; empty without.
    pub health_addr: String,
    /// Everything the server wrote to stderr so far (its logs), for failure messages.
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Spawns the binary on an ephemeral port and waits until health reports `SERVING`.
    pub fn start() -> Server {
        Self::start_with(&[])
    }

    /// Like [`Server::start`], with extra server arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        Self::start_with_client(extra, &["-plaintext"])
    }

    /// Like [`Server::start_with`], polling health with grpcurl's connection flags `client`
    /// (`-cacert CA` for a TLS server) instead of `-plaintext`.
    pub fn start_with_client(extra: &[&str], client: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_paragraphd"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn paragraphd");

        // Drain stderr into a buffer (the logs), so the pipe never fills.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr piped");
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });

        // Hand over stdout lines; keep draining after the first.
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout piped");
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    // Nobody listens any more: keep reading so the server never blocks.
                    continue;
                }
            }
        });

        let mut server = Server {
            child,
            addr: String::new(),
            metrics_addr: String::new(),
            health_addr: String::new(),
            stderr,
        };
        let line = match rx.recv_timeout(LISTEN_LINE_TIMEOUT) {
            Ok(line) => line,
            Err(e) => panic!(
                "paragraphd printed no `listening on` line ({e}); exit: {:?}\n--- stderr\n{}",
                server.child.try_wait(),
                server.logs()
            ),
        };
        server.addr = line
            .strip_prefix("listening on ")
            .filter(|a| a.starts_with("127.0.0.1:") && a[10..].parse::<u16>().is_ok())
            .unwrap_or_else(|| {
                panic!(
                    "first stdout line must be `listening on 127.0.0.1:PORT`, got {line:?}\n\
                     --- stderr\n{}",
                    server.logs()
                )
            })
            .to_owned();
        if extra.contains(&"--metrics-listen") {
            server.metrics_addr = server.printed_addr(&rx, "metrics on ");
        }
        if extra.contains(&"--health-listen") {
            server.health_addr = server.printed_addr(&rx, "health on ");
        }

        let mut last = None;
        for _ in 0..HEALTH_TRIES {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "paragraphd exited ({status}) before SERVING\n--- stderr\n{}",
                    server.logs()
                );
            }
            let mut check = client.to_vec();
            check.extend_from_slice(&HEALTH_CHECK[1..]);
            let out = server.grpcurl(&check);
            if out.status.success() && out.stdout().contains(r#""status": "SERVING""#) {
                return server;
            }
            last = Some(out);
            thread::sleep(HEALTH_INTERVAL);
        }
        panic!(
            "paragraphd at {} not SERVING after {HEALTH_TRIES} checks {HEALTH_INTERVAL:?} apart \
             (grpcurl: {:?}, {})\n--- stderr\n{}",
            server.addr,
            grpcurl_path(),
            last.map(|o| o.describe()).unwrap_or_default(),
            server.logs()
        );
    }

    /// The address on the next line of stdout, which must be `PREFIX127.0.0.1:PORT`.
    fn printed_addr(&mut self, lines: &mpsc::Receiver<String>, prefix: &str) -> String {
        let line = lines.recv_timeout(LISTEN_LINE_TIMEOUT).unwrap_or_else(|e| {
            panic!(
                "paragraphd printed no `{prefix}` line ({e})\n--- stderr\n{}",
                self.logs()
            )
        });
        line.strip_prefix(prefix)
            .filter(|a| a.starts_with("127.0.0.1:"))
            .unwrap_or_else(|| panic!("expected `{prefix}127.0.0.1:PORT`, got {line:?}"))
            .to_owned()
    }

    /// The server's logs so far.
    pub fn logs(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Replaces [`README_ADDR`] in documented arguments with this server's address.
    pub fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        args.iter()
            .map(|&a| {
                if a == README_ADDR {
                    self.addr.as_str()
                } else {
                    a
                }
            })
            .collect()
    }

    /// Runs grpcurl with `args` (documented form) against this server.
    pub fn grpcurl(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(grpcurl_path());
        // Bound every call, so a hung server fails the test instead of hanging it.
        cmd.args(["-connect-timeout", "5", "-max-time", "30"]);
        cmd.args(self.args(args));
        Run::new(cmd, format!("grpcurl {}", shell_words(&self.args(args))))
    }

    /// Runs the provisioned Python with `args` (documented form) against this server.
    pub fn python(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(python_path());
        cmd.current_dir(manifest_dir()).args(self.args(args));
        Run::new(cmd, format!("python {}", shell_words(&self.args(args))))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A finished client process.
#[derive(Debug)]
pub struct Run {
    /// What ran, for messages.
    command: String,
    /// Its output.
    output: Output,
    /// Its exit status.
    pub status: std::process::ExitStatus,
}

impl Run {
    /// Runs `cmd` to completion with no stdin.
    pub fn new(mut cmd: Command, command: String) -> Run {
        let output = cmd
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {command}: {e}"));
        Run {
            command,
            status: output.status,
            output,
        }
    }

    /// A process already run (with its own stdin), as `command` ran it.
    pub fn from_output(command: String, output: Output) -> Run {
        Run {
            command,
            status: output.status,
            output,
        }
    }

    /// Stdout as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Stderr as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Command, exit status and both outputs, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "$ {}\nexit: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.status,
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code, showing everything otherwise.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.status.code(),
            Some(code),
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }
}

/// Renders arguments as one copy-paste shell line (single quotes where needed).
pub fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
            if plain {
                (*a).to_owned()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a sequence of JSON values (grpcurl prints one pretty-printed object per message).
pub fn json_values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not a sequence of JSON values ({e}):\n{text}"))
}

// --- Proto parsing (for `describe` of every type) ----------------------------------------------

/// Every message and enum in `proto/paragraphd/v1/*.proto`: full name → first doc-comment line.
pub fn proto_types() -> BTreeMap<String, String> {
    let dir = manifest_dir().join("proto/paragraphd/v1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "proto"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .proto files in {}", dir.display());

    let mut types = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read proto");
        let mut package = String::new();
        // Enclosing messages: (name, brace depth outside it).
        let mut scope: Vec<(String, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut comment: Vec<String> = Vec::new();
        for raw in text.lines() {
            let line = raw.trim();
            if let Some(c) = line.strip_prefix("//") {
                comment.push(c.trim().to_owned());
                continue;
            }
            let code = line.split("//").next().unwrap_or("").trim();
            if let Some(p) = code.strip_prefix("package ") {
                package = p.trim_end_matches(';').trim().to_owned();
            }
            let decl = code
                .strip_prefix("message ")
                .or_else(|| code.strip_prefix("enum "))
                .and_then(|rest| rest.split_whitespace().next())
                .map(|n| n.trim_end_matches('{').to_owned());
            if let Some(name) = decl {
                let full = std::iter::once(package.as_str())
                    .chain(scope.iter().map(|(n, _)| n.as_str()))
                    .chain(std::iter::once(name.as_str()))
                    .collect::<Vec<_>>()
                    .join(".");
                let doc = comment.first().cloned().unwrap_or_default();
                assert!(
                    !doc.is_empty(),
                    "{full} in {} has no documentation comment",
                    file.display()
                );
                types.insert(full, doc);
                if code.starts_with("message ") {
                    scope.push((name, depth));
                }
            }
            depth += code.matches('{').count();
            depth -= code.matches('}').count();
            while scope.last().is_some_and(|&(_, d)| d >= depth) {
                scope.pop();
            }
            comment.clear();
        }
    }
    types
}

/// Standard base64 with padding, as proto3 JSON expects for `bytes`.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

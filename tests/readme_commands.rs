//! Every command of the ```` ```sh ```` blocks of `README.md` and `deploy/README.md` runs here, as
//! written, against the real binary: a newcomer's copy-paste must work.
//!
//! Each command runs with `bash -o pipefail -c` in a scratch directory that looks like a checkout
//! (`tests`, `corpus`, `deploy`, `proto`, `scripts` and `target` link to this one) holding
//! `report.pdf`, a copy of the largest report of the shared corpus ([`REPORT_PDF`], 1.7 MB: no
//! report there is over 2 MB). The only substitutions: the test server's `127.0.0.1:PORT` for
//! `localhost:50051`, a scratch directory for `/tmp/reports`, and `cargo run --release [-- ARGS]`
//! starts (in place of the previous one) `paragraphd serve --listen 127.0.0.1:0 [ARGS]`, the
//! debug binary under test. The pinned grpcurl is first on `PATH`. Each file starts with a server
//! of the built-in sample (deploy/README.md's `kubectl port-forward` stands for it), polled by
//! health until `SERVING`. A command exits 0 unless [`EXIT_CODES`] says otherwise; the ingest
//! recipes must answer the report's summary under their id, and the `WatchDocuments` watch must
//! show every document they send, or copy into the corpus directory, arrive.
//!
//! A command that cannot run here is listed in [`NOT_RUN`] with the reason. A new command that
//! is not listed and that this test does not know how to run ([`runnable`]) fails the test, so a
//! README command is never silently untested; a [`NOT_RUN`] or [`EXIT_CODES`] entry that the
//! READMEs no longer hold fails it too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::clients::{
    README_ADDR, Server, grpcurl_path, json_values, manifest_dir, python_path, target_dir,
};

/// Commands that cannot run in a test: (file, command as written without a trailing comment,
/// why).
const NOT_RUN: &[(&str, &str, &str)] = &[
    (
        "README.md",
        "cargo test",
        "it is this test run: running it here would recurse",
    ),
    (
        "README.md",
        "paragraphd [serve] [flags]",
        "a usage synopsis with placeholders; `serve` runs in every test of the binary",
    ),
    (
        "README.md",
        "paragraphd parse FILE|DIR... [--json]",
        "a usage synopsis with placeholders; `parse` is tested by e2e_binary",
    ),
    (
        "README.md",
        "cargo fmt --check && cargo clippy --all-targets --all-features -- -D warnings && cargo test",
        "runs the whole test suite, this test included: recursion (CI runs it)",
    ),
    (
        "README.md",
        "bash .ci/run",
        "CI itself: the whole suite, a release build and the referee, tens of minutes",
    ),
    (
        "README.md",
        "bash scripts/bench.sh",
        "the benchmarks: about 7 minutes of release builds and load, and it rewrites BENCHMARKS.md",
    ),
    (
        "README.md",
        "python3 scripts/text_vs_pdf.py",
        "parses the whole un2025 corpus twice with a release binary: minutes",
    ),
    (
        "deploy/README.md",
        "docker build -f deploy/Dockerfile -t registry.example.com/paragraphd:0.1.0 .",
        "no Docker engine here; tests/deploy.rs checks the Dockerfile and its build command",
    ),
    (
        "deploy/README.md",
        "docker push registry.example.com/paragraphd:0.1.0",
        "no Docker engine and no registry here",
    ),
    (
        "deploy/README.md",
        "docker build -f deploy/Dockerfile -t registry.example.com/paragraphd:dev .",
        "no Docker engine here; tests/deploy.rs checks that the overlays run the tags built",
    ),
    (
        "deploy/README.md",
        "docker push registry.example.com/paragraphd:dev",
        "no Docker engine and no registry here",
    ),
    (
        "deploy/README.md",
        "docker run --rm -p 50051:50051 registry.example.com/paragraphd:0.1.0",
        "no Docker engine here",
    ),
    (
        "deploy/README.md",
        "docker run --rm -p 50051:50051 -v \"$PWD/reports:/data:ro\" -e PARAGRAPHD_READ_ONLY=true registry.example.com/paragraphd:0.1.0",
        "no Docker engine here",
    ),
    (
        "deploy/README.md",
        "docker run --rm -p 50051:50051 -v paragraphd-corpus:/data registry.example.com/paragraphd:0.1.0",
        "no Docker engine here",
    ),
    (
        "deploy/README.md",
        "kubectl create secret tls paragraphd-tls --cert=tls.crt --key=tls.key -n paragraphd",
        "needs a cluster; deploy/check.sh renders and validates prod, which mounts it",
    ),
    (
        "deploy/README.md",
        "kubectl create secret generic paragraphd-auth --from-file=tokens=tokens -n paragraphd",
        "needs a cluster; deploy/check.sh renders and validates prod, which mounts it",
    ),
    (
        "deploy/README.md",
        "kubectl apply -k deploy/k8s/overlays/dev",
        "needs a cluster; `kubectl kustomize` of the same overlay runs here and in deploy/check.sh",
    ),
    (
        "deploy/README.md",
        "kubectl rollout status deployment/paragraphd -n paragraphd-dev",
        "needs a cluster",
    ),
    (
        "deploy/README.md",
        "kubectl port-forward svc/paragraphd 50051:50051 -n paragraphd-dev",
        "needs a cluster; the test's own server stands for the forwarded port",
    ),
    (
        "deploy/README.md",
        "kubectl apply -f deploy/k8s/tools/corpus-loader.yaml",
        "needs a cluster; deploy/check.sh validates the manifest",
    ),
    (
        "deploy/README.md",
        "kubectl wait --for=condition=Ready pod/paragraphd-corpus-loader -n paragraphd --timeout=5m",
        "needs a cluster",
    ),
    (
        "deploy/README.md",
        "kubectl cp reports paragraphd-corpus-loader:/data/reports -n paragraphd",
        "needs a cluster",
    ),
    (
        "deploy/README.md",
        "kubectl delete pod paragraphd-corpus-loader -n paragraphd",
        "needs a cluster",
    ),
    (
        "deploy/README.md",
        "kubectl rollout restart deployment/paragraphd -n paragraphd",
        "needs a cluster",
    ),
    (
        "deploy/README.md",
        "kubectl patch hpa paragraphd -n paragraphd --type merge -p '{\"spec\":{\"minReplicas\":4,\"maxReplicas\":12}}'",
        "needs a cluster",
    ),
    (
        "deploy/README.md",
        "kubectl scale deployment/paragraphd --replicas=2 -n paragraphd-dev",
        "needs a cluster",
    ),
];

/// Commands documented to fail, with grpcurl's exit code (64 + the gRPC status).
const EXIT_CODES: &[(&str, &str, i32)] = &[
    (
        "README.md",
        r#"grpcurl -plaintext -d '{"query":"*orum"}' localhost:50051 paragraphd.v1.Documents/SearchParagraphs"#,
        67,
    ),
    (
        "README.md",
        r#"grpcurl -plaintext -d '{"document":"A/HRC/99/999","selectors":[{"number":"1"}]}' localhost:50051 paragraphd.v1.Documents/SelectParagraphs"#,
        69,
    ),
    (
        "README.md",
        "grpcurl -plaintext -d '{}' localhost:50051 paragraphd.v1.Documents/GetDocument",
        67,
    ),
    (
        "README.md",
        r#"grpcurl -plaintext -d '{"document":"A/HRC/52/71","language":"fr"}' localhost:50051 paragraphd.v1.Documents/GetDocument"#,
        69,
    ),
    (
        "README.md",
        r#"grpcurl -plaintext -d '{"document":"A/HRC/52/71","point":{"page":1,"x":100,"y":300}}' localhost:50051 paragraphd.v1.Documents/LocateParagraphs"#,
        73,
    ),
];

/// The report sent by the ingest recipes: the largest PDF of `../shared/corpus/un2025`.
const REPORT_PDF: &str = "un2025/A_79_352.en.pdf";
/// Its symbol, which every ingest answers.
const REPORT_SYMBOL: &str = "A/79/352";
/// The corpus directory the README writes to, replaced by a scratch directory.
const README_CORPUS: &str = "/tmp/reports";
/// The Python of the provisioned venv, as the README names it.
const VENV_PYTHON: &str = "target/test-tools/venv/bin/python";
/// The README's provisioning of the clients (cached by then: the test provisions them first).
const PROVISION: &str = "bash tests/tools/provision.sh";
/// The README's `PATH` for grpcurl: the test gives every command that `PATH`.
const EXPORT_PATH: &str = r#"export PATH="$PWD/target/test-tools/bin:$PATH""#;
/// The README's server command, replaced by the binary under test.
const CARGO_RUN: &str = "cargo run --release";
/// Longest any one command may take (an ingest of the report by the debug binary included).
const COMMAND_TIMEOUT_SECONDS: u32 = 300;
/// How long the watch may take to show what was sent, and how often it is looked at.
const WATCH_TIMEOUT: Duration = Duration::from_secs(120);
const WATCH_POLL: Duration = Duration::from_millis(100);

/// Every README command is run or listed, and the ingest recipes work on a real report.
#[test]
fn readme_commands_run_as_written() {
    let workspace = Workspace::new();
    let mut unused_not_run: BTreeSet<(&str, &str)> =
        NOT_RUN.iter().map(|&(f, c, _)| (f, c)).collect();
    let mut unused_codes: BTreeSet<(&str, &str)> =
        EXIT_CODES.iter().map(|&(f, c, _)| (f, c)).collect();
    for file in ["README.md", "deploy/README.md"] {
        let text = std::fs::read_to_string(manifest_dir().join(file)).expect("read the README");
        let commands = sh_commands(&text);
        assert!(!commands.is_empty(), "{file} has no sh commands");
        let mut session = Session::new(&workspace, file);
        for command in &commands {
            let key = without_comment(command);
            if let Some(&(f, c, _)) = NOT_RUN.iter().find(|&&(f, c, _)| f == file && c == key) {
                unused_not_run.remove(&(f, c));
                continue;
            }
            let code = match EXIT_CODES.iter().find(|&&(f, c, _)| f == file && c == key) {
                Some(&(f, c, code)) => {
                    unused_codes.remove(&(f, c));
                    code
                }
                None => 0,
            };
            assert!(
                runnable(key),
                "{file}: `{key}` is neither run by this test nor listed in NOT_RUN: teach \
                 readme_commands.rs to run it, or list it with the reason it cannot run"
            );
            session.run(command, code);
        }
        session.finish();
    }
    assert!(
        unused_not_run.is_empty() && unused_codes.is_empty(),
        "entries for commands the READMEs no longer hold: NOT_RUN {unused_not_run:?}, \
         EXIT_CODES {unused_codes:?}"
    );
}

/// Whether this test knows how to run `command`: the server command, the provisioning and
/// `PATH` of the clients, grpcurl, the venv's Python, `kubectl kustomize`, `cp`, or a `{ ...; } | grpcurl` group of `printf`, `echo`,
/// `base64` and `split` that builds the request. Anything else (a cluster, a network download, a
/// new tool) must be taught here or listed in [`NOT_RUN`].
fn runnable(command: &str) -> bool {
    let first_line = command.lines().next().unwrap_or_default();
    let program = first_line.split_whitespace().next().unwrap_or_default();
    // One program, nothing chained after it (a here-document's body is on the next lines).
    let simple = ["&&", "||", ";", " | ", "$(", "`"]
        .iter()
        .all(|op| !first_line.contains(op));
    match program {
        "grpcurl" | VENV_PYTHON | "cp" => simple,
        "bash" => first_line == PROVISION,
        "export" => first_line == EXPORT_PATH,
        "cargo" => simple && first_line.starts_with(CARGO_RUN),
        "kubectl" => simple && first_line.starts_with("kubectl kustomize "),
        "{" => {
            ["&&", "||", "$(", "`"]
                .iter()
                .all(|op| !first_line.contains(op))
                && first_line
                    .strip_prefix("{ ")
                    .and_then(|rest| rest.split_once("; } | grpcurl "))
                    .is_some_and(|(group, _)| {
                        group.split("; ").all(|statement| {
                            let word = statement.split_whitespace().next().unwrap_or_default();
                            ["printf", "echo", "base64", "split"].contains(&word)
                        })
                    })
        }
        _ => false,
    }
}

/// The parser joins continuations and here-documents, drops comments, and keys by the command.
#[test]
fn sh_commands_joins_continuations_and_here_documents_and_knows_what_it_runs() {
    let text = "x\n```sh\n# note\ncargo run   # serves\na \\\n  b\nc <<EOF\n{}\nEOF\n```\n\
                ```yaml\nnot: run\n```\n```sh\nd\n```\n";
    let commands = sh_commands(text);
    assert_eq!(
        commands,
        ["cargo run   # serves", "a b", "c <<EOF\n{}\nEOF", "d"]
    );
    assert_eq!(without_comment(&commands[0]), "cargo run");
    for (command, runs) in [
        ("cargo run --release -- --corpus /tmp/reports", true),
        ("cargo build", false),
        ("kubectl kustomize deploy/k8s/overlays/dev", true),
        ("kubectl apply -k deploy/k8s/overlays/dev", false),
        ("{ echo '{}'; base64 -w0 f; } | grpcurl -d @ x y", true),
        ("{ echo '{}'; curl -s x; } | grpcurl -d @ x y", false),
        ("{ echo \"$(curl -s x)\"; } | grpcurl -d @ x y", false),
        ("curl -O https://example.org/report.pdf", false),
        ("grpcurl -plaintext localhost:50051 list && curl x", false),
        ("cp a b; rm -rf c", false),
        ("bash tests/tools/provision.sh", true),
        ("bash scripts/bench.sh", false),
        (
            "grpcurl -d @ x y <<EOF\n{\"a\":\"$(base64 -w0 f)\"}\nEOF",
            true,
        ),
    ] {
        assert_eq!(runnable(command), runs, "{command}");
    }
}

/// The commands of the ```` ```sh ```` blocks of a Markdown text: lines continued with `\`
/// joined, a here-document kept with its command, comment lines and blank lines dropped.
fn sh_commands(text: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_block = false;
    let mut current = String::new();
    let mut heredoc: Option<String> = None;
    for line in text.lines() {
        if !in_block {
            in_block = line == "```sh";
            continue;
        }
        if let Some(end) = &heredoc {
            current.push('\n');
            current.push_str(line);
            if line == end {
                heredoc = None;
                commands.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line == "```" {
            assert!(
                current.is_empty(),
                "a sh block ends inside a command: {current}"
            );
            in_block = false;
            continue;
        }
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body.trim_end());
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        heredoc = here_document_end(trimmed);
        if heredoc.is_none() {
            commands.push(std::mem::take(&mut current));
        }
    }
    commands
}

/// The delimiter of a here-document the line opens (`<<EOF`, `<<'EOF'`), if any.
fn here_document_end(line: &str) -> Option<String> {
    let rest = line.split("<<").nth(1)?;
    let word: String = rest
        .trim_start_matches('-')
        .trim_matches(|c| c == '\'' || c == '"')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// A command without its trailing comment (`cmd   # why`): the key of the tables.
fn without_comment(command: &str) -> &str {
    command
        .find("  #")
        .map_or(command, |i| command[..i].trim_end())
}

/// A scratch directory that looks like a checkout with the user's `report.pdf` in it.
struct Workspace {
    dir: tempfile::TempDir,
    /// Where `/tmp/reports` points (not created: the server creates it).
    corpus: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["tests", "corpus", "deploy", "proto", "scripts"] {
            std::os::unix::fs::symlink(manifest_dir().join(name), dir.path().join(name))
                .expect("symlink");
        }
        std::os::unix::fs::symlink(target_dir(), dir.path().join("target")).expect("symlink");
        let report = manifest_dir().join("../shared/corpus").join(REPORT_PDF);
        assert!(report.is_file(), "missing corpus file {}", report.display());
        std::fs::copy(&report, dir.path().join("report.pdf")).expect("copy the report");
        let corpus = dir.path().join("reports");
        Workspace { dir, corpus }
    }
}

/// The commands of one README, run in order against one server at a time.
struct Session<'w> {
    workspace: &'w Workspace,
    file: &'static str,
    server: Server,
    /// Background commands (the watch): the process and the file its output goes to.
    watches: Vec<(Child, PathBuf)>,
    /// Documents the commands sent or copied, by id: each must arrive in every watch.
    sent: BTreeSet<String>,
}

impl<'w> Session<'w> {
    fn new(workspace: &'w Workspace, file: &'static str) -> Session<'w> {
        Session {
            workspace,
            file,
            server: Server::start(),
            watches: Vec::new(),
            sent: BTreeSet::new(),
        }
    }

    /// Runs one documented command, which must exit with `code`.
    fn run(&mut self, command: &str, code: i32) {
        if let Some(rest) = command.strip_prefix(CARGO_RUN) {
            self.restart(rest);
            return;
        }
        if command.contains(VENV_PYTHON) || command == PROVISION {
            // Provisions the venv the command runs (`target` is this checkout's).
            python_path();
        }
        let script = self.substitute(command);
        if command.contains("paragraphd.v1.Documents/WatchDocuments") {
            self.watch(&script);
            return;
        }
        let out = Command::new("timeout")
            .arg(COMMAND_TIMEOUT_SECONDS.to_string())
            .args(["bash", "-o", "pipefail", "-c", &script])
            .current_dir(self.workspace.dir.path())
            .env("PATH", self.path())
            .stdin(Stdio::null())
            .output()
            .expect("run bash");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let describe = || {
            format!(
                "{}: $ {command}\nexit: {}\n--- stdout\n{}\n--- stderr\n{}\n--- server\n{}",
                self.file,
                out.status,
                truncate(&stdout),
                String::from_utf8_lossy(&out.stderr),
                truncate(&self.server.logs())
            )
        };
        assert_eq!(out.status.code(), Some(code), "{}", describe());
        if let Some(id) = ingest_id(command) {
            let summary = &json_values(&stdout)[0];
            assert_eq!(summary["id"], id.as_str(), "{}", describe());
            assert_eq!(summary["symbol"], REPORT_SYMBOL, "{}", describe());
            assert_eq!(summary["revision"], "1", "{}", describe());
            self.sent.insert(id);
        }
        if let Some(id) = copied_id(command) {
            self.sent.insert(id);
        }
        if command.contains("SelectParagraphs") && code == 0 {
            assert!(
                !json_values(&stdout).is_empty(),
                "no paragraph\n{}",
                describe()
            );
        }
        if command.starts_with("kubectl kustomize ") {
            assert!(stdout.contains("\nkind: Deployment\n"), "{}", describe());
        }
    }

    /// `cargo run --release [-- ARGS]`: the binary under test with ARGS, in place of the server.
    fn restart(&mut self, rest: &str) {
        let rest = without_comment(rest).trim();
        let args: Vec<String> = match rest.strip_prefix("--") {
            Some(args) => args
                .split_whitespace()
                .map(|a| self.substitute(a))
                .collect(),
            None if rest.is_empty() => Vec::new(),
            None => panic!("{}: unexpected `{CARGO_RUN} {rest}`", self.file),
        };
        self.stop_watches();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.server = Server::start_with(&args);
    }

    /// Starts a streaming command in the background and waits until its snapshot has ended, so
    /// what follows arrives as events.
    fn watch(&mut self, script: &str) {
        let output = self
            .workspace
            .dir
            .path()
            .join(format!("watch-{}.json", self.watches.len()));
        let file = std::fs::File::create(&output).expect("create the watch output");
        let child = Command::new("bash")
            .args(["-c", &format!("exec {script}")])
            .current_dir(self.workspace.dir.path())
            .env("PATH", self.path())
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the watch");
        self.watches.push((child, output.clone()));
        self.wait_for(&output, "the end of the snapshot", |events| {
            events
                .iter()
                .any(|e| e["kind"] == "DOCUMENT_EVENT_KIND_SNAPSHOT_END")
        });
    }

    /// Every document sent arrived in every watch as ADDED (after its snapshot); then the
    /// watches stop.
    fn finish(mut self) {
        let outputs: Vec<PathBuf> = self.watches.iter().map(|(_, p)| p.clone()).collect();
        if self.file == "README.md" {
            assert!(
                !outputs.is_empty(),
                "README.md has no WatchDocuments command"
            );
            assert!(
                self.sent.len() >= 5,
                "README.md's ingest recipes sent only {:?}",
                self.sent
            );
        }
        let sent = self.sent.clone();
        for output in &outputs {
            self.wait_for(output, "every document sent", |events| {
                let after = events
                    .iter()
                    .skip_while(|e| e["kind"] != "DOCUMENT_EVENT_KIND_SNAPSHOT_END");
                let added: BTreeSet<&str> = after
                    .filter(|e| e["kind"] == "DOCUMENT_EVENT_KIND_ADDED")
                    .filter_map(|e| e["document"]["id"].as_str())
                    .collect();
                sent.iter().all(|id| added.contains(id.as_str()))
            });
        }
        self.stop_watches();
    }

    /// Polls a watch's output until `done` holds of its events; fails after [`WATCH_TIMEOUT`].
    fn wait_for(&mut self, output: &Path, what: &str, done: impl Fn(&[Value]) -> bool) {
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(output).expect("read the watch output");
            if done(&complete_values(&text)) {
                return;
            }
            let exited = self
                .watches
                .iter_mut()
                .any(|(c, _)| matches!(c.try_wait(), Ok(Some(_))));
            assert!(
                !exited && start.elapsed() < WATCH_TIMEOUT,
                "{}: the watch did not show {what} (sent: {:?}; exited: {exited})\n--- watch\n{}\n\
                 --- server\n{}",
                self.file,
                self.sent,
                truncate(&text),
                truncate(&self.server.logs())
            );
            std::thread::sleep(WATCH_POLL);
        }
    }

    fn stop_watches(&mut self) {
        for (mut child, _) in self.watches.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The command with the test's server address and corpus directory.
    fn substitute(&self, text: &str) -> String {
        text.replace(README_ADDR, &self.server.addr).replace(
            README_CORPUS,
            self.workspace.corpus.to_str().expect("utf-8"),
        )
    }

    /// `PATH` with the pinned grpcurl first.
    fn path(&self) -> String {
        let grpcurl_dir = grpcurl_path().parent().expect("grpcurl's directory");
        format!(
            "{}:{}",
            grpcurl_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.stop_watches();
    }
}

/// The id an ingest command sends its document under (`"id":"X"` in its JSON, or `--id X`).
fn ingest_id(command: &str) -> Option<String> {
    let ingests = [
        "/IngestDocument",
        "/UploadDocument",
        "ingest_document.py",
        "upload_document.py",
    ];
    if !ingests.iter().any(|m| command.contains(m)) {
        return None;
    }
    let id = if let Some(rest) = command.split(r#""id":""#).nth(1) {
        rest.split('"').next()
    } else {
        command
            .split(" --id ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
    };
    Some(
        id.unwrap_or_else(|| panic!("an ingest without an id: {command}"))
            .to_owned(),
    )
}

/// The id of a document copied into the corpus directory (`cp FILE /tmp/reports/ID.pdf`).
fn copied_id(command: &str) -> Option<String> {
    let dest = command.strip_prefix("cp ")?.split_whitespace().last()?;
    let rel = dest.strip_prefix(README_CORPUS)?.trim_start_matches('/');
    Some(
        rel.rsplit_once('.')
            .map_or(rel, |(stem, _)| stem)
            .to_owned(),
    )
}

/// The complete JSON values at the start of `text` (a watch may be mid-message).
fn complete_values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect()
}

/// At most the last 4000 characters of a long text, for failure messages.
fn truncate(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let skip = chars.len().saturating_sub(4000);
    chars[skip..].iter().collect()
}

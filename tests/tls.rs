//! TLS and mutual TLS (issue 24) with real clients against the real binary: grpcurl 1.8.6 with
//! `-cacert` (and `-cert`/`-key`), Python grpcio secure channels, certificates made at run time
//! by a test CA ([`Pki`]). A certificate rotated on disk is used by new connections without a
//! restart, while a stream opened before the rotation goes on.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::clients::{README_ADDR, Run, Server, base64, grpcurl_path, manifest_dir};
use crate::common::credentials::{CredentialFiles, Pki, READER_TOKEN};

const SELECT: &str = r#"{"document":"A/HRC/52/71","selectors":[{"number":"58"}]}"#;
const SELECT_METHOD: &str = "paragraphd.v1.Documents/SelectParagraphs";
const HEALTH: &str = "grpc.health.v1.Health/Check";

/// The server's certificate and key files in `dir`.
fn server_files(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("tls.crt"), dir.join("tls.key"))
}

/// Starts a TLS server with the certificate `pki` issued into `dir`, and `extra` arguments.
fn start_tls(dir: &Path, pki: &Pki, ca_name: &str, extra: &[&str]) -> Server {
    let (cert, key) = server_files(dir);
    pki.issue_server(&cert, &key);
    let (cert, key) = (cert.to_str().expect("utf-8"), key.to_str().expect("utf-8"));
    let mut args = vec!["--tls-cert", cert, "--tls-key", key];
    args.extend_from_slice(extra);
    let ca = pki.ca_path(ca_name);
    Server::start_with_client(&args, &["-cacert", ca.to_str().expect("utf-8")])
}

/// grpcurl with connection flags `flags`, then `-d data`, the address and `method`.
fn call(server: &Server, flags: &[&str], data: &str, method: &str) -> Run {
    let mut args = flags.to_vec();
    args.extend(["-d", data, README_ADDR, method]);
    server.grpcurl(&args)
}

/// Borrowed flags of owned ones.
fn flags(owned: &[String]) -> Vec<&str> {
    owned.iter().map(String::as_str).collect()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

#[test]
fn grpcurl_and_python_call_over_tls_with_the_ca() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pki = Pki::new(dir.path(), "first");
    let server = start_tls(
        dir.path(),
        &pki,
        "first",
        &["--health-listen", "127.0.0.1:0"],
    );
    let ca = pki.ca_path("first");
    let run = call(&server, &["-cacert", path(&ca)], SELECT, SELECT_METHOD);
    assert!(
        run.assert_code(0).stdout().contains(r#""number": "58""#),
        "{}",
        run.describe()
    );
    let plaintext = call(&server, &["-plaintext"], SELECT, SELECT_METHOD);
    assert_ne!(plaintext.status.code(), Some(0), "{}", plaintext.describe());

    let script = "tests/clients/select_paragraphs.py";
    let run = server.python(&[
        script,
        README_ADDR,
        "--ca",
        path(&ca),
        "--first",
        "58",
        "--last",
        "58",
    ]);
    assert!(
        run.assert_code(0).stdout().contains(r#""number": "58""#),
        "{}",
        run.describe()
    );
    let run = server.python(&[
        script,
        README_ADDR,
        "--first",
        "58",
        "--last",
        "58",
        "--ready-timeout",
        "1",
    ]);
    assert_ne!(
        run.status.code(),
        Some(0),
        "plaintext Python reached a TLS server"
    );
    assert!(server.logs().contains("TLS on"), "{}", server.logs());

    // The plaintext health port (for probes without TLS) serves health (and reflection), not
    // the Documents service.
    let health = server.grpcurl(&["-plaintext", &server.health_addr, HEALTH]);
    assert!(
        health.assert_code(0).stdout().contains("SERVING"),
        "{}",
        health.describe()
    );
    let args = [
        "-plaintext",
        "-d",
        SELECT,
        &server.health_addr,
        SELECT_METHOD,
    ];
    server.grpcurl(&args).assert_code(64 + 12);
}

#[test]
fn mutual_tls_takes_the_client_certificate_as_the_principal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pki = Pki::new(dir.path(), "first");
    let files = CredentialFiles::new("indexer writer cert:indexer\n");
    let corpus = tempfile::tempdir().expect("tempdir");
    let ca = pki.ca_path("first");
    let tokens = files.tokens();
    let extra = [
        "--tls-client-ca",
        path(&ca),
        "--auth-tokens",
        path(&tokens),
        "--corpus",
        path(corpus.path()),
    ];
    let server = start_tls(dir.path(), &pki, "first", &extra);
    let (indexer_cert, indexer_key) = pki.issue_client("indexer");
    let (stranger_cert, stranger_key) = pki.issue_client("stranger");
    let rogue = Pki::new(dir.path(), "rogue");
    let (rogue_cert, rogue_key) = rogue.issue_client("indexer");
    let as_client = |cert: &Path, key: &Path| {
        vec!["-cacert", path(&ca), "-cert", path(cert), "-key", path(key)]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };

    let sample = std::fs::read(manifest_dir().join("corpus/A_HRC_52_71_page7.txt")).expect("read");
    let ingest = format!(
        r#"{{"media_type":"text/plain","id":"by-certificate","content":"{}"}}"#,
        base64(&sample)
    );
    let method = "paragraphd.v1.Documents/IngestDocument";
    let indexer = as_client(&indexer_cert, &indexer_key);
    call(&server, &flags(&indexer), &ingest, method).assert_code(0);
    assert!(
        server.logs().contains("write by indexer (certificate)"),
        "{}",
        server.logs()
    );

    let anonymous = call(&server, &["-cacert", path(&ca)], &ingest, method);
    anonymous.assert_code(64 + 16);
    let stranger = as_client(&stranger_cert, &stranger_key);
    let run = call(&server, &flags(&stranger), SELECT, SELECT_METHOD);
    run.assert_code(64 + 7);
    assert!(
        run.stderr().contains("needs the role reader"),
        "{}",
        run.describe()
    );
    let rogue = as_client(&rogue_cert, &rogue_key);
    let run = call(&server, &flags(&rogue), SELECT, SELECT_METHOD);
    assert_ne!(
        run.status.code(),
        Some(0),
        "a certificate of another CA was taken"
    );
    let bearer = format!("authorization: Bearer {READER_TOKEN}");
    let with_token = ["-cacert", path(&ca), "-H", bearer.as_str()];
    call(&server, &with_token, SELECT, SELECT_METHOD).assert_code(0);

    let script = "tests/clients/select_paragraphs.py";
    let (cert, key) = (path(&indexer_cert), path(&indexer_key));
    let args = [
        script,
        README_ADDR,
        "--ca",
        path(&ca),
        "--cert",
        cert,
        "--key",
        key,
    ];
    server.python(&args).assert_code(0);
}

#[test]
fn a_certificate_rotated_on_disk_is_used_by_new_connections_and_open_streams_go_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = Pki::new(dir.path(), "first");
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = start_tls(
        dir.path(),
        &first,
        "first",
        &["--corpus", path(corpus.path())],
    );
    let first_ca = first.ca_path("first");
    let watch = Watch::open(&server, &first_ca);

    let second = Pki::new(dir.path(), "second");
    let (cert, key) = server_files(dir.path());
    second.issue_server(&cert, &key);
    let second_ca = second.ca_path("second");
    let new_flags = ["-cacert", path(&second_ca)];
    let mut last = None;
    for _ in 0..100 {
        let run = call(&server, &new_flags, "{}", HEALTH);
        if run.status.success() {
            last = None;
            break;
        }
        last = Some(run);
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Some(run) = last {
        panic!(
            "the rotated certificate was never served\n{}\n{}",
            run.describe(),
            server.logs()
        );
    }
    let old = call(&server, &["-cacert", path(&first_ca)], "{}", HEALTH);
    assert_ne!(
        old.status.code(),
        Some(0),
        "a new connection still got the old certificate"
    );

    // The stream opened before the rotation sees a document ingested after it.
    let sample = std::fs::read(manifest_dir().join("corpus/A_HRC_52_71_page7.txt")).expect("read");
    let ingest = format!(
        r#"{{"media_type":"text/plain","id":"after-rotation","content":"{}"}}"#,
        base64(&sample)
    );
    call(
        &server,
        &new_flags,
        &ingest,
        "paragraphd.v1.Documents/IngestDocument",
    )
    .assert_code(0);
    assert!(
        watch.saw("after-rotation"),
        "the watch opened before the rotation ended"
    );
}

/// A grpcurl `WatchDocuments` running in the background, its output lines on a channel.
struct Watch {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
}

impl Watch {
    /// Opens the watch (with the snapshot) and waits for its first line: the stream is open.
    fn open(server: &Server, ca: &Path) -> Watch {
        let mut child = Command::new(grpcurl_path())
            .args(["-cacert", path(ca), "-max-time", "60"])
            .args(["-d", r#"{"include_snapshot":true}"#, &server.addr])
            .arg("paragraphd.v1.Documents/WatchDocuments")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn grpcurl");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let watch = Watch { child, lines };
        assert!(
            watch.lines.recv_timeout(Duration::from_secs(30)).is_ok(),
            "the watch printed nothing"
        );
        watch
    }

    /// Whether a line mentioning `id` arrives within 30 s.
    fn saw(&self, id: &str) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(id) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

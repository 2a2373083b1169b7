//! Authentication and authorisation (issue 24) with a real client: grpcurl 1.8.6 against the
//! real binary with `--auth-tokens` (hashed bearer tokens with roles) and `--auth-jwks` (JWTs
//! verified offline). For each write RPC (IngestDocument, UploadDocument, DeleteDocument):
//! no credentials, an unknown token, an expired JWT and a JWT of a stranger's key are
//! UNAUTHENTICATED (grpcurl exits 64 + 16); a reader's token or JWT is PERMISSION_DENIED naming
//! the role needed (64 + 7); a writer's token or JWT goes through, and the log names who wrote.
//! Reads need credentials unless `--allow-anonymous-reads`; health stays open.

use crate::common::clients::{README_ADDR, Run, Server, base64, manifest_dir};
use crate::common::credentials::{CredentialFiles, READER_TOKEN, WRITER_TOKEN, stranger_jwt};

/// grpcurl's exit code for a status code.
const UNAUTHENTICATED: i32 = 64 + 16;
const PERMISSION_DENIED: i32 = 64 + 7;

/// A server with a writable corpus and both credential files.
struct Secured {
    server: Server,
    files: CredentialFiles,
    _corpus: tempfile::TempDir,
}

fn start(extra: &[&str]) -> Secured {
    let files = CredentialFiles::new("");
    let corpus = tempfile::tempdir().expect("tempdir");
    let (tokens, jwks) = (files.tokens(), files.jwks());
    let mut args = vec![
        "--corpus",
        corpus.path().to_str().expect("utf-8"),
        "--auth-tokens",
        tokens.to_str().expect("utf-8"),
        "--auth-jwks",
        jwks.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    Secured {
        server: Server::start_with(&args),
        files,
        _corpus: corpus,
    }
}

/// The sample report's text, base64, as `content` and `chunk` carry it.
fn sample() -> String {
    let text = std::fs::read(manifest_dir().join("corpus/A_HRC_52_71_page7.txt")).expect("read");
    base64(&text)
}

/// One write RPC: its method and its request (`-d`) for a document `id`.
#[derive(Debug, Clone, Copy)]
enum Write {
    Ingest,
    Upload,
    Delete,
}

impl Write {
    fn method(self) -> &'static str {
        match self {
            Write::Ingest => "paragraphd.v1.Documents/IngestDocument",
            Write::Upload => "paragraphd.v1.Documents/UploadDocument",
            Write::Delete => "paragraphd.v1.Documents/DeleteDocument",
        }
    }

    fn request(self, id: &str) -> String {
        let content = sample();
        match self {
            Write::Ingest => {
                format!(r#"{{"media_type":"text/plain","id":"{id}","content":"{content}"}}"#)
            }
            Write::Upload => format!(
                r#"{{"header":{{"media_type":"text/plain","id":"{id}"}}}} {{"chunk":"{content}"}}"#
            ),
            Write::Delete => format!(r#"{{"document":"{id}"}}"#),
        }
    }
}

/// Calls `method` with `data`, with `authorization: Bearer TOKEN` when `token` is given.
fn call(server: &Server, token: Option<&str>, data: &str, method: &str) -> Run {
    let header = token.map(|t| format!("authorization: Bearer {t}"));
    let mut args = vec!["-plaintext"];
    if let Some(header) = &header {
        args.extend(["-H", header.as_str()]);
    }
    args.extend(["-d", data, README_ADDR, method]);
    server.grpcurl(&args)
}

/// Asserts that `run` failed with `code`, its message containing `says`.
fn assert_refused(run: &Run, code: i32, says: &str) {
    run.assert_code(code);
    assert!(
        run.stderr().contains(says),
        "expected {says:?}\n{}",
        run.describe()
    );
}

#[test]
fn every_write_rpc_refuses_missing_bad_and_reader_credentials_and_takes_a_writer() {
    let s = start(&[]);
    let jwt_writer = s.files.jwt("pipeline", &["writer"]);
    let jwt_reader = s.files.jwt("dashboard", &["reader"]);
    let expired = s.files.expired_jwt("pipeline", &["writer"]);
    let stranger = stranger_jwt("mallory", &["admin"]);
    for write in [Write::Ingest, Write::Upload, Write::Delete] {
        // Deletes target a document a writer ingested first.
        let id = format!("doc-{write:?}").to_lowercase();
        if let Write::Delete = write {
            let data = Write::Ingest.request(&id);
            call(&s.server, Some(WRITER_TOKEN), &data, Write::Ingest.method()).assert_code(0);
        }
        let (data, method) = (write.request(&id), write.method());
        let unauthenticated = [
            (None, "needs the role writer"),
            (Some("not-a-known-token"), "not one the server knows"),
            (Some(expired.as_str()), "ExpiredSignature"),
            (Some(stranger.as_str()), "InvalidSignature"),
        ];
        for (token, says) in unauthenticated {
            let run = call(&s.server, token, &data, method);
            assert_refused(&run, UNAUTHENTICATED, says);
        }
        for token in [READER_TOKEN, jwt_reader.as_str()] {
            let run = call(&s.server, Some(token), &data, method);
            assert_refused(&run, PERMISSION_DENIED, "needs the role writer");
        }
        call(&s.server, Some(WRITER_TOKEN), &data, method).assert_code(0);
        if let Write::Delete = write {
            // Deleted: the JWT writer deletes the next one.
            let data = Write::Ingest.request(&id);
            call(&s.server, Some(&jwt_writer), &data, Write::Ingest.method()).assert_code(0);
        }
        call(&s.server, Some(&jwt_writer), &data, method).assert_code(0);
    }
    let logs = s.server.logs();
    assert!(logs.contains("write by ci-writer (token)"), "{logs}");
    assert!(logs.contains("write by pipeline (jwt)"), "{logs}");
}

#[test]
fn reads_need_credentials_unless_anonymous_reads_are_allowed() {
    let select = r#"{"document":"A/HRC/52/71","selectors":[{"number":"58"}]}"#;
    let method = "paragraphd.v1.Documents/SelectParagraphs";
    let s = start(&[]);
    let run = call(&s.server, None, select, method);
    assert_refused(&run, UNAUTHENTICATED, "needs the role reader");
    call(&s.server, Some(READER_TOKEN), select, method).assert_code(0);
    let jwt = s.files.jwt("dashboard", &["reader"]);
    call(&s.server, Some(&jwt), select, method).assert_code(0);
    // A JWT without a role this server knows is a principal without a role.
    let roleless = s.files.jwt("nobody", &["viewer"]);
    let run = call(&s.server, Some(&roleless), select, method);
    assert_refused(&run, PERMISSION_DENIED, "needs the role reader");

    let open = start(&["--allow-anonymous-reads"]);
    call(&open.server, None, select, method).assert_code(0);
    let run = call(&open.server, Some("wrong"), select, method);
    assert_refused(&run, UNAUTHENTICATED, "not one the server knows");
    let ingest = Write::Ingest.request("anonymous");
    let run = call(&open.server, None, &ingest, Write::Ingest.method());
    assert_refused(&run, UNAUTHENTICATED, "needs the role writer");
}

#[test]
fn a_token_added_to_the_file_works_without_a_restart() {
    let s = start(&[]);
    let select = r#"{"document":"A/HRC/52/71","selectors":[{"number":"58"}]}"#;
    let method = "paragraphd.v1.Documents/SelectParagraphs";
    let fresh = "fresh-token-added-later";
    assert_refused(
        &call(&s.server, Some(fresh), select, method),
        UNAUTHENTICATED,
        "not one the server knows",
    );
    let line = format!(
        "late reader sha256:{}\n",
        paragraphd::grpc::auth::credentials::token_hash(fresh)
    );
    s.files.write_tokens(&line);
    // The file is loaded again when it changes: poll until the token is known.
    let mut last = None;
    for _ in 0..100 {
        let run = call(&s.server, Some(fresh), select, method);
        if run.status.success() {
            return;
        }
        last = Some(run);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!(
        "the new token was never accepted\n{}",
        last.map(|r| r.describe()).unwrap_or_default()
    );
}

//! Credentials made at run time for the security tests: a token file, a JWKS of a key pair
//! generated here and JWTs signed with it (or with a stranger's key). Nothing secret is
//! committed: every key is generated when the test runs.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use paragraphd::grpc::auth::credentials::token_hash;

/// The bearer token of the token file's writer.
pub const WRITER_TOKEN: &str = "test-writer-token-7c1f";
/// The bearer token of the token file's reader.
pub const READER_TOKEN: &str = "test-reader-token-93ab";

/// A key id of the JWKS.
const KID: &str = "test-key-1";

/// A directory of credential files, removed when dropped.
#[derive(Debug)]
pub struct CredentialFiles {
    dir: tempfile::TempDir,
    /// The key the JWKS lists.
    signer: rcgen::KeyPair,
}

impl CredentialFiles {
    /// Writes `tokens` (the writer and the reader above, plus `extra` lines) and `jwks.json`.
    pub fn new(extra: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let signer = rcgen::KeyPair::generate().expect("key pair");
        let files = Self { dir, signer };
        files.write_tokens(extra);
        std::fs::write(files.jwks(), jwks(&files.signer)).expect("write jwks");
        files
    }

    /// Rewrites the token file with `extra` lines after the two tokens.
    pub fn write_tokens(&self, extra: &str) {
        let text = format!(
            "# name role credential\nci-writer writer sha256:{}\ndocs-reader reader sha256:{}\n{extra}",
            token_hash(WRITER_TOKEN),
            token_hash(READER_TOKEN)
        );
        std::fs::write(self.tokens(), text).expect("write tokens");
    }

    /// The token file.
    pub fn tokens(&self) -> PathBuf {
        self.dir.path().join("tokens")
    }

    /// The JWKS file.
    pub fn jwks(&self) -> PathBuf {
        self.dir.path().join("jwks.json")
    }

    /// The directory the files are in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A JWT for `sub` with `roles`, valid for an hour, signed with the JWKS's key.
    pub fn jwt(&self, sub: &str, roles: &[&str]) -> String {
        sign(&self.signer, sub, roles, 3600)
    }

    /// A JWT like [`Self::jwt`] that expired an hour ago.
    pub fn expired_jwt(&self, sub: &str, roles: &[&str]) -> String {
        sign(&self.signer, sub, roles, -3600)
    }
}

/// A JWT signed with a key the JWKS does not list (same `kid`).
pub fn stranger_jwt(sub: &str, roles: &[&str]) -> String {
    let stranger = rcgen::KeyPair::generate().expect("key pair");
    sign(&stranger, sub, roles, 3600)
}

fn sign(key: &rcgen::KeyPair, sub: &str, roles: &[&str], valid_for: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let claims = serde_json::json!({ "sub": sub, "roles": roles, "exp": now + valid_for });
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(KID.to_owned());
    let signing = EncodingKey::from_ec_der(&key.serialize_der());
    jsonwebtoken::encode(&header, &claims, &signing).expect("sign")
}

/// The JWKS of one P-256 key: its public point (`04 || X || Y`) split into `x` and `y`.
fn jwks(key: &rcgen::KeyPair) -> String {
    let point = key.public_key_raw();
    assert_eq!(point.len(), 65, "an uncompressed P-256 point");
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    serde_json::json!({
        "keys": [{
            "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": KID,
            "x": b64(&point[1..33]), "y": b64(&point[33..]),
        }]
    })
    .to_string()
}

/// A certificate authority made at run time, and the PEM files it issues into a directory.
pub struct Pki {
    ca: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
    dir: PathBuf,
    name: String,
}

impl Pki {
    /// A new CA named `name`, writing its files into `dir`; its certificate is `DIR/NAME-ca.pem`.
    pub fn new(dir: &Path, name: &str) -> Pki {
        let mut params = rcgen::CertificateParams::new(Vec::new()).expect("params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("{name} test CA"));
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let key = rcgen::KeyPair::generate().expect("key");
        let ca = rcgen::CertifiedIssuer::self_signed(params, key).expect("CA");
        let pki = Pki {
            ca,
            dir: dir.to_path_buf(),
            name: name.to_owned(),
        };
        std::fs::write(pki.ca_path(name), pki.ca.pem()).expect("write CA");
        pki
    }

    /// Where the CA named `name` is written.
    pub fn ca_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}-ca.pem"))
    }

    /// Issues the server certificate (`localhost`, `127.0.0.1`) into `cert` and `key`.
    pub fn issue_server(&self, cert: &Path, key: &Path) {
        let sans = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
        let usage = rcgen::ExtendedKeyUsagePurpose::ServerAuth;
        self.issue(sans, "paragraphd", usage, cert, key);
    }

    /// Issues a client certificate with common name `common_name`; its (cert, key) paths,
    /// named by the CA and the common name.
    pub fn issue_client(&self, common_name: &str) -> (PathBuf, PathBuf) {
        let stem = format!("client-{}-{common_name}", self.name);
        let cert = self.dir.join(format!("{stem}.pem"));
        let key = self.dir.join(format!("{stem}.key"));
        let usage = rcgen::ExtendedKeyUsagePurpose::ClientAuth;
        self.issue(Vec::new(), common_name, usage, &cert, &key);
        (cert, key)
    }

    fn issue(
        &self,
        sans: Vec<String>,
        common_name: &str,
        usage: rcgen::ExtendedKeyUsagePurpose,
        cert: &Path,
        key: &Path,
    ) {
        let mut params = rcgen::CertificateParams::new(sans).expect("params");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, common_name);
        params.extended_key_usages = vec![usage];
        let pair = rcgen::KeyPair::generate().expect("key");
        let issued = params.signed_by(&pair, &self.ca).expect("issue");
        // The key first, then the certificate: a watcher reloading between the two writes
        // sees a pair that does not match, refuses it and keeps the previous one.
        write_atomically(key, &pair.serialize_pem());
        write_atomically(cert, &issued.pem());
    }
}

/// Writes `text` to a temporary file beside `path` and renames it over `path`.
fn write_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

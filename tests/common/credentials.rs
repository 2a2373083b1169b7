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

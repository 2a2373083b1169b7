//! Reading credentials: the token file (hashed bearer tokens and client-certificate names, each
//! with a role), JWTs verified offline against a JWKS file, and the checks of one request's
//! credentials against them. Parsing is pure (text in, table out); [`Credentials`] holds the
//! watched files.

use std::collections::HashMap;
use std::path::PathBuf;

use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use sha2::{Digest as _, Sha256};

use super::policy::{Presented, Principal, Role};
use crate::watched::Watched;

/// One entry of the token file: who, and their role.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: String,
    role: Role,
}

/// The token file, parsed: each line `NAME ROLE CREDENTIAL`, where CREDENTIAL is
/// `sha256:HEX` (the SHA-256 of a bearer token, hex) or `cert:COMMON_NAME` (a client
/// certificate's subject common name, with mTLS). `#` starts a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenTable {
    tokens: HashMap<[u8; 32], Entry>,
    certificates: HashMap<String, Entry>,
}

impl TokenTable {
    /// Parses the file's text; any wrong line refuses the whole file, naming the line.
    pub fn parse(text: &str) -> Result<TokenTable, String> {
        let mut table = TokenTable::default();
        for (idx, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            table
                .add(line)
                .map_err(|e| format!("line {}: {e}", idx + 1))?;
        }
        Ok(table)
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [name, role, credential] = fields[..] else {
            return Err("expected `NAME ROLE sha256:HEX` or `NAME ROLE cert:COMMON_NAME`".into());
        };
        let role = Role::parse(role)
            .ok_or_else(|| format!("unknown role {role:?}: reader, writer or admin"))?;
        let entry = Entry {
            name: name.to_owned(),
            role,
        };
        if let Some(hex) = credential.strip_prefix("sha256:") {
            let digest = parse_digest(hex)?;
            if self.tokens.insert(digest, entry).is_some() {
                return Err("the same token hash is listed twice".into());
            }
        } else if let Some(common_name) = credential.strip_prefix("cert:") {
            if self
                .certificates
                .insert(common_name.to_owned(), entry)
                .is_some()
            {
                return Err(format!(
                    "the certificate name {common_name:?} is listed twice"
                ));
            }
        } else {
            return Err(format!(
                "{credential:?} is neither `sha256:HEX` nor `cert:NAME`"
            ));
        }
        Ok(())
    }

    /// The principal whose token this is.
    pub fn token(&self, token: &str) -> Option<Principal> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        self.tokens.get(&digest).map(|e| principal(e, "token"))
    }

    /// The principal of a client certificate with this common name: its role from the file, or
    /// none when the file does not list it.
    pub fn certificate(&self, common_name: &str) -> Principal {
        match self.certificates.get(common_name) {
            Some(entry) => principal(entry, "certificate"),
            None => Principal {
                name: common_name.to_owned(),
                role: None,
                via: "certificate",
            },
        }
    }

    /// Tokens and certificate names listed.
    pub fn len(&self) -> usize {
        self.tokens.len() + self.certificates.len()
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn principal(entry: &Entry, via: &'static str) -> Principal {
    Principal {
        name: entry.name.clone(),
        role: Some(entry.role),
        via,
    }
}

fn parse_digest(hex: &str) -> Result<[u8; 32], String> {
    let wrong = || "a token hash is 64 hex digits (`printf %s TOKEN | sha256sum`)".to_owned();
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(wrong());
    }
    let mut digest = [0u8; 32];
    for (i, byte) in digest.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| wrong())?;
    }
    Ok(digest)
}

/// The public keys of a JWKS file, by key id.
#[derive(Clone)]
pub struct Jwks {
    keys: Vec<(Option<String>, DecodingKey)>,
}

impl std::fmt::Debug for Jwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwks")
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl Jwks {
    /// Parses a JWKS document (`{"keys":[…]}`); only public keys (RSA, EC, OKP) are taken: a
    /// symmetric key in a file would be a shared secret any reader of the file could sign with.
    pub fn parse(json: &[u8]) -> Result<Jwks, String> {
        let set: JwkSet = serde_json::from_slice(json).map_err(|e| format!("not a JWKS: {e}"))?;
        let mut keys = Vec::with_capacity(set.keys.len());
        for jwk in &set.keys {
            if matches!(jwk.algorithm, AlgorithmParameters::OctetKey(_)) {
                return Err("symmetric (`oct`) keys are refused: list public keys only".into());
            }
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("a key: {e}"))?;
            keys.push((jwk.common.key_id.clone(), key));
        }
        if keys.is_empty() {
            return Err("the JWKS holds no key".into());
        }
        Ok(Jwks { keys })
    }

    /// The key a token's header names (`kid`), or the only key when it names none.
    fn key(&self, kid: Option<&str>) -> Option<&DecodingKey> {
        match kid {
            Some(kid) => self
                .keys
                .iter()
                .find(|(id, _)| id.as_deref() == Some(kid))
                .map(|(_, k)| k),
            None if self.keys.len() == 1 => Some(&self.keys[0].1),
            None => None,
        }
    }
}

/// What a JWT must carry besides a valid signature and `exp`.
#[derive(Debug, Clone, Default)]
pub struct JwtRules {
    /// The `iss` required, if any.
    pub issuer: Option<String>,
    /// The `aud` required, if any.
    pub audience: Option<String>,
}

/// The claims paragraphd reads: `sub` names the principal, `roles` gives their role (the
/// highest one it lists that paragraphd knows).
#[derive(Debug, serde::Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    roles: Vec<String>,
}

/// Verifies `token` against `jwks` and `rules`: the principal, or why not.
pub fn verify_jwt(token: &str, jwks: &Jwks, rules: &JwtRules) -> Result<Principal, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|e| format!("not a JWT: {e}"))?;
    let key = jwks
        .key(header.kid.as_deref())
        .ok_or_else(|| "no key of the JWKS matches the token's `kid`".to_owned())?;
    let validation = validation(header.alg, rules);
    let data = jsonwebtoken::decode::<Claims>(token, key, &validation)
        .map_err(|e| format!("the JWT does not verify: {e}"))?;
    let role = data
        .claims
        .roles
        .iter()
        .filter_map(|r| Role::parse(r))
        .max();
    Ok(Principal {
        name: data.claims.sub,
        role,
        via: "jwt",
    })
}

fn validation(alg: Algorithm, rules: &JwtRules) -> Validation {
    let mut validation = Validation::new(alg);
    validation.set_required_spec_claims(&["exp", "sub"]);
    match &rules.audience {
        Some(aud) => validation.set_audience(&[aud]),
        None => validation.validate_aud = false,
    }
    if let Some(iss) = &rules.issuer {
        validation.set_issuer(&[iss]);
    }
    validation
}

/// Where credentials are configured: the files and the JWT rules.
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    /// The token file (`--auth-tokens`).
    pub tokens: Option<PathBuf>,
    /// The JWKS file (`--auth-jwks`).
    pub jwks: Option<PathBuf>,
    /// What JWTs must carry.
    pub jwt: JwtRules,
    /// Reads without credentials are let through (`--allow-anonymous-reads`).
    pub anonymous_reads: bool,
}

impl AuthConfig {
    /// Whether any credential is configured (with client certificates, `mtls`).
    pub fn enabled(&self, mtls: bool) -> bool {
        self.tokens.is_some() || self.jwks.is_some() || mtls
    }
}

/// The watched credential files, and the checks of one request against them.
#[derive(Debug)]
pub struct Credentials {
    tokens: Option<Watched<TokenTable>>,
    jwks: Option<Watched<Jwks>>,
    rules: JwtRules,
    /// Reads without credentials are let through.
    pub anonymous_reads: bool,
}

impl Credentials {
    /// Loads and watches the files of `config`.
    pub fn open(config: &AuthConfig) -> Result<Credentials, String> {
        let tokens = config
            .tokens
            .as_ref()
            .map(|path| {
                watch(path, "tokens", |b| {
                    TokenTable::parse(&String::from_utf8_lossy(b))
                })
            })
            .transpose()?;
        let jwks = config
            .jwks
            .as_ref()
            .map(|path| watch(path, "jwks", Jwks::parse))
            .transpose()?;
        Ok(Credentials {
            tokens,
            jwks,
            rules: config.jwt.clone(),
            anonymous_reads: config.anonymous_reads,
        })
    }

    /// What a request's bearer token (if any) or, without one, its client certificate's common
    /// name (if any) comes to.
    pub fn check(&self, bearer: Option<&str>, certificate: Option<&str>) -> Presented {
        match (bearer, certificate) {
            (Some(token), _) => self.check_token(token),
            (None, Some(common_name)) => Presented::Verified(self.certificate(common_name)),
            (None, None) => Presented::Nothing,
        }
    }

    fn check_token(&self, token: &str) -> Presented {
        let looks_like_jwt = token.split('.').count() == 3;
        if let (true, Some(jwks)) = (looks_like_jwt, &self.jwks) {
            return match verify_jwt(token, &jwks.current(), &self.rules) {
                Ok(principal) => Presented::Verified(principal),
                Err(why) => Presented::Invalid(why),
            };
        }
        match self.tokens.as_ref().and_then(|t| t.current().token(token)) {
            Some(principal) => Presented::Verified(principal),
            None => Presented::Invalid("the bearer token is not one the server knows".into()),
        }
    }

    fn certificate(&self, common_name: &str) -> Principal {
        match &self.tokens {
            Some(tokens) => tokens.current().certificate(common_name),
            None => TokenTable::default().certificate(common_name),
        }
    }
}

/// Watches the file at `path`, parsed by `parse`.
fn watch<T: Send + Sync + 'static>(
    path: &std::path::Path,
    what: &'static str,
    parse: fn(&[u8]) -> Result<T, String>,
) -> Result<Watched<T>, String> {
    let reading = path.to_path_buf();
    let load = move || {
        let bytes = std::fs::read(&reading).map_err(|e| format!("{}: {e}", reading.display()))?;
        parse(&bytes).map_err(|e| format!("{}: {e}", reading.display()))
    };
    Watched::open(&[path.to_path_buf()], what, load)
}

/// The hex SHA-256 of a token, as the token file lists it.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_file_gives_each_hashed_token_its_role() {
        let text = format!(
            "# name role credential\nci writer sha256:{}\ndocs reader sha256:{}  # app\n\n\
             indexer admin cert:indexer.internal\n",
            token_hash("s3cret-writer"),
            token_hash("s3cret-reader")
        );
        let table = TokenTable::parse(&text).expect("parses");
        assert_eq!(table.len(), 3);
        let ci = table.token("s3cret-writer").expect("known");
        assert_eq!((ci.name.as_str(), ci.role), ("ci", Some(Role::Writer)));
        assert_eq!(
            table.token("s3cret-reader").map(|p| p.role),
            Some(Some(Role::Reader))
        );
        assert_eq!(table.token("guess"), None);
        assert_eq!(
            table.certificate("indexer.internal").role,
            Some(Role::Admin)
        );
        assert_eq!(table.certificate("stranger").role, None);
    }

    #[test]
    fn a_wrong_line_refuses_the_file_naming_it() {
        for (text, says) in [
            ("ci writer", "line 1: expected"),
            ("ci owner sha256:00", "unknown role"),
            (
                "\nci writer sha256:abc",
                "line 2: a token hash is 64 hex digits",
            ),
            ("ci writer plain-token", "neither"),
        ] {
            let error = TokenTable::parse(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
        }
        let twice = format!("a reader sha256:{0}\nb writer sha256:{0}", token_hash("t"));
        assert!(TokenTable::parse(&twice).unwrap_err().contains("twice"));
    }

    #[test]
    fn a_symmetric_key_or_an_empty_set_is_refused() {
        let oct = br#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#;
        assert!(Jwks::parse(oct).unwrap_err().contains("symmetric"));
        assert!(
            Jwks::parse(br#"{"keys":[]}"#)
                .unwrap_err()
                .contains("no key")
        );
        assert!(Jwks::parse(b"nonsense").unwrap_err().contains("not a JWKS"));
    }
}

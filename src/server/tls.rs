//! TLS and mutual TLS with rustls (ring). The accept loop hands each connection to
//! [`Tls::accept`], which runs the handshake with the configuration now in force: the
//! certificate, key and client CA files are watched ([`Watched`]) and a change builds a new
//! configuration, used by the next handshake; connections already open keep theirs. With a
//! client CA, a client certificate is verified against it when one is presented, and its subject
//! common name goes to the auth layer; a connection without one must bring a bearer token.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ServerConfig, WebPkiClientVerifier};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use crate::watched::Watched;

/// How long a client may take to complete its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the server's certificate and key, and the client CA, are.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The certificate chain, PEM, leaf first (`--tls-cert`).
    pub cert: PathBuf,
    /// Its private key, PEM (PKCS#8, PKCS#1 or SEC1) (`--tls-key`).
    pub key: PathBuf,
    /// CA certificates, PEM, that client certificates are verified against (`--tls-client-ca`):
    /// mutual TLS.
    pub client_ca: Option<PathBuf>,
}

/// The TLS side of the server: the configuration in force, reloaded when its files change.
#[derive(Debug)]
pub(super) struct Tls {
    config: Watched<Arc<ServerConfig>>,
}

/// A connection after its handshake, and the common name of its verified client certificate.
pub(super) struct Accepted<S> {
    /// The TLS stream.
    pub(super) stream: TlsStream<S>,
    /// The client certificate's subject common name, if one was presented.
    pub(super) common_name: Option<Arc<str>>,
}

impl Tls {
    /// Loads `files` and watches them; fails when they cannot be read or do not make a
    /// configuration (a key that does not match the certificate, a CA file without a CA).
    pub(super) fn open(files: &TlsFiles) -> Result<Tls, String> {
        let mut paths = vec![files.cert.clone(), files.key.clone()];
        paths.extend(files.client_ca.clone());
        let reading = files.clone();
        let config = Watched::open(&paths, "certificate", move || {
            server_config(&reading).map(Arc::new)
        })?;
        Ok(Tls { config })
    }

    /// Runs the server side of the handshake on `io` with the configuration now in force.
    pub(super) async fn accept<S>(&self, io: S) -> io::Result<Accepted<S>>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let acceptor = TlsAcceptor::from(self.config.current().as_ref().clone());
        let stream = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(io))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out"))??;
        let common_name = stream
            .get_ref()
            .1
            .peer_certificates()
            .and_then(|chain| chain.first())
            .and_then(|leaf| common_name(leaf.as_ref()))
            .map(Arc::from);
        Ok(Accepted {
            stream,
            common_name,
        })
    }
}

/// The rustls configuration of `files`: HTTP/2 by ALPN, client certificates verified against
/// the client CA when there is one.
fn server_config(files: &TlsFiles) -> Result<ServerConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let builder = match &files.client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let roots = Arc::new(roots(ca)?);
            let verifier = WebPkiClientVerifier::builder_with_provider(roots, provider)
                .allow_unauthenticated()
                .build()
                .map_err(|e| format!("{}: {e}", ca.display()))?;
            builder.with_client_cert_verifier(verifier)
        }
    };
    let mut config = builder
        .with_single_cert(certificates(&files.cert)?, private_key(&files.key)?)
        .map_err(|e| format!("{} and {}: {e}", files.cert.display(), files.key.display()))?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(config)
}

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no PEM certificate", path.display()));
    }
    Ok(certs)
}

fn private_key(path: &Path) -> Result<PrivateKeyDer<'static>, String> {
    PrivateKeyDer::from_pem_file(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn roots(path: &Path) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    for cert in certificates(path)? {
        roots
            .add(cert)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(roots)
}

/// The subject common name of a DER certificate.
fn common_name(der: &[u8]) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let name = cert.subject().iter_common_name().next()?;
    name.as_str().ok().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_name_is_read_from_the_subject() {
        let mut params =
            rcgen::CertificateParams::new(vec!["indexer.internal".into()]).expect("params");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "indexer");
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = params.self_signed(&key).expect("cert");
        assert_eq!(common_name(cert.der()).as_deref(), Some("indexer"));
        assert_eq!(common_name(b"not a certificate"), None);
    }

    #[test]
    fn a_key_that_is_not_the_certificates_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let params = rcgen::CertificateParams::new(vec!["localhost".into()]).expect("params");
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = params.self_signed(&key).expect("cert");
        let other = rcgen::KeyPair::generate().expect("key");
        let files = TlsFiles {
            cert: dir.path().join("tls.crt"),
            key: dir.path().join("tls.key"),
            client_ca: None,
        };
        std::fs::write(&files.cert, cert.pem()).expect("write");
        std::fs::write(&files.key, other.serialize_pem()).expect("write");
        assert!(server_config(&files).is_err());
        std::fs::write(&files.key, key.serialize_pem()).expect("write");
        assert!(server_config(&files).is_ok());
    }
}

//! Authentication and authorisation: a tower layer in front of every service.
//!
//! Each request's credentials — a bearer token in the `authorization` metadata (a token of the
//! token file, or a JWT verified against the JWKS file), or else the client certificate of its
//! connection (with mTLS) — make a [`Principal`] with a [`Role`]; [`policy::decide`] lets the
//! request through or answers `UNAUTHENTICATED` (no or bad credentials) or `PERMISSION_DENIED`
//! (naming the role needed) before any handler runs. Health and reflection stay open. A
//! request let through carries its principal in its extensions and in its response's, where
//! the RPC log reads it; every write is logged with who made it.

pub mod credentials;
pub mod policy;

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{HeaderMap, Request, Response};
use tonic::body::Body;
use tower::{Layer, Service};

pub use credentials::{AuthConfig, Credentials};
pub use policy::{Principal, Role};

use crate::error::Error;

/// The layer: with no credentials configured (`None`), it lets everything through.
#[derive(Debug, Clone, Default)]
pub struct AuthLayer {
    credentials: Option<Arc<Credentials>>,
    /// The common name of the connection's verified client certificate, if any.
    certificate: Option<Arc<str>>,
}

impl AuthLayer {
    /// A layer checking requests against `credentials`, for a connection whose verified client
    /// certificate (if any) has the common name `certificate`.
    pub fn new(credentials: Option<Arc<Credentials>>, certificate: Option<Arc<str>>) -> Self {
        Self {
            credentials,
            certificate,
        }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;
    fn layer(&self, inner: S) -> Self::Service {
        Auth {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`AuthLayer`] makes.
#[derive(Debug, Clone)]
pub struct Auth<S> {
    inner: S,
    layer: AuthLayer,
}

type BoxFuture<T, E> = Pin<Box<dyn std::future::Future<Output = Result<T, E>> + Send>>;

impl<S, B> Service<Request<B>> for Auth<S>
where
    S: Service<Request<B>, Response = Response<Body>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let Some(credentials) = &self.layer.credentials else {
            return Box::pin(self.inner.call(request));
        };
        let path = request.uri().path().to_owned();
        let bearer = bearer(request.headers());
        let presented = credentials.check(bearer.as_deref(), self.layer.certificate.as_deref());
        let principal = match policy::decide(&path, presented, credentials.anonymous_reads) {
            Ok(principal) => principal,
            Err(error) => return Box::pin(std::future::ready(Ok(refuse(&path, error)))),
        };
        if let Some(principal) = &principal {
            log_write(&path, principal);
            request.extensions_mut().insert(principal.clone());
        }
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            if let Some(principal) = principal {
                response.extensions_mut().insert(principal);
            }
            Ok(response)
        })
    }
}

/// The token of an `authorization: Bearer TOKEN` header (the scheme in any case).
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The refusal of a request: its status as a trailers-only response, counted and logged.
fn refuse(path: &str, error: Error) -> Response<Body> {
    let code = match &error {
        Error::PermissionDenied { .. } => "PERMISSION_DENIED",
        _ => "UNAUTHENTICATED",
    };
    crate::metrics::auth_refused(code);
    // The RPC log records the refusal with its status and message; this is the detail.
    tracing::debug!(method = %path, code, reason = %error, "refused by authentication");
    tonic::Status::from(error).into_http()
}

/// A write is logged with who made it (the RPC's end is logged with them too).
fn log_write(path: &str, principal: &Principal) {
    let method = path.rsplit('/').next().unwrap_or(path);
    if policy::WRITES.contains(&method) {
        tracing::info!(method, principal = %principal.name, via = principal.via, "write by {principal}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_token_is_read_in_any_case_of_the_scheme() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), None);
        headers.insert("authorization", "Bearer abc".parse().expect("value"));
        assert_eq!(bearer(&headers).as_deref(), Some("abc"));
        headers.insert("authorization", "bearer  x.y.z ".parse().expect("value"));
        assert_eq!(bearer(&headers).as_deref(), Some("x.y.z"));
        headers.insert("authorization", "Basic abc".parse().expect("value"));
        assert_eq!(bearer(&headers), None);
    }
}

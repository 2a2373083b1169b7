//! Who may call what: the roles, the role each RPC needs, and the decision. Pure: no I/O, no
//! credentials read here.

use crate::error::Error;

/// A role, from least to most: each one may do what the ones below it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The read RPCs: GetDocument, ListDocuments, SelectParagraphs, Query, WatchDocuments,
    /// AlignParagraphs, CitedBy, SearchParagraphs.
    Reader,
    /// The reads and the writes: IngestDocument, UploadDocument, DeleteDocument.
    Writer,
    /// Everything, including any RPC not classified as a read or a write.
    Admin,
}

impl Role {
    /// The role's name, as credentials and errors spell it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Writer => "writer",
            Role::Admin => "admin",
        }
    }

    /// The role named `name` (`reader`, `writer`, `admin`).
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "reader" => Some(Role::Reader),
            "writer" => Some(Role::Writer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Who made a request, as its credentials say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Their name: the token file's name, the JWT's `sub`, or the certificate's common name.
    pub name: String,
    /// Their role; `None` for a client certificate no line of the token file gives a role.
    pub role: Option<Role>,
    /// How they proved it: `token`, `jwt` or `certificate`.
    pub via: &'static str,
}

impl std::fmt::Display for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.via)
    }
}

/// What an RPC needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Health and reflection: open to anyone, credentials or not.
    Open,
    /// A role at least this one.
    Needs(Role),
}

/// The service whose RPCs need roles.
const DOCUMENTS: &str = "paragraphd.v1.Documents";
/// Its read RPCs.
pub const READS: &[&str] = &[
    "GetDocument",
    "ListDocuments",
    "SelectParagraphs",
    "Query",
    "WatchDocuments",
    "AlignParagraphs",
    "CitedBy",
    "LocateParagraphs",
    "ExportDocument",
    "SearchParagraphs",
];
/// Its write RPCs.
pub const WRITES: &[&str] = &["IngestDocument", "UploadDocument", "DeleteDocument"];

/// What the RPC at `path` (`/package.Service/Method`) needs. A Documents RPC that is neither a
/// known read nor a known write needs `admin`, so a new RPC is closed until it is classified;
/// any other service (which the server does not have) needs `reader`.
pub fn access(path: &str) -> Access {
    let (service, method) = path
        .trim_start_matches('/')
        .split_once('/')
        .unwrap_or((path, ""));
    if service == "grpc.health.v1.Health" || service.starts_with("grpc.reflection.") {
        return Access::Open;
    }
    if service != DOCUMENTS {
        return Access::Needs(Role::Reader);
    }
    if READS.contains(&method) {
        Access::Needs(Role::Reader)
    } else if WRITES.contains(&method) {
        Access::Needs(Role::Writer)
    } else {
        Access::Needs(Role::Admin)
    }
}

/// What the request's credentials came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// No credentials at all.
    Nothing,
    /// Credentials that do not verify, and why.
    Invalid(String),
    /// A verified principal.
    Verified(Principal),
}

/// Decides whether a request for `path` with `presented` credentials may go on; `anonymous_reads`
/// lets reads through without credentials (never invalid ones). `Ok` carries the principal,
/// if any.
pub fn decide(
    path: &str,
    presented: Presented,
    anonymous_reads: bool,
) -> Result<Option<Principal>, Error> {
    let needed = match access(path) {
        Access::Open => return Ok(None),
        Access::Needs(role) => role,
    };
    let principal = match presented {
        Presented::Verified(principal) => principal,
        Presented::Invalid(why) => return Err(Error::Unauthenticated(why)),
        Presented::Nothing if anonymous_reads && needed == Role::Reader => return Ok(None),
        Presented::Nothing => return Err(Error::Unauthenticated(missing(needed))),
    };
    if principal.role.is_some_and(|held| held >= needed) {
        return Ok(Some(principal));
    }
    Err(Error::PermissionDenied {
        method: path.rsplit('/').next().unwrap_or(path).to_owned(),
        role: needed.name(),
        principal: principal.to_string(),
        held: principal.role.map_or_else(
            || "no role".to_owned(),
            |r| format!("the role {}", r.name()),
        ),
    })
}

fn missing(needed: Role) -> String {
    format!(
        "this RPC needs the role {} or above: send a bearer token (metadata `authorization: \
         Bearer TOKEN`) or a client certificate",
        needed.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Option<Role>) -> Presented {
        Presented::Verified(Principal {
            name: "ci".into(),
            role,
            via: "token",
        })
    }

    const INGEST: &str = "/paragraphd.v1.Documents/IngestDocument";
    const SELECT: &str = "/paragraphd.v1.Documents/SelectParagraphs";

    #[test]
    fn health_and_reflection_are_open_and_writes_need_writer() {
        assert_eq!(access("/grpc.health.v1.Health/Check"), Access::Open);
        let reflection = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
        assert_eq!(access(reflection), Access::Open);
        assert_eq!(access(SELECT), Access::Needs(Role::Reader));
        for write in WRITES {
            let path = format!("/{DOCUMENTS}/{write}");
            assert_eq!(access(&path), Access::Needs(Role::Writer), "{write}");
        }
        assert_eq!(
            access("/paragraphd.v1.Documents/NewRpc"),
            Access::Needs(Role::Admin)
        );
    }

    #[test]
    fn every_rpc_of_the_service_is_a_read_or_a_write() {
        let fds = <prost_types::FileDescriptorSet as prost::Message>::decode(
            crate::pb::FILE_DESCRIPTOR_SET,
        )
        .expect("descriptor set");
        let service = fds
            .file
            .iter()
            .flat_map(|f| &f.service)
            .find(|s| s.name() == "Documents")
            .expect("the Documents service");
        for method in &service.method {
            let name = method.name();
            assert!(
                READS.contains(&name) || WRITES.contains(&name),
                "{name} is neither a read nor a write: classify it in policy.rs"
            );
        }
    }

    #[test]
    fn a_reader_writing_is_denied_naming_the_role_needed() {
        let denied = decide(INGEST, principal(Some(Role::Reader)), false).unwrap_err();
        let message = denied.to_string();
        assert!(matches!(
            denied,
            Error::PermissionDenied { role: "writer", .. }
        ));
        assert!(message.contains("needs the role writer"), "{message}");
        assert!(message.contains("the role reader"), "{message}");
        assert!(decide(INGEST, principal(None), false).is_err());
        assert!(decide(INGEST, principal(Some(Role::Writer)), false).is_ok());
        assert!(decide(INGEST, principal(Some(Role::Admin)), false).is_ok());
        assert!(decide(SELECT, principal(Some(Role::Writer)), false).is_ok());
    }

    #[test]
    fn no_credentials_read_only_when_anonymous_reads_are_on() {
        let unauthenticated = |r: Result<_, Error>| matches!(r, Err(Error::Unauthenticated(_)));
        assert!(unauthenticated(decide(SELECT, Presented::Nothing, false)));
        assert_eq!(decide(SELECT, Presented::Nothing, true), Ok(None));
        assert!(unauthenticated(decide(INGEST, Presented::Nothing, true)));
        let bad = Presented::Invalid("unknown token".into());
        assert!(unauthenticated(decide(SELECT, bad.clone(), true)));
        let health = "/grpc.health.v1.Health/Check";
        assert_eq!(decide(health, bad, false), Ok(None));
    }
}

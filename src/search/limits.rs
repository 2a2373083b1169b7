//! What a search query may cost: its length, its clauses, and no leading wildcard. Checked on
//! the query string before it is parsed, so a refused query costs nothing.

use crate::error::Error;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most clauses (words, phrases, field conditions) in one query.
pub const MAX_CLAUSES: usize = 64;
/// Most hits one call returns.
pub const MAX_LIMIT: usize = 1000;
/// Hits returned when the request sets no limit.
pub const DEFAULT_LIMIT: usize = 20;
/// Deepest a page may start: offset + limit is at most this.
pub const MAX_DEPTH: usize = 10_000;

/// Refuses a query over a limit, naming it in a field violation of `field`.
pub(crate) fn check(query: &str, field: &str) -> Result<(), Error> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "the query is {} bytes; at most {MAX_QUERY_BYTES} are accepted",
                query.len()
            ),
        ));
    }
    let clauses = clauses(query);
    if clauses.len() > MAX_CLAUSES {
        return Err(Error::invalid(
            field,
            format!(
                "the query has {} clauses; at most {MAX_CLAUSES} are accepted",
                clauses.len()
            ),
        ));
    }
    if let Some(wild) = clauses.iter().find(|c| leading_wildcard(c)) {
        return Err(Error::invalid(
            field,
            format!("{wild:?} starts with a wildcard: a leading wildcard is not accepted"),
        ));
    }
    Ok(())
}

/// The query's clauses: each quoted phrase is one, each other word is one, the operators
/// `AND`, `OR`, `NOT` are none.
fn clauses(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for (idx, part) in query.split('"').enumerate() {
        if idx % 2 == 1 {
            out.push(part);
            continue;
        }
        out.extend(
            part.split_whitespace()
                .filter(|w| !matches!(*w, "AND" | "OR" | "NOT" | "&&" | "||")),
        );
    }
    out
}

/// Whether a clause's value (after `+`, `-`, brackets and a `field:`) starts with `*` or `?`.
fn leading_wildcard(clause: &str) -> bool {
    let value = clause.trim_start_matches(['+', '-', '(', '!']);
    let value = value.split_once(':').map_or(value, |(_, v)| v);
    let value = value.trim_start_matches(['(', '[', '{']);
    value.starts_with(['*', '?']) && value != "*"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(query: &str) -> String {
        match check(query, "query") {
            Err(Error::InvalidArgument(v)) => v[0].description.clone(),
            other => panic!("{query}: {other:?}"),
        }
    }

    #[test]
    fn queries_within_the_limits_pass() {
        for query in [
            "ratify \"optional protocol\" +torture -death OR penalty",
            "symbol:\"A/HRC/52/71\" AND kind:numbered",
            "protoc*",
            "",
        ] {
            assert_eq!(check(query, "query"), Ok(()), "{query}");
        }
    }

    #[test]
    fn each_limit_is_named_when_passed() {
        assert!(refused(&"a".repeat(MAX_QUERY_BYTES + 1)).contains("1024"));
        let huge_or = vec!["word"; MAX_CLAUSES + 1].join(" OR ");
        assert!(refused(&huge_or).contains("at most 64"));
        for wild in ["*tection", "text_en:?rotect", "+*ify", "(*x)"] {
            assert!(refused(wild).contains("leading wildcard"), "{wild}");
        }
    }
}

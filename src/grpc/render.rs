//! Rendering documents for the command line: canonical proto3 JSON (what grpcurl shows) and a
//! readable outline.

use std::fmt::Write as _;

use prost::Message as _;
use prost_reflect::{DescriptorPool, DynamicMessage, SerializeOptions};

use crate::model::Document;
use crate::pb;

/// The canonical proto3 JSON of `paragraphd.v1.Document`, paragraphs included, on one line.
pub fn document_json(doc: &Document) -> Result<String, String> {
    let wire = super::convert::document(doc, true);
    let pool = DescriptorPool::decode(pb::FILE_DESCRIPTOR_SET).map_err(|e| e.to_string())?;
    let descriptor = pool
        .get_message_by_name("paragraphd.v1.Document")
        .ok_or("descriptor for paragraphd.v1.Document missing")?;
    let message = DynamicMessage::decode(descriptor, wire.encode_to_vec().as_slice())
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::new(&mut out);
    message
        .serialize_with_options(&mut serializer, &SerializeOptions::new())
        .map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// A readable outline: metadata, sections with their paragraph ranges, counts, diagnostics.
/// What was not found is said so (`no symbol found`), not left as a dash.
pub fn outline(doc: &Document) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let symbols = m.joint_form("-").unwrap_or_else(|| m.symbol.clone());
    let _ = writeln!(
        out,
        "{}  {}",
        or_missing(&symbols, "no symbol found"),
        or_missing(&m.title, "no title found")
    );
    let _ = writeln!(
        out,
        "  job {}  body {}  session {}",
        or_dash(&m.job_number),
        or_dash(&m.body),
        or_dash(&m.session)
    );
    let _ = writeln!(
        out,
        "  {}, {} ({} numbered), {}, {}, {}",
        count(doc.pages.len(), "page", "pages"),
        count(doc.paragraphs.len(), "paragraph", "paragraphs"),
        doc.n_numbered(),
        count(doc.sections.len(), "section", "sections"),
        count(doc.contents.len(), "contents row", "contents rows"),
        count(doc.footnotes.len(), "footnote", "footnotes")
    );
    for (idx, s) in doc.sections.iter().enumerate() {
        let indent = "  ".repeat(s.level as usize);
        let range = match (&s.first_paragraph, &s.last_paragraph) {
            (Some(a), Some(b)) if a == b => format!("para. {a}"),
            (Some(a), Some(b)) => format!("paras. {a}–{b}"),
            _ => "no numbered paragraphs".to_owned(),
        };
        let path = doc.section_path(Some(idx)).join(".");
        // An unlabelled section's path is its title: `Summary`, not `Summary Summary`.
        let name = if path.ends_with(s.title.as_str()) || s.title.is_empty() {
            path
        } else {
            format!("{path} {}", s.title)
        };
        let _ = writeln!(out, "{indent}{name}  ({range}, p. {})", s.page);
    }
    for d in &doc.diagnostics {
        let _ = writeln!(out, "  {:?} {}: {}", d.severity, d.code, d.message);
    }
    out
}

fn or_dash(s: &str) -> &str {
    or_missing(s, "-")
}

fn or_missing<'a>(s: &'a str, missing: &'a str) -> &'a str {
    if s.is_empty() { missing } else { s }
}

/// `1 footnote`, `2 footnotes`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

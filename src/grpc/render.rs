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
pub fn outline(doc: &Document) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let _ = writeln!(out, "{}  {}", or_dash(&m.symbol), or_dash(&m.title));
    let _ = writeln!(
        out,
        "  job {}  body {}  session {}",
        or_dash(&m.job_number),
        or_dash(&m.body),
        or_dash(&m.session)
    );
    let _ = writeln!(
        out,
        "  {} pages, {} paragraphs ({} numbered), {} sections, {} contents rows, {} footnotes",
        doc.pages.len(),
        doc.paragraphs.len(),
        doc.n_numbered(),
        doc.sections.len(),
        doc.contents.len(),
        doc.footnotes.len()
    );
    for (idx, s) in doc.sections.iter().enumerate() {
        let indent = "  ".repeat(s.level as usize);
        let range = match (&s.first_paragraph, &s.last_paragraph) {
            (Some(a), Some(b)) => format!("paras. {a}–{b}"),
            _ => "no numbered paragraphs".to_owned(),
        };
        let _ = writeln!(
            out,
            "{indent}{} {}  ({range}, p. {})",
            doc.section_path(Some(idx)).join("."),
            s.title,
            s.page
        );
    }
    for d in &doc.diagnostics {
        let _ = writeln!(out, "  {:?} {}: {}", d.severity, d.code, d.message);
    }
    out
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "-" } else { s }
}

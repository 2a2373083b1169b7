//! Small PDFs written by hand for the PDF tests: Courier (every glyph 0.6 em wide, so positions
//! are known exactly), one content stream per page, a correct cross-reference table.

#![allow(dead_code, unreachable_pub)]

/// One page: its content stream and optional extra page-dictionary entries (`/Rotate 90`,
/// `/CropBox [...]`).
#[derive(Debug, Clone, Default)]
pub struct PageSpec {
    pub content: String,
    pub extra: String,
}

/// A page of US Letter (612 × 792) with this content.
pub fn page(content: impl Into<String>) -> PageSpec {
    PageSpec {
        content: content.into(),
        extra: String::new(),
    }
}

/// Text drawn in Courier (`/F1`) or Courier-Bold (`/F2`) at a size, a baseline origin (PDF
/// user space: y up from the bottom) and a rise (superscripts).
pub fn text(font: &str, size: f32, x: f32, y: f32, rise: f32, s: &str) -> String {
    format!("BT /{font} {size} Tf {rise} Ts {x} {y} Td ({s}) Tj ET\n")
}

/// A PDF of these pages.
pub fn pdf(pages: &[PageSpec]) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold >>".to_owned(),
    ];
    for (i, p) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {} \
             /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            p.extra,
            6 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{}\nendstream",
            p.content.len() + 1,
            p.content
        ));
    }
    assemble(&objects)
}

/// Writes numbered objects (object 1 the catalog), the cross-reference table and the trailer.
pub fn assemble(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page PDF of lines `(x, y, size, text)` set in a composite (Type 0) font with
/// two-byte glyph codes and a `ToUnicode` map, as Chinese and Arabic PDFs are made: each
/// distinct character gets a code, drawn where the line says, 1 em wide. The font program is
/// not embedded: extraction reads the map, not the glyphs.
pub fn cid_pdf(lines: &[(f32, f32, f32, &str)]) -> Vec<u8> {
    let mut chars: Vec<char> = lines.iter().flat_map(|l| l.3.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let code = |c: char| chars.binary_search(&c).map_or(0, |i| i + 1);
    let content: String = lines
        .iter()
        .map(|(x, y, size, text)| {
            let hex: String = text.chars().map(|c| format!("{:04X}", code(c))).collect();
            format!("BT /F1 {size} Tf {x} {y} Td <{hex}> Tj ET\n")
        })
        .collect();
    let pairs: String = chars
        .iter()
        .map(|&c| format!("<{:04X}> <{:04X}>\n", code(c), u32::from(c)))
        .collect();
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
         {} beginbfchar\n{pairs}endbfchar\n\
         endcmap CMapName currentdict /CMap defineresource pop end end",
        chars.len()
    );
    let objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type0 /BaseFont /CIDFont /Encoding /Identity-H \
         /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /CIDFont /CIDSystemInfo \
         << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R \
         /DW 1000 /CIDToGIDMap /Identity >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{cmap}\nendstream",
            cmap.len() + 1
        ),
        "<< /Type /FontDescriptor /FontName /CIDFont /Flags 4 /FontBBox [0 -200 1000 900] \
         /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
            .to_owned(),
    ];
    assemble(&objects)
}

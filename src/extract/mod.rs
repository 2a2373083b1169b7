//! Extraction: the bytes of one format → pages of lines.
//!
//! Each format has its own extractor; all of them produce [`Extracted`], the only input of
//! structure analysis ([`crate::parse`]). Geometry is filled where the format has it (PDF) and
//! left `None` where it does not (text).

pub mod clock;
pub mod pdf;
pub mod text;

use crate::model::{Diagnostic, Size};

/// Pages of lines, as extracted from one input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// Physical pages in order.
    pub pages: Vec<PageLines>,
    /// Problems met while extracting (e.g. invalid UTF-8 replaced).
    pub diagnostics: Vec<Diagnostic>,
}

/// The lines of one physical page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLines {
    /// Lines in reading order.
    pub lines: Vec<Line>,
    /// Page size in PDF points, when the format has geometry.
    pub size: Option<Size>,
}

/// One visual line of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    /// The text of the line, without the line break.
    pub text: String,
    /// Position and font, when the format has geometry.
    pub geometry: Option<LineGeometry>,
}

/// Where a line stands on its page and how it is set. PDF points, origin top-left, y down.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineGeometry {
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
    /// Baseline.
    pub baseline: f32,
    /// Dominant font size in points.
    pub font_size: f32,
    /// Dominant font name.
    pub font_name: String,
    /// True when the dominant font is bold.
    pub bold: bool,
    /// True when the dominant font is italic.
    pub italic: bool,
    /// Byte ranges of `Line::text` set as superscripts (smaller, raised): footnote calls such as
    /// the `12` of `rights12`, or the mark of a footnote body. Empty when there are none.
    pub superscripts: Vec<std::ops::Range<usize>>,
}

/// Why an input could not be extracted at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The input is larger than the configured limit.
    #[error("input is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The input is empty or holds no text.
    #[error("input holds no text")]
    Empty,
    /// The input is not of the declared format.
    #[error("input is not {expected}: {reason}")]
    WrongFormat {
        /// The declared format.
        expected: &'static str,
        /// What was found instead.
        reason: String,
    },
    /// The format was recognised but the file is damaged, encrypted or has no text layer.
    #[error("cannot read {format}: {reason}")]
    Unreadable {
        /// The format.
        format: &'static str,
        /// Why.
        reason: String,
    },
    /// Reading was abandoned at the wall-clock backstop of its time budget with CPU budget
    /// left: the machine was too busy, the input may be fine (retrying later can succeed).
    #[error(
        "the server is too busy to read this {format} now: {:.1} s passed and it got only \
         {:.1} s of CPU, within its budget; retry later",
        wall.as_secs_f64(),
        cpu.as_secs_f64()
    )]
    Starved {
        /// The format.
        format: &'static str,
        /// Wall-clock time spent.
        wall: std::time::Duration,
        /// CPU time spent.
        cpu: std::time::Duration,
    },
}

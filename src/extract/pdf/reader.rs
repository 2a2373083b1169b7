//! Running `pdf_oxide` safely: its own thread, `catch_unwind`, a time budget checked between
//! pages (and watched from the caller's thread), and the mapping of its failures to
//! [`ExtractError`]s.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

use pdf_oxide::document::PdfDocument;
use pdf_oxide::fonts::global_cache;

use super::{glyphs, lines, unreadable};
use crate::extract::clock::{Meter, Spent, ThreadCpu, TimeBudget};
use crate::extract::{ExtractError, Extracted, PageLines};
use crate::model::{Diagnostic, Severity};

/// Stack of the reader thread: deep object nesting recurses, and a stack overflow would abort
/// the process rather than unwind. Only the pages touched are committed.
const READER_STACK: usize = 64 << 20;
/// Name of the reader thread (the panic hook knows its panics by it).
const READER_THREAD: &str = "pdf-extract";
/// Why a document without any glyph is refused.
pub(super) const NO_TEXT: &str = "no text layer (scanned?); OCR is not supported";

/// How often the caller looks at the reader thread's CPU time while it waits.
const POLL: Duration = Duration::from_millis(50);

/// What the reader thread sends back: its outcome (or its panic) and the CPU time it used.
type Sent = (
    std::thread::Result<Result<Extracted, ExtractError>>,
    Duration,
);

/// Extracts `bytes` on a reader thread within `budget`: it gives up once the reader thread has
/// used the CPU budget ([`ExtractError::Unreadable`], "timed out") or the wall-clock backstop
/// has passed with CPU budget left ([`ExtractError::Starved`]). Returns the extraction and the
/// CPU time the reader used.
pub(super) fn run_guarded(
    bytes: Vec<u8>,
    budget: TimeBudget,
) -> Result<(Extracted, Duration), ExtractError> {
    quiet_reader_panics();
    let meter = Meter::start();
    let (tx, rx) = mpsc::sync_channel::<Sent>(1);
    let spawned = std::thread::Builder::new()
        .name(READER_THREAD.into())
        .stack_size(READER_STACK)
        .spawn(move || {
            let own = Meter::start();
            let outcome = catch_unwind(AssertUnwindSafe(|| read_document(bytes, budget)));
            // The receiver is gone when the caller gave up: nothing left to tell.
            let _ = tx.send((outcome, own.cpu()));
        });
    let handle = spawned.map_err(|e| unreadable(format!("cannot start the PDF reader: {e}")))?;
    let reader_cpu = ThreadCpu::of(&handle);
    loop {
        match rx.recv_timeout(POLL) {
            Ok((Ok(result), cpu)) => return result.map(|extracted| (extracted, cpu)),
            Ok((Err(panic), _)) => return Err(panicked(panic.as_ref())),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(unreadable("the PDF reader stopped without an answer"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let cpu = reader_cpu.and_then(|c| c.used()).unwrap_or_default();
        let wall = meter.wall();
        if cpu >= budget.cpu || wall >= budget.wall {
            // The reader may have answered since: its answer wins.
            if let Ok((Ok(result), cpu)) = rx.try_recv() {
                return result.map(|extracted| (extracted, cpu));
            }
            return Err(if cpu >= budget.cpu {
                timed_out(budget.cpu)
            } else {
                starved(wall, cpu)
            });
        }
    }
}

fn timed_out(budget: Duration) -> ExtractError {
    unreadable(format!(
        "timed out: extraction used more than {:.1} s of CPU",
        budget.as_secs_f64()
    ))
}

/// The wall-clock backstop passed with CPU budget left.
fn starved(wall: Duration, cpu: Duration) -> ExtractError {
    ExtractError::Starved {
        format: super::FORMAT,
        wall,
        cpu,
    }
}

/// What the client is told when the reader panicked: "damaged PDF", nothing of the panic's
/// message, which quotes the file (pdf_oxide's "not a char boundary" panics print the string
/// they sliced). The server's log has it from [`quiet_reader_panics`].
fn panicked(_payload: &(dyn std::any::Any + Send)) -> ExtractError {
    unreadable(PANICKED)
}

/// Installs, once, a panic hook that logs a reader thread's panic at debug level (where in
/// `pdf_oxide`, and the message's first words, without what it quotes) instead of printing the
/// whole message on standard error; other threads' panics go to the hook that was there before.
fn quiet_reader_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(READER_THREAD) {
                tracing::debug!(
                    location = %info.location().map_or_else(String::new, ToString::to_string),
                    panic = %panic_summary(info.payload()),
                    "the PDF reader panicked"
                );
            } else {
                previous(info);
            }
        }));
    });
}

/// The reason given when the reader panicked.
pub(super) const PANICKED: &str = "damaged PDF: the reader failed on this file";
/// Characters of a panic message kept in the server's log.
const PANIC_SUMMARY_CHARS: usize = 60;

/// The start of a panic payload's message, up to its first quote or backtick (where Rust's
/// panics quote values, here the file's bytes), at most [`PANIC_SUMMARY_CHARS`] characters,
/// control characters replaced.
fn panic_summary(payload: &(dyn std::any::Any + Send)) -> String {
    let message = if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.as_str()
    } else {
        "panic"
    };
    message
        .split(['`', '\'', '"'])
        .next()
        .unwrap_or_default()
        .chars()
        .take(PANIC_SUMMARY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Opens the document and extracts every page, checking `budget` (on this thread's CPU time
/// and the wall clock) before each page.
fn read_document(bytes: Vec<u8>, budget: TimeBudget) -> Result<Extracted, ExtractError> {
    let meter = Meter::start();
    // `pdf_oxide` shares parsed fonts between documents in a process-wide cache keyed by name,
    // subtype and the *kind* of encoding: two documents' different fonts can collide, so what
    // one document extracts depended on which documents were read before it (measured: the
    // corpus PDFs gave different paragraph counts run to run). Capacity 0 turns it off.
    global_cache::set_global_font_cache_capacity(0);
    if is_truncated(&bytes) {
        return Err(unreadable(TRUNCATED));
    }
    let doc = PdfDocument::from_bytes(bytes).map_err(|e| unreadable(open_reason(&e)))?;
    check_encryption(&doc)?;
    let n_pages = doc
        .page_count()
        .map_err(|e| unreadable(format!("cannot read the page tree: {e}")))?;
    if n_pages == 0 {
        return Err(unreadable("the PDF has no pages"));
    }
    let mut out = Extracted::default();
    let mut n_glyphs = 0usize;
    let mut n_rotated = 0usize;
    let mut failed = Vec::new();
    for index in 0..n_pages {
        match meter.spent(budget) {
            Some(Spent::Cpu) => {
                return Err(unreadable(format!(
                    "timed out after {index} of {n_pages} pages"
                )));
            }
            Some(Spent::Wall) => return Err(starved(meter.wall(), meter.cpu())),
            None => {}
        }
        let page_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match glyphs::read_page(&doc, index) {
            Ok(page) => {
                n_glyphs += page.glyphs.len();
                n_rotated += page.n_rotated;
                if page.n_rotated > 0 {
                    out.diagnostics
                        .push(rotated_diagnostic(page_no, page.n_rotated));
                }
                out.pages.push(PageLines {
                    lines: lines::build(&page),
                    size: Some(page.size),
                });
            }
            Err(e) => {
                failed.push(page_no);
                out.diagnostics.push(page_diagnostic(page_no, &e));
                out.pages.push(PageLines::default());
            }
        }
    }
    if n_glyphs == 0 {
        return Err(unreadable(no_text_reason(&failed, n_pages, n_rotated)));
    }
    Ok(out)
}

/// Why a file without its `%%EOF` trailer is refused: its end, where the cross-reference
/// table and the trailer are, is missing, so any page may be missing too; a document stored
/// from it would lack paragraphs without anyone noticing.
pub(super) const TRUNCATED: &str =
    "damaged PDF: truncated (no %%EOF trailer at the end of the file)";
/// Bytes at the end of a file searched for the `%%EOF` trailer.
const TRAILER_WINDOW: usize = 2048;

/// True when the end-of-file marker is missing: the file was cut short.
fn is_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(TRAILER_WINDOW)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

/// Why the document could not be opened.
fn open_reason(e: &pdf_oxide::error::Error) -> String {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("encrypt") {
        format!("encrypted PDF: {text}")
    } else {
        format!("damaged or unsupported PDF: {text}")
    }
}

/// Refuses a document that needs a password; one with an empty user password (permissions
/// only) is read, as viewers do.
fn check_encryption(doc: &PdfDocument) -> Result<(), ExtractError> {
    if !doc.is_encrypted() || doc.is_authenticated() {
        return Ok(());
    }
    match doc.authenticate(b"") {
        Ok(true) => Ok(()),
        Ok(false) => Err(unreadable("encrypted PDF: a password is required")),
        Err(e) => Err(unreadable(format!("encrypted PDF: {e}"))),
    }
}

fn page_diagnostic(page: u32, e: &pdf_oxide::error::Error) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: "pdf-page-unreadable",
        message: format!("page {page} could not be read: {e}"),
        page: Some(page),
    }
}

fn rotated_diagnostic(page: u32, n: usize) -> Diagnostic {
    Diagnostic {
        severity: Severity::Info,
        code: "pdf-rotated-text",
        message: format!("page {page}: {n} glyphs not upright on the page (vertical text) skipped"),
        page: Some(page),
    }
}

/// The reason given when no page has any text.
fn no_text_reason(failed: &[u32], n_pages: usize, n_rotated: usize) -> String {
    if n_rotated > 0 {
        format!("no upright text: all {n_rotated} glyphs run vertically on the page")
    } else if failed.is_empty() {
        NO_TEXT.to_owned()
    } else {
        format!(
            "no text could be read: {} of {n_pages} pages failed to decode, the others have no \
             text layer",
            failed.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_quoting_the_file_is_summarised_without_the_quote() {
        let message = "byte index 6 is not a char boundary; it is inside '\u{fffd}' (bytes 4..7) \
                       of `5 \u{fffd}xobj << /Type /Page /MediaBox [0 0 612 792] secret words`";
        let summary = panic_summary(&message.to_owned());
        assert_eq!(
            summary,
            "byte index 6 is not a char boundary; it is inside "
        );
        let payload: &(dyn std::any::Any + Send) = &"plain\nmessage";
        assert_eq!(panic_summary(payload), "plain message");
        assert_eq!(panic_summary(&42u8), "panic");
        let error = panicked(&message.to_owned()).to_string();
        assert!(error.contains("damaged PDF"), "{error}");
        assert!(
            !error.contains("secret") && !error.contains("Type"),
            "{error}"
        );
    }
}

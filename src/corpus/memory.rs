//! Giving memory back after corpus work: the startup load, a reload, an ingest or a delete
//! leaves behind memory that nothing holds any more but that the process keeps.
//!
//! Two things keep it. `pdf_oxide` caches every font and ToUnicode CMap it parses in
//! process-wide caches (up to 1024 fonts, about 33 MiB after the shared corpus's 164 PDFs),
//! which only help while a batch of PDFs is being extracted. And glibc's allocator keeps freed
//! memory in the arena of the thread that used it (one per loader thread); `malloc_trim(0)`
//! returns every whole free page of every arena to the kernel. [`release`] does both; it costs
//! a few milliseconds, so writes ask for it through [`release_soon`], which coalesces a burst
//! into one release a second later.
//!
//! `malloc_trim` cannot return the free *top* of a thread's arena, only of the main one, and
//! glibc by default raises its trim and mmap thresholds (up to 64 and 32 MiB) each time a large
//! block, such as a PDF's bytes, is freed: after that, whole files are carved from the arenas
//! and the memory they leave on top stays resident. [`configure_allocator`] fixes both
//! thresholds once at startup, which keeps large buffers in their own mappings and lets every
//! arena give back its top as soon as it is freed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Delay between a write's request and the release it schedules.
const RELEASE_DELAY: Duration = Duration::from_secs(1);

/// Set while a release is scheduled and not yet started.
static SCHEDULED: AtomicBool = AtomicBool::new(false);

/// Clears the PDF extractor's process-wide caches and returns free heap pages to the kernel.
/// Blocking (a few milliseconds); safe while other threads extract or allocate.
pub fn release() {
    pdf_oxide::fonts::global_cache::clear_global_font_cache();
    pdf_oxide::fonts::cmap::clear_cmap_cache();
    trim_heap();
}

/// Schedules one [`release`] about a second from now on tokio's blocking pool, unless one is
/// already scheduled; does nothing outside a tokio runtime.
pub fn release_soon() {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    if SCHEDULED.swap(true, Ordering::AcqRel) {
        return;
    }
    runtime.spawn(async {
        tokio::time::sleep(RELEASE_DELAY).await;
        // Cleared before the release starts, so a write during it schedules another.
        SCHEDULED.store(false, Ordering::Release);
        let _ = tokio::task::spawn_blocking(release).await;
    });
}

/// Fixed trim and mmap threshold set by [`configure_allocator`].
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const FIXED_THRESHOLD: libc::c_int = 256 * 1024;

/// Fixes glibc's trim and mmap thresholds (see the module docs). Call once at startup, before
/// the threads that load the corpus; does nothing when the operator has set either through the
/// environment (`MALLOC_TRIM_THRESHOLD_`, `MALLOC_MMAP_THRESHOLD_`), or off glibc.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn configure_allocator() {
    let set_by_env = ["MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"]
        .iter()
        .any(|var| std::env::var_os(var).is_some());
    if set_by_env {
        return;
    }
    // SAFETY: mallopt only changes the allocator's own parameters under its lock; it takes no
    // pointers from us and may be called at any time.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, FIXED_THRESHOLD);
        libc::mallopt(libc::M_MMAP_THRESHOLD, FIXED_THRESHOLD);
    }
}

/// Off glibc there is nothing to configure.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn configure_allocator() {}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    // SAFETY: malloc_trim only walks and trims the allocator's own arenas under their locks; it
    // takes no pointers from us and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

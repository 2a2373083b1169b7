//! A bounded cache of parsed citations, keyed by the citation as sent: a client that asks for
//! `A/HRC/22/4, paras. 58-62` again and again has it parsed once. Bounded in entries and in
//! bytes (least recently used first out); a citation longer than [`MAX_KEY_BYTES`] is parsed
//! every time and never kept. Errors are kept too, so a flood of one malformed citation costs
//! one parse.

use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex};

use lru::LruCache;

use crate::query::{Selector, citation};

/// Parsed citations kept at most.
pub(crate) const MAX_ENTRIES: usize = 1024;
/// Bytes the kept citations may take, by [`weight`].
pub(crate) const MAX_BYTES: usize = 512 * 1024;
/// The longest citation kept, in bytes.
pub(crate) const MAX_KEY_BYTES: usize = 256;

/// What parsing a citation gave.
pub(crate) type Parsed = Arc<Result<citation::Citation, citation::CitationError>>;

struct Cache {
    entries: LruCache<Box<str>, Parsed>,
    bytes: usize,
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| {
    Mutex::new(Cache {
        entries: LruCache::new(NonZeroUsize::new(MAX_ENTRIES).unwrap_or(NonZeroUsize::MIN)),
        bytes: 0,
    })
});

/// `text` parsed by the citation grammar, from the cache when it was parsed before.
pub(crate) fn parse(text: &str) -> Parsed {
    if text.len() > MAX_KEY_BYTES {
        return Arc::new(citation::parse(text));
    }
    if let Some(hit) = lock().entries.get(text) {
        return hit.clone();
    }
    let parsed: Parsed = Arc::new(citation::parse(text));
    let mut cache = lock();
    let added = weight(text, &parsed);
    if let Some((key, old)) = cache.entries.push(text.into(), parsed.clone()) {
        cache.bytes = cache.bytes.saturating_sub(weight(&key, &old));
    }
    cache.bytes += added;
    while cache.bytes > MAX_BYTES {
        let Some((key, old)) = cache.entries.pop_lru() else {
            break;
        };
        cache.bytes = cache.bytes.saturating_sub(weight(&key, &old));
    }
    parsed
}

fn lock() -> std::sync::MutexGuard<'static, Cache> {
    CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What an entry costs: its key, its selectors' strings and a fixed overhead.
fn weight(key: &str, parsed: &Parsed) -> usize {
    const OVERHEAD: usize = 128;
    let selectors = match parsed.as_ref() {
        Ok(c) => {
            c.selectors.iter().map(selector_bytes).sum::<usize>()
                + c.document.as_ref().map_or(0, String::len)
        }
        Err(e) => e.message.len(),
    };
    OVERHEAD + 2 * key.len() + selectors
}

fn selector_bytes(selector: &Selector) -> usize {
    const SELECTOR: usize = std::mem::size_of::<Selector>();
    SELECTOR
        + match selector {
            Selector::Number(n) | Selector::Section(n) => n.len(),
            Selector::NumberRange(a, b) => a.len() + b.len(),
            Selector::InPart(part, inner) => part.len() + selector_bytes(inner),
            Selector::Ordinal(_) | Selector::OrdinalRange(..) | Selector::Pages(..) => 0,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_is_parsed_once_and_the_cache_stays_within_its_bounds() {
        let first = parse("A/HRC/22/4, paras. 58-62");
        let again = parse("A/HRC/22/4, paras. 58-62");
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second call is served from the cache"
        );
        assert!(parse("para. x").is_err(), "errors are answered as parsed");
        for n in 0..(MAX_ENTRIES * 3) {
            let _ = parse(&format!("A/HRC/{n}/1, annex II, paras. {n}-{}", n + 5));
        }
        let cache = lock();
        assert!(cache.entries.len() <= MAX_ENTRIES);
        assert!(cache.bytes <= MAX_BYTES, "{} bytes kept", cache.bytes);
        drop(cache);
        let long = format!("para. 1{}", ", 2".repeat(MAX_KEY_BYTES));
        assert!(
            !Arc::ptr_eq(&parse(&long), &parse(&long)),
            "a long citation is never kept"
        );
    }
}

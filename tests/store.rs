//! The store: snapshots, revisions, and a change feed that tells a slow watcher it lagged.

use paragraphd::model::{Document, Source};
use paragraphd::store::{ChangeKind, Store};

fn doc(id: &str, digest: &str) -> Document {
    let source = Source {
        digest: digest.into(),
        ..Source::default()
    };
    Document {
        id: id.into(),
        source,
        ..Document::default()
    }
}

#[test]
fn revisions_follow_content() {
    let store = Store::new();
    assert_eq!(store.upsert(vec![doc("a", "1")])[0].revision, 1);
    assert_eq!(
        store.upsert(vec![doc("a", "1")])[0].revision,
        1,
        "same digest, same revision"
    );
    assert_eq!(store.upsert(vec![doc("a", "2")])[0].revision, 2);
    let old = store.snapshot();
    assert_eq!(store.remove("a").map(|d| d.revision), Some(2));
    assert!(store.snapshot().get("a").is_none());
    assert_eq!(
        old.get("a").map(|d| d.revision),
        Some(2),
        "an old snapshot is unchanged"
    );
}

#[test]
fn changes_are_published_in_order_after_the_snapshot() {
    let store = Store::new();
    store.upsert(vec![doc("a", "1")]);
    let (snapshot, mut feed) = store.watch();
    store.upsert(vec![doc("b", "1"), doc("a", "2")]);
    store.remove("b");
    let kinds: Vec<(ChangeKind, String)> = (0..3)
        .map(|_| feed.try_recv().expect("change"))
        .map(|c| (c.kind, c.document.id.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (ChangeKind::Added, "b".into()),
            (ChangeKind::Updated, "a".into()),
            (ChangeKind::Removed, "b".into())
        ]
    );
    assert_eq!(snapshot.seq, 1);
}

#[test]
fn a_slow_watcher_is_told_it_lagged_and_never_blocks_writers() {
    let store = Store::new();
    let (_, mut feed) = store.watch();
    for i in 0..3000 {
        store.upsert(vec![doc("a", &i.to_string())]);
    }
    assert!(matches!(
        feed.try_recv(),
        Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_))
    ));
    assert_eq!(store.snapshot().get("a").map(|d| d.revision), Some(3000));
}

fn with_symbol(id: &str, symbol: &str, revision: u64) -> Document {
    let mut doc = doc(id, &format!("{id}-{revision}"));
    doc.meta.symbol = symbol.into();
    doc.revision = revision;
    doc
}

/// Issue 20: an unknown document's NOT_FOUND named only the key. It names the closest ids or
/// symbols held (case-insensitively) and points to ListDocuments.
#[test]
fn an_unknown_document_names_the_closest_held_and_list_documents() {
    let store = Store::new();
    store.upsert(vec![
        with_symbol("A_HRC_52_71", "A/HRC/52/71", 1),
        with_symbol("A_80_21", "A/80/21", 1),
        with_symbol("notes", "", 1),
    ]);
    let snapshot = store.snapshot();
    let message = snapshot
        .resolve("a/hrc/52/17")
        .expect_err("unknown")
        .to_string();
    assert_eq!(
        message,
        "document \"a/hrc/52/17\" not found; the closest held are A/HRC/52/71 (id A_HRC_52_71); \
         ListDocuments lists all 3"
    );
    let message = snapshot
        .resolve("S/1999/1000000")
        .expect_err("unknown")
        .to_string();
    assert!(
        message.ends_with("no id or symbol held is close to it; ListDocuments lists the 3 held"),
        "{message}"
    );
    let empty = Store::new().snapshot();
    let message = empty
        .resolve("A/HRC/52/71")
        .expect_err("unknown")
        .to_string();
    assert!(
        message.contains("the corpus holds no documents"),
        "{message}"
    );
}

/// Issue 20: one report ingested under three ids resolved silently to the first. An exact id
/// always wins; among the documents sharing a symbol, the highest revision, then the smallest id.
#[test]
fn a_shared_symbol_resolves_to_the_highest_revision_then_the_smallest_id() {
    let store = Store::new();
    store.upsert(vec![
        with_symbol("c", "A/HRC/52/71", 1),
        with_symbol("b", "A/HRC/52/71", 2),
        with_symbol("a", "a/hrc/52/71", 2),
        with_symbol("d", "A/80/21", 1),
    ]);
    let snapshot = store.snapshot();
    let id = |key: &str| snapshot.resolve(key).map(|d| d.id.clone()).expect("found");
    assert_eq!(id("A/HRC/52/71"), "a");
    assert_eq!(id("c"), "c", "an exact id wins");
    store.upsert(vec![with_symbol("c", "A/HRC/52/71", 3)]);
    assert_eq!(
        store
            .snapshot()
            .resolve("A/HRC/52/71")
            .map(|d| d.id.clone()),
        Ok("c".to_owned())
    );
    let shared = store.snapshot().shared_symbols();
    assert_eq!(shared.len(), 1, "{shared:?}");
    assert_eq!(shared[0].answering, "c");
    assert_eq!(shared[0].ids, ["c", "b", "a"]);
    let doc_b = store.snapshot().get("b").cloned().expect("b");
    let others: Vec<String> = store
        .snapshot()
        .sharing_symbol(&doc_b)
        .iter()
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(others, ["c", "a"]);
}

/// Issue 21: a report's language versions share its symbol. The store holds one document per
/// (symbol, language): a symbol with a language names that version; without one, English, else
/// the only version; an id with another language names its report's version in it; copies of
/// one version (not the other languages) are what `shared_symbols` reports.
#[test]
fn a_symbol_names_one_version_per_language() {
    let in_language = |id: &str, language: &str, revision: u64| {
        let mut doc = with_symbol(id, "A/HRC/52/71", revision);
        doc.meta.language = language.into();
        doc
    };
    let store = Store::new();
    store.upsert(vec![
        in_language("fr", "fr", 1),
        in_language("en", "en", 1),
        in_language("en-copy", "en", 1),
        in_language("ru-only", "ru", 1),
    ]);
    let mut ru = with_symbol("other-ru", "A/80/21", 1);
    ru.meta.language = "ru".into();
    store.upsert(vec![ru]);
    let snapshot = store.snapshot();
    let id = |key: &str, language: Option<&str>| {
        snapshot
            .resolve_in(key, language)
            .map(|d| d.id.clone())
            .unwrap_or_else(|e| e.to_string())
    };
    assert_eq!(id("A/HRC/52/71", None), "en");
    assert_eq!(id("a/hrc/52/71", Some("FR")), "fr");
    assert_eq!(id("en-copy", None), "en-copy", "an exact id wins");
    assert_eq!(id("en-copy", Some("fr")), "fr", "its report in French");
    assert_eq!(id("A/80/21", None), "other-ru", "the only version");
    assert_eq!(
        id("A/HRC/52/71", Some("es")),
        "document A/HRC/52/71 is not held in es; it is held in en, fr, ru"
    );
    let languages = snapshot.languages_of(snapshot.get("fr").expect("fr"));
    assert_eq!(languages, ["en", "fr", "ru"]);
    let versions: Vec<(String, String)> = snapshot
        .report_versions("en-copy")
        .expect("versions")
        .into_iter()
        .map(|(l, d)| (l, d.id.clone()))
        .collect();
    assert_eq!(
        versions,
        [
            ("en".to_owned(), "en-copy".to_owned()),
            ("fr".to_owned(), "fr".to_owned()),
            ("ru".to_owned(), "ru-only".to_owned())
        ]
    );
    let shared = snapshot.shared_symbols();
    assert_eq!(shared.len(), 1, "{shared:?}");
    assert_eq!(
        (shared[0].language.as_str(), shared[0].ids.len()),
        ("en", 2)
    );
}

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

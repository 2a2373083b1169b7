//! The search index against the store, without gRPC: ranking, phrases, operators, filters,
//! languages, highlights, and the index moving with every write.

use paragraphd::corpus::{self, MediaType};
use paragraphd::error::Error;
use paragraphd::model::{Document, ParagraphKind};
use paragraphd::search::{Found, SearchQuery, limits};
use paragraphd::store::{ListFilter, SearchRequest, Snapshot, Store};

const COUNCIL: &str = "\
United Nations A/HRC/99/1
General Assembly Distr.: General
7 March 2023
Original: English
Human Rights Council
Fifty-second session

Report of the Working Group

I. Recommendations

1. The State should ratify the Optional Protocol to the Convention against Torture.

2. The State should protect human rights defenders and journalists from reprisals.

3. The Working Group welcomed the national action plan on business and human rights.

II. Conclusions

4. Torture remains prohibited in all circumstances, and the prohibition is absolute.
";

const FRENCH: &str = "\
Nations Unies A/HRC/99/1
Assemblée générale Distr. générale
7 mars 2023
Français
Original : anglais
Conseil des droits de l’homme
Cinquante-deuxième session

Rapport du Groupe de travail

I. Recommandations

1. L’État devrait ratifier le Protocole facultatif se rapportant à la Convention contre la torture.

2. L’État devrait protéger les défenseurs des droits de l’homme contre les représailles.
";

fn document(id: &str, text: &str) -> Document {
    corpus::ingest(id, text.as_bytes(), MediaType::Text, 1 << 20).expect("parses")
}

fn store_with(docs: Vec<Document>) -> Store {
    let store = Store::new();
    store.upsert(docs);
    store
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_owned(),
        limit: 10,
        ..SearchQuery::default()
    }
}

fn search(snapshot: &Snapshot, query: SearchQuery) -> Result<Found, Error> {
    snapshot.search(SearchRequest {
        query,
        ..SearchRequest::default()
    })
}

/// (document id, paragraph number) of each hit, best first.
fn hits(snapshot: &Snapshot, q: SearchQuery) -> Vec<(String, String)> {
    let found = search(snapshot, q).expect("searches");
    found
        .hits
        .iter()
        .map(|h| {
            let doc = snapshot.get(&h.document_id).expect("held");
            let p = &doc.paragraphs[h.ordinal as usize - 1];
            (h.document_id.clone(), p.number.clone().unwrap_or_default())
        })
        .collect()
}

fn numbers(snapshot: &Snapshot, text: &str) -> Vec<String> {
    hits(snapshot, query(text))
        .into_iter()
        .map(|(_, n)| n)
        .collect()
}

#[test]
fn words_phrases_and_operators_rank_the_paragraphs() {
    let store = store_with(vec![document("council", COUNCIL)]);
    let s = store.snapshot();
    assert_eq!(numbers(&s, "ratified optional protocols"), ["1"]);
    assert_eq!(numbers(&s, "\"optional protocol\""), ["1"]);
    assert!(numbers(&s, "\"protocol optional\"").is_empty());
    assert_eq!(numbers(&s, "torture -ratify"), ["4"]);
    let either = numbers(&s, "journalists OR business");
    assert_eq!(either.len(), 2, "{either:?}");
    assert_eq!(numbers(&s, "section:conclusions torture"), ["4"]);
    assert_eq!(numbers(&s, "number:2"), ["2"]);
    assert!(numbers(&s, "nothingmatchesthis").is_empty());
}

#[test]
fn the_index_moves_with_every_write() {
    let store = store_with(vec![document("council", COUNCIL)]);
    let before = store.snapshot();
    assert_eq!(numbers(&before, "reprisals"), ["2"]);
    let changed = COUNCIL.replace("reprisals", "intimidation");
    store.upsert(vec![document("council", &changed)]);
    let after = store.snapshot();
    assert!(
        numbers(&after, "reprisals").is_empty(),
        "the old revision is gone"
    );
    assert_eq!(numbers(&after, "intimidation"), ["2"]);
    // A reader holding the old snapshot keeps the index of its own generation.
    assert_eq!(numbers(&before, "reprisals"), ["2"]);
    assert!(numbers(&before, "intimidation").is_empty());
    store.remove("council");
    let gone = store.snapshot();
    assert!(numbers(&gone, "intimidation").is_empty());
    assert_eq!(gone.search_index().paragraphs(), 0);
    store.upsert(vec![document("again", COUNCIL)]);
    assert_eq!(hits(&store.snapshot(), query("reprisals"))[0].0, "again");
}

#[test]
fn every_hit_of_every_generation_is_held_by_its_snapshot() {
    let store = Store::new();
    for round in 0..6 {
        let id = format!("doc{}", round % 3);
        if round % 2 == 0 {
            store.upsert(vec![document(&id, COUNCIL)]);
        } else {
            store.remove(&id);
        }
        let s = store.snapshot();
        let held: usize = s.documents().iter().map(|d| d.paragraphs.len()).sum();
        assert_eq!(s.search_index().paragraphs(), held as u64, "round {round}");
        for (id, _) in hits(&s, query("state OR torture OR rights")) {
            assert!(s.get(&id).is_some(), "round {round}: {id}");
        }
    }
}

#[test]
fn each_language_finds_its_own_inflections() {
    let store = store_with(vec![
        document("council", COUNCIL),
        document("council-fr", FRENCH),
    ]);
    let s = store.snapshot();
    assert_eq!(
        s.get("council-fr").map(|d| d.meta.language.as_str()),
        Some("fr")
    );
    let french = hits(&s, query("ratifier protocoles facultatifs"));
    assert_eq!(french, [("council-fr".to_owned(), "1".to_owned())]);
    let only_fr = SearchQuery {
        language: Some("fr"),
        ..query("torture")
    };
    let found = hits(&s, only_fr);
    assert!(!found.is_empty() && found.iter().all(|(id, _)| id == "council-fr"));
}

#[test]
fn filters_restrict_the_hits() {
    let store = store_with(vec![
        document("council", COUNCIL),
        document("council-fr", FRENCH),
    ]);
    let s = store.snapshot();
    let tables_only = SearchQuery {
        kinds: vec![ParagraphKind::Table],
        ..query("torture")
    };
    assert!(hits(&s, tables_only).is_empty());
    let in_section = SearchQuery {
        section: Some("Recommendations".into()),
        ..query("torture")
    };
    assert_eq!(hits(&s, in_section).len(), 1);
    let dated = |from, to| SearchQuery {
        date_from: from,
        date_to: to,
        ..query("torture")
    };
    assert_eq!(hits(&s, dated(Some(20230307), Some(20230307))).len(), 3);
    assert!(hits(&s, dated(Some(20230308), None)).is_empty());
    let by_list = s
        .search(SearchRequest {
            documents: ListFilter {
                language: "fr".into(),
                ..ListFilter::default()
            },
            query: query("torture"),
            ..SearchRequest::default()
        })
        .expect("searches");
    assert_eq!(by_list.hits.len(), 1);
    let named = s.search(SearchRequest {
        document: Some("council".into()),
        query: query("torture"),
        ..SearchRequest::default()
    });
    let named = named.expect("the English version");
    assert!(named.hits.iter().all(|h| h.document_id == "council"));
    let unknown = s.search(SearchRequest {
        document: Some("A/HRC/98/1".into()),
        query: query("torture"),
        ..SearchRequest::default()
    });
    assert!(
        matches!(unknown, Err(Error::DocumentNotFound { .. })),
        "{unknown:?}"
    );
}

#[test]
fn highlights_slice_the_matched_words_of_the_text() {
    let store = store_with(vec![document("council", COUNCIL)]);
    let s = store.snapshot();
    let found = search(&s, query("ratifying \"optional protocol\"")).expect("searches");
    let hit = &found.hits[0];
    let doc = s.get(&hit.document_id).expect("held");
    let paragraph = &doc.paragraphs[hit.ordinal as usize - 1];
    let spans = found.highlights(doc, paragraph);
    let words: Vec<&str> = spans
        .iter()
        .map(|&(a, b)| &paragraph.text[a as usize..b as usize])
        .collect();
    assert_eq!(words, ["ratify", "Optional", "Protocol"]);
}

#[test]
fn pages_follow_each_other_without_overlap() {
    let store = store_with(vec![document("council", COUNCIL)]);
    let s = store.snapshot();
    let all = hits(&s, query("state OR rights OR torture"));
    assert!(all.len() >= 3, "{all:?}");
    let page = |offset| SearchQuery {
        offset,
        limit: 1,
        ..query("state OR rights OR torture")
    };
    let pages: Vec<_> = (0..all.len()).flat_map(|o| hits(&s, page(o))).collect();
    assert_eq!(pages, all);
}

#[test]
fn expensive_or_malformed_queries_are_refused_naming_the_limit() {
    let store = store_with(vec![document("council", COUNCIL)]);
    let s = store.snapshot();
    let refused = |text: &str| match search(&s, query(text)) {
        Err(Error::InvalidArgument(v)) => {
            assert_eq!(v[0].field, "query");
            v[0].description.clone()
        }
        other => panic!("{text}: {other:?}"),
    };
    assert!(refused("*torture").contains("leading wildcard"));
    let huge = vec!["torture"; limits::MAX_CLAUSES + 1].join(" OR ");
    assert!(refused(&huge).contains("clauses"));
    assert!(refused(&"x".repeat(limits::MAX_QUERY_BYTES + 1)).contains("bytes"));
    assert!(refused("nosuchfield:torture").contains("does not parse"));
}

#[test]
fn an_empty_store_finds_nothing() {
    let store = Store::new();
    let found = search(&store.snapshot(), query("torture")).expect("searches");
    assert!(found.hits.is_empty());
}

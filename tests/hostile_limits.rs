//! Hostile requests against the bounds of issue 19, end to end over loopback against an
//! in-process server: a selection of 100,000 selectors (finding 1), documents over the message
//! limit (findings 11 and 4), a small PDF that costs much time (finding 10), and the time budget
//! checked between structure analysis passes.

use crate::common;

use std::time::{Duration, Instant};

use common::TestServer;
use paragraphd::corpus::CorpusSource;
use paragraphd::extract::clock::{Meter, TimeBudget};
use paragraphd::pb::{self, documents_client::DocumentsClient, selector::Selector as S};
use paragraphd::server::ServeConfig;
use tokio_stream::StreamExt;
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use tonic_types::StatusExt;

/// How long a call of the well-behaved client may take while hostile traffic runs.
const ANSWERED_WITHIN: Duration = Duration::from_secs(2);

/// A report of `n_sections` sections of `per_section` numbered paragraphs, symbol `A/HRC/99/<k>`.
pub(crate) fn report(k: usize, n_sections: usize, per_section: usize) -> String {
    const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    let mut text = format!(
        "United Nations A/HRC/99/{k}\n\nGeneral Assembly Distr.: General\n\n\
         Report number {k} of the Special Rapporteur\n\n"
    );
    let mut n = 0;
    for section in ROMAN.iter().take(n_sections) {
        text.push_str(&format!("{section}. Findings of part {section}\n\n"));
        for _ in 0..per_section {
            n += 1;
            text.push_str(&format!(
                "{n}. The Special Rapporteur notes that paragraph {n} of report {k} concerns \
                 the rights of persons in situation {n}, and recommends measures.\n\n"
            ));
        }
    }
    text
}

fn ingest_request(id: &str, content: Vec<u8>) -> pb::IngestDocumentRequest {
    pb::IngestDocumentRequest {
        content,
        media_type: "text/plain".into(),
        id: id.into(),
        language: "en".into(),
        source_name: String::new(),
    }
}

fn with_dir(dir: &std::path::Path) -> ServeConfig {
    ServeConfig {
        corpus: CorpusSource {
            dir: Some(dir.to_owned()),
            ..CorpusSource::default()
        },
        drain_timeout: Duration::from_secs(3),
        ..ServeConfig::default()
    }
}

fn section(key: &str) -> pb::Selector {
    pb::Selector {
        selector: Some(S::Section(key.into())),
    }
}

/// A selection with a deadline, read to its end; the error if it failed.
async fn select_all(
    client: &mut DocumentsClient<Channel>,
    request: pb::SelectParagraphsRequest,
    deadline: Duration,
) -> Result<usize, Status> {
    let mut request = tonic::Request::new(request);
    request.set_timeout(deadline);
    let call = async {
        let mut stream = client.select_paragraphs(request).await?.into_inner();
        let mut n = 0;
        while stream.message().await?.is_some() {
            n += 1;
        }
        Ok(n)
    };
    tokio::time::timeout(deadline + Duration::from_secs(1), call)
        .await
        .unwrap_or_else(|_| Err(Status::deadline_exceeded("client gave up")))
}

/// One round of the calls a well-behaved client makes on its own connection: health, a
/// document, one paragraph. Returns the slowest call's time; panics on a failure.
async fn well_behaved_round(channel: &Channel) -> Duration {
    let mut health = HealthClient::new(channel.clone());
    let mut client = DocumentsClient::new(channel.clone());
    let mut slowest = Duration::ZERO;
    let start = Instant::now();
    let check = HealthCheckRequest {
        service: String::new(),
    };
    tokio::time::timeout(ANSWERED_WITHIN, health.check(check))
        .await
        .expect("health answered in time")
        .expect("health");
    slowest = slowest.max(start.elapsed());
    let start = Instant::now();
    let get = pb::GetDocumentRequest {
        document: "r1".into(),
        include_paragraphs: false,
        language: String::new(),
    };
    tokio::time::timeout(ANSWERED_WITHIN, client.get_document(get))
        .await
        .expect("GetDocument answered in time")
        .expect("GetDocument");
    slowest = slowest.max(start.elapsed());
    let start = Instant::now();
    let one = pb::SelectParagraphsRequest {
        document: "r1".into(),
        selectors: vec![pb::Selector {
            selector: Some(S::Number("3".into())),
        }],
        ..Default::default()
    };
    let n = select_all(&mut client, one, ANSWERED_WITHIN)
        .await
        .expect("one paragraph");
    assert_eq!(n, 1);
    slowest.max(start.elapsed())
}

// Finding 1.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_selection_of_100000_selectors_is_refused_and_other_calls_stay_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    for k in 1..=12 {
        let path = dir.path().join(format!("r{k}.txt"));
        std::fs::write(path, report(k, 6, 15)).expect("write report");
    }
    let mut server = TestServer::start(with_dir(dir.path())).await;
    let hostile_channel = server.channel().await;
    let other = server.channel().await;

    // About 500 KB: 100,000 times {"section":"I"}, no document, a 10 s deadline.
    let flood = pb::SelectParagraphsRequest {
        selectors: vec![section("I"); 100_000],
        ..Default::default()
    };
    let mut hostile = DocumentsClient::new(hostile_channel.clone());
    let start = Instant::now();
    let status = select_all(&mut hostile, flood, Duration::from_secs(10))
        .await
        .expect_err("100,000 selectors are refused");
    assert!(
        start.elapsed() < ANSWERED_WITHIN,
        "refused after {:?}",
        start.elapsed()
    );
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let violations = status
        .get_details_bad_request()
        .expect("field violations")
        .field_violations;
    assert_eq!(violations[0].field, "selectors", "{violations:?}");
    assert!(
        violations[0].description.contains("at most"),
        "{violations:?}"
    );

    // Within the bound: as many distinct keys as accepted (section labels and title prefixes),
    // over every document, from eight streams at once, while the other connection's calls are
    // answered promptly.
    // 256 distinct keys, each a title prefix of every section in another case ("fINdings of").
    let keys = distinct_section_keys();
    let mut floods = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let mut client = DocumentsClient::new(hostile_channel.clone());
        let request = pb::SelectParagraphsRequest {
            selectors: keys.clone(),
            ..Default::default()
        };
        floods
            .spawn(async move { select_all(&mut client, request, Duration::from_secs(10)).await });
    }
    let mut slowest = Duration::ZERO;
    while !floods.is_empty() {
        slowest = slowest.max(well_behaved_round(&other).await);
        while let Some(done) = floods.try_join_next() {
            let n = done.expect("task").expect("a bounded selection completes");
            assert_eq!(n, 12 * 6 * 15, "every paragraph of every report");
        }
    }
    assert!(slowest < ANSWERED_WITHIN, "slowest call {slowest:?}");

    // SIGTERM while a selection runs: the server returns within the drain bound.
    let mut client = DocumentsClient::new(hostile_channel);
    let running = tokio::spawn(async move {
        let request = pb::SelectParagraphsRequest {
            selectors: keys,
            ..Default::default()
        };
        select_all(&mut client, request, Duration::from_secs(10)).await
    });
    server.shutdown();
    let start = Instant::now();
    tokio::time::timeout(Duration::from_secs(4), &mut server.handle)
        .await
        .expect("the server returns within the drain bound")
        .expect("join")
        .expect("serve");
    assert!(start.elapsed() < Duration::from_secs(4));
    let _ = running.await;
}

/// 256 distinct section keys, each a title prefix of every section of [`report`] in another case.
fn distinct_section_keys() -> Vec<pb::Selector> {
    (0..256u32)
        .map(|i| {
            let key: String = "findings of"
                .chars()
                .enumerate()
                .map(|(b, c)| {
                    if b < 8 && i & (1 << b) != 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            section(&key)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heavy_selections_evaluate_one_at_a_time_under_a_limit_of_one_and_cheap_calls_do_not_wait()
{
    let dir = tempfile::tempdir().expect("tempdir");
    for k in 1..=12 {
        let path = dir.path().join(format!("r{k}.txt"));
        std::fs::write(path, report(k, 6, 15)).expect("write report");
    }
    let metrics = paragraphd::grpc::stream::Metrics::default();
    let server = TestServer::start(ServeConfig {
        max_heavy_selections: 1,
        metrics: metrics.clone(),
        ..with_dir(dir.path())
    })
    .await;
    let hostile_channel = server.channel().await;
    let other = server.channel().await;

    // 256 selectors × 12 documents: heavy. Six at once, from Query streams and
    // SelectParagraphs alike.
    let keys = distinct_section_keys();
    let mut floods = tokio::task::JoinSet::new();
    for i in 0..6 {
        let mut client = DocumentsClient::new(hostile_channel.clone());
        let select = pb::SelectParagraphsRequest {
            selectors: keys.clone(),
            ..Default::default()
        };
        floods.spawn(async move {
            if i % 2 == 0 {
                return select_all(&mut client, select, Duration::from_secs(30)).await;
            }
            let query = pb::QueryRequest {
                query_id: format!("q{i}"),
                select: Some(select),
                search: None,
            };
            let mut responses = client
                .query(tokio_stream::iter(vec![query]))
                .await?
                .into_inner();
            let mut n = 0;
            while let Some(response) = responses.message().await? {
                match response.result {
                    Some(pb::query_response::Result::Paragraph(_)) => n += 1,
                    Some(pb::query_response::Result::End(_)) => break,
                    other => panic!("query {i}: {other:?}"),
                }
            }
            Ok(n)
        });
    }
    // A cheap selection (one document) never waits for the heavy ones' permit.
    let mut rounds = 0;
    while !floods.is_empty() {
        let slowest = well_behaved_round(&other).await;
        assert!(slowest < ANSWERED_WITHIN, "slowest call {slowest:?}");
        rounds += 1;
        while let Some(done) = floods.try_join_next() {
            let n = done.expect("task").expect("a heavy selection completes");
            assert_eq!(n, 12 * 6 * 15, "every paragraph of every report");
        }
    }
    assert!(rounds > 0);
    let heavy = metrics.heavy();
    // Every document of every heavy selection (the twelve reports, and the sample's).
    assert!(heavy.evaluated() >= 6 * 12, "{}", heavy.evaluated());
    assert_eq!(
        heavy.high_water(),
        1,
        "heavy evaluations at once, under --max-heavy-selections 1"
    );
    assert_eq!(heavy.in_flight(), 0);
}

// Finding 11.

#[tokio::test]
async fn a_document_over_a_size_bound_is_resource_exhausted_too_large_for_both_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = ServeConfig {
        max_upload_bytes: 6 << 20,
        ..with_dir(dir.path())
    };
    let server = TestServer::start(config).await;
    let mut client = server.client().await;

    // IngestDocument over the 4 MiB message limit: refused by tonic's decoder before any handler.
    let big = vec![b'a'; 5 << 20];
    let status = client
        .ingest_document(ingest_request("big", big))
        .await
        .expect_err("over the message limit");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("too large"), "{status:?}");
    assert!(status.message().contains("UploadDocument"), "{status:?}");

    // UploadDocument over --max-upload-bytes.
    let status = upload(&mut client, "bigger", vec![b'a'; 7 << 20])
        .await
        .expect_err("over the upload cap");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("too large"), "{status:?}");
    assert!(!status.message().contains("busy"), "{status:?}");
    assert!(!dir.path().join("big.txt").exists());
    assert!(!dir.path().join("bigger.txt").exists());
}

/// Uploads `content` in 64 KiB chunks.
pub(crate) async fn upload(
    client: &mut DocumentsClient<Channel>,
    id: &str,
    content: Vec<u8>,
) -> Result<pb::DocumentSummary, Status> {
    use pb::upload_document_request::Part;
    let header = pb::UploadHeader {
        media_type: "text/plain".into(),
        id: id.into(),
        language: "en".into(),
        source_name: String::new(),
    };
    let mut parts = vec![pb::UploadDocumentRequest {
        part: Some(Part::Header(header)),
    }];
    parts.extend(content.chunks(64 << 10).map(|c| pb::UploadDocumentRequest {
        part: Some(Part::Chunk(c.to_vec())),
    }));
    client
        .upload_document(tokio_stream::iter(parts))
        .await
        .map(tonic::Response::into_inner)
}

// Finding 4.

#[tokio::test]
async fn every_stored_document_is_readable_a_paragraph_over_the_message_limit_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = ServeConfig {
        max_message_bytes: 256 << 10,
        ..with_dir(dir.path())
    };
    let server = TestServer::start(config).await;
    let mut client = server.client().await;

    // One line of 400 KB: one paragraph over the 256 KiB message limit.
    match upload(&mut client, "one-line", one_line_text().into_bytes()).await {
        Err(status) => {
            assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
            assert!(status.message().contains("too large"), "{status:?}");
            assert!(status.message().contains("paragraph"), "{status:?}");
            assert!(!dir.path().join("one-line.txt").exists(), "stored");
        }
        Ok(_) => {
            // Accepted: then it must be readable.
            read_back(&mut client, "one-line").await;
        }
    }

    // 400 paragraphs of 1 KB: each fits, the whole does not. Stored, and read back through the
    // stream; GetDocument with its paragraphs says why not and where to read them.
    let many = report(2, 4, 100);
    let many = many.replace(
        "and recommends measures.",
        &format!("and recommends measures. {}", "More words. ".repeat(80)),
    );
    assert!(many.len() > 300_000);
    upload(&mut client, "many", many.into_bytes())
        .await
        .expect("a document of many paragraphs is accepted");
    let n = read_back(&mut client, "many").await;
    assert!(n >= 400, "{n} paragraphs");
}

/// A text of one line of about 400 KB: one paragraph over a 256 KiB message limit.
fn one_line_text() -> String {
    let mut line = String::from("1. ");
    while line.len() < 400_000 {
        line.push_str("word after word ");
    }
    line.push('\n');
    line
}

/// Writes `name` in `dir` whole at once (a hidden temporary name, then a rename), as the
/// watcher should see it.
fn put(dir: &std::path::Path, name: &str, content: &str) {
    let tmp = dir.join(format!(".put-{name}"));
    std::fs::write(&tmp, content).expect("write");
    std::fs::rename(tmp, dir.join(name)).expect("rename");
}

/// The readability check of finding 4 holds for the corpus directory too: a document that
/// could not be read back is not served, whether it was there at startup or the watcher picked
/// it up later (hot reload).
#[tokio::test]
async fn a_document_that_could_not_be_read_back_is_not_served_from_the_corpus_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    put(dir.path(), "at-start.txt", &one_line_text());
    put(dir.path(), "r1.txt", &report(1, 2, 3));
    let config = ServeConfig {
        max_message_bytes: 256 << 10,
        ..with_dir(dir.path())
    };
    let server = TestServer::start(config).await;
    let mut client = server.client().await;
    let outline = |id: &str| pb::GetDocumentRequest {
        document: id.into(),
        include_paragraphs: false,
        language: String::new(),
    };
    client
        .get_document(outline("r1"))
        .await
        .expect("r1 is served");
    let status = client
        .get_document(outline("at-start"))
        .await
        .expect_err("not served after the startup load");
    assert_eq!(status.code(), Code::NotFound, "{status:?}");

    // Hot reload: the oversized file first, then a marker; once the marker is served, the
    // rescan that found it has read the oversized file too (the directory is rescanned whole).
    put(dir.path(), "reloaded.txt", &one_line_text());
    put(dir.path(), "marker.txt", &report(2, 2, 3));
    let start = Instant::now();
    while client.get_document(outline("marker")).await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the watcher did not pick up marker.txt"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = client
        .get_document(outline("reloaded"))
        .await
        .expect_err("not served after hot reload");
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
}

/// Reads a document back: its outline, its paragraphs streamed, and (when they fit) with its
/// paragraphs; returns the paragraph count.
async fn read_back(client: &mut DocumentsClient<Channel>, id: &str) -> usize {
    let outline = client
        .get_document(pb::GetDocumentRequest {
            document: id.into(),
            include_paragraphs: false,
            language: String::new(),
        })
        .await
        .expect("outline")
        .into_inner();
    let request = pb::SelectParagraphsRequest {
        document: id.into(),
        ..Default::default()
    };
    let paragraphs: Vec<pb::Paragraph> = client
        .select_paragraphs(request)
        .await
        .expect("select")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("every paragraph streams");
    assert_eq!(paragraphs.len() as u32, outline.paragraph_count);
    let whole = client
        .get_document(pb::GetDocumentRequest {
            document: id.into(),
            include_paragraphs: true,
            language: String::new(),
        })
        .await;
    if let Err(status) = whole {
        assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
        assert!(status.message().contains("too large"), "{status:?}");
        assert!(status.message().contains("SelectParagraphs"), "{status:?}");
    }
    paragraphs.len()
}

// Finding 10.

/// A PDF of `n_pages` pages that all draw one shared content stream of `n_lines` lines: small
/// in bytes, much work per byte (every page extracts every line).
fn costly_pdf(n_pages: usize, n_lines: usize) -> Vec<u8> {
    let mut content = String::new();
    for i in 0..n_lines {
        let y = 780 - (i % 70) * 10;
        content.push_str(&format!(
            "BT /F1 9 Tf {} {y} Td ({}. The Council notes the report and its annex) Tj ET\n",
            40 + (i / 70) % 5,
            i + 1
        ));
    }
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>".to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ),
    ];
    let mut kids = Vec::new();
    for _ in 0..n_pages {
        kids.push(format!("{} 0 R", objects.len() + 1));
        objects.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
                .to_owned(),
        );
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {n_pages} >>",
        kids.join(" ")
    );
    crate::pdf_support::assemble(&objects)
}

#[tokio::test]
async fn an_input_past_its_size_scaled_time_budget_is_refused_as_timed_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(with_dir(dir.path())).await;
    let mut client = server.client().await;
    // About 300 KB (a budget of 4 s) that costs far more: 1,000 pages of 1,875 lines each.
    let bytes = costly_pdf(1000, 1875);
    // The budget as README states it: 1 s + 10 s per MB, at most 30 s.
    let budget = Duration::from_secs_f64(1.0 + 10.0 * bytes.len() as f64 / 1e6);
    assert!(budget < Duration::from_secs(5), "{budget:?}");
    let start = Instant::now();
    let request = pb::IngestDocumentRequest {
        media_type: "application/pdf".into(),
        ..ingest_request("costly", bytes)
    };
    let status = client
        .ingest_document(request)
        .await
        .expect_err("past its time budget");
    let took = start.elapsed();
    // Refused for its cost (CPU budget spent), not for a busy machine (wall-clock backstop).
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("timed out"), "{status:?}");
    // The budget counts CPU time: on an idle machine the answer comes after about `budget`;
    // however busy, by the wall-clock backstop.
    let backstop = TimeBudget::new(budget).wall;
    assert!(
        took < backstop + Duration::from_secs(2),
        "answered after {took:?}, its CPU budget {budget:?}, its backstop {backstop:?}"
    );
    assert!(!dir.path().join("costly.pdf").exists(), "stored");
}

/// The time budget is checked between structure analysis passes, not only after them: with a
/// budget already spent, analysis stops before its first pass, and an ingest past its budget
/// says it stopped there.
#[test]
fn structure_analysis_stops_between_passes_at_its_deadline() {
    use paragraphd::corpus::{self, MediaType};
    let text = report(1, 3, 20);
    let extracted = paragraphd::extract::text::extract(text.as_bytes(), 1 << 20).expect("extract");

    let whole = paragraphd::parse::analyze(&extracted);
    let within = paragraphd::parse::analyze_while(&extracted, || true).expect("within its budget");
    assert_eq!(within, whole, "a budget not spent changes nothing");

    let stopped = paragraphd::parse::analyze_while(&extracted, || false)
        .expect_err("a budget already spent stops analysis");
    assert_eq!(stopped.n_done, 0, "{stopped}");
    assert!(stopped.n_passes > 20, "{stopped}");

    let refused = corpus::ingest_within(
        "r",
        text.as_bytes(),
        MediaType::Text,
        1 << 20,
        TimeBudget::new(Duration::ZERO),
    )
    .expect_err("an ingest with no time left is refused");
    let message = refused.to_string();
    assert!(message.contains("timed out"), "{message}");
    assert!(
        message.contains("structure analysis stopped after 0 of"),
        "{message}"
    );
    corpus::ingest_within(
        "r",
        text.as_bytes(),
        MediaType::Text,
        1 << 20,
        TimeBudget::new(corpus::time_budget(text.len())),
    )
    .expect("within its budget");
}

/// The time budget counts the CPU time an input costs, not the wall-clock time a busy machine
/// takes to give it: a real report whose budget is 1.5 × its measured CPU cost is read while
/// six threads keep both cores busy (its wall-clock time is then several times its CPU time).
/// Past the CPU budget it is refused, however idle the machine. The wall-clock backstop is set
/// far out of the way here: how busy the machine is beyond the six threads (other tests, other
/// builds) is not this test's to know, and the backstop has its own test.
#[test]
fn the_time_budget_counts_cpu_time_not_a_busy_machine() {
    use paragraphd::corpus::{self, MediaType};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/upr/chile2009.pdf"
    );
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let ingest = |cpu: Duration| {
        let budget = TimeBudget {
            cpu,
            wall: Duration::from_secs(120),
        };
        corpus::ingest_within("r", &bytes, MediaType::Pdf, 1 << 26, budget)
    };
    ingest(Duration::from_secs(60)).expect("warm-up");
    let cost = cpu_cost(&bytes);

    let stop = std::sync::atomic::AtomicBool::new(false);
    let (result, wall) = std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    std::hint::black_box((0..1000u64).sum::<u64>());
                }
            });
        }
        let start = Instant::now();
        let result = ingest(cost.mul_f64(1.5));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        (result, start.elapsed())
    });
    let doc = result.unwrap_or_else(|e| {
        panic!("refused on a busy machine ({wall:?} wall, CPU cost {cost:?}): {e}")
    });
    assert!(!doc.paragraphs.is_empty());

    let refused = ingest(cost.mul_f64(0.2)).expect_err("a fifth of its cost is not enough");
    assert!(refused.to_string().contains("timed out"), "{refused}");
}

/// Past the wall-clock backstop with CPU budget left, an input is refused as "too busy", not
/// as timed out: the input is not at fault, the machine is (and a retry may succeed).
#[test]
fn the_wall_clock_backstop_says_the_server_is_too_busy() {
    use paragraphd::corpus::{self, MediaType};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/upr/chile2009.pdf"
    );
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let budget = TimeBudget {
        cpu: Duration::from_secs(60),
        wall: Duration::ZERO,
    };
    let refused = corpus::ingest_within("r", &bytes, MediaType::Pdf, 1 << 26, budget)
        .expect_err("no wall-clock time left");
    let message = refused.to_string();
    assert!(message.contains("too busy"), "{message}");
    assert!(!message.contains("timed out"), "{message}");
    assert_eq!(Status::from(refused).code(), Code::ResourceExhausted);
}

/// The CPU time reading `bytes` costs: the PDF reader thread's and this thread's analysis.
fn cpu_cost(bytes: &[u8]) -> Duration {
    use paragraphd::extract::pdf::{self, PdfOptions};
    let meter = Meter::start();
    let (extracted, reader) = pdf::extract_metered(bytes, PdfOptions::new(1 << 26)).expect("read");
    std::hint::black_box(paragraphd::parse::analyze(&extracted));
    reader + meter.cpu()
}

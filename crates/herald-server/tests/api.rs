//! The service through its router, without a socket: every endpoint, every error status, and
//! the seed cluster's summary checked against the source files.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use herald_server::{router, AppState};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::PathBuf;
use tower::ServiceExt;

/// Status, content type and body of one request.
async fn call(request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    call_with(AppState::default(), request).await
}

async fn call_with(state: AppState, request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let response = router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, content_type, body.to_vec())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post(uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

/// The seed cluster as `(id, title, text)`, read from the repository's example folder: the first
/// line of each file is its title, the rest its text.
fn seed_articles() -> Vec<(String, String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/g20-syria");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the seed cluster has five articles");
    files
        .iter()
        .map(|p| {
            let file = std::fs::read_to_string(p).unwrap();
            let (title, text) = file.split_once('\n').unwrap();
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, title.trim().to_owned(), text.to_owned())
        })
        .collect()
}

fn seed_cluster() -> Value {
    let documents: Vec<Value> = seed_articles()
        .into_iter()
        .map(|(id, title, text)| json!({"id": id, "title": title, "text": text}))
        .collect();
    json!({"id": "g20-syria", "documents": documents})
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

/// Asserts a JSON error response with `status` whose message contains `needle`.
async fn assert_error(request: Request<Body>, status: StatusCode, needle: &str) {
    let (got, content_type, body) = call(request).await;
    let text = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(got, status, "{text}");
    assert_eq!(content_type, "application/json", "{text}");
    let error = json_of(&body)["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no \"error\" string: {text}"))
        .to_owned();
    assert!(!error.contains('\n'), "one line: {error}");
    assert!(
        error.contains(needle),
        "{error:?} should mention {needle:?}"
    );
}

#[tokio::test]
async fn page_is_served_with_its_form() {
    let (status, content_type, body) = call(get("/")).await;
    let page = String::from_utf8(body).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(page.contains("<form id=\"form\">"));
    assert!(page.contains("<label for=\"amount\">"));
    assert!(page.contains("/api/summarize"));
    // Self-contained: nothing is loaded from anywhere but this server.
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert!(!page.contains("src="));
}

#[tokio::test]
async fn seed_cluster_summary_quotes_its_sources() {
    let request = json!({"cluster": seed_cluster(), "words": 150});
    let (status, content_type, body) = call(post("/api/summarize", request.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(content_type, "application/json");
    let summary = json_of(&body);
    assert_eq!(summary["id"], "g20-syria");
    let texts: std::collections::HashMap<String, String> = seed_articles()
        .into_iter()
        .map(|(id, _, text)| (id, text))
        .collect();
    let sentences = summary["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 3, "{summary:#}");
    let mut words = 0;
    for s in sentences {
        let text = &texts[s["document"].as_str().unwrap()];
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], s["text"].as_str().unwrap());
        assert_eq!(
            s["support"][0], s["document"],
            "the quoted source comes first"
        );
        words += s["text"].as_str().unwrap().split_whitespace().count();
    }
    assert!(words <= 150, "{words} words");
    // The June G8 article is about another meeting, and one CNN article is a version of the
    // other: the response says so, as the CLI's JSON does.
    assert_eq!(summary["outliers"], json!(["004_f8b5fa20748c1842"]));
    assert_eq!(summary["merged"][0]["document"], "000_c0d28317505d6522");
    assert_eq!(summary["skipped"], json!([]));
}

#[tokio::test]
async fn same_request_same_bytes() {
    let request = json!({"cluster": seed_cluster(), "sentences": 4, "algorithm": "lexrank"});
    let (s1, _, first) = call(post("/api/summarize", request.to_string())).await;
    let (s2, _, second) = call(post("/api/summarize", request.to_string())).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(first, second);
    assert_eq!(json_of(&first)["sentences"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn articles_short_form() {
    let articles: Vec<Value> = seed_articles()
        .into_iter()
        .map(|(_, title, text)| json!({"title": title, "text": text}))
        .collect();
    let request = json!({"articles": articles, "bytes": 665, "truncate": true});
    let (status, _, body) = call(post("/api/summarize", request.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let summary = json_of(&body);
    assert_eq!(summary["id"], "articles");
    let sentences = summary["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    for s in sentences {
        let document = s["document"].as_str().unwrap();
        assert!(document.starts_with("article-"), "{document}");
    }
    assert_eq!(summary["outliers"], json!(["article-5"]));
    assert!(summary["summary"].as_str().unwrap().len() <= 665);
}

#[tokio::test]
async fn other_formats_have_their_content_type() {
    let request = json!({"cluster": seed_cluster()}).to_string();
    for (format, content_type, start) in [
        ("markdown", "text/markdown; charset=utf-8", "## g20-syria\n"),
        ("text", "text/plain; charset=utf-8", "U.S."),
        ("html", "text/html; charset=utf-8", "<!DOCTYPE html>"),
        ("jsonl", "application/x-ndjson", "{\"id\":\"g20-syria\""),
    ] {
        let uri = format!("/api/summarize?format={format}");
        let (status, got, body) = call(post(&uri, request.clone())).await;
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, StatusCode::OK, "{format}: {body}");
        assert_eq!(got, content_type, "{format}");
        assert!(body.starts_with(start), "{format}: {body}");
    }
}

#[tokio::test]
async fn bad_requests_are_400_with_a_json_error() {
    let cluster = seed_cluster();
    let cases: Vec<(String, &str)> = vec![
        ("{\"cluster\": ".into(), "not valid JSON"),
        ("[1, 2]".into(), "should be a JSON object, not an array"),
        ("{}".into(), "nothing to summarize"),
        (
            json!({"cluster": cluster, "words": 50, "bytes": 665}).to_string(),
            "at most one budget",
        ),
        (
            json!({"cluster": cluster, "words": -3}).to_string(),
            "\"words\" should be a whole number of 1 or more, not -3",
        ),
        (
            json!({"cluster": cluster, "algorithm": "magic"}).to_string(),
            "unknown algorithm \"magic\"",
        ),
        (
            json!({"cluster": cluster, "truncate": "yes"}).to_string(),
            "\"truncate\" should be true or false",
        ),
        (
            json!({"cluster": cluster, "word": 50}).to_string(),
            "unknown field \"word\"",
        ),
        (
            json!({"cluster": cluster, "articles": []}).to_string(),
            "not both",
        ),
        (
            json!({"cluster": {"id": "c1"}}).to_string(),
            "\"cluster\": cluster \"c1\" has no \"documents\" array",
        ),
        (
            json!({"cluster": {"id": "c1", "documents": []}}).to_string(),
            "cluster \"c1\" has no documents",
        ),
        (
            json!({"articles": [{"title": "t", "text": "  "}, {"title": "u"}]}).to_string(),
            "no usable documents: article-1: empty: no text; article-2: no \"text\" field",
        ),
        (
            json!({"articles": "text"}).to_string(),
            "\"articles\" should be an array",
        ),
    ];
    for (body, needle) in cases {
        assert_error(
            post("/api/summarize", body),
            StatusCode::BAD_REQUEST,
            needle,
        )
        .await;
    }
    let request = json!({"cluster": cluster}).to_string();
    assert_error(
        post("/api/summarize?format=pdf", request.clone()),
        StatusCode::BAD_REQUEST,
        "unknown format \"pdf\"",
    )
    .await;
    assert_error(
        post("/api/summarize?colour=red", request),
        StatusCode::BAD_REQUEST,
        "query string",
    )
    .await;
}

#[tokio::test]
async fn skipped_documents_are_reported_not_fatal() {
    let mut cluster = seed_cluster();
    cluster["documents"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "blank", "text": ""}));
    let request = json!({"cluster": cluster}).to_string();
    let (status, _, body) = call(post("/api/summarize", request)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json_of(&body)["skipped"],
        json!([{"document": "blank", "reason": "empty: no text"}])
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let state = AppState::default().with_body_limit(1 << 10);
    let big = json!({"articles": [{"text": "word ".repeat(1000)}]}).to_string();
    let (status, content_type, body) = call_with(state, post("/api/summarize", big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(content_type, "application/json");
    assert!(json_of(&body)["error"]
        .as_str()
        .unwrap()
        .contains("over the limit"));
}

#[tokio::test]
async fn a_body_declared_over_the_limit_is_413_before_it_is_read() {
    // The body never comes: only the declared length can answer, and it does at once.
    let request = Request::post("/api/summarize")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, (17u64 << 20).to_string())
        .body(Body::new(Stalled))
        .unwrap();
    let answer = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        router(AppState::default()).oneshot(request),
    )
    .await
    .expect("answered without reading the body")
    .unwrap();
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // An empty POST has no type to judge: the example's ingest reads no body.
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::default()
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let bare = Request::post("/api/example/ingest")
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = call_with(state, bare).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
}

#[tokio::test]
async fn unknown_paths_are_404_with_a_json_error() {
    assert_error(
        get("/api/summarise"),
        StatusCode::NOT_FOUND,
        "no such endpoint: GET /api/summarise",
    )
    .await;
}

#[tokio::test]
async fn health_and_algorithms() {
    let (status, _, body) = call(get("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json_of(&body),
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
    let (status, _, body) = call(get("/api/algorithms")).await;
    assert_eq!(status, StatusCode::OK);
    let names = json_of(&body);
    assert_eq!(names[0], "concept", "the default comes first");
    assert!(names.as_array().unwrap().contains(&json!("lexrank")));
}

#[tokio::test]
async fn example_is_the_bundled_seed_cluster() {
    let (status, content_type, body) = call(get("/api/example")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    assert_eq!(json_of(&body), seed_cluster());
}

/// Three short articles about another event than the seed's, written for these tests.
fn fire_articles() -> Vec<Value> {
    vec![
        json!({"id": "fire-a", "title": "Wildfire forces evacuation of Pine Hollow", "text":
            "A wildfire driven by strong winds forced the evacuation of about 2,000 residents of Pine Hollow on Tuesday night, county officials said.\n\n\
             Firefighters were trying to keep the flames away from the town's northern edge, where several homes were already damaged. The fire had burned 4,500 acres by Wednesday morning."}),
        json!({"id": "fire-b", "title": "Pine Hollow fire grows to 6,000 acres", "text":
            "The wildfire near Pine Hollow grew to 6,000 acres on Wednesday as hundreds of firefighters battled the flames in dry, windy weather.\n\n\
             Evacuated residents spent the night in the high school gym. Officials said the cause of the fire was under investigation."}),
        json!({"id": "fire-c", "title": "Winds ease, giving Pine Hollow firefighters a chance", "text":
            "Calmer winds on Thursday gave firefighters their first chance to contain the Pine Hollow wildfire, which has burned more than 6,000 acres.\n\n\
             The county said evacuated residents could not yet return home. Twelve houses were destroyed by the fire, according to a first damage count."}),
    ]
}

/// One article like no other in the pool.
fn lone_article() -> Value {
    json!({"id": "library", "title": "City library to open on Sundays", "text":
        "The central library will open on Sundays from next month, the city council decided on Monday, after a petition signed by 3,000 readers.\n\n\
         The extra hours will be paid for by closing the branch reading room on Friday evenings."})
}

/// The seed cluster, the fire articles and, if given, more documents, as one mixed cluster.
fn mixed_cluster(more: &[Value]) -> Value {
    let mut cluster = seed_cluster();
    let documents = cluster["documents"].as_array_mut().unwrap();
    documents.extend(fire_articles());
    documents.extend(more.iter().cloned());
    cluster["id"] = json!("mixed");
    cluster
}

fn seed_ids() -> Vec<String> {
    seed_articles().into_iter().map(|(id, _, _)| id).collect()
}

/// Every document a story summary names: quoted, supporting, merged or left out.
fn cited(story: &Value) -> std::collections::BTreeSet<String> {
    let mut ids = std::collections::BTreeSet::new();
    for s in story["sentences"].as_array().unwrap() {
        for d in s["support"].as_array().unwrap() {
            ids.insert(d.as_str().unwrap().to_owned());
        }
    }
    for m in story["merged"].as_array().into_iter().flatten() {
        ids.insert(m["document"].as_str().unwrap().to_owned());
    }
    for o in story["outliers"].as_array().into_iter().flatten() {
        ids.insert(o.as_str().unwrap().to_owned());
    }
    ids
}

async fn summarize_json(request: Value) -> Value {
    let (status, content_type, body) = call(post("/api/summarize", request.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(content_type, "application/json");
    json_of(&body)
}

#[tokio::test]
async fn stories_mode_summarizes_each_story() {
    let mut cluster = mixed_cluster(&[json!({"id": "blank", "text": ""})]);
    // Mixed in, not appended: stories are numbered by their first article.
    let documents = cluster["documents"].as_array_mut().unwrap();
    let fire = documents.remove(5);
    documents.insert(2, fire);
    let response = summarize_json(json!({"cluster": cluster, "stories": true, "words": 200})).await;
    let stories = response["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "{response:#}");
    assert_eq!(stories[0]["id"], "story-1");
    assert_eq!(stories[1]["id"], "story-2");
    // story-1 holds the seed articles, the June G8 one still flagged as about another meeting.
    let seed: std::collections::BTreeSet<String> = seed_ids().into_iter().collect();
    assert!(cited(&stories[0]).is_subset(&seed), "{:#}", stories[0]);
    assert_eq!(stories[0]["outliers"], json!(["004_f8b5fa20748c1842"]));
    assert_eq!(
        cited(&stories[1]),
        ["fire-a", "fire-b", "fire-c"].map(String::from).into(),
        "{:#}",
        stories[1]
    );
    // Each story's summary is the object the single-cluster response is: quotes are exact.
    let texts: std::collections::HashMap<String, String> = fire_articles()
        .into_iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for s in stories[1]["sentences"].as_array().unwrap() {
        let text = &texts[s["document"].as_str().unwrap()];
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], s["text"].as_str().unwrap());
    }
    // Each story names all its articles, cited or not.
    assert_eq!(stories[0]["documents"], json!(seed_ids()));
    assert_eq!(
        stories[1]["documents"],
        json!(["fire-a", "fire-b", "fire-c"])
    );
    assert_eq!(stories[1]["skipped"], json!([]));
    assert_eq!(response["apart"], json!([]));
    assert_eq!(
        response["skipped"],
        json!([{"document": "blank", "reason": "empty: no text"}])
    );
}

#[tokio::test]
async fn a_lone_article_is_apart_unless_stories_of_one_are_asked_for() {
    let articles: Vec<Value> = seed_articles()
        .into_iter()
        .map(|(_, title, text)| json!({"title": title, "text": text}))
        .chain([lone_article()])
        .chain(fire_articles())
        .collect();
    let response = summarize_json(json!({"articles": articles, "stories": true})).await;
    let stories = response["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "{response:#}");
    assert_eq!(response["apart"], json!(["library"]));
    assert!(cited(&stories[0]).iter().all(|d| d.starts_with("article-")));

    let response =
        summarize_json(json!({"articles": articles, "stories": true, "min_articles": 1})).await;
    let stories = response["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 3, "{response:#}");
    assert_eq!(response["apart"], json!([]));
    // Numbered by first article: the library article comes before the fire.
    assert_eq!(stories[1]["id"], "story-2");
    assert_eq!(cited(&stories[1]), ["library".to_owned()].into());
    assert!(cited(&stories[2]).iter().all(|d| d.starts_with("fire-")));

    // With a larger minimum, the fire (three articles) is summarized and nothing else.
    let response =
        summarize_json(json!({"articles": articles, "stories": true, "min_articles": 4})).await;
    assert_eq!(response["stories"].as_array().unwrap().len(), 1);
    assert_eq!(
        response["apart"],
        json!(["library", "fire-a", "fire-b", "fire-c"])
    );
}

#[tokio::test]
async fn story_options_are_checked() {
    let cluster = mixed_cluster(&[]);
    let cases = [
        (
            json!({"cluster": cluster, "min_articles": 2}),
            "\"min_articles\" only applies with \"stories\": true",
        ),
        (
            json!({"cluster": cluster, "stories": false, "min_articles": 1}),
            "\"min_articles\" only applies",
        ),
        (
            json!({"cluster": cluster, "stories": "yes"}),
            "\"stories\" should be true or false, not a string",
        ),
        (
            json!({"cluster": cluster, "stories": true, "min_articles": 0}),
            "\"min_articles\" should be a whole number of 1 or more, not 0",
        ),
        (
            json!({"cluster": cluster, "stories": true, "min_article": 1}),
            "unknown field \"min_article\"",
        ),
    ];
    for (body, needle) in cases {
        assert_error(
            post("/api/summarize", body.to_string()),
            StatusCode::BAD_REQUEST,
            needle,
        )
        .await;
    }
    // The unknown-field message lists the story options with the others.
    assert_error(
        post(
            "/api/summarize",
            json!({"cluster": cluster, "story": true}).to_string(),
        ),
        StatusCode::BAD_REQUEST,
        "truncate, stories, min_articles",
    )
    .await;
}

#[tokio::test]
async fn stories_in_other_formats_have_a_heading_each() {
    let request = json!({"cluster": mixed_cluster(&[]), "stories": true}).to_string();
    let (status, content_type, body) =
        call(post("/api/summarize?format=markdown", request.clone())).await;
    let markdown = String::from_utf8(body).unwrap();
    assert_eq!(status, StatusCode::OK, "{markdown}");
    assert_eq!(content_type, "text/markdown; charset=utf-8");
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## story-1", "## story-2"], "{markdown}");
    // Each story lists its own sources, and only them.
    let (one, two) = markdown.split_once("## story-2").unwrap();
    for id in seed_ids() {
        assert!(
            one.contains(&format!("`{id}`")) && !two.contains(&id),
            "{id}"
        );
    }
    for id in ["fire-a", "fire-b", "fire-c"] {
        assert!(
            two.contains(&format!("`{id}`")) && !one.contains(id),
            "{id}"
        );
    }
    for (format, heading) in [
        ("text", "== story-2 =="),
        ("html", "<h2>story-2</h2>"),
        ("jsonl", "{\"id\":\"story-2\""),
    ] {
        let uri = format!("/api/summarize?format={format}");
        let (status, _, body) = call(post(&uri, request.clone())).await;
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, StatusCode::OK, "{format}: {body}");
        assert!(body.contains(heading), "{format}: {body}");
    }
}

#[tokio::test]
async fn stories_mode_same_request_same_bytes() {
    let request =
        json!({"cluster": mixed_cluster(&[lone_article()]), "stories": true, "sentences": 3})
            .to_string();
    let (s1, _, first) = call(post("/api/summarize", request.clone())).await;
    let (s2, _, second) = call(post("/api/summarize", request)).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(first, second);
}

#[tokio::test]
async fn mixed_example_is_two_stories() {
    let (status, _, body) = call(get("/api/example/mixed")).await;
    assert_eq!(status, StatusCode::OK);
    let cluster = json_of(&body);
    let documents = cluster["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 7);
    assert_eq!(
        documents[..5],
        seed_cluster()["documents"].as_array().unwrap()[..]
    );
    let response = summarize_json(json!({"cluster": cluster, "stories": true})).await;
    let stories = response["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2, "{response:#}");
    assert_eq!(
        cited(&stories[1]),
        ["ferry-strike-1", "ferry-strike-2"]
            .map(String::from)
            .into()
    );
    assert_eq!(response["apart"], json!([]));
}

/// Without "Group into stories", the mixed example is one cluster: the two articles about the
/// ferry strike are a minority pair, each close to the other and far from the rest, and both are
/// set aside as about a different event (with the June G8 article); nothing of theirs is quoted.
#[tokio::test]
async fn mixed_example_as_one_cluster_sets_the_other_event_aside() {
    let (_, _, body) = call(get("/api/example/mixed")).await;
    let cluster = json_of(&body);
    let response = summarize_json(json!({"cluster": cluster, "words": 150})).await;
    let outliers: Vec<&str> = response["outliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(
        outliers,
        ["004_f8b5fa20748c1842", "ferry-strike-1", "ferry-strike-2"],
        "{response:#}"
    );
    for s in response["sentences"].as_array().unwrap() {
        let quoted = s["document"].as_str().unwrap();
        assert!(!quoted.starts_with("ferry"), "{response:#}");
    }
}

#[tokio::test]
async fn text_and_markdown_stories_name_what_no_summary_covers() {
    let articles: Vec<Value> = seed_articles()
        .into_iter()
        .map(|(_, title, text)| json!({"title": title, "text": text}))
        .chain([lone_article(), json!({"id": "blank", "text": "  "})])
        .chain(fire_articles())
        .collect();
    let request = json!({"articles": articles, "stories": true});
    let response = router(AppState::default())
        .oneshot(post("/api/summarize?format=text", request.to_string()))
        .await
        .unwrap();
    assert_eq!(response.headers()["x-herald-apart"], "1");
    assert_eq!(response.headers()["x-herald-skipped"], "1");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        text.contains("(In stories of fewer than 2 articles, not summarized: library)"),
        "{text}"
    );
    assert!(text.contains("(skipped blank: empty: no text)"), "{text}");

    let (status, _, body) = call(post(
        "/api/summarize?format=markdown",
        json!({"articles": articles, "stories": true}).to_string(),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let markdown = String::from_utf8(body).unwrap();
    assert!(
        markdown.contains("*In stories of fewer than 2 articles, not summarized:* library"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- *skipped* blank: empty: no text"),
        "{markdown}"
    );
}

// The rules that keep the service standing: each limit and refusal, one test each.

/// A request body that never sends anything: a client that stalls mid-upload.
struct Stalled;

impl axum::body::HttpBody for Stalled {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

fn stalled_post() -> Request<Body> {
    Request::post("/api/summarize")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(Stalled))
        .unwrap()
}

fn limits() -> herald_server::Limits {
    herald_server::Limits::default()
}

#[tokio::test]
async fn a_post_that_is_not_json_is_415() {
    let body = json!({"cluster": seed_cluster()}).to_string();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let mut request = Request::post("/api/summarize");
        if let Some(c) = content_type {
            request = request.header(header::CONTENT_TYPE, c);
        }
        assert_error(
            request.body(Body::from(body.clone())).unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "must be JSON",
        )
        .await;
    }
    // Parameters are fine.
    let request = Request::post("/api/summarize")
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(call(request).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_post_from_a_foreign_origin_is_403() {
    let body = json!({"cluster": seed_cluster(), "sentences": 1}).to_string();
    let with_origin = |origin: &str| {
        Request::post("/api/summarize")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.clone()))
            .unwrap()
    };
    for foreign in ["http://evil.example", "null", "http://127.0.0.1:9999"] {
        assert_error(
            with_origin(foreign),
            StatusCode::FORBIDDEN,
            "cross-origin request refused",
        )
        .await;
    }
    // The server's own page, and a TLS proxy in front of it, are the same origin.
    for own in ["http://127.0.0.1:8080", "https://127.0.0.1:8080"] {
        assert_eq!(call(with_origin(own)).await.0, StatusCode::OK, "{own}");
    }
    // Reads are not refused: they change nothing.
    let read = Request::get("/api/health")
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(read).await.0, StatusCode::OK);
}

/// A header of a response, as text ("" when absent).
fn header_of(response: &axum::response::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_allowed_origin_may_call_the_api_from_a_browser_and_no_other() {
    let app = "https://app.example";
    let state = AppState::default()
        .with_token(Some("s3cret".into()))
        .with_allowed_origins(vec![app.to_owned()]);
    let body = json!({"cluster": seed_cluster(), "sentences": 1}).to_string();
    let post_from = |origin: &str, token: bool| {
        let mut request = Request::post("/api/summarize")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json");
        if token {
            request = request.header(header::AUTHORIZATION, "Bearer s3cret");
        }
        request.body(Body::from(body.clone())).unwrap()
    };

    // The browser asks first, for a JSON POST with a token; the answer grants exactly that.
    let preflight = |origin: &str| {
        Request::options("/api/summarize")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,authorization",
            )
            .body(Body::empty())
            .unwrap()
    };
    let granted = router(state.clone()).oneshot(preflight(app)).await.unwrap();
    assert!(granted.status().is_success(), "{}", granted.status());
    assert_eq!(header_of(&granted, "access-control-allow-origin"), app);
    assert!(header_of(&granted, "access-control-allow-methods").contains("POST"));
    let headers = header_of(&granted, "access-control-allow-headers").to_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    let other = router(state.clone())
        .oneshot(preflight("https://evil.example"))
        .await
        .unwrap();
    assert_eq!(header_of(&other, "access-control-allow-origin"), "");

    // The write itself: summarized, and readable by the page; its errors readable too.
    let done = router(state.clone())
        .oneshot(post_from(app, true))
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(header_of(&done, "access-control-allow-origin"), app);
    assert!(header_of(&done, "access-control-expose-headers")
        .to_lowercase()
        .contains("retry-after"));
    let no_token = router(state.clone())
        .oneshot(post_from(app, false))
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header_of(&no_token, "access-control-allow-origin"), app);

    // Another site stays refused, and learns nothing from the answer.
    let refused = router(state.clone())
        .oneshot(post_from("https://evil.example", true))
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(header_of(&refused, "access-control-allow-origin"), "");

    // Without --allow-origin, no answer is readable by another origin, reads included.
    let read = Request::get("/api/health")
        .header(header::ORIGIN, app)
        .body(Body::empty())
        .unwrap();
    let plain = router(AppState::default()).oneshot(read).await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(header_of(&plain, "access-control-allow-origin"), "");
}

#[test]
fn an_origin_is_scheme_host_and_port() {
    use herald_server::parse_origin;
    assert_eq!(
        parse_origin("https://App.Example/").unwrap(),
        "https://app.example"
    );
    assert_eq!(
        parse_origin("http://localhost:3000").unwrap(),
        "http://localhost:3000"
    );
    assert_eq!(
        parse_origin("http://[::1]:8080").unwrap(),
        "http://[::1]:8080"
    );
    // As a browser sends it: without the scheme's own port.
    assert_eq!(
        parse_origin("https://app.example:443").unwrap(),
        "https://app.example"
    );
    assert_eq!(
        parse_origin("http://app.example:80/").unwrap(),
        "http://app.example"
    );
    assert_eq!(
        parse_origin("http://app.example:443").unwrap(),
        "http://app.example:443"
    );
    for bad in [
        "app.example",
        "ftp://app.example",
        "https://app.example/desk",
        "https://app.example:99999",
        "https://",
        "https://user@app.example",
        "https://app.example?x=1",
    ] {
        let error = parse_origin(bad).unwrap_err();
        assert!(error.contains("not a web origin"), "{bad}: {error}");
    }
}

#[tokio::test]
async fn a_server_without_a_token_answers_only_requests_to_loopback_names() {
    // A page whose own name was pointed at 127.0.0.1 (DNS rebinding) sends its name as Host
    // and as Origin: they agree, so only the name itself tells the request apart.
    let body = json!({"cluster": seed_cluster(), "sentences": 1}).to_string();
    let to = |host: &str, method: &str| {
        let origin = format!("http://{host}");
        let request = Request::builder()
            .method(method)
            .uri(if method == "GET" {
                "/api/health"
            } else {
                "/api/summarize"
            })
            .header(header::HOST, host)
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/json");
        request
            .body(Body::from(if method == "GET" {
                String::new()
            } else {
                body.clone()
            }))
            .unwrap()
    };
    for method in ["GET", "POST"] {
        assert_error(
            to("evil.example:8080", method),
            StatusCode::FORBIDDEN,
            "a server without a token answers only requests to localhost",
        )
        .await;
        for own in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"] {
            assert_eq!(
                call(to(own, method)).await.0,
                StatusCode::OK,
                "{own} {method}"
            );
        }
    }
    // With a token the server may be reached by any name (behind a proxy, on a LAN).
    let state = AppState::default().with_token(Some("s3cret".into()));
    let (status, _, _) = call_with(state, to("news.example:8080", "GET")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn with_a_token_a_post_without_it_is_401() {
    let state = AppState::default().with_token(Some("s3cret".into()));
    let body = json!({"cluster": seed_cluster(), "sentences": 1}).to_string();
    let with_auth = |auth: Option<&str>| {
        let mut request =
            Request::post("/api/summarize").header(header::CONTENT_TYPE, "application/json");
        if let Some(a) = auth {
            request = request.header(header::AUTHORIZATION, a);
        }
        request.body(Body::from(body.clone())).unwrap()
    };
    for wrong in [
        None,
        Some("Bearer guess"),
        Some("s3cret"),
        Some("Bearer s3cre"),
    ] {
        let response = router(state.clone())
            .oneshot(with_auth(wrong))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{wrong:?}");
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(json_of(&body)["error"].as_str().unwrap().contains("Bearer"));
    }
    for right in ["Bearer s3cret", "bearer s3cret"] {
        let (status, _, _) = call_with(state.clone(), with_auth(Some(right))).await;
        assert_eq!(status, StatusCode::OK, "{right}");
    }
    // Reads stay open: health checks and the page need no token.
    let (status, _, _) = call_with(state, get("/api/health")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_method_is_405_with_a_json_error() {
    let response = router(AppState::default())
        .oneshot(get("/api/summarize"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[header::ALLOW], "POST");
    // (method, path, body with its type, what the error says). A body the path would never
    // read is not judged by its type: the method is what is wrong.
    let cases = [
        ("GET", "/api/summarize", None, "use POST"),
        ("DELETE", "/api/health", None, "use GET"),
        (
            "PUT",
            "/api/health",
            Some(("text/plain", "hello")),
            "use GET",
        ),
        (
            "PUT",
            "/api/ingest",
            Some(("text/plain", "hello")),
            "use POST",
        ),
        (
            "PATCH",
            "/api/feeds",
            Some(("application/json", "{}")),
            "use GET, POST or DELETE",
        ),
    ];
    for (method, path, body, allowed) in cases {
        let request = Request::builder().method(method).uri(path);
        let request = match body {
            Some((kind, text)) => request
                .header(header::CONTENT_TYPE, kind)
                .body(Body::from(text)),
            None => request.body(Body::empty()),
        };
        assert_error(
            request.unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("method {method} not allowed on {path}: {allowed}"),
        )
        .await;
    }
}

#[tokio::test]
async fn a_full_queue_is_503_with_retry_after() {
    let state = AppState::with_limits(herald_server::Limits {
        max_queued: 1,
        ..limits()
    });
    // The one place in the queue is taken by an upload that never ends.
    let first = tokio::spawn(router(state.clone()).oneshot(stalled_post()));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let body = json!({"cluster": seed_cluster()}).to_string();
    let response = router(state.clone())
        .oneshot(post("/api/summarize", body.clone()))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()[header::RETRY_AFTER], "2");
    // Its body was never read, so the connection cannot be reused: the client is told.
    assert_eq!(response.headers()[header::CONNECTION], "close");
    let error = response.into_body().collect().await.unwrap().to_bytes();
    assert!(json_of(&error)["error"]
        .as_str()
        .unwrap()
        .contains("too many summaries queued"));
    // Reads are not queued behind summaries.
    assert_eq!(
        call_with(state.clone(), get("/api/health")).await.0,
        StatusCode::OK
    );
    // Once the place is free, the next summary is admitted.
    first.abort();
    let _ = first.await;
    let (status, _, _) = call_with(state, post("/api/summarize", body)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn past_its_deadline_a_request_is_503_and_frees_its_place() {
    let state = AppState::with_limits(herald_server::Limits {
        request_timeout: std::time::Duration::from_millis(200),
        max_queued: 1,
        ..limits()
    });
    let started = std::time::Instant::now();
    let response = router(state.clone()).oneshot(stalled_post()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        json_of(&body)["error"]
            .as_str()
            .unwrap()
            .contains("deadline of 0.2 s"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    // The queue's one place and every worker are free again.
    assert_eq!(state.summaries_running(), 0);
    let request = json!({"cluster": seed_cluster(), "algorithm": "lead"}).to_string();
    let (status, _, body) = call_with(state, post("/api/summarize", request)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
}

#[tokio::test]
async fn a_stalled_body_is_408() {
    let state = AppState::with_limits(herald_server::Limits {
        body_timeout: std::time::Duration::from_millis(100),
        ..limits()
    });
    let (status, content_type, body) = call_with(state, stalled_post()).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(content_type, "application/json");
    assert!(json_of(&body)["error"]
        .as_str()
        .unwrap()
        .contains("nothing received for 0.1 s"));
}

/// `count` stories of two articles each, every story with words of its own, so that grouping
/// finds them all and each needs a summary of its own.
fn many_stories(count: usize) -> Value {
    let names = [
        "alpha", "bravo", "carlo", "delta", "ekko", "foxtrot", "golf", "hotel",
    ];
    let articles: Vec<Value> = (0..count)
        .flat_map(|k| {
            let word = move |n: usize| format!("{}{}", names[n % names.len()], k * 10 + n);
            (0..2).map(move |copy| {
                let sentences: Vec<String> = (0..12)
                    .map(|s| {
                        format!(
                            "The {} of {} met the {} near {} on day {} of the {} talks, officials said.",
                            word(s % 7), word((s + 1) % 7), word((s + 2) % 7),
                            word((s + 3) % 7), s + copy, word((s + 4) % 7)
                        )
                    })
                    .collect();
                json!({"id": format!("s{k}-{copy}"), "text": sentences.join(" ")})
            })
        })
        .collect();
    json!({"articles": articles, "stories": true})
}

/// The deadline stops the work itself, not only the wait for it: a request of 300 stories
/// answers 503 at its deadline, and its worker is free again long before the whole request
/// would have finished (the work checks its stop flag before each story).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_its_deadline_the_work_stops_and_frees_its_worker() {
    let request = many_stories(300).to_string();
    let one_worker = || herald_server::Limits {
        workers: 1,
        ..limits()
    };
    // How long the whole request takes on this machine, in this build.
    let started = std::time::Instant::now();
    let (status, _, _) = call_with(
        AppState::with_limits(one_worker()),
        post("/api/summarize", request.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let whole = started.elapsed();

    let deadline = whole / 8;
    let state = AppState::with_limits(herald_server::Limits {
        request_timeout: deadline,
        ..one_worker()
    });
    let started = std::time::Instant::now();
    let (status, _, _) = call_with(state.clone(), post("/api/summarize", request)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    while state.summaries_running() > 0 {
        assert!(
            started.elapsed() < whole,
            "the worker was still busy after the whole request's time ({whole:?})"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let freed = started.elapsed();
    assert!(
        freed < whole / 2,
        "freed after {freed:?}; the whole request takes {whole:?}"
    );
}

/// The deadline stops one big summary too, not only a request of many: the pipeline looks at
/// the stop flag inside its long loops, so a single cluster of 300 articles answers 503 at its
/// deadline, its worker is free again long before the whole summary would have finished, and
/// the next request is answered at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_its_deadline_one_big_summary_stops_and_frees_its_worker() {
    let mut request = many_stories(150);
    request.as_object_mut().unwrap().remove("stories");
    let request = request.to_string();
    let one_worker = || herald_server::Limits {
        workers: 1,
        ..limits()
    };
    let started = std::time::Instant::now();
    let (status, _, _) = call_with(
        AppState::with_limits(one_worker()),
        post("/api/summarize", request.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let whole = started.elapsed();

    let state = AppState::with_limits(herald_server::Limits {
        request_timeout: whole / 8,
        ..one_worker()
    });
    let started = std::time::Instant::now();
    let (status, _, _) = call_with(state.clone(), post("/api/summarize", request)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    // The next request waits for the one worker: it is answered as soon as the stopped work
    // gives it back.
    let small = json!({"cluster": seed_cluster(), "algorithm": "lead"}).to_string();
    let (status, _, _) = call_with(state.clone(), post("/api/summarize", small)).await;
    assert_eq!(status, StatusCode::OK);
    let answered = started.elapsed();
    assert!(
        answered < whole / 2,
        "the next request was answered after {answered:?}; the whole summary takes {whole:?}"
    );
    assert_eq!(state.summaries_running(), 0);
}

#[tokio::test]
async fn an_update_read_without_the_token_is_given_and_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("herald.db");
    let state = AppState::default()
        .with_store(&db)
        .unwrap()
        .with_token(Some("s3cret".into()));
    let authorized = |request: axum::http::request::Builder| {
        request.header(header::AUTHORIZATION, "Bearer s3cret")
    };
    let load = authorized(Request::post("/api/example/ingest"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _, body) = call_with(state.clone(), load).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let briefs = || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT count(*) FROM briefs", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    let uri = "/api/stories/s-000001/update?since=2000-01-01T00:00:00Z";
    // A reader without the token gets the brief; the store is not written.
    let (status, _, open) = call_with(state.clone(), get(uri)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&open));
    assert!(!json_of(&open)["sentences"].as_array().unwrap().is_empty());
    // Every source says whether the update covers it, as the CLI's JSON does.
    let sources = json_of(&open)["sources"].as_array().unwrap().clone();
    assert!(sources.iter().all(|s| s["new"].is_boolean()), "{sources:?}");
    assert_eq!(briefs(), 0);
    // With it, the same brief, kept for the updates after it.
    let request = authorized(Request::get(uri)).body(Body::empty()).unwrap();
    let (status, _, kept) = call_with(state, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&kept)["sentences"], json_of(&open)["sentences"]);
    assert_eq!(briefs(), 1);
}

#[tokio::test]
async fn the_list_counts_the_stories_with_news_over_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::default()
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let (status, _, body) = call_with(state.clone(), post("/api/example/ingest", "{}")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let list = |query: &'static str| {
        let state = state.clone();
        async move {
            let (status, _, body) = call_with(state, get(query)).await;
            assert_eq!(status, StatusCode::OK, "{query}");
            json_of(&body)
        }
    };
    let all = list("/api/stories").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 2, "{all}");
    assert!(all.get("with_news").is_none(), "{all}");
    // A page of one story still counts every story that has news.
    let page = list("/api/stories?limit=1&new_since=2000-01-01").await;
    assert_eq!(page["stories"].as_array().unwrap().len(), 1);
    assert_eq!(page["with_news"], total, "{page}");
    let none = list("/api/stories?limit=1&new_since=2999-01-01T00:00:00Z").await;
    assert_eq!(none["with_news"], 0, "{none}");
}

#[tokio::test]
async fn articles_ingested_without_ids_are_named_by_their_text_not_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::default()
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let fire = "A fire destroyed a warehouse in Riverton on Wednesday night, fire officials said. \
                No one was hurt in the blaze, which started shortly after 9 p.m. in the storage \
                area. Firefighters from three towns fought the flames for more than four hours.";
    // A follow-up that repeats one sentence of the first report: by position it was
    // `article-1` again, and the story listed two articles under one id.
    let arrest = "Police arrested a 34-year-old man on Thursday and charged him with arson in \
                  the Riverton warehouse fire. Prosecutors said the suspect had worked at the \
                  warehouse until he was fired in March. A fire destroyed a warehouse in \
                  Riverton on Wednesday night, fire officials said. He will appear in court on \
                  Monday."
        .to_owned();
    let ingest = |text: String, site: &str| {
        let state = state.clone();
        let body = json!({"articles": [{"title": site, "site": site, "text": text}]}).to_string();
        async move {
            let (status, _, body) = call_with(state, post("/api/ingest", body)).await;
            assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
            json_of(&body)
        }
    };
    let first = ingest(fire.to_owned(), "Gazette").await;
    assert_eq!(first["new"], 1, "{first}");
    let second = ingest(arrest, "Valley News").await;
    assert_eq!(
        (second["new"].as_u64(), second["versions"].as_u64()),
        (Some(1), Some(0)),
        "{second}"
    );
    // The same article sent again is found unchanged under the same id.
    let again = ingest(fire.to_owned(), "Gazette").await;
    assert_eq!(again["unchanged"], 1, "{again}");
    let (_, _, body) = call_with(state.clone(), get("/api/stories")).await;
    let ids: Vec<String> = json_of(&body)["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["documents"].as_array().unwrap().clone())
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert!(
        ids.iter()
            .all(|id| id.starts_with("article-") && id.len() == 24),
        "{ids:?}"
    );
}

/// `n` articles of made-up words, each its own text, as one ingest body: an input that keeps
/// the store's writer busy for a while.
fn filler_ingest(n: usize) -> String {
    let words = [
        "harbour", "council", "ferry", "budget", "river", "school", "bridge", "market", "storm",
        "rail", "court", "union", "museum", "tunnel", "library", "airport", "hospital", "quarry",
    ];
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let articles: Vec<Value> = (0..n)
        .map(|i| {
            let text: Vec<String> = (0..6)
                .map(|_| {
                    let s: Vec<&str> = (0..14).map(|_| words[next() % words.len()]).collect();
                    format!("The {} report {i}.", s.join(" "))
                })
                .collect();
            json!({"id": format!("filler-{i}"), "title": format!("Report {i}"),
                   "date": "2024-05-01", "text": text.join(" ")})
        })
        .collect();
    json!({"articles": articles}).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neither_a_full_brief_nor_an_update_waits_for_an_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let limits = herald_server::Limits {
        workers: 1,
        ..herald_server::Limits::default()
    };
    let state = AppState::with_limits(limits)
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let (status, _, body) = call_with(state.clone(), post("/api/example/ingest", "{}")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    // A long ingest holds the store's writer; an update brief (which keeps what it tells, so
    // it writes) waits for it.
    // Sized to keep the writer busy for seconds in either build (an optimized one ingests
    // about ten times as fast).
    let n = if cfg!(debug_assertions) { 3000 } else { 15_000 };
    let ingest = tokio::spawn(call_with(
        state.clone(),
        post("/api/ingest", filler_ingest(n)),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let update = tokio::spawn(call_with(
        state.clone(),
        get("/api/stories/s-000001/update?since=2000-01-01T00:00:00Z"),
    ));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // A full brief only reads: it is answered while the ingest goes on.
    let (status, _, body) = call_with(state.clone(), get("/api/stories/s-000001?words=40")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert!(
        !ingest.is_finished(),
        "the full brief waited for the ingest (make the ingest longer if it is just fast)"
    );
    // The update did not wait for the ingest either: it read what was committed (and, the
    // store being busy, was given without being kept).
    let (status, _, body) = update.await.unwrap();
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert!(
        !ingest.is_finished(),
        "the update waited for the ingest (make the ingest longer if it is just fast)"
    );
    let (status, _, body) = ingest.await.unwrap();
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(state.summaries_running(), 0);
}

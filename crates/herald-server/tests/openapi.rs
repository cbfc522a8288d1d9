//! The OpenAPI document against the service's real answers: every endpoint is called, for
//! success and for its errors, over a store in a temporary folder, and each answer must be
//! documented (path, method, status, content type) and match its schema. Object schemas are
//! read as closed: a field the document does not name fails, so the document cannot fall
//! behind the answers.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use herald_server::{router, AppState};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Today's and tomorrow's dates (UTC), as the store's clock reads them (`HERALD_NOW` when
/// set, as the store honours it).
fn today_and_tomorrow() -> (String, String) {
    use herald::cluster::tracker::{date_of_day, day_number};
    let day = std::env::var("HERALD_NOW")
        .ok()
        .and_then(|now| day_number(&now))
        .unwrap_or_else(|| {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            (secs / 86_400) as i32
        });
    (date_of_day(day), date_of_day(day + 1))
}

/// Checks `value` against `schema`, resolving `$ref`s in `doc`; returns what does not match,
/// with the JSON path where it happens.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        let target = &doc["components"]["schemas"][name];
        assert!(!target.is_null(), "$ref to a missing schema {name}");
        return check(doc, target, value, at, errors);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let matching = options
                .iter()
                .filter(|o| {
                    let mut e = Vec::new();
                    check(doc, o, value, at, &mut e);
                    e.is_empty()
                })
                .count();
            let ok = if key == "oneOf" {
                matching == 1
            } else {
                matching >= 1
            };
            if !ok {
                errors.push(format!(
                    "{at}: {matching} of the {key} options match {value}"
                ));
            }
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            check(doc, s, value, at, errors);
        }
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            other => panic!("bad type {other}"),
        };
        if !types.iter().any(|t| is_type(value, t)) {
            errors.push(format!(
                "{at}: {} is not {}",
                kind(value),
                types.join(" or ")
            ));
            return;
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) {
        if n < min {
            errors.push(format!("{at}: {n} under the minimum {min}"));
        }
    }
    if let Value::Object(fields) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !fields.contains_key(name) {
                errors.push(format!("{at}: required field {name:?} missing"));
            }
        }
        if let Some(properties) = properties {
            for (name, v) in fields {
                match properties.get(name) {
                    Some(s) => check(doc, s, v, &format!("{at}.{name}"), errors),
                    None => errors.push(format!("{at}: field {name:?} is not documented")),
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            check(doc, item_schema, v, &format!("{at}[{i}]"), errors);
        }
    }
}

fn is_type(value: &Value, t: &str) -> bool {
    match t {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        other => panic!("unknown type {other}"),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The document's path template that `path` fills in: `/api/stories/{id}` for
/// `/api/stories/s-000001`.
fn template<'a>(doc: &'a Value, path: &str) -> Option<&'a str> {
    let parts: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .map(String::as_str)
        .find(|t| {
            let tparts: Vec<&str> = t.split('/').collect();
            tparts.len() == parts.len()
                && tparts
                    .iter()
                    .zip(&parts)
                    .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}')))
        })
}

/// The service under test, the document it serves, and the answers checked so far.
struct Checker {
    state: AppState,
    doc: Value,
    checked: Vec<(String, String, u16)>,
}

impl Checker {
    /// Sends a request, checks its answer against the document, and returns the answer's body.
    async fn call(
        &mut self,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method.clone()).uri(uri);
        let body = match body {
            Some(b) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        let response = router(self.state.clone())
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(content_type, "application/json", "{method} {uri}: {status}");
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let path = uri.split('?').next().unwrap();
        let template = template(&self.doc, path)
            .unwrap_or_else(|| panic!("{path} is not in the document"))
            .to_owned();
        let method_name = method.as_str().to_lowercase();
        let item = &self.doc["paths"][&template];
        // A method the path does not take has no operation: its 405 is documented on the
        // path's operations.
        let operation = match &item[&method_name] {
            Value::Null if status == StatusCode::METHOD_NOT_ALLOWED => {
                item.as_object().unwrap().values().next().unwrap()
            }
            op => op,
        };
        let responses = &operation["responses"];
        let response = &responses[status.as_str()];
        assert!(
            !response.is_null(),
            "{method} {template} answered {status}, which the document does not list: {value}"
        );
        let schema = &response["content"]["application/json"]["schema"];
        assert!(
            !schema.is_null(),
            "{method} {template} {status}: no JSON schema documented"
        );
        let mut errors = Vec::new();
        check(&self.doc, schema, &value, "$", &mut errors);
        assert!(
            errors.is_empty(),
            "{method} {uri} {status} does not match the document:\n{}\n{value}",
            errors.join("\n")
        );
        self.checked.push((method_name, template, status.as_u16()));
        (status, value)
    }
}

#[tokio::test]
async fn every_endpoint_answers_as_the_openapi_document_says() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::default()
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let response = router(state.clone())
        .oneshot(
            Request::get("/api/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let doc: Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut c = Checker {
        state,
        doc,
        checked: Vec::new(),
    };
    use Method as M;

    c.call(M::GET, "/api/openapi.json", None).await;
    c.call(M::GET, "/api/health", None).await;
    c.call(M::GET, "/api/algorithms", None).await;
    c.call(M::GET, "/api/example", None).await;
    let (_, mixed) = c.call(M::GET, "/api/example/mixed", None).await;
    let articles = json!({"articles": [{"title": "One", "text": "A sentence about a ferry strike. Another one about the union."}], "words": 20});
    c.call(M::POST, "/api/summarize", Some(articles.clone()))
        .await;
    c.call(M::POST, "/api/summarize", Some(json!({"words": 3})))
        .await;

    // The store, empty, then filled.
    let (_, empty) = c.call(M::GET, "/api/stories", None).await;
    assert_eq!(empty["total"], 0);
    let (status, report) = c
        .call(M::POST, "/api/example/ingest", Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["stories_opened"], 2);
    let (_, again) = c
        .call(M::POST, "/api/example/ingest", Some(json!({})))
        .await;
    assert_eq!(again["new"], 0, "the example is stored once");
    // The page's mixed example posted back: its ferry articles are stored already. (Its seed
    // articles send their titles apart from the text, where the store read them from the
    // example's files, title line and all: they would be versions.)
    let mut ferry = mixed.clone();
    ferry["documents"]
        .as_array_mut()
        .unwrap()
        .retain(|d| d["id"].as_str().is_some_and(|id| id.starts_with("ferry")));
    assert_eq!(ferry["documents"].as_array().unwrap().len(), 2);
    let (status, report) = c
        .call(
            M::POST,
            "/api/ingest",
            Some(json!({"cluster": ferry, "input": "again"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["input"], "again");
    assert_eq!(report["unchanged"], 2, "{report}");
    // A new version of an article of the ferry story, published later: what an update brings.
    // Dated tomorrow (a date further ahead is not trusted), after everything stored today.
    let (today, tomorrow) = today_and_tomorrow();
    let extra = json!({"articles": [{"id": "ferry-strike-2", "title": "Kestrel Bay ferry strike ends", "date": tomorrow, "site": "Harbour News", "url": "https://example.invalid/ferry",
        "text": "Talks to end the Kestrel Bay ferry strike ended in a deal on Wednesday, the ferry company and the crews' union said, after a second day without sailings to the islands.\n\nThe union agreed to return to work after the company put the crew cuts on hold. Sailings to the islands resume on Thursday morning."}]});
    c.call(M::POST, "/api/ingest", Some(extra)).await;
    c.call(M::POST, "/api/ingest", Some(json!({"articles": 3})))
        .await;
    c.call(M::POST, "/api/ingest", Some(json!({"nothing": []})))
        .await;

    let (_, list) = c
        .call(
            M::GET,
            "/api/stories?limit=1&offset=0&new_since=2000-01-01T00:00:00Z",
            None,
        )
        .await;
    assert_eq!(list["stories"].as_array().unwrap().len(), 1);
    assert_eq!(list["total"], 2);
    assert_eq!(
        list["stories"][0]["documents"][0], "ferry-strike-1",
        "the ferry story grew last"
    );
    // Since the second its last article was stored in, that article counts as new: it may
    // have come after the moment (times have whole seconds), and the update brief counts it.
    let ferry = list["stories"][0]["id"].as_str().unwrap();
    let (_, detail) = c
        .call(M::GET, &format!("/api/stories/{ferry}?words=40"), None)
        .await;
    let last = detail["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["ingested"].as_str().unwrap())
        .max()
        .unwrap();
    let (_, since_last) = c
        .call(
            M::GET,
            &format!("/api/stories?limit=1&new_since={last}"),
            None,
        )
        .await;
    assert!(
        since_last["stories"][0]["new_articles"].as_u64() >= Some(1),
        "{since_last}"
    );
    // The ferry story grew after it opened: its latest line is what joined last. The other
    // story's articles all came in one input, in no order that says which is latest.
    let (_, all) = c.call(M::GET, "/api/stories", None).await;
    let all = all["stories"].as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["latest_title"], "Kestrel Bay ferry strike ends");
    assert!(all[1]["latest_title"].is_null(), "{}", all[1]);
    assert!(all[0]["updated"].as_str() >= all[1]["updated"].as_str());
    c.call(M::GET, "/api/stories?since=2001-01-01&min_articles=2", None)
        .await;
    c.call(M::GET, "/api/stories?limit=0", None).await;
    c.call(M::GET, "/api/stories?since=soon", None).await;
    c.call(M::GET, "/api/stories?colour=red", None).await;

    let id = list["stories"][0]["id"].as_str().unwrap().to_owned();
    let (_, story) = c
        .call(M::GET, &format!("/api/stories/{id}?words=40"), None)
        .await;
    assert!(!story["sentences"].as_array().unwrap().is_empty());
    c.call(
        M::GET,
        "/api/stories/s-000001?algorithm=lexrank&sentences=2",
        None,
    )
    .await;
    c.call(M::GET, "/api/stories/s-999999", None).await;
    c.call(M::GET, "/api/stories/s-000001?words=0", None).await;
    c.call(M::GET, "/api/stories/s-000001?algorithm=magic", None)
        .await;

    let (_, update) = c
        .call(
            M::GET,
            &format!("/api/stories/{id}/update?since={tomorrow}"),
            None,
        )
        .await;
    assert_eq!(update["since"], format!("{tomorrow}T00:00:00Z"));
    let quoted: Vec<&str> = update["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["document"].as_str().unwrap())
        .collect();
    assert!(
        !quoted.is_empty() && quoted.iter().all(|d| *d == "ferry-strike-2#2"),
        "the update quotes only the article after `since`: {quoted:?}"
    );
    // Asked again since the same day, tomorrow: the brief above was given before it, so a
    // reader could have read it by then, and the update leaves out what it told. (Since a day
    // that has begun, asking again gives the same brief: the store's tests show it.)
    let (_, again) = c
        .call(
            M::GET,
            &format!("/api/stories/{id}/update?since={tomorrow}"),
            None,
        )
        .await;
    let told = update["sentences"].as_array().unwrap();
    let retold: Vec<&Value> = again["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| told.contains(s))
        .collect();
    assert!(retold.is_empty(), "told twice: {retold:?}");
    // A time of day (the desk's "since your last visit") is the store's update brief too: it
    // knows what the briefs above told.
    let (_, by_time) = c
        .call(
            M::GET,
            &format!("/api/stories/{id}/update?since={today}T23:59:59Z"),
            None,
        )
        .await;
    assert_eq!(by_time["since"], format!("{today}T23:59:59Z"));
    let retold: Vec<&Value> = by_time["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| told.contains(s))
        .collect();
    assert!(retold.is_empty(), "told again since a time: {retold:?}");
    // Since a time after every article, nothing is new, and the brief says so.
    let (_, nothing) = c
        .call(
            M::GET,
            &format!("/api/stories/{id}/update?since=2999-01-01T00:00:00Z"),
            None,
        )
        .await;
    assert!(nothing["sentences"].as_array().unwrap().is_empty());
    assert!(
        nothing["notes"][0]
            .as_str()
            .unwrap()
            .contains("no article of this story is newer"),
        "{nothing}"
    );
    c.call(
        M::GET,
        "/api/stories/s-000001/update?since=2999-01-01",
        None,
    )
    .await;
    c.call(M::GET, "/api/stories/s-000001/update", None).await;
    c.call(M::GET, "/api/stories/s-000001/update?since=later", None)
        .await;
    c.call(
        M::GET,
        "/api/stories/s-999999/update?since=2020-01-01",
        None,
    )
    .await;

    let sentence = &story["sentences"][0];
    let document = sentence["document"].as_str().unwrap();
    let (_, article) = c
        .call(
            M::GET,
            &format!("/api/articles/{document}?story={id}"),
            None,
        )
        .await;
    let text = article["text"].as_str().unwrap();
    let (start, end) = (
        sentence["start"].as_u64().unwrap() as usize,
        sentence["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], sentence["text"].as_str().unwrap());
    // Without ?story, an article is found in the story it is in.
    let (status, found) = c.call(M::GET, "/api/articles/ferry-strike-1", None).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["id"], "ferry-strike-1");
    assert_eq!(found["story"], list["stories"][0]["id"], "the ferry story");
    let (status, _) = c.call(M::GET, "/api/articles/nobody", None).await;
    assert_eq!(status, 404);
    c.call(M::GET, "/api/articles/ferry-strike-1?story=s-999999", None)
        .await;

    // The feeds the store follows: added (201), added again (200), listed, refused, removed.
    let (_, feeds) = c.call(M::GET, "/api/feeds", None).await;
    assert_eq!(feeds["watching"], false);
    let url = "https://news.example/rss";
    let (status, _) = c
        .call(M::POST, "/api/feeds", Some(json!({ "url": url })))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = c
        .call(M::POST, "/api/feeds", Some(json!({ "url": url })))
        .await;
    assert_eq!((status, &again["changed"]), (StatusCode::OK, &json!(false)));
    c.call(M::POST, "/api/feeds", Some(json!({"url": "gopher://x"})))
        .await;
    let (_, feeds) = c.call(M::GET, "/api/feeds", None).await;
    assert_eq!(feeds["feeds"][0]["url"], url);
    assert!(feeds["feeds"][0]["checked"].is_null());
    let (status, _) = c
        .call(
            M::DELETE,
            "/api/feeds?url=https%3A%2F%2Fnews.example%2Frss",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    c.call(
        M::DELETE,
        "/api/feeds?url=https%3A%2F%2Fnews.example%2Frss",
        None,
    )
    .await;
    c.call(M::DELETE, "/api/feeds", None).await;

    // Errors every endpoint documents.
    c.call(M::DELETE, "/api/stories", None).await;
    c.call(M::PUT, "/api/ingest", Some(json!({}))).await;

    // Every operation of the document was called at least once with success (200, or 201 for
    // a creation).
    let ok: Vec<(String, String)> = c
        .checked
        .iter()
        .filter(|(_, _, s)| *s == 200 || *s == 201)
        .map(|(m, t, _)| (m.clone(), t.clone()))
        .collect();
    for (template, item) in c.doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            assert!(
                ok.contains(&(method.clone(), template.clone())),
                "{method} {template} was never answered with 200 here"
            );
        }
    }
}

#[tokio::test]
async fn without_a_store_the_store_endpoints_say_how_to_get_one() {
    let response = router(AppState::default())
        .oneshot(Request::get("/api/stories").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let value: Value = serde_json::from_slice(&body).unwrap();
    assert!(value["error"].as_str().unwrap().contains("--db"), "{value}");
}

/// Sends a bodiless request (or a JSON body) and returns the status and content type.
async fn status_of(
    state: &AppState,
    method: Method,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(uri);
    let body = match body {
        Some(b) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let response = router(state.clone())
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), content_type)
}

/// A client generated from the document must be able to trust it: every value a query
/// parameter's schema allows (its minimum, its maximum) is taken, a parameter it marks
/// optional may be left out, one it marks required may not; and every content type the
/// summarize endpoint answers with is documented.
#[tokio::test]
async fn query_parameters_are_documented_as_the_server_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::default()
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let (status, _) = status_of(&state, Method::POST, "/api/example/ingest", Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    let doc = openapi_document(&state).await;
    // A valid value for every path parameter and required string parameter.
    let fill = |template: &str| {
        template
            .replace("/api/stories/{id}", "/api/stories/s-000001")
            .replace("/api/articles/{id}", "/api/articles/ferry-strike-1")
    };
    let string_value = |name: &str| match name {
        "since" | "new_since" => "2020-01-01",
        "url" => "https%3A%2F%2Fnews.example%2Frss",
        other => panic!("no test value for the string parameter {other:?}"),
    };
    let mut problems = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let params: Vec<&Value> = op["parameters"]
            .as_array()
            .map(|a| a.iter().filter(|p| p["in"] == "query").collect())
            .unwrap_or_default();
        let required: Vec<String> = params
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| {
                format!(
                    "{}={}",
                    p["name"].as_str().unwrap(),
                    string_value(p["name"].as_str().unwrap())
                )
            })
            .collect();
        let path = fill(template);
        let uri = |extra: &[String]| {
            let query: Vec<String> = required.iter().chain(extra).cloned().collect();
            if query.is_empty() {
                path.clone()
            } else {
                format!("{path}?{}", query.join("&"))
            }
        };
        // The required ones alone.
        let (status, _) = status_of(&state, Method::GET, &uri(&[]), None).await;
        if status == StatusCode::BAD_REQUEST {
            problems.push(format!(
                "GET {template}: 400 with only the documented required parameters {required:?}"
            ));
        }
        for p in &params {
            let name = p["name"].as_str().unwrap();
            if p["required"] == true {
                let without: Vec<String> = required
                    .iter()
                    .filter(|r| !r.starts_with(&format!("{name}=")))
                    .cloned()
                    .collect();
                let query = without.join("&");
                let (status, _) =
                    status_of(&state, Method::GET, &format!("{path}?{query}"), None).await;
                if status != StatusCode::BAD_REQUEST {
                    problems.push(format!(
                        "GET {template}: {status} without the required {name:?}"
                    ));
                }
                continue;
            }
            for bound in ["minimum", "maximum"] {
                if let Some(n) = p["schema"][bound].as_u64() {
                    let (status, _) =
                        status_of(&state, Method::GET, &uri(&[format!("{name}={n}")]), None).await;
                    if status == StatusCode::BAD_REQUEST {
                        problems.push(format!(
                            "GET {template}: {name}={n}, the documented {bound}, is a 400"
                        ));
                    }
                }
            }
            // Past the documented bounds, or without any for a count: refused, as documented.
            if p["schema"]["type"] == "integer" {
                let past = p["schema"]["maximum"].as_u64().map(|m| m + 1);
                let under = p["schema"]["minimum"]
                    .as_u64()
                    .and_then(|m| m.checked_sub(1));
                for n in past.into_iter().chain(under) {
                    let (status, _) =
                        status_of(&state, Method::GET, &uri(&[format!("{name}={n}")]), None).await;
                    if status != StatusCode::BAD_REQUEST {
                        problems.push(format!("GET {template}: {name}={n}, outside the documented bounds, is {status}"));
                    }
                }
            }
        }
    }
    // Every format of POST /api/summarize answers with a documented content type.
    let documented = doc["paths"]["/api/summarize"]["post"]["responses"]["200"]["content"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let articles = json!({"articles": [{"title": "One", "text": "A sentence about a ferry strike. Another one about the union."}]});
    for format in ["json", "jsonl", "markdown", "text", "html"] {
        let (status, content_type) = status_of(
            &state,
            Method::POST,
            &format!("/api/summarize?format={format}"),
            Some(articles.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{format}");
        let essence = content_type.split(';').next().unwrap().trim().to_owned();
        if !documented.contains(&essence) {
            problems.push(format!(
                "POST /api/summarize?format={format}: {essence} is not documented ({documented:?})"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the document and the server disagree:\n{}",
        problems.join("\n")
    );
}

async fn openapi_document(state: &AppState) -> Value {
    let response = router(state.clone())
        .oneshot(
            Request::get("/api/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

/// An article is found by the id a brief sentence names, with or without `?story`: a second
/// version as `id#2`, and an id that holds a `#` of its own (a link with a fragment, as feed
/// items' ids often are).
#[tokio::test]
async fn articles_are_found_by_any_id_without_their_story() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::default()
        .with_store(&dir.path().join("herald.db"))
        .unwrap();
    let ids = ["https://news.example/dam#top", "dam-cost"];
    let texts = [
        "The regional water board voted on Tuesday to raise the Alder Valley dam by four metres, the largest change since it was built.",
        "Raising the Alder Valley dam by four metres will cost 140 million, the regional water board said on Wednesday.",
    ];
    let articles: Vec<Value> = ids
        .iter()
        .zip(texts)
        .map(|(id, text)| json!({"id": id, "title": "Valley dam", "text": text}))
        .collect();
    let (status, _) = status_of(
        &state,
        Method::POST,
        "/api/ingest",
        Some(json!({ "articles": articles })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // A new text under the second id: its second version, `dam-cost#2`.
    let again = json!({"articles": [{"id": "dam-cost", "title": "Valley dam", "text": format!("{} The work starts next spring.", texts[1])}]});
    let (status, _) = status_of(&state, Method::POST, "/api/ingest", Some(again)).await;
    assert_eq!(status, StatusCode::OK);
    for (id, path) in [
        (
            "https://news.example/dam#top",
            "https%3A%2F%2Fnews.example%2Fdam%23top",
        ),
        ("dam-cost", "dam-cost"),
        ("dam-cost#2", "dam-cost%232"),
    ] {
        let response = router(state.clone())
            .oneshot(
                Request::get(format!("/api/articles/{path}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = response.status();
        let body: Value =
            serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes())
                .unwrap();
        assert_eq!(status, StatusCode::OK, "{id}: {body}");
        assert_eq!(body["id"], id);
    }
}

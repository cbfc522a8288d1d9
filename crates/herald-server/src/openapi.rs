//! `GET /api/openapi.json`: the OpenAPI document of every endpoint, generated from the
//! handlers' annotations and the answer types, so it cannot drift from them unnoticed (a test
//! checks real answers against it).

use crate::{api, desk, example, feeds};
use axum::Json;
use serde_json::{json, Value};
use std::sync::OnceLock;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "herald",
        description = "Short, faithful, attributed summaries of news stories, and a store that follows stories over days (`herald serve --db`). Every error is `{\"error\": \"...\"}`, whatever its status; an unknown path answers 404 and a wrong method 405. POST bodies must be JSON; a server started with a token needs `Authorization: Bearer <token>` on every POST and DELETE."
    ),
    paths(
        api::summarize,
        api::health,
        api::algorithms,
        example::example,
        example::mixed,
        desk::stories,
        desk::story,
        desk::update,
        desk::article,
        desk::ingest,
        desk::ingest_example,
        feeds::list,
        feeds::add,
        feeds::remove,
        document,
    ),
    components(schemas(desk::ErrorBody))
)]
struct ApiDoc;

/// The errors any endpoint may answer, whatever it does: added to every operation here rather
/// than repeated in each annotation.
const EVERY_ENDPOINT: [(&str, &str); 2] = [
    ("405", "A method this path does not take"),
    ("500", "A bug: the work panicked"),
];

/// The error of every endpoint of the store (`Retry-After` says when to try again).
const EVERY_STORE_ENDPOINT: [(&str, &str); 1] = [(
    "503",
    "The store is busy: another process held its write lock too long (with `Retry-After`)",
)];

/// The errors of every POST (the first two of every DELETE too): the layers in front of the
/// handlers answer them.
const EVERY_POST: [(&str, &str); 5] = [
    (
        "401",
        "The server has a token and the request does not carry it",
    ),
    ("403", "A cross-origin request from a browser"),
    ("408", "The body stalled"),
    ("413", "The body is over the limit"),
    (
        "415",
        "The body is not JSON (`Content-Type: application/json`)",
    ),
];

/// The document, built once.
pub(crate) fn document_value() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            for item in paths.values_mut().filter_map(Value::as_object_mut) {
                for (method, op) in item.iter_mut() {
                    let store: &[(&str, &str)] = if op["tags"]
                        .as_array()
                        .is_some_and(|t| t.iter().any(|t| t == "store"))
                    {
                        &EVERY_STORE_ENDPOINT
                    } else {
                        &[]
                    };
                    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut)
                    else {
                        continue;
                    };
                    // A DELETE has no body, but the token and origin rules apply to it.
                    let extra: &[(&str, &str)] = match method.as_str() {
                        "post" => &EVERY_POST,
                        "delete" => &EVERY_POST[..2],
                        _ => &[],
                    };
                    for (status, why) in EVERY_ENDPOINT.iter().chain(extra).chain(store) {
                        responses
                            .entry(*status)
                            .or_insert_with(|| error_response(why));
                    }
                }
            }
        }
        doc
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    })
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "service", responses(
    (status = 200, description = "The OpenAPI 3.1 document of this service", body = Object),
))]
pub(crate) async fn document() -> Json<Value> {
    Json(document_value().clone())
}

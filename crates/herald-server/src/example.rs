//! `GET /api/example`: the seed cluster bundled with herald, so the page can show what a
//! summary looks like without the user hunting for articles; `GET /api/example/mixed` adds two
//! articles about another event, to show grouping into stories.

use axum::Json;
use herald::model::{Article, Cluster};
use serde_json::{json, Value};

/// The files of `examples/g20-syria`, compiled in: the server needs no data directory.
const FILES: [(&str, &str); 5] = [
    (
        "000_c0d28317505d6522",
        include_str!("../../../examples/g20-syria/000_c0d28317505d6522.txt"),
    ),
    (
        "001_55ad1462f3b0bf93",
        include_str!("../../../examples/g20-syria/001_55ad1462f3b0bf93.txt"),
    ),
    (
        "002_1d4b34aed8730654",
        include_str!("../../../examples/g20-syria/002_1d4b34aed8730654.txt"),
    ),
    (
        "003_1c790352a2a4b598",
        include_str!("../../../examples/g20-syria/003_1c790352a2a4b598.txt"),
    ),
    (
        "004_f8b5fa20748c1842",
        include_str!("../../../examples/g20-syria/004_f8b5fa20748c1842.txt"),
    ),
];

/// Two short articles about an invented event, written for the mixed example: `(id, title,
/// text)`. Invented so that nobody mistakes them for reporting.
const OTHER_EVENT: [(&str, &str, &str); 2] = [
    (
        "ferry-strike-1",
        "Ferry crews strike, stranding island commuters",
        "Ferry crews on the Kestrel Bay routes walked off the job on Monday morning, leaving \
         thousands of island commuters without a way to reach the mainland.\n\n\
         The crews' union said the strike would last 48 hours unless the ferry company \
         withdrew its plan to cut one crew member from every boat. The company called the \
         strike irresponsible and said the change was needed to keep fares down.",
    ),
    (
        "ferry-strike-2",
        "Kestrel Bay ferry strike talks to resume",
        "Talks to end the Kestrel Bay ferry strike will resume on Wednesday, the ferry company \
         and the crews' union said, after a second day without sailings to the islands.\n\n\
         Island schools closed and the hospital flew in staff by helicopter. The union said \
         its members would return to work if the crew cuts were put on hold during the talks.",
    ),
];

/// The seed cluster in the cluster JSON format. As for a `.txt` file, the first line of each
/// file is its title; the title is sent apart from the text, so offsets point into the text.
#[utoipa::path(get, path = "/api/example", tag = "service", responses(
    (status = 200, description = "The bundled seed cluster, a cluster object", body = Object),
))]
pub(crate) async fn example() -> Json<Value> {
    Json(json!({"id": "g20-syria", "documents": seed_documents()}))
}

/// The seed cluster and two articles about another event, in one cluster object.
#[utoipa::path(get, path = "/api/example/mixed", tag = "service", responses(
    (status = 200, description = "The seed cluster and two articles about another event, a cluster object", body = Object),
))]
pub(crate) async fn mixed() -> Json<Value> {
    Json(mixed_value())
}

/// The mixed example as a cluster object, the seed's titles apart from their texts (what the
/// page summarizes; offsets point into the texts).
pub(crate) fn mixed_value() -> Value {
    let mut documents = seed_documents();
    documents.extend(
        OTHER_EVENT
            .iter()
            .map(|(id, title, text)| json!({"id": id, "title": title, "text": text})),
    );
    json!({"id": "mixed", "documents": documents})
}

/// The mixed example as `POST /api/example/ingest` stores it: the seed's files read as
/// `herald ingest examples/g20-syria` reads them (the title line kept in the text), so the
/// example ingested from the page and from the command line is the same articles, not versions
/// of one another.
pub(crate) fn mixed_cluster() -> Cluster {
    let mut articles: Vec<Article> = FILES
        .iter()
        .map(|(id, file)| {
            herald::ingest::article_from_txt(
                (*id).to_owned(),
                (*file).to_owned(),
                format!("examples/g20-syria/{id}.txt"),
            )
        })
        .collect();
    articles.extend(OTHER_EVENT.iter().map(|(id, title, text)| Article {
        id: (*id).to_owned(),
        title: Some((*title).to_owned()),
        text: (*text).to_owned(),
        ..Article::default()
    }));
    Cluster {
        id: "mixed".into(),
        articles,
        ..Cluster::default()
    }
}

fn seed_documents() -> Vec<Value> {
    FILES
        .iter()
        .map(|(id, file)| {
            let (title, text) = file.split_once('\n').unwrap_or((file, ""));
            json!({"id": id, "title": title.trim(), "text": text})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_ingested_from_the_page_is_what_the_command_line_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = herald_store::Store::open(&dir.path().join("herald.db")).unwrap();
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/g20-syria");
        // As `herald ingest examples/g20-syria` reads it.
        let read = herald::ingest::read_folder(&folder).unwrap();
        let mut input = store.input("cli").unwrap();
        input.add(read.cluster.articles).unwrap();
        let first = input.commit().unwrap();
        assert_eq!(first.new + first.versions + first.copies, 5, "{first:?}");
        // Then the page's "Load example": the seed unchanged, the other event new.
        let mut input = store.input("example").unwrap();
        input.add(mixed_cluster().articles).unwrap();
        let report = input.commit().unwrap();
        assert_eq!(
            (report.unchanged, report.new, report.versions, report.copies),
            (5, 2, 0, 0),
            "{report:?}"
        );
    }
}

//! `GET /api/example`: the seed cluster bundled with herald, so the page can show what a
//! summary looks like without the user hunting for articles.

use axum::Json;
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

/// The seed cluster in the cluster JSON format. As for a `.txt` file, the first line of each
/// file is its title; the title is sent apart from the text, so offsets point into the text.
pub(crate) async fn example() -> Json<Value> {
    let documents: Vec<Value> = FILES
        .iter()
        .map(|(id, file)| {
            let (title, text) = file.split_once('\n').unwrap_or((file, ""));
            json!({"id": id, "title": title.trim(), "text": text})
        })
        .collect();
    Json(json!({"id": "g20-syria", "documents": documents}))
}

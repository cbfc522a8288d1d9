//! herald turns a pile of news articles into short, faithful, attributed story summaries.
//!
//! The pipeline reads on one screen in [`pipeline`]: articles are [`ingest`]ed, [`clean`]ed of
//! page furniture, [`analyze`]d into sentences and stemmed tokens, checked for repeated
//! sentences ([`dedup`]) and for articles about another event ([`cluster`]), then
//! [`summarize`]d under a length budget and [`render`]ed. Every summary sentence quotes its
//! source exactly and carries its byte offsets.
//!
//! ```
//! use herald::{Budget, Config, Pipeline};
//! use herald::model::{Article, Cluster};
//!
//! let text = "Leaders meet\n\nPresident Ana Ruiz met her counterpart in the capital on Friday to discuss the crisis.\n";
//! let cluster = Cluster {
//!     id: "example".into(),
//!     articles: vec![Article {
//!         id: "a1".into(),
//!         title: Some("Leaders meet".into()),
//!         body_start: 13,
//!         text: text.into(),
//!         ..Article::default()
//!     }],
//!     ..Cluster::default()
//! };
//! let pipeline = Pipeline::new(Config { budget: Budget::Words(50), ..Config::default() });
//! let summary = pipeline.summarize(&cluster);
//! let s = &summary.sentences[0];
//! assert_eq!(&text[s.start..s.end], s.text);
//! ```

#![deny(missing_docs)]

pub mod analyze;
pub mod cancel;
pub mod clean;
pub mod cluster;
pub mod dedup;
pub mod error;
pub mod fuzz_entry;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod render;
mod sparse;
pub mod summarize;

pub use cancel::{Cancel, Cancelled};
pub use error::{Error, Result};
pub use model::{Budget, Summary};
pub use pipeline::{Config, Pipeline};

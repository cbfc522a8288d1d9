//! A story's brief as one JSON object, the contract of `herald story ID --format json`: shared
//! by the CLI and the Python bindings so that both print the same object.

use crate::StoryDetail;
use herald::model::Summary;
use serde_json::Value;

/// The object `herald summarize --format json` gives for `summary`, plus `story` (the story's
/// id), `headline` and `sources` (the story's articles as [`StoryDetail::articles`] lists them).
pub fn story_json(summary: &Summary, detail: &StoryDetail) -> serde_json::Result<Value> {
    let mut value = serde_json::to_value(summary)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("story".into(), detail.story.id.clone().into());
        obj.insert("headline".into(), detail.story.headline.clone().into());
        obj.insert("sources".into(), serde_json::to_value(&detail.articles)?);
    }
    Ok(value)
}

//! RSS and Atom feeds: one feed is one cluster of its items.
//!
//! Parsing is `feed-rs`'s (RSS 0.9x/1.0/2.0, Atom, JSON Feed). Each item becomes an
//! [`Article`]: its id (the feed's guid or id; `feed-rs` derives one from the link and title
//! when the feed has none; an item with neither is `NAME#` and 16 hex digits of its title and text, [`super::content_id`]), title, publication date (else its update date), link, author and
//! the feed's title as the outlet. Its text is the item's full content when the feed carries it
//! (`content:encoded`, Atom `<content>`), else its summary or description, turned from an HTML
//! fragment into paragraphs (see [`super::html::fragment_text`]): feeds give article text, not
//! pages, so no main-content search is needed. An item without text is skipped with the reason
//! ([`feed_items`] keeps it, for a reader that fetches its page); offsets point into the
//! extracted text, as for HTML.

use super::html::{fragment_text, inline_text};
use crate::error::{Error, Result};
use crate::model::{Article, Cluster, Skipped};
use std::path::Path;

/// Reads a feed file as one cluster (id: the file name without extension).
///
/// Errors: [`Error::Io`] when the system fails to read the file; [`Error::Parse`] when it is
/// too large or not a feed.
pub fn read_feed_cluster(path: &Path) -> Result<Cluster> {
    let bytes = super::read_bounded(path)
        .map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?
        .map_err(|message| Error::Parse {
            origin: path.display().to_string(),
            message,
        })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_feed(&bytes, &name, &path.display().to_string())
}

/// Parses the bytes of a feed into a cluster named `name`; `origin` names the input in errors
/// and article origins. Items without text are skipped with the reason.
///
/// Errors: the bytes are not an RSS, Atom or JSON feed.
pub fn parse_feed(bytes: &[u8], name: &str, origin: &str) -> Result<Cluster> {
    let mut cluster = Cluster {
        id: name.to_owned(),
        ..Cluster::default()
    };
    for item in feed_items(bytes, name, origin)? {
        if item.text.is_empty() {
            cluster.skipped.push(Skipped::new(item.id, NO_TEXT));
        } else {
            cluster.articles.push(item);
        }
    }
    Ok(cluster)
}

/// Why an item without text is skipped.
pub const NO_TEXT: &str = "feed item without text (no content or summary)";

/// Every item of a feed as an article, in feed order, those without text (many feeds give only
/// a title and a link) with an empty `text`: for a reader that fetches each item's page, such
/// as `herald watch`.
///
/// Errors: the bytes are not an RSS, Atom or JSON feed.
pub fn feed_items(bytes: &[u8], name: &str, origin: &str) -> Result<Vec<Article>> {
    // feed-rs gives an item without guid or link a random UUID, so the same feed read twice
    // would give new ids (and a store would hold its items twice): such an item is named by
    // what it says below instead. The link-and-title hash is feed-rs's own, so items
    // with a link keep the ids they were stored under.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|links, title, _| {
            links
                .first()
                .map(|link| feed_rs::parser::generate_id_from_link_and_title(link, title))
                .unwrap_or_default()
        })
        .build();
    let feed = parser.parse(bytes).map_err(|e| Error::Parse {
        origin: origin.to_owned(),
        message: format!("not an RSS or Atom feed: {e}"),
    })?;
    let site = feed
        .title
        .as_ref()
        .map(|t| inline_text(&t.content))
        .filter(|t| !t.is_empty());
    let mut ids = super::UniqueIds::default();
    let mut items = Vec::with_capacity(feed.entries.len());
    for (n, entry) in feed.entries.into_iter().enumerate() {
        let text = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(fragment_text)
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .or_else(|| {
                entry
                    .summary
                    .as_ref()
                    .map(|s| fragment_text(&s.content))
                    .filter(|t| t.chars().any(char::is_alphanumeric))
            })
            .unwrap_or_default();
        let title = entry
            .title
            .as_ref()
            .map(|t| inline_text(&t.content))
            .filter(|t| !t.is_empty());
        // An item with neither guid nor link is named by what it says, not by its place: a
        // feed puts new items first, so the third item of today's read is yesterday's second.
        // Two items with one id (a feed that reuses its guid) stay two articles.
        let id = ids.claim(if entry.id.trim().is_empty() {
            let said = format!("{}\n{text}", title.as_deref().unwrap_or(""));
            format!("{name}#{}", super::content_id(&said))
        } else {
            entry.id.trim().to_owned()
        });
        items.push(Article {
            id,
            title,
            date: entry
                .published
                .or(entry.updated)
                .map(|d| d.date_naive().to_string()),
            text,
            body_start: 0,
            origin: format!("{origin}#{}", n + 1),
            url: entry.links.first().map(|l| l.href.clone()),
            site: site.clone(),
            author: entry
                .authors
                .first()
                .and_then(|p| p.name.as_deref())
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <item>
    <title>Council approves new harbour wall</title>
    <link>https://gazette.example/harbour-wall</link>
    <guid>https://gazette.example/?p=101</guid>
    <pubDate>Tue, 03 Mar 2026 09:30:00 +0000</pubDate>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>The town council voted on Monday to build a new harbour wall.</p><p>Work will start in <b>May</b>, the mayor said.</p>]]></content:encoded>
  </item>
  <item>
    <title>Storm closes ferry route</title>
    <guid>https://gazette.example/?p=102</guid>
    <pubDate>Wed, 04 Mar 2026 07:00:00 +0000</pubDate>
    <description>&lt;p&gt;The ferry to the islands was cancelled on Wednesday as winds reached 90 km/h.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Photo gallery</title>
    <guid>https://gazette.example/?p=103</guid>
  </item>
</channel>
</rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley News</title>
  <id>urn:valley</id>
  <updated>2026-03-05T10:00:00Z</updated>
  <entry>
    <title type="html">Bridge reopens after &lt;em&gt;repairs&lt;/em&gt;</title>
    <id>urn:valley:1</id>
    <updated>2026-03-05T10:00:00Z</updated>
    <author><name>Ada Stone</name></author>
    <link href="https://valley.example/bridge"/>
    <content type="html">&lt;p&gt;The old bridge reopened to traffic on Thursday after six months of repairs.&lt;/p&gt;</content>
  </entry>
</feed>"#;

    #[test]
    fn rss_items_become_articles() {
        let c = parse_feed(RSS.as_bytes(), "gazette", "gazette.rss").unwrap();
        assert_eq!(c.id, "gazette");
        assert_eq!(c.articles.len(), 2);
        let a = &c.articles[0];
        assert_eq!(a.id, "https://gazette.example/?p=101");
        assert_eq!(
            a.title.as_deref(),
            Some("Council approves new harbour wall")
        );
        assert_eq!(a.date.as_deref(), Some("2026-03-03"));
        assert_eq!(a.site.as_deref(), Some("Harbour Gazette"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://gazette.example/harbour-wall")
        );
        // Full content wins over the teaser, one paragraph per <p>.
        assert_eq!(
            a.text,
            "The town council voted on Monday to build a new harbour wall.\n\nWork will start in May, the mayor said."
        );
        // Without content, the (escaped HTML) description is the text.
        assert_eq!(
            c.articles[1].text,
            "The ferry to the islands was cancelled on Wednesday as winds reached 90 km/h."
        );
        assert_eq!(c.skipped.len(), 1);
        assert_eq!(c.skipped[0].document, "https://gazette.example/?p=103");
    }

    #[test]
    fn atom_entries_become_articles() {
        let c = parse_feed(ATOM.as_bytes(), "valley", "valley.atom").unwrap();
        let a = &c.articles[0];
        assert_eq!(a.title.as_deref(), Some("Bridge reopens after repairs"));
        assert_eq!(a.date.as_deref(), Some("2026-03-05"));
        assert_eq!(a.author.as_deref(), Some("Ada Stone"));
        assert_eq!(
            a.text,
            "The old bridge reopened to traffic on Thursday after six months of repairs."
        );
    }

    #[test]
    fn items_without_guid_or_link_have_the_same_ids_at_every_read() {
        let rss = r#"<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks fail</title><description>The talks in Geneva failed on Sunday.</description></item>
<item><title>Talks resume</title><link>https://wire.example/2</link><description>The talks resumed on Monday.</description></item>
</channel></rss>"#;
        let ids = || -> Vec<String> {
            let c = parse_feed(rss.as_bytes(), "wire", "wire.rss").unwrap();
            c.articles.into_iter().map(|a| a.id).collect()
        };
        let first = ids();
        assert_eq!(first, ids());
        assert!(
            first[0].starts_with("wire#") && first[0].len() == 5 + 16,
            "{}",
            first[0]
        );
        // Named by what it says, not by its place: with a new item on top it keeps its id.
        let later = rss.replace(
            "<title>Wire</title>\n",
            "<title>Wire</title>\n<item><title>Deal signed</title><description>A deal was signed on Tuesday.</description></item>\n",
        );
        let again = parse_feed(later.as_bytes(), "wire", "wire.rss").unwrap();
        assert_eq!(again.articles[1].id, first[0]);
        assert_ne!(again.articles[0].id, first[0]);
        // An item with a link keeps the id feed-rs derives from link and title, so stores
        // that hold it recognise it.
        let plain = feed_rs::parser::parse(rss.as_bytes()).unwrap();
        assert_eq!(first[1], plain.entries[1].id);
    }

    #[test]
    fn not_a_feed_is_an_error_naming_the_input() {
        let e = parse_feed(b"<html><body>hello</body></html>", "x", "page.xml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("page.xml: not an RSS or Atom feed"),
            "{e}"
        );
        assert!(parse_feed(b"", "x", "empty.rss").is_err());
    }
}

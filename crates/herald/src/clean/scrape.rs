//! Pages that are not an article at all ([`failed_scrape`]): what a crawler got instead of the
//! story — the web archive's description of its crawls, an embedded post's widget text, a
//! login or paywall, a cookie banner, an error page, a notice that the browser lacks
//! JavaScript.
//!
//! One mechanism decides, not a rule per site: the share of the cleaned text's words that sit
//! in sentences that are the page's rather than a story's — web furniture as the analysis
//! already knows it ([`super::is_web_furniture`]), one of the short phrases below, which
//! name such page types, or a sentence that crawled pages repeat across unrelated stories
//! ([`super::templates`], learned from data). A story that mentions a paywall or quotes a tweet keeps most of its
//! words in story sentences; a failed scrape has (almost) nothing else.

use super::templates::Templates;
use super::{is_web_furniture, Cleaned, Cleaner};
use crate::analyze::segment::sentences;
use crate::model::Article;

/// At least this share of the cleaned text's words in page sentences makes a failed scrape.
const MIN_PAGE_SHARE: f64 = 0.5;

/// A sentence longer than this counts as web furniture only if it names a page kind: in a
/// flattened page one run-on "sentence" often holds a widget's label (`story highlights`, a
/// photo caption) together with the story's opening, which is the story (docs/results.md §47).
const MAX_FURNITURE_WORDS: usize = 40;

/// Kinds of page that are not an article, each with phrases that only such a page says.
/// Matched in lowercase anywhere in a sentence.
const PAGE_KINDS: &[(&str, &[&str])] = &[
    (
        "failed scrape: web archive notice",
        &[
            "crawl data",
            "this crawl",
            "these crawls",
            "crawls of",
            "heritrix",
            "warc files",
            "wayback machine",
            "embargo period",
        ],
    ),
    (
        "failed scrape: embedded post",
        &[
            "tweet location history",
            "location information to your tweets",
            "add a location to your tweets",
            "tweet with a location",
            "add this tweet to your website",
            "by copying the code below",
            "when you see a tweet you love",
            "this timeline is where you",
            "legacy twitter",
            "tweets not working for you",
        ],
    ),
    (
        "failed scrape: login or paywall",
        &[
            "to your subscriber account",
            "purchase a subscription",
            "subscribe to continue",
            "to continue reading",
            "already a subscriber",
            "for subscribers only",
            "sign in to continue",
            "log in to continue",
            "create an account to continue",
            "free articles remaining",
            "you have reached your limit",
            "thank you for reading!",
        ],
    ),
    (
        "failed scrape: cookie notice",
        &[
            "we use cookies",
            "use of cookies",
            "accept cookies",
            "cookie policy",
            "cookie settings",
            "cookies to improve",
            "by continuing to use this site",
            "by using this site, you agree",
        ],
    ),
    (
        "failed scrape: error page",
        &[
            "page not found",
            "page you requested",
            "page you are looking for",
            "page cannot be found",
            "404 error",
            "error 404",
            "access denied",
            "permission to access this",
            "this content is not available",
            "this video is unavailable",
            "this video is no longer available",
        ],
    ),
    (
        "failed scrape: browser notice",
        &[
            "javascript is disabled",
            "enable javascript",
            "javascript is required",
            "javascript must be enabled",
            "browser does not support",
            "browser is not supported",
            "update your browser",
            "upgrade your browser",
            "playback is unsupported on your device",
        ],
    ),
];

/// Why a sentence that is only web furniture, with no page kind named, counts.
const FURNITURE: &str = "failed scrape: page furniture";

/// Why a page with no prose left counts when what cleaning removed is a known page template.
const TEMPLATE: &str = "failed scrape: page template";

/// Whether `article` is a failed scrape rather than an article, and if so what kind of page it
/// is (`"failed scrape: web archive notice"`, `"failed scrape: login or paywall"`, …): at least
/// half of the words of its cleaned text are in sentences that describe the page, its widgets
/// or its errors, not a story, or that crawled pages repeat across unrelated stories (the
/// learned [`super::templates`]). An article with no prose left after cleaning is judged by
/// what cleaning removed: a page kind named there, or a template, makes it one; otherwise it is
/// not called one (it has nothing to judge; callers see it is empty).
pub fn failed_scrape(article: &Article, cleaner: &Cleaner) -> Option<&'static str> {
    failed_scrape_of(article, &cleaner.clean(article))
}

/// [`failed_scrape`] for an article already cleaned (`cleaned` is `Cleaner::clean(article)`).
pub fn failed_scrape_of(article: &Article, cleaned: &Cleaned) -> Option<&'static str> {
    let (mut words, mut page_words) = (0usize, 0usize);
    // The first page kind named decides the reason; counts over all page sentences decide
    // whether there is one.
    let mut kind: Option<&'static str> = None;
    let mut templated = false;
    for p in &cleaned.paragraphs {
        let Some(paragraph) = article.text.get(p.clone()) else {
            continue;
        };
        for s in sentences(paragraph) {
            let sentence = &paragraph[s];
            let n = sentence.split_whitespace().count();
            words += n;
            let named = page_kind(sentence);
            let furniture = n <= MAX_FURNITURE_WORDS && is_web_furniture(sentence);
            if named.is_some() || furniture {
                page_words += n;
                kind = kind.or(named);
            } else if Templates::shipped().contains(sentence) {
                page_words += n;
                templated = true;
            }
        }
    }
    if words == 0 {
        return no_prose(article, cleaned);
    }
    if (page_words as f64) < MIN_PAGE_SHARE * words as f64 {
        return None;
    }
    Some(kind.unwrap_or(if templated { TEMPLATE } else { FURNITURE }))
}

/// A page that cleaning left no prose in: a failed scrape when what was removed names a page
/// kind or holds a known page template (a comment box's one line, a notice that the browser
/// lacks JavaScript), since such a page still has a derived headline that would group it with
/// every other copy of the template. Otherwise it is not called one: a headline alone, or a
/// list of links, has nothing to judge (callers see it is empty).
fn no_prose(article: &Article, cleaned: &Cleaned) -> Option<&'static str> {
    let mut template = false;
    for r in &cleaned.removed {
        let Some(text) = article.text.get(r.span.clone()) else {
            continue;
        };
        for s in sentences(text) {
            let sentence = &text[s];
            if let Some(kind) = page_kind(sentence) {
                return Some(kind);
            }
            template |= Templates::shipped().contains(sentence);
        }
    }
    template.then_some(TEMPLATE)
}

/// The kind of page a sentence's phrases name, if any.
fn page_kind(sentence: &str) -> Option<&'static str> {
    let lower = sentence.to_lowercase();
    PAGE_KINDS
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| lower.contains(p)))
        .map(|(kind, _)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Option<&'static str> {
        let article = Article {
            id: "a".into(),
            text: text.into(),
            ..Article::default()
        };
        failed_scrape(&article, &Cleaner::default())
    }

    #[test]
    fn pages_that_are_not_articles_are_named() {
        assert_eq!(
            check("Since long ago our robots have given this crawl data to a public library. It reaches the wayback machine after an embargo period."),
            Some("failed scrape: web archive notice")
        );
        assert_eq!(
            check("Thanks for visiting! You can add location information to your tweets from the web. You may always delete your tweet location history."),
            Some("failed scrape: embedded post")
        );
        assert_eq!(
            check("You have read all your free stories this month. Please log in to your subscriber account, or purchase a subscription to continue reading."),
            Some("failed scrape: login or paywall")
        );
        assert_eq!(
            check("We use cookies to give you the best experience on our site. You can change your cookie settings at any time."),
            Some("failed scrape: cookie notice")
        );
        assert_eq!(
            check("Sorry, the page you requested could not be found. It may have moved or been deleted."),
            Some("failed scrape: error page")
        );
        assert_eq!(
            check("It looks like JavaScript is disabled in your browser. Please enable JavaScript and reload to view this site."),
            Some("failed scrape: browser notice")
        );
    }

    #[test]
    fn a_story_that_mentions_such_pages_is_an_article() {
        // A story about a paywall, with one sentence of widget text left in it.
        assert_eq!(
            check("The newspaper put its whole archive behind a paywall on Monday, ending a decade of free access. Readers who want to continue reading must now pay eight dollars a month, the publisher said. Subscriptions fell by a tenth in the first week, according to figures the company released to its staff. The editor defended the change as the only way to keep the newsroom open."),
            None
        );
        // A story about the web archive itself.
        assert_eq!(
            check("The Internet Archive said on Tuesday that its Wayback Machine now holds a trillion pages. The nonprofit, founded in San Francisco in 1996, preserves old websites for researchers. Its founder told reporters that librarians rely on it every day to check what officials once said."),
            None
        );
    }

    #[test]
    fn mostly_web_furniture_is_a_failed_scrape() {
        assert_eq!(
            check("Follow us on Twitter for updates. Sign up for our newsletter to get breaking news alerts. Copyright 2019, all rights reserved."),
            Some("failed scrape: page furniture")
        );
    }

    #[test]
    fn an_empty_article_is_not_judged() {
        assert_eq!(check(""), None);
    }

    #[test]
    fn learned_page_templates_make_a_failed_scrape() {
        // Sentences of the shipped table (`super::super::templates`), in pages that name no
        // page kind by phrase.
        assert_eq!(
            check("Rating is available when the video has been rented. This feature is not available right now. Please try again later."),
            Some("failed scrape: page template")
        );
        // A story that quotes one template sentence keeps most of its words in its own.
        assert_eq!(
            check("Rating is available when the video has been rented. The city council voted on Tuesday to close the old bridge for repairs that will take two years. Drivers will have to use the ring road, which adds twenty minutes to the trip, the mayor said. Shop owners near the bridge said they feared losing customers."),
            None
        );
    }

    #[test]
    fn a_page_cleaning_left_no_prose_in_is_judged_by_what_was_removed() {
        // All furniture to the cleaner, and it names a page kind: before, its derived
        // headline grouped every copy of it into one false story.
        assert!(check("We've detected that javascript is disabled in your browser. Would you like to proceed to legacy twitter? yes").is_some());
        assert!(check(
            "This will appear next to all of your comments this will not appear anywhere on newser"
        )
        .is_some());
        // A headline alone is not a page of that kind.
        assert_eq!(check("Storm closes schools across the county"), None);
    }
}

//! `herald watch`: poll RSS/Atom feeds, read the pages their new items link to, and ingest
//! them into the store, politely and for as long as it runs.
//!
//! Politeness: every request carries herald's user agent and fetch.rs's time and size limits;
//! a feed is polled with a conditional GET replaying the `ETag` and `Last-Modified` its server
//! last sent (kept in the store, so cron runs benefit too); robots.txt is read once per site
//! per round and its `Disallow` rules for herald (or `*`) are obeyed; requests to one host are
//! spaced by `--delay`; an item already in the store (same id or link) is not fetched again.
//!
//! Each poll of a feed that brings something is one store input named by the feed's URL, as
//! `herald ingest URL` would be: stored whole or not at all. A failure (a feed that does not
//! answer, answers an error or is not a feed) is one line on standard error naming the URL;
//! the feed's validators are then left as they were, so the next round asks again in full.
//! A page that fails for good (4xx, robots.txt, no text) costs its item only the page's text:
//! the item's own content is ingested instead; one that may come back (no answer, 5xx, 429)
//! holds its item back for the next round, a few rounds at most. Ctrl-C ends the loop; an
//! input is committed whole or not at all, so stopping in the middle of a round loses only
//! that round's uncommitted feed.

use super::ingest::{store_failure, tally, DbArg};
use crate::fetch::robots::{Robots, PRODUCT};
use crate::fetch::{Fetched, Fetcher, MAX_BYTES, TIMEOUT};
use crate::Failure;
use herald::ingest::feed::{feed_items, NO_TEXT};
use herald::ingest::html;
use herald::model::Article;
use herald::model::Skipped;
use herald::render::printable;
use herald_store::{FeedState, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Arguments of `herald watch`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "FEEDS is a text file with one feed URL a line; blank lines and lines \
starting with # are ignored. It is read again every round, so feeds can be added while herald \
watches. The feeds the store follows (`herald feeds add URL`, or the desk page of `herald serve \
--db`) are polled too, so FEEDS may be left out. Each round polls every feed and ingests the \
items not yet stored; an item's article is the main content of the page it links to, or the \
item's own text when that page cannot be read. One line per feed per round goes to standard \
error.\n\n\
Examples:\n  herald watch feeds.txt --db news.db\n  herald watch feeds.txt --once   # one round, for cron\n  \
herald feeds add https://news.example/rss && herald watch"
)]
pub struct Args {
    /// The feed list: one URL a line, # for comments (optional when the store follows feeds).
    #[arg(value_name = "FEEDS")]
    pub feeds: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Time between the starts of two rounds: 30s, 15m, 1h.
    #[arg(long, default_value = "15m", value_parser = parse_duration, value_name = "DURATION")]
    pub every: Duration,
    /// The least time between two requests to one host: 1s, 500ms.
    #[arg(long, default_value = "1s", value_parser = parse_duration, value_name = "DURATION")]
    pub delay: Duration,
    /// Do one round and exit (exit code 1 when a feed failed).
    #[arg(long)]
    pub once: bool,
}

/// Parses `500ms`, `30s`, `15m`, `1h` or `2d`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (say 30s, 15m or 1h)"))?;
    let ms = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("{s:?}: unknown unit (use ms, s, m, h or d)")),
    };
    Ok(Duration::from_millis(n.saturating_mul(ms)))
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    if args.every.is_zero() && !args.once {
        return Err(Failure::input("--every must be longer than 0s"));
    }
    // A list that cannot be read at the start is a usage error (checked before the store is
    // created, so a typo leaves no empty store behind); later (an editor saving it half-way,
    // a moved file), the last list read carries on.
    let mut listed = match &args.feeds {
        Some(path) => read_feed_list(path)?,
        None => Vec::new(),
    };
    // Without a list, the feeds come from the store, which must then exist and follow some
    // (an empty list file is fine: a round with nothing to do, as for cron with all commented).
    let mut store = if args.feeds.is_some() {
        args.db.open()?
    } else {
        args.db.open_existing()?
    };
    if args.feeds.is_none() && store.subscriptions().map_err(store_failure)?.is_empty() {
        return Err(Failure::input(
            "no feeds to watch: give a feed list file, or follow feeds with `herald feeds add URL`",
        ));
    }
    let fetcher = Fetcher::with_limits(TIMEOUT, MAX_BYTES);
    loop {
        let started = Instant::now();
        let failed = match round(&mut store, &fetcher, args.delay, &listed, args.once) {
            Ok(failed) => failed,
            // Watching until stopped, a store error ends the round, not the watch (as under
            // `serve --watch`): a lock held past the busy timeout by another process passes.
            Err(f) if !args.once => {
                eprintln!(
                    "herald: error: {}; the feeds are read again next round",
                    printable(&f.message)
                );
                0
            }
            Err(f) => return Err(f),
        };
        if args.once {
            return Ok(u8::from(failed > 0));
        }
        std::thread::sleep(args.every.saturating_sub(started.elapsed()));
        if let Some(path) = &args.feeds {
            match read_feed_list(path) {
                Ok(list) => listed = list,
                Err(f) => eprintln!(
                    "herald: error: {}; polling the previous list",
                    printable(&f.message)
                ),
            }
        }
    }
}

/// One round: polls the `listed` feeds and then those the store follows (each once), and
/// returns how many failed. `Err` only when the store fails.
fn round(
    store: &mut Store,
    fetcher: &Fetcher,
    delay: Duration,
    listed: &[String],
    once: bool,
) -> Result<usize, Failure> {
    let followed = store.subscriptions().map_err(store_failure)?;
    let mut feeds: Vec<&str> = listed.iter().map(String::as_str).collect();
    for f in &followed {
        if !feeds.contains(&f.url.as_str()) {
            feeds.push(&f.url);
        }
    }
    // robots.txt is read afresh each round, so a site's changed rules are honoured.
    let mut polite = Polite::new(fetcher, delay);
    // With --once the round is a run (of cron, say): what waits, waits for the next run.
    polite.retry = if once {
        "retried at the next run"
    } else {
        "retried next round"
    };
    let mut failed = 0usize;
    for url in feeds {
        // A feed the store stopped following during the round (removed from the desk while
        // an earlier feed was slow) is left alone: what it brought would arrive after the
        // reader dropped it. A feed of the list file is polled as listed.
        if !listed.iter().any(|l| l == url) && !store.follows(url).map_err(store_failure)? {
            continue;
        }
        // A feed that keeps failing waits longer and longer between polls (said when it
        // failed), so a gone feed is not asked for at every round for ever.
        if let Some((at, failures)) = store.feed_retry_at(url).map_err(store_failure)? {
            eprintln!(
                "herald: {}: not polled: failed {failures} polls in a row; next try after {at}",
                printable(url),
            );
            continue;
        }
        if !poll(store, &mut polite, url)? {
            failed += 1;
        }
    }
    Ok(failed)
}

/// Watches the feeds the store at `db` follows from a thread of its own, a round every
/// `every`, for `herald serve --watch`; the function returned starts the next round at once
/// (after a feed is added). A round's failures go to standard error as `herald watch` writes
/// them, a store's failure too: the next round tries again.
pub fn spawn(
    db: &std::path::Path,
    every: Duration,
    delay: Duration,
) -> Result<impl Fn() + Send + Sync + 'static, Failure> {
    // Opened here, so that a store that cannot be opened stops `herald serve` at the start.
    let mut store = Store::open(db).map_err(store_failure)?;
    let (nudge, nudged) = std::sync::mpsc::sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("herald-watch".into())
        .spawn(move || {
            let fetcher = Fetcher::with_limits(TIMEOUT, MAX_BYTES);
            loop {
                let started = Instant::now();
                // A store error ends the round, not the watch: most often another process
                // (a big `herald ingest`, a backup) held the write lock past the busy timeout,
                // which passes. Ending the thread would leave the server saying that it
                // watches while no feed is read again until it restarts.
                if let Err(f) = round(&mut store, &fetcher, delay, &[], false) {
                    eprintln!(
                        "herald: error: {}; the feeds are read again next round",
                        printable(&f.message)
                    );
                }
                // Woken early by a nudge; several nudges during a round make one more round.
                match nudged.recv_timeout(every.saturating_sub(started.elapsed())) {
                    Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        })?;
    Ok(move || {
        // A full channel already holds a nudge: the next round comes anyway.
        let _ = nudge.try_send(());
    })
}

/// The URLs of a feed list.
fn read_feed_list(path: &std::path::Path) -> Result<Vec<String>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        // `herald watch https://…/feed.rss` is a natural first guess; FEEDS names a file.
        let given = path.to_string_lossy();
        if crate::fetch::is_url(&given) {
            Failure::input(format!(
                "{given}: not a feed list: FEEDS is a file with one feed address a line; to \
                 follow this feed, `herald feeds add {given}`, then `herald watch`"
            ))
        } else {
            Failure::input(format!("{}: {e}", path.display()))
        }
    })?;
    let mut feeds = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // A line that is no feed address never becomes one: polling it every round to fail
        // again would hide that the file is not a feed list at all (an article given as FEEDS).
        if let Some(why) = herald_store::feed_url_problem(line) {
            return Err(Failure::input(format!(
                "{}:{}: {:?} is not a feed address: {why} (FEEDS holds one feed address a \
                 line; # starts a comment)",
                path.display(),
                n + 1,
                line.chars().take(60).collect::<String>()
            )));
        }
        feeds.push(line.to_owned());
    }
    Ok(feeds)
}

/// Polls one feed and ingests what is new. `Ok(false)` when the feed failed (already reported);
/// `Err` only when the store fails, which ends the watch.
fn poll(store: &mut Store, polite: &mut Polite, url: &str) -> Result<bool, Failure> {
    // A failure is remembered in the store too, so that `herald feeds` and the desk page can
    // say which feed is broken and why.
    let polite_retry = polite.retry;
    let fail = |store: &mut Store, message: &str| -> Result<bool, Failure> {
        store.set_feed_error(url, message).map_err(store_failure)?;
        let next = match store.feed_retry_at(url).map_err(store_failure)? {
            Some((at, failures)) => {
                format!("failed {failures} polls in a row: next try after {at}")
            }
            None => polite_retry.to_owned(),
        };
        eprintln!(
            "herald: error: {}: {}; {next}",
            printable(url),
            printable(message)
        );
        Ok(false)
    };
    let state = store
        .feed_state(url)
        .map_err(store_failure)?
        .unwrap_or_default();
    let mut headers = Vec::new();
    if let Some(etag) = &state.etag {
        headers.push(("If-None-Match", etag.as_str()));
    }
    if let Some(date) = &state.last_modified {
        headers.push(("If-Modified-Since", date.as_str()));
    }
    let fetched = match polite.get(url, &headers) {
        Ok(f) => f,
        Err(e) => return fail(store, &e.message),
    };
    if fetched.status == 304 {
        eprintln!("herald: {}: not modified", printable(url));
        // A poll that was answered: when it was checked moves on, and an old failure is over.
        store.set_feed_state(url, &state).map_err(store_failure)?;
        return Ok(true);
    }
    // Every item, those without text of their own too: many feeds give only a title and a
    // link, and the page is the article.
    let feed = match feed_items(&fetched.bytes, url, url) {
        Ok(items) => items,
        // The message names the URL already.
        Err(e) => return fail(store, e.to_string().trim_start_matches(&format!("{url}: "))),
    };
    let items = feed.len();
    let mut skipped = Vec::new();
    let mut known = 0usize;
    let mut pages = 0usize;
    // Items whose page failed in a way that may pass (no answer, 5xx, 429) wait for the next
    // round, unless the feed has already waited MAX_WAITS rounds in a row for them.
    let may_wait = state.waits < MAX_WAITS;
    let mut waiting = 0usize;
    let mut articles = Vec::new();
    for item in feed {
        let link = item.url.as_deref().filter(|l| crate::fetch::is_url(l));
        if store.has_id(&item.id).map_err(store_failure)? {
            // An item stored from the feed's own text and edited since (same id, new text)
            // goes in again with its new text, which the store keeps as a version; its page is
            // not asked for (it failed before). Any other stored item is left alone.
            if store
                .feed_item_changed(&item.id, &item.text, url)
                .map_err(store_failure)?
            {
                articles.push(item);
            } else {
                known += 1;
            }
            continue;
        }
        if let Some(l) = link {
            if store.has_url(l).map_err(store_failure)? {
                known += 1;
                continue;
            }
        }
        let article = match link {
            Some(l) => match polite.get(l, &[]).and_then(|page| {
                page_article(&item, &page).map_err(|message| Failed {
                    message,
                    transient: false,
                })
            }) {
                Ok(a) => {
                    pages += 1;
                    a
                }
                Err(e) if e.transient && may_wait => {
                    eprintln!(
                        "herald: {}: {}; {}",
                        printable(l),
                        printable(&e.message),
                        polite.retry
                    );
                    waiting += 1;
                    continue;
                }
                Err(e) if item.text.is_empty() => {
                    skipped.push(Skipped::new(
                        item.id,
                        format!("feed item without text, and its page failed: {}", e.message),
                    ));
                    continue;
                }
                Err(e) => {
                    eprintln!(
                        "herald: {}: {}; using the feed's text",
                        printable(l),
                        printable(&e.message)
                    );
                    item
                }
            },
            None if item.text.is_empty() => {
                skipped.push(Skipped::new(item.id, NO_TEXT));
                continue;
            }
            None => item,
        };
        articles.push(article);
    }
    let mut counts = format!(
        "{}, {known} already stored, {pages} read from their pages, {} from the feed's text",
        super::count(items as u64, "item"),
        articles.len() - pages
    );
    if waiting > 0 {
        counts.push_str(&format!(", {waiting} waiting for their pages"));
    }
    // Nothing new opens no input: a feed polled every few minutes would otherwise fill the
    // store's list of inputs with empty ones (and name its textless items every time).
    if articles.is_empty() {
        eprintln!(
            "herald: {}: {counts}, {} without text",
            printable(url),
            skipped.len()
        );
    } else {
        let mut input = store.input(url).map_err(store_failure)?;
        for s in &skipped {
            eprintln!(
                "herald: skipped {}: {}",
                printable(&s.document),
                printable(&s.reason)
            );
        }
        input.skip(skipped);
        input.add(articles).map_err(store_failure)?;
        let report = input.commit().map_err(store_failure)?;
        eprintln!("herald: {}; {counts}", tally(&report));
    }
    // Remembered only now that the items are stored: a poll that failed half-way asks again.
    // With items waiting, the validators are forgotten, so that the next poll gets the feed in
    // full (not a 304) and tries their pages again.
    let next = if waiting > 0 {
        FeedState {
            etag: None,
            last_modified: None,
            waits: state.waits + 1,
        }
    } else {
        FeedState {
            etag: fetched.etag,
            last_modified: fetched.last_modified,
            waits: 0,
        }
    };
    store.set_feed_state(url, &next).map_err(store_failure)?;
    Ok(true)
}

/// The article of a feed item from the page it links to: the page's main content, with the
/// item's id (so a later poll knows it), link, title and date, which the feed states plainly
/// where a page's metadata is guessed.
fn page_article(item: &Article, page: &Fetched) -> Result<Article, String> {
    if page.is_feed() {
        return Err("links to a feed, not a page".into());
    }
    if let Some(mime) = page.mime.as_deref() {
        if !(mime.starts_with("text/") || mime.contains("html") || mime.contains("xml")) {
            return Err(format!("not a page ({mime})"));
        }
    }
    let link = item.url.clone().unwrap_or_else(|| page.url.clone());
    let html = html::decode(&page.bytes, page.charset.as_deref())?;
    let a = html::article_from_html(&item.id, &html, link.clone(), Some(&page.url))?;
    if !a.text.chars().any(char::is_alphanumeric) {
        return Err("no text found on the page".into());
    }
    Ok(Article {
        id: item.id.clone(),
        title: item.title.clone().or(a.title),
        date: item.date.clone().or(a.date),
        text: a.text,
        body_start: a.body_start,
        origin: link.clone(),
        url: Some(link),
        site: a.site.or_else(|| item.site.clone()),
        author: a.author.or_else(|| item.author.clone()),
    })
}

/// How many rounds in a row a feed's new items may wait for pages that fail for a reason that
/// may pass, before they are ingested with the feed's own text: a server down for a few polls
/// costs nothing, one down for good does not hold the news back.
const MAX_WAITS: u32 = 3;

/// A request that failed, and whether trying again later may help (no answer, a server error,
/// 429 Too Many Requests) or not (4xx, robots.txt, not a page).
struct Failed {
    message: String,
    transient: bool,
}

impl Failed {
    fn for_good(message: impl Into<String>) -> Self {
        Failed {
            message: message.into(),
            transient: false,
        }
    }
}

/// Requests made politely: robots.txt first, and a pause between requests to one host.
struct Polite<'f> {
    fetcher: &'f Fetcher,
    delay: Duration,
    /// When each host was last asked for something.
    last: HashMap<String, Instant>,
    /// Each site's rules (by scheme and authority), read once a round; the reason instead
    /// when its robots.txt could not be read (the site is then left alone this round).
    robots: HashMap<String, Result<Robots, String>>,
    /// What a failure that may pass is told to expect: the next round, or the next run
    /// (`--once`).
    retry: &'static str,
}

impl<'f> Polite<'f> {
    fn new(fetcher: &'f Fetcher, delay: Duration) -> Self {
        Polite {
            fetcher,
            delay,
            last: HashMap::new(),
            robots: HashMap::new(),
            retry: "retried next round",
        }
    }

    /// Downloads `url` if the site's robots.txt allows it, after the host's pause, following
    /// redirects (a few) under the same rules: a moved page is asked for politely too.
    fn get(&mut self, url: &str, headers: &[(&str, &str)]) -> Result<Fetched, Failed> {
        let mut at = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let fetched = self.hop(&at, headers)?;
            let to = match (fetched.status, &fetched.location) {
                (301 | 302 | 303 | 307 | 308, Some(to)) => resolve(&at, to),
                _ => return Ok(fetched),
            };
            at = to
                .ok_or_else(|| Failed::for_good("redirected to an address herald cannot follow"))?;
        }
        Err(Failed::for_good(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }

    /// One request, not following a redirect.
    fn hop(&mut self, url: &str, headers: &[(&str, &str)]) -> Result<Fetched, Failed> {
        let parts = Parts::of(url).ok_or_else(|| Failed::for_good("not an http(s) address"))?;
        if !self.robots.contains_key(&parts.site) {
            let rules = self.read_robots(&parts);
            self.robots.insert(parts.site.clone(), rules);
        }
        match &self.robots[&parts.site] {
            Ok(rules) if rules.allows(&parts.path) => {}
            Ok(_) => return Err(Failed::for_good("disallowed by the site's robots.txt")),
            Err(why) => {
                return Err(Failed {
                    message: why.clone(),
                    transient: true,
                })
            }
        }
        self.pause(&parts.host);
        self.fetcher.get_hop(url, headers).map_err(|e| Failed {
            transient: e.status.is_none_or(|s| s >= 500 || s == 429),
            message: e.message,
        })
    }

    /// The site's rules: none when it has no robots.txt (4xx); an error, so that nothing of
    /// the site is fetched, when its server fails or cannot be reached, as RFC 9309 asks.
    fn read_robots(&mut self, parts: &Parts) -> Result<Robots, String> {
        let url = format!("{}/robots.txt", parts.site);
        self.pause(&parts.host);
        match self.fetcher.get_with(&url, &[]) {
            Ok(f) => Ok(Robots::parse(&String::from_utf8_lossy(&f.bytes), PRODUCT)),
            Err(e) if e.status.is_some_and(|s| (400..500).contains(&s)) => Ok(Robots::allow_all()),
            // No answer at all: the site is down or gone, whatever was asked of it.
            Err(e) if e.status.is_none() => {
                Err(format!("the site could not be reached ({})", e.message))
            }
            Err(e) => Err(format!(
                "not fetched: the site's robots.txt failed ({})",
                e.message
            )),
        }
    }

    /// Waits until `--delay` has passed since the last request to `host`, and marks now.
    fn pause(&mut self, host: &str) {
        if let Some(last) = self.last.get(host) {
            std::thread::sleep(self.delay.saturating_sub(last.elapsed()));
        }
        self.last.insert(host.to_owned(), Instant::now());
    }
}

/// Redirects followed for one address, as browsers and ureq do about.
const MAX_REDIRECTS: usize = 5;

/// The address a redirect's `Location` names, seen from `base`: absolute, scheme-relative
/// (`//host/x`), absolute path (`/x`) or relative path (`x`, against `base`'s folder).
fn resolve(base: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.contains("://") {
        return Some(location.to_owned());
    }
    let parts = Parts::of(base)?;
    let scheme = &parts.site[..parts.site.find("://")?];
    if location.starts_with("//") {
        return Some(format!("{scheme}:{location}"));
    }
    if location.starts_with('/') {
        return Some(format!("{}{location}", parts.site));
    }
    let path = parts.path.split(['?', '#']).next().unwrap_or("/");
    let folder = &path[..=path.rfind('/').unwrap_or(0)];
    Some(format!("{}{folder}{location}", parts.site))
}

/// What politeness needs of an address.
#[derive(Debug, PartialEq)]
struct Parts {
    /// Scheme and authority, `https://news.example:8443`: whose robots.txt applies.
    site: String,
    /// The host alone, lowercase: what the delay is counted per (one machine, any port).
    host: String,
    /// Path and query, from the first `/` (`/` when empty): what robots.txt rules match.
    path: String,
}

impl Parts {
    fn of(url: &str) -> Option<Parts> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or(rest);
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let authority = authority.to_ascii_lowercase();
        if authority.is_empty() {
            return None;
        }
        let host = match authority.rsplit_once(':') {
            Some((h, port)) if !port.contains(']') => h.to_owned(),
            _ => authority.clone(),
        };
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Some(Parts {
            site: format!("{scheme}://{authority}"),
            host,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_their_unit() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("15").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("3 weeks").is_err());
    }

    #[test]
    fn redirect_locations_resolve_against_the_address_asked_for() {
        let base = "https://news.example:8443/a/b.html?x=1";
        let to = |l: &str| resolve(base, l).unwrap();
        assert_eq!(to("http://other.example/c"), "http://other.example/c");
        assert_eq!(to("//cdn.example/c"), "https://cdn.example/c");
        assert_eq!(to("/c.html"), "https://news.example:8443/c.html");
        assert_eq!(to("c.html"), "https://news.example:8443/a/c.html");
    }

    #[test]
    fn addresses_split_into_site_host_and_path() {
        let p = Parts::of("HTTPS://user@News.Example:8443/a/b.html?x=1#top").unwrap();
        assert_eq!(p.site, "https://news.example:8443");
        assert_eq!(p.host, "news.example");
        assert_eq!(p.path, "/a/b.html?x=1");
        let p = Parts::of("http://[::1]:80?q").unwrap();
        assert_eq!((p.host.as_str(), p.path.as_str()), ("[::1]", "/?q"));
        assert_eq!(Parts::of("http://[::1]").unwrap().host, "[::1]");
        assert!(Parts::of("ftp://x/y").is_none());
        assert!(Parts::of("http:///y").is_none());
    }
}

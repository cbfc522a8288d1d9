//! `herald-corpus`: makes article pools with planted copies and versions, for measuring
//! `herald dedup`, and scores its output against the plan.
//!
//! A pool is cluster JSONL (one line per `--per-line` articles, shuffled within blocks, so no
//! grouping in the file hints at the answer) plus a truth file with each article's group and
//! kind. Originals are either synthesized from templates over a vocabulary written here, or,
//! with `--from`, real articles read at run time (new paragraphs then come from a word-level
//! Markov model of those articles, so no dataset text is ever stored in the repository).
//!
//! Planted versions (same truth group as their original): exact copies, syndicated copies with
//! other page furniture, copy edits, updates (a paragraph and/or a highlights box added), early
//! cuts (the first paragraphs). Hard negatives (their own group): follow-ups that reuse some
//! paragraphs of an earlier article, and other articles about the same story. Same arguments,
//! byte-identical output.
//!
//! A workspace crate of its own (`publish = false`) so that installing herald does not install
//! it. Examples (from the workspace root; `cargo run --release -p herald-corpus --` in front of
//! every `herald-corpus`):
//!   herald-corpus --articles 100000 --seed 7 --truth truth.jsonl > pool.jsonl
//!   herald-corpus --from ../shared/data/duc2003.jsonl --seed 1 --truth t.jsonl > pool.jsonl
//!   herald dedup pool.jsonl > groups.jsonl && herald-corpus --score groups.jsonl --truth t.jsonl

use clap::Parser;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

/// Article pools with planted duplicates and versions, seeded and reproducible.
#[derive(Parser, Debug)]
#[command(name = "herald-corpus", version)]
struct Args {
    /// Number of articles in the pool (with --from: at most this many; the real articles and
    /// their plants, as many as fit).
    #[arg(long, default_value_t = 10_000)]
    articles: usize,
    /// Random seed; the same seed and arguments give byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Real cluster JSONL files whose articles become the originals (their clusters are the
    /// stories).
    #[arg(long, num_args = 1.., value_name = "JSONL")]
    from: Vec<String>,
    /// Where to write the truth: one line per article, `{"id", "group", "kind"}`.
    #[arg(long, value_name = "FILE")]
    truth: Option<String>,
    /// Articles per output line (cluster).
    #[arg(long, default_value_t = 100)]
    per_line: usize,
    /// Share of originals that get planted versions.
    #[arg(long, default_value_t = 0.5)]
    version_rate: f64,
    /// Share of originals that get a follow-up reusing some of their paragraphs.
    #[arg(long, default_value_t = 0.25)]
    followup_rate: f64,
    /// Instead of generating: score a `herald dedup --format jsonl` output against --truth and
    /// print pairwise precision and recall.
    #[arg(long, value_name = "GROUPS")]
    score: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.score {
        Some(groups) => score(groups, args.truth.as_deref()),
        None => generate(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("herald-corpus: error: {e}");
            ExitCode::from(1)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64: tiny, fast, and fully determined by its seed on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            xs.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Articles

#[derive(Clone, Debug)]
struct Doc {
    title: Option<String>,
    date: Option<String>,
    paras: Vec<String>,
    group: u64,
    kind: &'static str,
}

/// Where new prose comes from: templates, or a Markov model of real articles.
trait Prose {
    /// A paragraph about story `story` (a story-specific seed for names and topics).
    fn paragraph(&self, rng: &mut Rng, story: u64) -> String;
    /// A headline.
    fn headline(&self, rng: &mut Rng, story: u64) -> String;
}

/// Adds `days` to an ISO date (days may be negative); other strings are returned unchanged.
fn shift_date(date: &Option<String>, days: i64) -> Option<String> {
    let d = date.as_ref()?;
    let parts: Vec<i64> = d.split('-').filter_map(|p| p.parse().ok()).collect();
    if parts.len() != 3 {
        return Some(d.clone());
    }
    let z = days_from_civil(parts[0], parts[1], parts[2]) + days;
    let (y, m, dd) = civil_from_days(z);
    Some(format!("{y:04}-{m:02}-{dd:02}"))
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Sentences of a paragraph, split after ". ", "? ", "! " (good enough to cut a one-paragraph
/// article early).
fn sentences(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        if matches!(b[i], b'.' | b'?' | b'!') && b[i + 1] == b' ' {
            out.push(p[start..=i].trim());
            start = i + 1;
        }
    }
    if start < p.len() && !p[start..].trim().is_empty() {
        out.push(p[start..].trim());
    }
    out
}

fn word_count(d: &Doc) -> usize {
    d.paras.iter().map(|p| p.split_whitespace().count()).sum()
}

/// Exact copy: same text, same date; a copy that circulated, perhaps under another title.
fn exact_copy(d: &Doc) -> Doc {
    Doc {
        kind: "exact",
        ..d.clone()
    }
}

const DATELINES: &[&str] = &[
    "WASHINGTON (Reuters) - ",
    "LONDON (AP) _ ",
    "(CNN) -- ",
    "NEW YORK, Oct. 5 (AFP) - ",
    "PARIS — ",
    "BRUSSELS (dpa) - ",
];
const BYLINES: &[&str] = &[
    "By Maria Lopez, Associated Press",
    "By JOHN HARTLEY",
    "Reporting by Tom Grieve; Editing by Alison Marsh",
    "Staff and agencies",
    "Posted by Web Desk",
];
const STAMPS: &[&str] = &[
    "Updated 10:42 AM ET, Tue October 6, 2015",
    "Published: 06/09/2013 08:52",
    "Last modified on Fri 6 Sep 2013 14.31 BST",
];
const TAILS: &[&str] = &[
    "Copyright 2013 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Share this article: Facebook | Twitter | Email",
    "Follow us on Twitter and Facebook for the latest updates",
    "Click here to subscribe to our newsletter",
    "© Thomson Reuters 2013 All rights reserved",
    "Enable JavaScript to view the comments powered by Disqus.",
];

/// Syndicated copy: the same article under another site's furniture: byline, stamp, dateline,
/// related links, share and copyright lines.
fn syndicate(d: &Doc, rng: &mut Rng, prose: &dyn Prose, story: u64) -> Doc {
    let mut out = Doc {
        kind: "syndicated",
        date: shift_date(&d.date, rng.below(2) as i64),
        ..d.clone()
    };
    if rng.chance(0.5) {
        out.title = Some(prose.headline(rng, story));
    }
    if let Some(first) = out.paras.first_mut() {
        if rng.chance(0.6) {
            *first = format!("{}{}", rng.pick(DATELINES), first);
        }
    }
    let mut head = Vec::new();
    if rng.chance(0.6) {
        head.push(rng.pick(BYLINES).to_string());
    }
    if rng.chance(0.5) {
        head.push(rng.pick(STAMPS).to_string());
    }
    out.paras.splice(0..0, head);
    if rng.chance(0.5) && out.paras.len() > 3 {
        let at = rng.range(2, out.paras.len() - 1);
        out.paras
            .insert(at, format!("Related: {}", prose.headline(rng, story)));
    }
    if rng.chance(0.5) {
        out.paras
            .push(format!("Read more: {}", prose.headline(rng, story)));
    }
    for _ in 0..rng.range(0, 2) {
        out.paras.push(rng.pick(TAILS).to_string());
    }
    out
}

const INSERTS: &[&str] = &[
    "also",
    "now",
    "reportedly",
    "still",
    "however,",
    "on Friday",
    "again",
];

/// Copy edit: a few words changed, typos made or fixed, words dropped or inserted.
fn copy_edit(d: &Doc, rng: &mut Rng) -> Doc {
    let mut out = Doc {
        kind: "copyedit",
        date: shift_date(&d.date, rng.below(2) as i64),
        ..d.clone()
    };
    let total = word_count(d).max(1);
    let edits = rng.range(2, (total / 60).clamp(3, 12));
    for _ in 0..edits {
        let p = rng.below(out.paras.len());
        let mut words: Vec<String> = out.paras[p].split_whitespace().map(str::to_owned).collect();
        if words.len() < 4 {
            continue;
        }
        let i = rng.range(1, words.len() - 2);
        match rng.below(4) {
            0 => {
                let w: Vec<char> = words[i].chars().collect();
                if w.len() >= 4 {
                    let j = rng.range(1, w.len() - 3);
                    let mut w = w;
                    w.swap(j, j + 1);
                    words[i] = w.into_iter().collect();
                }
            }
            1 => {
                words.remove(i);
            }
            2 => words.insert(i, rng.pick(INSERTS).to_string()),
            _ => {
                let j = rng.below(words.len());
                words[i] = words[j].clone();
            }
        }
        out.paras[p] = words.join(" ");
    }
    out
}

/// Update: a later version with a new paragraph (at the top, in the middle or at the end)
/// and/or a "Story highlights" box made of its own sentences.
fn update(d: &Doc, rng: &mut Rng, prose: &dyn Prose, story: u64) -> Doc {
    let mut out = Doc {
        kind: "update",
        date: shift_date(&d.date, rng.range(0, 1) as i64),
        ..d.clone()
    };
    let add_paragraph = rng.chance(0.75);
    if add_paragraph {
        for _ in 0..rng.range(1, 2) {
            let at = match rng.below(4) {
                0 => 0,
                1 => out.paras.len(),
                _ => rng.range(0, out.paras.len()),
            };
            out.paras.insert(at, prose.paragraph(rng, story));
        }
    }
    if !add_paragraph || rng.chance(0.4) {
        let all: Vec<String> = d
            .paras
            .iter()
            .flat_map(|p| sentences(p))
            .map(str::to_owned)
            .collect();
        let mut box_lines = vec!["Story highlights".to_string()];
        let bulleted = rng.chance(0.5);
        for _ in 0..rng.range(2, 4).min(all.len()) {
            let s = rng.pick(&all).trim_end_matches('.').to_string();
            box_lines.push(if bulleted { format!("- {s}") } else { s });
        }
        out.paras.splice(0..0, box_lines);
    }
    out
}

/// The pieces a version or follow-up is cut from: the paragraphs, or the sentences of an article
/// with fewer than three paragraphs.
fn units(d: &Doc) -> Vec<String> {
    if d.paras.len() >= 3 {
        d.paras.clone()
    } else {
        d.paras
            .iter()
            .flat_map(|p| sentences(p))
            .map(str::to_owned)
            .collect()
    }
}

/// Early cut: the first paragraphs (or sentences, for a one-paragraph article) of the article,
/// as first published.
fn early_cut(d: &Doc, rng: &mut Rng) -> Option<Doc> {
    let units = units(d);
    if units.len() < 3 {
        return None;
    }
    let lo = (units.len() * 3).div_ceil(10).max(2);
    let k = rng.range(lo.min(units.len() - 1), units.len() - 1);
    let paras = if d.paras.len() >= 3 {
        units[..k].to_vec()
    } else {
        vec![units[..k].join(" ")]
    };
    let cut = Doc {
        kind: "early-cut",
        date: shift_date(&d.date, -(rng.below(2) as i64)),
        paras,
        ..d.clone()
    };
    (word_count(&cut) >= 40).then_some(cut)
}

/// Follow-up: a new article (new lead, new paragraphs) that reuses some paragraphs of `d`.
/// Not a version: a hard negative.
fn follow_up(d: &Doc, rng: &mut Rng, prose: &dyn Prose, story: u64, group: u64) -> Doc {
    // At most half of the original is reused (paragraphs, or sentences of a one-paragraph
    // article), the lead maybe among it (never first).
    let units = units(d);
    let n = units.len();
    let take = rng.range(1, (n / 2).max(1));
    let mut picked: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut picked);
    picked.truncate(take);
    picked.sort_unstable();
    let reused: Vec<String> = picked.into_iter().map(|i| units[i].clone()).collect();
    let reused_words: usize = reused.iter().map(|p| p.split_whitespace().count()).sum();
    let mut paras = vec![prose.paragraph(rng, story)];
    let mut new_words = paras[0].split_whitespace().count();
    let mut extra = Vec::new();
    while new_words < reused_words.max(60) {
        let p = prose.paragraph(rng, story);
        new_words += p.split_whitespace().count();
        extra.push(p);
    }
    // Reused paragraphs keep their order; new ones are interleaved.
    let (mut i, mut j) = (0, 0);
    while i < reused.len() || j < extra.len() {
        if j < extra.len() && (i >= reused.len() || rng.chance(0.5)) {
            paras.push(extra[j].clone());
            j += 1;
        } else {
            paras.push(reused[i].clone());
            i += 1;
        }
    }
    Doc {
        title: Some(prose.headline(rng, story)),
        date: shift_date(&d.date, rng.range(1, 3) as i64),
        paras,
        group,
        kind: "followup",
    }
}

/// The planted family of one original: the original, its versions, and maybe a follow-up.
fn plant(
    original: Doc,
    rng: &mut Rng,
    prose: &dyn Prose,
    story: u64,
    args: &Args,
    next_group: &mut u64,
) -> Vec<Doc> {
    let mut family = vec![original];
    if rng.chance(args.version_rate) {
        for _ in 0..rng.range(1, 3) {
            // Versions of versions happen too: a syndicated copy of an update.
            let base = if rng.chance(0.3) {
                rng.below(family.len())
            } else {
                0
            };
            let b = family[base].clone();
            let v = match rng.below(5) {
                0 => Some(exact_copy(&b)),
                1 => Some(syndicate(&b, rng, prose, story)),
                2 => Some(copy_edit(&b, rng)),
                3 => Some(update(&b, rng, prose, story)),
                _ => early_cut(&b, rng),
            };
            family.extend(v);
        }
    }
    if rng.chance(args.followup_rate) {
        let g = *next_group;
        *next_group += 1;
        let f = follow_up(&family[0], rng, prose, story, g);
        family.push(f);
    }
    family
}

// ---------------------------------------------------------------------------------------------
// Template prose: the generator's own small model, written here.

const FIRST: &[&str] = &[
    "Anna", "Marek", "Sofia", "David", "Leila", "Tomas", "Grace", "Omar", "Elena", "Victor",
    "Nadia", "Paul", "Irene", "Samuel", "Yara", "Henrik", "Maya", "Carlos", "Ruth", "Dmitri",
    "Amara", "Jonas", "Priya", "Felix",
];
const SYLLABLES: &[&str] = &[
    "ka", "lor", "ven", "dra", "mi", "sto", "bel", "an", "ru", "tis", "gar", "po", "len", "zu",
    "mar", "ond", "el", "vik", "sa", "ter", "no", "bra", "hal", "quin", "do", "res", "wyn", "ta",
    "ly", "kor",
];
const ORG_KIND: &[&str] = &[
    "Ministry of Finance",
    "Central Bank",
    "National Assembly",
    "Workers Party",
    "Supreme Court",
    "Health Agency",
    "Port Authority",
    "Energy Company",
    "Football Club",
    "University",
    "Chamber of Commerce",
    "Army",
];
const VERBS: &[&str] = &[
    "announced",
    "rejected",
    "defended",
    "criticized",
    "approved",
    "delayed",
    "welcomed",
    "questioned",
    "proposed",
    "confirmed",
    "denied",
    "postponed",
    "backed",
    "blocked",
    "reviewed",
    "expanded",
    "signed",
    "cancelled",
    "investigated",
    "funded",
    "opposed",
    "endorsed",
    "drafted",
    "challenged",
    "praised",
    "abandoned",
    "revived",
    "suspended",
    "extended",
    "tightened",
    "relaxed",
    "unveiled",
    "scrapped",
    "launched",
    "audited",
    "published",
    "leaked",
    "disputed",
    "ordered",
    "halted",
    "resumed",
    "doubled",
    "cut",
    "raised",
    "lowered",
    "cleared",
    "targeted",
    "shielded",
    "merged",
    "sold",
    "bought",
    "built",
    "closed",
    "opened",
    "moved",
    "seized",
];
const NOUNS: &[&str] = &[
    "plan",
    "budget",
    "report",
    "contract",
    "agreement",
    "investigation",
    "proposal",
    "program",
    "policy",
    "law",
    "deal",
    "vote",
    "ruling",
    "appeal",
    "inquiry",
    "tariff",
    "subsidy",
    "loan",
    "bond",
    "pension",
    "reform",
    "strike",
    "protest",
    "election",
    "campaign",
    "coalition",
    "treaty",
    "ceasefire",
    "border",
    "pipeline",
    "airport",
    "bridge",
    "railway",
    "hospital",
    "school",
    "factory",
    "mine",
    "harbor",
    "reservoir",
    "stadium",
    "vaccine",
    "outbreak",
    "storm",
    "flood",
    "drought",
    "wildfire",
    "earthquake",
    "harvest",
    "market",
    "currency",
    "merger",
    "lawsuit",
    "scandal",
    "audit",
    "license",
    "permit",
    "quota",
    "fine",
    "ban",
    "curfew",
    "census",
    "survey",
    "forecast",
    "deficit",
    "surplus",
    "debt",
    "levy",
    "charter",
    "mandate",
    "summit",
    "council",
    "committee",
    "tribunal",
    "regulator",
    "watchdog",
    "union",
    "militia",
    "convoy",
    "shipment",
    "cargo",
    "fleet",
    "satellite",
    "network",
    "database",
    "platform",
    "archive",
    "museum",
    "festival",
    "exhibition",
    "tournament",
];
const ADJ: &[&str] = &[
    "new",
    "controversial",
    "long-awaited",
    "emergency",
    "revised",
    "final",
    "proposed",
    "disputed",
    "temporary",
    "national",
    "regional",
    "unexpected",
    "modest",
    "sweeping",
    "secret",
    "public",
    "private",
    "federal",
    "local",
    "annual",
    "costly",
    "fragile",
    "bold",
    "cautious",
    "rival",
    "joint",
    "interim",
    "landmark",
    "unpopular",
    "ambitious",
    "delayed",
    "preliminary",
    "binding",
    "voluntary",
    "urgent",
    "lengthy",
    "brief",
    "rare",
    "major",
    "minor",
    "crucial",
    "widespread",
    "limited",
    "fresh",
    "formal",
    "informal",
    "official",
    "leaked",
    "draft",
];
const PREPS: &[&str] = &[
    "after",
    "before",
    "during",
    "despite",
    "amid",
    "following",
    "ahead of",
    "without",
    "under",
    "against",
    "over",
    "because of",
    "in response to",
    "as part of",
    "in spite of",
];
const SAYS: &[&str] = &[
    "said",
    "told reporters",
    "argued",
    "warned",
    "insisted",
    "added",
    "explained",
    "noted",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A name made of syllables, capitalised: an endless supply of people and places that no two
/// stories share by accident.
fn coined(rng: &mut Rng, syllables: usize) -> String {
    let mut s: String = (0..syllables).map(|_| *rng.pick(SYLLABLES)).collect();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// The cast of one story, derived from its seed.
struct Cast {
    people: Vec<String>,
    places: Vec<String>,
    orgs: Vec<String>,
    topic: Vec<&'static str>,
}

fn cast(story: u64) -> Cast {
    let mut rng = Rng(story ^ 0x5eed_ca57);
    let people = (0..4)
        .map(|_| format!("{} {}", rng.pick(FIRST), coined(&mut rng, 3)))
        .collect();
    let places: Vec<String> = (0..2).map(|_| coined(&mut rng, 2)).collect();
    let orgs = (0..2)
        .map(|i| format!("{} {}", places[i % places.len()], rng.pick(ORG_KIND)))
        .collect();
    Cast {
        people,
        places,
        orgs,
        topic: (0..5).map(|_| *rng.pick(NOUNS)).collect(),
    }
}

struct Templates;

impl Templates {
    /// A noun phrase: a story topic or any noun, with optional adjective and "of" phrase.
    fn noun_phrase(rng: &mut Rng, c: &Cast, out: &mut String) {
        out.push_str(if rng.chance(0.8) { "the " } else { "a " });
        if rng.chance(0.5) {
            out.push_str(rng.pick::<&str>(ADJ));
            out.push(' ');
        }
        out.push_str(if rng.chance(0.5) {
            rng.pick::<&str>(&c.topic)
        } else {
            rng.pick::<&str>(NOUNS)
        });
        if rng.chance(0.3) {
            out.push_str(" of ");
            if rng.chance(0.5) {
                out.push_str(rng.pick::<String>(&c.orgs));
            } else {
                out.push_str("the ");
                out.push_str(rng.pick::<&str>(NOUNS));
            }
        }
    }

    fn subject(rng: &mut Rng, c: &Cast, out: &mut String) {
        match rng.below(4) {
            0 => out.push_str(rng.pick::<String>(&c.people)),
            1 => out.push_str(&format!("the {}", rng.pick(&c.orgs))),
            2 => out.push_str(&format!("officials in {}", rng.pick(&c.places))),
            _ => {
                let mut np = String::new();
                Templates::noun_phrase(rng, c, &mut np);
                let mut chars = np.chars();
                if let Some(f) = chars.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(chars.as_str());
                }
                return;
            }
        }
        if let Some(f) = out.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
    }

    /// A clause: subject, verb, object and up to two modifiers.
    fn clause(rng: &mut Rng, c: &Cast, out: &mut String) {
        let at = out.len();
        Templates::subject(rng, c, out);
        if at > 0 {
            // Inside a sentence the subject is not capitalised unless it is a name.
            if out[at..].starts_with("The ") {
                out.replace_range(at..at + 1, "t");
            }
        }
        out.push(' ');
        out.push_str(rng.pick::<&str>(VERBS));
        out.push(' ');
        if rng.chance(0.2) {
            out.push_str(&format!("{} ", rng.range(2, 9999)));
            out.push_str(rng.pick::<&str>(NOUNS));
            out.push('s');
        } else {
            Templates::noun_phrase(rng, c, out);
        }
        for _ in 0..rng.below(3) {
            out.push(' ');
            match rng.below(3) {
                0 => out.push_str(&format!("in {}", rng.pick(&c.places))),
                1 => out.push_str(&format!("on {}", rng.pick::<&str>(DAYS))),
                _ => {
                    out.push_str(rng.pick::<&str>(PREPS));
                    out.push(' ');
                    Templates::noun_phrase(rng, c, out);
                }
            }
        }
    }

    fn sentence(rng: &mut Rng, c: &Cast) -> String {
        let mut out = String::with_capacity(160);
        match rng.below(5) {
            0 => {
                out.push('"');
                Templates::clause(rng, c, &mut out);
                out.push_str(&format!(
                    ",\" {} {}.",
                    rng.pick(&c.people),
                    rng.pick::<&str>(SAYS)
                ));
            }
            1 => {
                out.push_str(rng.pick::<String>(&c.people));
                out.push(' ');
                out.push_str(rng.pick::<&str>(SAYS));
                out.push_str(" that ");
                Templates::clause(rng, c, &mut out);
                out.push('.');
            }
            _ => {
                Templates::clause(rng, c, &mut out);
                out.push('.');
            }
        }
        out
    }
}

impl Prose for Templates {
    fn paragraph(&self, rng: &mut Rng, story: u64) -> String {
        let c = cast(story);
        let n = rng.range(1, 3);
        (0..n)
            .map(|_| Templates::sentence(rng, &c))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn headline(&self, rng: &mut Rng, story: u64) -> String {
        let c = cast(story);
        format!(
            "{} {} {} {}",
            c.people[rng.below(2)],
            *rng.pick(VERBS),
            *rng.pick(ADJ),
            *rng.pick(&c.topic)
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Markov prose over real articles read at run time.

struct Markov {
    words: Vec<String>,
    next: HashMap<(u32, u32), Vec<u32>>,
    starts: Vec<(u32, u32)>,
}

impl Markov {
    fn new(texts: &[&str]) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut next: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
        let mut starts = Vec::new();
        for text in texts {
            let seq: Vec<u32> = text
                .split_whitespace()
                .map(|w| {
                    *ids.entry(w.to_owned()).or_insert_with(|| {
                        words.push(w.to_owned());
                        (words.len() - 1) as u32
                    })
                })
                .collect();
            for i in 2..seq.len() {
                next.entry((seq[i - 2], seq[i - 1]))
                    .or_default()
                    .push(seq[i]);
                if i == 2 || ends_sentence(&words[seq[i - 3] as usize]) {
                    starts.push((seq[i - 2], seq[i - 1]));
                }
            }
        }
        Markov {
            words,
            next,
            starts,
        }
    }

    fn sentence(&self, rng: &mut Rng, out: &mut String) {
        let (mut a, mut b) = *rng.pick(&self.starts);
        out.push_str(&self.words[a as usize]);
        out.push(' ');
        out.push_str(&self.words[b as usize]);
        for _ in 0..45 {
            let Some(choices) = self.next.get(&(a, b)) else {
                break;
            };
            let c = *rng.pick(choices);
            out.push(' ');
            out.push_str(&self.words[c as usize]);
            (a, b) = (b, c);
            if ends_sentence(&self.words[c as usize]) {
                return;
            }
        }
        out.push('.');
    }
}

fn ends_sentence(w: &str) -> bool {
    w.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?'])
}

impl Prose for Markov {
    fn paragraph(&self, rng: &mut Rng, _story: u64) -> String {
        let mut out = String::new();
        for i in 0..rng.range(1, 3) {
            if i > 0 {
                out.push(' ');
            }
            self.sentence(rng, &mut out);
        }
        out
    }

    fn headline(&self, rng: &mut Rng, _story: u64) -> String {
        let mut s = String::new();
        self.sentence(rng, &mut s);
        s.split_whitespace()
            .take(rng.range(5, 10))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

// ---------------------------------------------------------------------------------------------
// Generation

#[derive(Deserialize)]
struct RealCluster {
    id: String,
    documents: Vec<RealDoc>,
}

#[derive(Deserialize)]
struct RealDoc {
    id: String,
    title: Option<String>,
    date: Option<String>,
    text: String,
}

/// Real stories: each file's clusters, articles split into paragraphs. An id seen twice keeps
/// its longest text (some benchmark files hold truncated copies of others); articles under 50
/// words are dropped, since such stubs (cookie notices, "enable JavaScript") are the same on
/// every page.
fn load_real(paths: &[String]) -> std::io::Result<Vec<Vec<RealDoc>>> {
    let mut stories: Vec<(String, Vec<String>)> = Vec::new();
    let mut docs: HashMap<String, RealDoc> = HashMap::new();
    for path in paths {
        let file = std::fs::File::open(path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{path}: {e}")))?;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let c: RealCluster = serde_json::from_str(&line).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{path}:{}: {e}", n + 1),
                )
            })?;
            let mut ids = Vec::new();
            for d in c.documents {
                ids.push(d.id.clone());
                match docs.get(&d.id) {
                    Some(old) if old.text.len() >= d.text.len() => {}
                    _ => {
                        docs.insert(d.id.clone(), d);
                    }
                }
            }
            stories.push((c.id, ids));
        }
    }
    let mut out = Vec::new();
    let mut used = std::collections::HashSet::new();
    // Benchmark files hold the same article under other ids too (in other clusters, or cut
    // short). Such natural copies would be true duplicates the truth does not know, so an article
    // sharing a quarter of its word 8-grams with an earlier one is left out.
    let mut grams: HashMap<u64, u32> = HashMap::new();
    let mut sizes: HashMap<u32, usize> = HashMap::new();
    let mut dropped = 0usize;
    for (_, ids) in stories {
        let mut story = Vec::new();
        for d in ids
            .into_iter()
            .filter(|id| used.insert(id.clone()))
            .filter_map(|id| docs.remove(&id))
        {
            let words: Vec<String> = d
                .text
                .split_whitespace()
                .map(|w| w.to_lowercase())
                .collect();
            if words.len() < 50 {
                continue;
            }
            let hashes: Vec<u64> = words.windows(8).map(|w| fnv(&w.join(" "))).collect();
            let mut shared: HashMap<u32, usize> = HashMap::new();
            for h in &hashes {
                if let Some(&owner) = grams.get(h) {
                    *shared.entry(owner).or_default() += 1;
                }
            }
            if shared
                .iter()
                .any(|(o, &c)| c * 4 >= hashes.len() || c * 4 >= sizes[o])
            {
                dropped += 1;
                continue;
            }
            let me = sizes.len() as u32;
            sizes.insert(me, hashes.len());
            for h in hashes {
                grams.entry(h).or_insert(me);
            }
            story.push(d);
        }
        if !story.is_empty() {
            out.push(story);
        }
    }
    eprintln!("herald-corpus: left out {dropped} real articles that copy an earlier one");
    Ok(out)
}

/// Writes shuffled blocks of articles as cluster lines, and their truth.
struct Sink<'a> {
    out: BufWriter<std::io::StdoutLock<'a>>,
    truth: Option<BufWriter<std::fs::File>>,
    block: Vec<Doc>,
    written: usize,
    line: usize,
    per_line: usize,
    rng: Rng,
}

const BLOCK: usize = 10_000;

impl Sink<'_> {
    fn push(&mut self, d: Doc) -> std::io::Result<()> {
        self.block.push(d);
        if self.block.len() >= BLOCK {
            self.flush_block()?;
        }
        Ok(())
    }

    fn flush_block(&mut self) -> std::io::Result<()> {
        let mut block = std::mem::take(&mut self.block);
        self.rng.shuffle(&mut block);
        for chunk in block.chunks(self.per_line.max(1)) {
            let mut documents = Vec::with_capacity(chunk.len());
            for d in chunk {
                let id = format!("n{:07}", self.written);
                self.written += 1;
                documents.push(json!({"id": id, "title": d.title, "date": d.date, "text": d.paras.join("\n\n")}));
                if let Some(t) = &mut self.truth {
                    serde_json::to_writer(
                        &mut *t,
                        &json!({"id": id, "group": d.group, "kind": d.kind}),
                    )?;
                    writeln!(t)?;
                }
            }
            serde_json::to_writer(
                &mut self.out,
                &json!({"id": format!("pool-{:06}", self.line), "documents": documents}),
            )?;
            writeln!(self.out)?;
            self.line += 1;
        }
        Ok(())
    }
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

fn generate(args: &Args) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let truth = match &args.truth {
        Some(p) => Some(BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let mut sink = Sink {
        out: BufWriter::with_capacity(1 << 20, stdout.lock()),
        truth,
        block: Vec::new(),
        written: 0,
        line: 0,
        per_line: args.per_line,
        rng: Rng(args.seed ^ 0xb10c),
    };
    let mut rng = Rng(args.seed);
    let mut next_group = 0u64;
    let mut count = 0usize;
    if !args.from.is_empty() {
        let stories = load_real(&args.from)?;
        let texts: Vec<&str> = stories.iter().flatten().map(|d| d.text.as_str()).collect();
        let markov = Markov::new(&texts);
        'stories: for (s, story) in stories.iter().enumerate() {
            for d in story {
                let original = Doc {
                    title: d.title.clone(),
                    date: d.date.clone(),
                    paras: d
                        .text
                        .split("\n\n")
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect(),
                    group: next_group,
                    kind: "original",
                };
                next_group += 1;
                for doc in plant(original, &mut rng, &markov, s as u64, args, &mut next_group) {
                    if count >= args.articles {
                        break 'stories;
                    }
                    sink.push(doc)?;
                    count += 1;
                }
            }
        }
    } else {
        let mut story = 0u64;
        while count < args.articles {
            story += 1;
            let story_seed = args.seed.wrapping_mul(0x1000_0000_01b3) ^ story;
            let base_date = days_from_civil(2013, 1, 1) + rng.below(3 * 365) as i64;
            // Several articles about one story: hard negatives for each other.
            for _ in 0..rng.range(1, 4) {
                let (y, m, d) = civil_from_days(base_date + rng.below(3) as i64);
                let n = rng.range(6, 18);
                let original = Doc {
                    title: Some(Templates.headline(&mut rng, story_seed)),
                    date: Some(format!("{y:04}-{m:02}-{d:02}")),
                    paras: (0..n)
                        .map(|_| Templates.paragraph(&mut rng, story_seed))
                        .collect(),
                    group: next_group,
                    kind: "original",
                };
                next_group += 1;
                for doc in plant(
                    original,
                    &mut rng,
                    &Templates,
                    story_seed,
                    args,
                    &mut next_group,
                ) {
                    if count >= args.articles {
                        break;
                    }
                    sink.push(doc)?;
                    count += 1;
                }
            }
        }
    }
    sink.flush_block()?;
    sink.out.flush()?;
    if let Some(t) = &mut sink.truth {
        t.flush()?;
    }
    eprintln!("herald-corpus: {count} articles, {next_group} groups");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Scoring

#[derive(Deserialize)]
struct TruthLine {
    id: String,
    group: u64,
    kind: String,
}

#[derive(Deserialize)]
struct GroupLine {
    canonical: String,
    duplicates: Vec<String>,
}

/// Pairwise precision and recall of predicted groups against the truth: a pair of articles is
/// positive when both are in one group. Also lists the kinds of wrong pairs.
fn score(groups: &str, truth: Option<&str>) -> std::io::Result<()> {
    let truth = truth.ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "--score needs --truth")
    })?;
    let mut group_of: HashMap<String, (u64, String)> = HashMap::new();
    let mut truth_members: HashMap<u64, Vec<String>> = HashMap::new();
    for line in BufReader::new(std::fs::File::open(truth)?).lines() {
        let t: TruthLine = serde_json::from_str(&line?)?;
        truth_members.entry(t.group).or_default().push(t.id.clone());
        group_of.insert(t.id, (t.group, t.kind));
    }
    let mut predicted_of: HashMap<String, usize> = HashMap::new();
    let mut predicted_pairs = 0u64;
    let mut true_positive = 0u64;
    let mut wrong: HashMap<String, u64> = HashMap::new();
    for (index, line) in BufReader::new(std::fs::File::open(groups)?)
        .lines()
        .enumerate()
    {
        let g: GroupLine = serde_json::from_str(&line?)?;
        let mut members = vec![g.canonical];
        members.extend(g.duplicates);
        for m in &members {
            predicted_of.insert(m.clone(), index);
        }
        let n = members.len() as u64;
        predicted_pairs += n * (n - 1) / 2;
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                let (a, b) = (&group_of[&members[i]], &group_of[&members[j]]);
                if a.0 == b.0 {
                    true_positive += 1;
                } else {
                    let mut k = [a.1.as_str(), b.1.as_str()];
                    k.sort_unstable();
                    *wrong.entry(format!("{}+{}", k[0], k[1])).or_default() += 1;
                }
            }
        }
    }
    let mut missed: HashMap<String, u64> = HashMap::new();
    let mut truth_pairs = 0u64;
    for members in truth_members.values() {
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                truth_pairs += 1;
                let (a, b) = (predicted_of.get(&members[i]), predicted_of.get(&members[j]));
                if a.is_none() || a != b {
                    let mut k = [
                        group_of[&members[i]].1.as_str(),
                        group_of[&members[j]].1.as_str(),
                    ];
                    k.sort_unstable();
                    *missed.entry(format!("{}+{}", k[0], k[1])).or_default() += 1;
                }
            }
        }
    }
    let precision = if predicted_pairs == 0 {
        1.0
    } else {
        true_positive as f64 / predicted_pairs as f64
    };
    let recall = if truth_pairs == 0 {
        1.0
    } else {
        true_positive as f64 / truth_pairs as f64
    };
    let mut wrong: Vec<_> = wrong.into_iter().collect();
    wrong.sort();
    println!(
        "{}",
        json!({"articles": group_of.len(), "truth_pairs": truth_pairs, "predicted_pairs": predicted_pairs,
               "true_positive": true_positive, "precision": (precision * 10000.0).round() / 10000.0,
               "recall": (recall * 10000.0).round() / 10000.0,
               "false_pairs_by_kind": wrong.into_iter().collect::<HashMap<_, _>>(),
               "missed_pairs_by_kind": missed})
    );
    Ok(())
}

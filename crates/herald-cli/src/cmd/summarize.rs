//! `herald summarize`: one summary per cluster.

use crate::input::{for_each_cluster, Spool};
use crate::Failure;
use herald::clean::boilerplate::BoilerplateCounter;
use herald::cluster::stories::{split_by_size, story_cluster, StoryGrouper};
use herald::cluster::tracker::{day_number, group_pool, TrackerConfig};
use herald::render::{printable, render, render_one, Format};
use herald::summarize::Algorithm;
use herald::{Budget, Config, Pipeline};

/// Arguments of `herald summarize`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Inputs: a folder is one cluster (every .txt/.json/.html file in it is an article; a .txt \
file's first line is its title, and a file of one line is all body; a .json file may hold one \
article or a whole cluster object); a .jsonl (or gzipped .jsonl.gz) file holds one cluster per line; a .warc(.gz) archive or an \
.rss/.atom/.xml feed is one cluster; an http(s):// URL is fetched (an article page is one article, \
a feed one cluster of its items; 30 s and 16 MiB at most); - reads JSONL (gzipped or not) from standard input. With --stories, all of them \
are pooled and grouped into stories first.\n\n\
Exit status: 0 when something was summarized and every input could be read; 1 when nothing could \
be summarized or an input could not be read (the reasons are on standard error; documents skipped \
inside a readable input are listed there too).\n\n\
Examples:\n  herald summarize examples/g20-syria --words 150 --format markdown\n  \
herald summarize --stories articles/ news.rss --words 100\n  \
herald summarize https://example.org/news/feed.xml --stories"
)]
pub struct Args {
    /// Folders, .jsonl files, feeds, WARC archives, article files, http:// or https:// URLs of
    /// article pages or feeds, or - for JSONL on standard input.
    #[arg(required_unless_present = "print_config", value_name = "PATH")]
    pub paths: Vec<String>,
    /// Summary length in words [default: 100].
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = parse_count)]
    pub words: Option<usize>,
    /// Summary length in sentences.
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = parse_count)]
    pub sentences: Option<usize>,
    /// Summary length in bytes (DUC used 665).
    #[arg(long, group = "budget", value_name = "N", allow_negative_numbers = true, value_parser = parse_count)]
    pub bytes: Option<usize>,
    /// Output format: text, markdown, json, jsonl or html.
    #[arg(long, short = 'f', default_value = "text", value_parser = parse_format)]
    pub format: Format,
    /// Summarization algorithm.
    #[arg(long, short = 'a', default_value = "concept", value_parser = clap::builder::PossibleValuesParser::new(Algorithm::NAMES))]
    pub algorithm: String,
    /// A JSON file with a full pipeline configuration (as printed by --print-config); the
    /// options above override its budget and algorithm.
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Fill a word or byte budget to the limit by cutting the last sentence there (for
    /// benchmark comparison; summaries are whole sentences otherwise). A summary still stops
    /// short when no sentence left adds anything.
    #[arg(long, conflicts_with = "sentences")]
    pub truncate: bool,
    /// Keep out of every summary the sentences that occur word for word in at least N clusters
    /// of the input (site and archive boilerplate); 0 turns this off. Needs a second read of
    /// the input, so it is skipped for standard input.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub boilerplate_clusters: u32,
    /// Pool every article of every input, group them into stories (as `herald cluster`
    /// does) and write one summary per story, named story-1, story-2, ... The input's own
    /// grouping is ignored. The texts wait in a temporary file while the articles are
    /// grouped, so memory holds only what grouping needs.
    #[arg(long)]
    pub stories: bool,
    /// With --stories: summarize only stories of at least N articles; the articles of smaller
    /// stories are listed on standard error.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "stories")]
    pub min_articles: usize,
    /// Print the resolved configuration as JSON and exit.
    #[arg(long)]
    pub print_config: bool,
    #[command(flatten)]
    pub output: crate::output::OutputArg,
}

/// A budget count. Negative numbers are taken as values (not as options), so that `--words -5`
/// gets the same message as `--words 0` rather than clap's tip about `--`.
pub(crate) fn parse_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<i128>() {
        Ok(n) if n < 1 => Err(format!(
            "a budget of {n} leaves no room for a summary: give at least 1"
        )),
        Ok(n) => usize::try_from(n).map_err(|_| format!("a budget of {n} is too large")),
        Err(_) => Err(format!("{s:?} is not a whole number")),
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s)
        .ok_or_else(|| format!("unknown format {s:?}: use text, markdown, json, jsonl or html"))
}

/// The pipeline configuration the options describe.
pub fn resolve(args: &Args) -> Result<Config, Failure> {
    let mut config = match &args.config {
        Some(path) => crate::input::read_config(path)?,
        None => Config::default(),
    };
    if let Some(b) = Budget::from_counts(args.words, args.sentences, args.bytes)
        .map_err(|e| Failure::input(e.to_string()))?
    {
        config.budget = b;
    }
    // A configuration file is checked like the options: a zero budget would give empty
    // summaries for every cluster.
    if let Budget::Words(0) | Budget::Sentences(0) | Budget::Bytes(0) = config.budget {
        return Err(Failure::input(format!(
            "{}: a budget of 0 leaves no room for a summary: give at least 1",
            args.config.as_deref().unwrap_or("--config")
        )));
    }
    config.truncate |= args.truncate;
    if args.config.is_none() || args.algorithm != "concept" {
        config.algorithm = Algorithm::from_name(&args.algorithm)
            .ok_or_else(|| Failure::input(format!("unknown algorithm {:?}", args.algorithm)))?;
    }
    Ok(config)
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    crate::input::check_paths(&args.paths)?;
    let config = resolve(args)?;
    let mut out = args.output.open()?;
    if args.print_config {
        crate::input::write_json(&mut out, &config)?;
        out.finish()?;
        return Ok(0);
    }
    let mut stories = if args.stories {
        Some(stories(args, &config)?)
    } else {
        None
    };
    let mut pipeline = Pipeline::new(config);
    if args.boilerplate_clusters > 0 {
        let mut counter = BoilerplateCounter::default();
        match &mut stories {
            Some(s) => {
                for k in 0..s.kept.len() {
                    counter.add(&s.cluster(k)?, pipeline.cleaner());
                }
            }
            // A first pass over the input (standard input cannot be read twice); its errors
            // are reported by the second. Web pages are left out of the count: fetching them
            // twice would cost the site a second request and could get a different page.
            None if !args.paths.iter().any(|p| p == "-") => {
                let local: Vec<String> = args
                    .paths
                    .iter()
                    .filter(|p| !crate::fetch::is_url(p))
                    .cloned()
                    .collect();
                for_each_cluster(&local, |c| {
                    if let Ok(c) = c {
                        counter.add(&c, pipeline.cleaner());
                    }
                });
            }
            None => {}
        }
        pipeline = pipeline.with_boilerplate(counter.finish(args.boilerplate_clusters));
    }
    let streaming = matches!(args.format, Format::Text | Format::Markdown | Format::Jsonl);
    let mut kept = Vec::new();
    let mut errors = 0usize;
    let mut count = 0usize;
    let mut io_error = None;
    let headed = args.stories
        || args.paths.len() > 1
        || args
            .paths
            .iter()
            .any(|p| p == "-" || herald::ingest::is_jsonl_path(std::path::Path::new(p)));
    // Clusters of different inputs (or lines) may share an id; each summary is named apart.
    let mut ids = herald::ingest::UniqueIds::default();
    let mut summarized = 0usize;
    let mut each = |cluster: Result<herald::model::Cluster, herald::Error>| {
        if io_error.is_some() {
            return;
        }
        match cluster {
            Ok(mut cluster) => {
                let claimed = ids.claim(cluster.id.clone());
                if claimed != cluster.id {
                    eprintln!(
                        "herald: warning: a second cluster {:?}: its summary is named {claimed:?}",
                        cluster.id
                    );
                    cluster.id = claimed;
                }
                let summary = if args.stories {
                    pipeline.summarize_story(&cluster)
                } else {
                    pipeline.summarize(&cluster)
                };
                // An empty summary is written like any other, but never without a word why.
                if summary.sentences.is_empty() {
                    let budget = summary.notes.iter().find(|n| n.starts_with("the budget"));
                    let why = if let Some(note) = budget {
                        // The pipeline knows a reason more precise than ours: a budget
                        // smaller than any sentence.
                        note.clone()
                    } else if cluster.articles.is_empty() && cluster.skipped.is_empty() {
                        // Not a word about folders: a JSONL cluster with no documents and a
                        // WARC archive with no records end here too, and a folder's files of
                        // other types are listed as skipped, so only an empty one does.
                        "no articles found".to_owned()
                    } else if cluster.articles.is_empty() {
                        match cluster.skipped.len() {
                            1 => "its one article skipped".to_owned(),
                            n => format!("all {n} articles skipped"),
                        }
                    } else {
                        format!(
                            "no sentence of its {} could be used (page furniture, \
                             boilerplate, fragments, or an article about another event)",
                            super::count(cluster.articles.len() as u64, "article")
                        )
                    };
                    eprintln!(
                        "herald: warning: {}: empty summary: {why}",
                        printable(&summary.id)
                    );
                } else {
                    summarized += 1;
                }
                // In the formats people read, what was skipped is a note to the user on standard
                // error, not part of the summary; JSON formats keep it as data.
                let mut summary = summary;
                if matches!(args.format, Format::Text | Format::Markdown) {
                    for k in std::mem::take(&mut summary.skipped) {
                        eprintln!(
                            "herald: skipped {}: {}: {}",
                            printable(&summary.id),
                            printable(&k.document),
                            printable(&k.reason)
                        );
                    }
                }
                if streaming {
                    if let Err(e) = render_one(args.format, &summary, count == 0, headed, &mut out)
                    {
                        io_error = Some(e);
                    }
                } else {
                    kept.push(summary);
                }
                count += 1;
            }
            Err(e) => {
                errors += 1;
                eprintln!("herald: error: {}", printable(&e.to_string()));
            }
        }
    };
    let mut input_errors = 0;
    match stories {
        Some(mut s) => {
            input_errors = s.errors;
            for k in 0..s.kept.len() {
                each(Ok(s.cluster(k)?));
            }
        }
        None => for_each_cluster(&args.paths, each),
    }
    errors += input_errors;
    if let Some(e) = io_error {
        return Err(e.into());
    }
    if !streaming {
        render(args.format, &kept, &mut out)?;
    }
    out.finish()?;
    // One rule: 0 when something was summarized from inputs that could all be read; 1 when
    // nothing could be summarized, or when an input (a file, a line, a page) could not be read
    // at all, as `cat` fails for a missing file but prints the others. Documents skipped inside
    // a readable input do not change the code. The reasons are on standard error.
    // The closing lines count what got a summary, not what was read: a cluster whose summary
    // came out empty (warned about above) is not summarized, so "nothing could be summarized"
    // below never follows a line that says otherwise.
    let clusters = super::count(count as u64, "cluster");
    let done = if summarized == count {
        format!("{clusters} summarized")
    } else {
        format!("{summarized} of {clusters} summarized")
    };
    if errors > 0 {
        eprintln!(
            "herald: {}; {done}",
            super::count(errors as u64, "input error")
        );
    } else if summarized < count {
        eprintln!("herald: {done}");
    }
    if summarized == 0 {
        if count == 0 && errors == 0 && args.stories {
            // The articles were there (the line above counts them); no story was big enough.
            eprintln!(
                "herald: error: nothing to summarize: no story of {} or more",
                super::count(args.min_articles as u64, "article")
            );
        } else if count == 0 && errors == 0 {
            eprintln!("herald: error: nothing to summarize: the input holds no clusters");
        } else {
            eprintln!("herald: error: nothing could be summarized");
        }
        return Ok(1);
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

/// `--stories`: the pooled articles, set aside on disk, and the members of each story to
/// summarize, in order.
struct Stories {
    spool: Spool,
    kept: Vec<Vec<usize>>,
    /// Input errors met while pooling.
    errors: usize,
}

impl Stories {
    /// The cluster of the `k`-th story, read back from the spool.
    fn cluster(&mut self, k: usize) -> std::io::Result<herald::model::Cluster> {
        let articles = self.spool.read(&self.kept[k])?;
        Ok(story_cluster(k, articles))
    }
}

/// `--stories`: reads every input, reports what could not be used, and groups the articles into
/// stories. Memory holds each article's profile while the texts wait on disk.
fn stories(args: &Args, config: &Config) -> Result<Stories, Failure> {
    let grouper = StoryGrouper::new(config.stories.clone());
    let cleaner = herald::clean::Cleaner::new(config.clean.clone());
    let mut spool = Spool::new()?;
    let mut spool_error = None;
    let mut profiles = Vec::new();
    let mut dates = Vec::new();
    // Pages that are not articles (failed scrapes): each is a story of its own, and the user is
    // told why, by id and reason.
    let mut failed: Vec<(String, &'static str)> = Vec::new();
    // Articles of different inputs may share an id; the summaries must name each one apart.
    let mut ids = herald::ingest::UniqueIds::default();
    let counts = crate::input::pool_articles(
        &args.paths,
        |a| grouper.describe(a, &cleaner),
        |mut a, _, described| {
            if spool_error.is_some() {
                return;
            }
            a.id = ids.claim(std::mem::take(&mut a.id));
            if let Some(why) = described.failed_scrape {
                failed.push((a.id.clone(), why));
            }
            match spool.push(&a) {
                Ok(()) => {
                    profiles.push(described.profile);
                    dates.push(a.date.as_deref().and_then(day_number));
                }
                Err(e) => spool_error = Some(e),
            }
        },
    );
    if let Some(e) = spool_error {
        return Err(Failure::from(e));
    }
    let total = profiles.len();
    let grouping = crate::input::spinner(&format!("grouping {total} articles into stories"));
    // The grouping `herald cluster` and the store use: articles placed in date order.
    let tracker = TrackerConfig {
        profile: config.stories.clone(),
        ..TrackerConfig::default()
    };
    let (kept, apart) = split_by_size(group_pool(&profiles, &dates, &tracker), args.min_articles);
    drop(profiles);
    grouping.finish_and_clear();
    eprintln!(
        "herald: {}, {} of {} or more",
        super::count(total as u64, "article"),
        super::count(kept.len() as u64, "story"),
        args.min_articles.max(1)
    );
    const SHOWN: usize = 10;
    if !failed.is_empty() {
        let shown: Vec<String> = failed
            .iter()
            .take(SHOWN)
            .map(|(id, why)| format!("{} ({why})", printable(id)))
            .collect();
        eprintln!(
            "herald: {}, each kept out of every story: {}{}",
            match failed.len() {
                1 => "1 page that is not an article".to_owned(),
                n => format!("{n} pages that are not articles"),
            },
            shown.join(", "),
            if failed.len() > SHOWN { ", ..." } else { "" }
        );
    }
    if !apart.is_empty() {
        let shown = spool.read(&apart[..apart.len().min(SHOWN)])?;
        let ids: Vec<_> = shown.iter().map(|a| printable(&a.id)).collect();
        eprintln!(
            "herald: {} in smaller stories, not summarized (--min-articles 1 includes them): {}{}",
            super::count(apart.len() as u64, "article"),
            ids.join(", "),
            if apart.len() > SHOWN { ", ..." } else { "" }
        );
    }
    Ok(Stories {
        spool,
        kept,
        errors: counts.errors,
    })
}

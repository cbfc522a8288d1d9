//! `herald summarize`: one summary per cluster.

use crate::input::for_each_cluster;
use crate::Failure;
use herald::clean::boilerplate::BoilerplateCounter;
use herald::render::{render, render_one, Format};
use herald::summarize::Algorithm;
use herald::{Budget, Config, Pipeline};
use std::io::{BufWriter, Write};

/// Arguments of `herald summarize`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Inputs: a folder is one cluster (every .txt/.json/.html file in it is an article; a .txt \
file's first line is its title); a .jsonl file holds one cluster per line; a .warc(.gz) archive or an \
.rss/.atom/.xml feed is one cluster; - reads JSONL from standard input. With --stories, all of them \
are pooled and grouped into stories first.\n\n\
Examples:\n  herald summarize examples/g20-syria --words 150 --format markdown\n  \
herald summarize --stories articles/ news.rss --words 100"
)]
pub struct Args {
    /// Folders, .jsonl files, feeds, WARC archives, article files, or - for JSONL on standard
    /// input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Summary length in words [default: 100].
    #[arg(long, group = "budget", value_name = "N")]
    pub words: Option<usize>,
    /// Summary length in sentences.
    #[arg(long, group = "budget", value_name = "N")]
    pub sentences: Option<usize>,
    /// Summary length in bytes (DUC used 665).
    #[arg(long, group = "budget", value_name = "N")]
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
    /// Fill a word or byte budget exactly by cutting the last sentence at the limit (for
    /// benchmark comparison; summaries are whole sentences otherwise).
    #[arg(long)]
    pub truncate: bool,
    /// Keep out of every summary the sentences that occur word for word in at least N clusters
    /// of the input (site and archive boilerplate); 0 turns this off. Needs a second read of
    /// the input, so it is skipped for standard input.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub boilerplate_clusters: u32,
    /// Pool every article of every input, group them into stories (as `herald cluster`
    /// does) and write one summary per story, named story-1, story-2, ... The input's own
    /// grouping is ignored. All texts are held in memory.
    #[arg(long)]
    pub stories: bool,
    /// With --stories: summarize only stories of at least N articles; the articles of smaller
    /// stories are listed on standard error.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "stories")]
    pub min_articles: usize,
    /// Print the resolved configuration as JSON and exit.
    #[arg(long)]
    pub print_config: bool,
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
    config.truncate |= args.truncate;
    if args.config.is_none() || args.algorithm != "concept" {
        config.algorithm = Algorithm::from_name(&args.algorithm)
            .ok_or_else(|| Failure::input(format!("unknown algorithm {:?}", args.algorithm)))?;
    }
    Ok(config)
}

/// Runs the subcommand; returns the exit code.
pub fn run(args: &Args) -> Result<u8, Failure> {
    let config = resolve(args)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.print_config {
        crate::input::write_json(&mut out, &config)?;
        return Ok(0);
    }
    let stories = args.stories.then(|| stories(args, &config));
    let mut pipeline = Pipeline::new(config);
    if args.boilerplate_clusters > 0 {
        let mut counter = BoilerplateCounter::default();
        match &stories {
            Some((clusters, _)) => clusters
                .iter()
                .for_each(|c| counter.add(c, pipeline.cleaner())),
            // A first pass over the input (standard input cannot be read twice); its errors
            // are reported by the second.
            None if !args.paths.iter().any(|p| p == "-") => {
                for_each_cluster(&args.paths, |c| {
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
        || args.paths.iter().any(|p| p == "-" || p.ends_with(".jsonl"));
    let mut each = |cluster: Result<herald::model::Cluster, herald::Error>| {
        if io_error.is_some() {
            return;
        }
        match cluster {
            Ok(cluster) => {
                let summary = if args.stories {
                    pipeline.summarize_story(&cluster)
                } else {
                    pipeline.summarize(&cluster)
                };
                // An empty summary is written like any other, but never without a word why.
                if summary.sentences.is_empty() {
                    let why = if cluster.articles.is_empty() && cluster.skipped.is_empty() {
                        "no articles found (a folder holds .txt, .json and .html files)".to_owned()
                    } else if cluster.articles.is_empty() {
                        format!("all {} article(s) skipped", cluster.skipped.len())
                    } else {
                        format!(
                            "no sentence of its {} article(s) could be used (page furniture, \
                             boilerplate, fragments, or an article about another event)",
                            cluster.articles.len()
                        )
                    };
                    eprintln!("herald: warning: {}: empty summary: {why}", summary.id);
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
                eprintln!("herald: error: {e}");
            }
        }
    };
    let mut input_errors = 0;
    match stories {
        Some((clusters, e)) => {
            input_errors = e;
            clusters.into_iter().for_each(|c| each(Ok(c)));
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
    out.flush()?;
    if errors > 0 {
        eprintln!("herald: {errors} input error(s); {count} cluster(s) summarized");
        return Ok(1);
    }
    Ok(0)
}

/// `--stories`: reads every input, reports what could not be used, and groups the articles into
/// story clusters. Returns the clusters and the number of input errors.
fn stories(args: &Args, config: &Config) -> (Vec<herald::model::Cluster>, usize) {
    let mut articles = Vec::new();
    let mut errors = 0usize;
    for_each_cluster(&args.paths, |c| match c {
        Ok(c) => {
            for s in &c.skipped {
                eprintln!("herald: skipped {}: {}", s.document, s.reason);
            }
            articles.extend(c.articles);
        }
        Err(e) => {
            errors += 1;
            eprintln!("herald: error: {e}");
        }
    });
    let total = articles.len();
    let cleaner = herald::clean::Cleaner::new(config.clean.clone());
    let grouping = crate::input::spinner(&format!("grouping {total} articles into stories"));
    let (clusters, apart) = herald::cluster::stories::into_stories(
        articles,
        &config.stories,
        &cleaner,
        args.min_articles,
    );
    grouping.finish_and_clear();
    eprintln!(
        "herald: {total} articles, {} stories of {} or more",
        clusters.len(),
        args.min_articles.max(1)
    );
    if !apart.is_empty() {
        const SHOWN: usize = 10;
        let ids: Vec<&str> = apart.iter().take(SHOWN).map(|a| a.id.as_str()).collect();
        eprintln!(
            "herald: {} article(s) in smaller stories, not summarized (--min-articles 1 includes them): {}{}",
            apart.len(),
            ids.join(", "),
            if apart.len() > SHOWN { ", ..." } else { "" }
        );
    }
    (clusters, errors)
}

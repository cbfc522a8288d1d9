//! One module per subcommand, each with its clap `Args` and a `run()`.

pub mod bench;
pub mod cluster;
pub mod completions;
pub mod dedup;
pub mod eval;
pub mod feeds;
pub mod ingest;
pub mod man;
pub mod serve;
pub mod stories;
pub mod story;
pub mod summarize;
pub mod watch;

/// `n` and `noun`, plural unless `n` is 1 ("1 story", "2 stories", "3 articles", "1 input
/// error"): every tally herald prints for people goes through here. A noun ending in a
/// consonant and `y` becomes `-ies`; other nouns take `-s`.
pub(crate) fn count(n: u64, noun: &str) -> String {
    let ies = noun
        .strip_suffix('y')
        .filter(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']));
    match (n, ies) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_say_one_thing_or_many() {
        assert_eq!(count(1, "story"), "1 story");
        assert_eq!(count(0, "story"), "0 stories");
        assert_eq!(count(6, "story"), "6 stories");
        assert_eq!(count(1, "article"), "1 article");
        assert_eq!(count(19, "article"), "19 articles");
        assert_eq!(count(2, "summary"), "2 summaries");
        assert_eq!(count(2, "input error"), "2 input errors");
        assert_eq!(count(3, "day"), "3 days");
    }
}

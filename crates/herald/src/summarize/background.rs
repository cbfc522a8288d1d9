//! Background document frequencies of concepts, learned from Multi-News' training clusters.
//!
//! A concept that only one article uses is usually that article's own detail, but not always:
//! in 3 million stem pairs of 10,000 training clusters, a pair of one article that is common
//! in news at large ("according to", "year old") is in the reference summary about three
//! times as often as one never seen elsewhere (21% against 7%), while for pairs shared by two
//! or more articles the share is flat (41-43%) whatever their frequency. A logistic
//! regression on the pairs of one article gives the idf coefficient `c` (negative); a rare
//! concept's weight is multiplied by `(df + 1)^(-c × scale)`.
//!
//! The table (`data/pair_df.txt`, made by `scripts/learn/pair_idf.py` from
//! `crates/herald/examples/pair_counts.rs`) lists the pairs used by at least `min_df` of the
//! training articles; it is compiled in, so nothing is read at run time.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The shipped table.
const TABLE: &str = include_str!("../../data/pair_df.txt");

/// Document frequencies of stem pairs, and the learned coefficient.
#[derive(Debug)]
pub struct Background {
    /// Stem -> its index in the table's stems.
    stems: HashMap<&'static str, u32>,
    /// (first stem, second stem) -> the number of training articles using the pair.
    df: HashMap<(u32, u32), u32>,
    /// The logistic regression's idf coefficient for concepts of one article.
    coefficient: f64,
}

impl Background {
    /// The table compiled into herald, parsed once.
    pub fn shipped() -> &'static Background {
        static SHIPPED: OnceLock<Background> = OnceLock::new();
        SHIPPED.get_or_init(|| Background::parse(TABLE).expect("data/pair_df.txt is well formed"))
    }

    /// Parses a table: `# idf_coefficient C` among the `#` header lines, then one
    /// `stem stem<TAB>df` line per pair. Errors name the line.
    pub fn parse(text: &'static str) -> Result<Background, String> {
        let mut stems: HashMap<&'static str, u32> = HashMap::new();
        let mut df = HashMap::new();
        let mut coefficient = None;
        for (n, line) in text.lines().enumerate() {
            if let Some(header) = line.strip_prefix('#') {
                if let Some(c) = header.trim().strip_prefix("idf_coefficient ") {
                    let c: f64 = c
                        .trim()
                        .parse()
                        .map_err(|_| format!("line {}: bad idf_coefficient {c:?}", n + 1))?;
                    coefficient = Some(c);
                }
                continue;
            }
            let bad = || format!("line {}: expected `stem stem<TAB>df`: {line:?}", n + 1);
            let (pair, count) = line.split_once('\t').ok_or_else(bad)?;
            let (a, b) = pair.split_once(' ').ok_or_else(bad)?;
            let count: u32 = count.parse().map_err(|_| bad())?;
            let mut id = |s: &'static str| {
                let next = stems.len() as u32;
                *stems.entry(s).or_insert(next)
            };
            let key = (id(a), id(b));
            df.insert(key, count);
        }
        Ok(Background {
            stems,
            df,
            coefficient: coefficient.ok_or("no `# idf_coefficient` line")?,
        })
    }

    /// The table's index of `stem`, if any of its pairs uses it.
    pub fn stem(&self, stem: &str) -> Option<u32> {
        self.stems.get(stem).copied()
    }

    /// How many training articles use the pair of stems with indices `a`, `b` (0 when it is
    /// not in the table).
    pub fn df(&self, a: Option<u32>, b: Option<u32>) -> u32 {
        match (a, b) {
            (Some(a), Some(b)) => self.df.get(&(a, b)).copied().unwrap_or(0),
            _ => 0,
        }
    }

    /// The weight factor of a concept of one article with background frequency `df`, at
    /// `scale` times the learned coefficient: 1 for a pair unknown to the table, more for a
    /// common one.
    pub fn factor(&self, df: u32, scale: f64) -> f64 {
        (f64::from(df) + 1.0).powf(-self.coefficient * scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_loads_and_knows_common_pairs() {
        let b = Background::shipped();
        assert!(
            b.coefficient < 0.0,
            "common pairs are likelier in summaries"
        );
        let df = b.df(b.stem("accord"), b.stem("to"));
        assert!(df > 1000, "'according to' is common: {df}");
        assert_eq!(b.df(b.stem("accord"), b.stem("zzzz")), 0);
        assert_eq!(b.df(None, b.stem("to")), 0);
        assert!(b.factor(df, 1.0) > 2.0);
        assert_eq!(b.factor(0, 1.0), 1.0);
        assert_eq!(b.factor(df, 0.0), 1.0);
    }

    #[test]
    fn parse_reads_header_and_rows_and_names_bad_lines() {
        let b = Background::parse("# idf_coefficient -0.5\n# other\nsecur council\t99\n").unwrap();
        assert_eq!(b.df(b.stem("secur"), b.stem("council")), 99);
        assert_eq!(b.df(b.stem("council"), b.stem("secur")), 0);
        assert!((b.factor(99, 1.0) - 10.0).abs() < 1e-9);
        let e = Background::parse("# idf_coefficient -0.5\nno tab here\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = Background::parse("a b\t3\n").unwrap_err();
        assert!(e.contains("idf_coefficient"), "{e}");
    }
}

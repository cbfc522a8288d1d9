//! Background document frequencies: how common each profile term is in news at large, so that
//! a word's weight is sensible from the first article a stream sees.
//!
//! A tracker learns document frequencies from the articles it has placed. Early in a stream,
//! or in a small pool, those counts are few and noisy: a reporting verb that three of the first
//! ten articles used looks as rare as a name. The table here was counted once over the profiles
//! ([`StoryGrouper::profile`](super::stories::StoryGrouper::profile), default settings) of
//! Multi-News training articles, and the tracker weighs a term by the stream's counts plus these
//! (see [`TrackerConfig::background`](super::tracker::TrackerConfig::background)). Only terms
//! used by at least ten of those articles are listed: a rarer term is weighed as a term the
//! background never saw, which is what its count would say anyway.
//!
//! The file is made by `crates/herald/examples/background_df.rs` (its header says how); its
//! format is `HDF1`, then little-endian u32s: the number of articles counted, the number of
//! terms, and (term, document frequency) pairs sorted by term.

use std::sync::OnceLock;

/// The shipped table's bytes.
const TABLE: &[u8] = include_bytes!("background_df.bin");

/// A table of background document frequencies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Background {
    /// How many articles were counted.
    pub articles: u32,
    /// (term, document frequency), sorted by term.
    pub df: Vec<(u32, u32)>,
}

impl Background {
    /// The table shipped with herald, read once.
    pub fn shipped() -> &'static Background {
        static SHIPPED: OnceLock<Background> = OnceLock::new();
        SHIPPED.get_or_init(|| Background::from_bytes(TABLE).unwrap_or_default())
    }

    /// The document frequency of `term` (0 when it is not listed).
    pub fn df(&self, term: u32) -> u32 {
        self.df
            .binary_search_by_key(&term, |p| p.0)
            .map_or(0, |i| self.df[i].1)
    }

    /// The table as bytes, in the format of the module documentation.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + 8 * self.df.len());
        out.extend_from_slice(b"HDF1");
        out.extend_from_slice(&self.articles.to_le_bytes());
        out.extend_from_slice(&(self.df.len() as u32).to_le_bytes());
        for &(t, n) in &self.df {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&n.to_le_bytes());
        }
        out
    }

    /// Reads what [`Background::to_bytes`] wrote; `None` if the bytes are not such a table
    /// (wrong header or length, terms out of order).
    pub fn from_bytes(bytes: &[u8]) -> Option<Background> {
        let rest = bytes.strip_prefix(b"HDF1")?;
        let word = |k: usize| -> Option<u32> {
            Some(u32::from_le_bytes(
                rest.get(4 * k..4 * k + 4)?.try_into().ok()?,
            ))
        };
        let articles = word(0)?;
        let n = word(1)? as usize;
        if rest.len() != 8 + 8 * n {
            return None;
        }
        let df = (0..n)
            .map(|k| Some((word(2 + 2 * k)?, word(3 + 2 * k)?)))
            .collect::<Option<Vec<_>>>()?;
        if df.windows(2).any(|w| w[0].0 >= w[1].0) {
            return None;
        }
        Some(Background { articles, df })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_bad_tables_are_refused() {
        let b = Background {
            articles: 7,
            df: vec![(3, 2), (9, 5)],
        };
        let bytes = b.to_bytes();
        assert_eq!(Background::from_bytes(&bytes), Some(b.clone()));
        assert_eq!(b.df(9), 5);
        assert_eq!(b.df(4), 0);
        assert_eq!(Background::from_bytes(&bytes[..bytes.len() - 1]), None);
        let mut unsorted = b.clone();
        unsorted.df.reverse();
        assert_eq!(Background::from_bytes(&unsorted.to_bytes()), None);
        assert_eq!(Background::from_bytes(b"HDF2"), None);
    }

    #[test]
    fn the_shipped_table_is_read_and_knows_common_words() {
        let b = Background::shipped();
        assert!(b.articles > 10_000, "{}", b.articles);
        assert!(b.df.len() > 10_000, "{}", b.df.len());
        // A word of nearly every news story against a rare one: the profile of an article
        // holds the stems as they hash.
        let profile = |text: &str| {
            let a = crate::model::Article {
                id: "x".into(),
                text: text.into(),
                ..crate::model::Article::default()
            };
            crate::cluster::stories::StoryGrouper::default()
                .profile(&a, &crate::clean::Cleaner::default())
        };
        let common = profile("The government announced it on Tuesday.");
        let most = common.iter().map(|&(t, _)| b.df(t)).max().unwrap_or(0);
        assert!(most > 1_000, "{common:?} {most}");
        let rare = profile("Zxqvbnm flurbled.");
        assert!(rare.iter().all(|&(t, _)| b.df(t) == 0), "{rare:?}");
    }
}

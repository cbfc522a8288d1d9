//! Page templates learned from data: sentences that crawled news pages repeat word for word
//! across unrelated stories, because they are the page's and not a story's (a video player's
//! "rating is available when the video has been rented", a comment box's "this will appear
//! next to all of your comments", a web archive's description of one of its crawls, a
//! regional paywall's "this zipcode is not in our deliverable area").
//!
//! [`super::failed_scrape`] names a few page kinds by phrases written by hand. Pages of that
//! sort are many, and a crawl meets the same few hundred again and again, so the rest are
//! learned: the shipped table lists every sentence (normalised by [`template_key`]) that the
//! cleaned text of Multi-News training articles in at least five different clusters holds.
//! Five clusters are five unrelated stories: a wire story reused by several articles of one
//! story stays in one cluster, and one reused across five stories is boilerplate in any case.
//! A sentence in the table counts as a page sentence, as a named page kind does.
//!
//! The file is made by `crates/herald/examples/page_templates.rs` (its header says how); its
//! format is `HPT1`, a little-endian u32 count, then that many little-endian u64 keys, sorted.

use std::sync::OnceLock;

/// The shipped table's bytes.
const TABLE: &[u8] = include_bytes!("page_templates.bin");

/// Sentences of fewer words than this are not keyed: "Loading...", "Advertisement" or "Read
/// more" recur everywhere, and web furniture rules already know them.
pub const MIN_TEMPLATE_WORDS: usize = 5;

/// The key of a sentence: a 64-bit FNV-1a hash of its letters and digits, lowercased, one
/// space between words (so `( rank` and `(rank`, capitals and lowercased copies, and quote
/// styles all give the same key); `None` below [`MIN_TEMPLATE_WORDS`] words.
pub fn template_key(sentence: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut words = 0usize;
    for word in sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if words > 0 {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(PRIME);
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
            }
        }
        words += 1;
    }
    (words >= MIN_TEMPLATE_WORDS).then_some(hash)
}

/// A table of page-template sentence keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    /// Sorted, distinct keys.
    pub keys: Vec<u64>,
}

impl Templates {
    /// The table shipped with herald, read once.
    pub fn shipped() -> &'static Templates {
        static SHIPPED: OnceLock<Templates> = OnceLock::new();
        SHIPPED.get_or_init(|| Templates::from_bytes(TABLE).unwrap_or_default())
    }

    /// Whether `sentence` is a known page template.
    pub fn contains(&self, sentence: &str) -> bool {
        template_key(sentence).is_some_and(|k| self.keys.binary_search(&k).is_ok())
    }

    /// The table as bytes, in the format of the module documentation.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 8 * self.keys.len());
        out.extend_from_slice(b"HPT1");
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out
    }

    /// Reads what [`Templates::to_bytes`] wrote; `None` if the bytes are not such a table
    /// (wrong header or length, keys out of order).
    pub fn from_bytes(bytes: &[u8]) -> Option<Templates> {
        let rest = bytes.strip_prefix(b"HPT1")?;
        let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let body = rest.get(4..)?;
        if body.len() != 8 * n {
            return None;
        }
        let keys: Vec<u64> = body
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        Some(Templates { keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_spacing_and_punctuation_but_not_words() {
        let a = template_key("Rating is available when the video has been rented.");
        assert!(a.is_some());
        assert_eq!(
            a,
            template_key("rating is available when the video has been rented")
        );
        assert_eq!(
            a,
            template_key("Rating  is available ( when the video has been rented )")
        );
        assert_ne!(
            a,
            template_key("Rating is available when the video has been bought.")
        );
        assert_eq!(template_key("Read more here."), None);
    }

    #[test]
    fn a_table_reads_back_and_refuses_what_is_not_one() {
        let t = Templates {
            keys: vec![3, 9, 40],
        };
        assert_eq!(Templates::from_bytes(&t.to_bytes()), Some(t.clone()));
        let mut bytes = t.to_bytes();
        bytes.pop();
        assert_eq!(Templates::from_bytes(&bytes), None);
        let unsorted = Templates { keys: vec![9, 3] };
        assert_eq!(Templates::from_bytes(&unsorted.to_bytes()), None);
        assert_eq!(Templates::from_bytes(b"HDF1\0\0\0\0"), None);
    }

    #[test]
    fn the_shipped_table_knows_the_templates_a_crawl_meets_most() {
        let t = Templates::shipped();
        assert!(t.keys.len() > 100, "{} keys", t.keys.len());
        assert!(t.contains(
            "This will appear next to all of your comments this will not appear anywhere on newser"
        ));
        assert!(t.contains("Rating is available when the video has been rented."));
        assert!(!t.contains("President Barack Obama and his Russian counterpart, Vladimir Putin, held constructive talks on Friday."));
    }
}

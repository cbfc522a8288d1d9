//! Surface tokens to term ids: lowercasing, stop-word removal and stemming,
//! done once per distinct surface form.

use crate::config::Stem;
use crate::stem::{is_stop_word, stem_into};
use crate::text::{Token, FOLD};

/// Id of a peer term that no reference contains; it can never match.
pub(crate) const UNSEEN: u32 = u32::MAX - 1;
/// Surface entry of a stop word removed by `-s`.
const STOP: u32 = u32::MAX;

/// Maps surface tokens to term ids.
#[derive(Clone, Debug)]
pub(crate) struct Lexicon {
    pub(crate) stem: Stem,
    pub(crate) remove_stopwords: bool,
    /// Lowercased surface form to term id, or [`STOP`] for a stop word.
    surfaces: WordTable,
    /// Counted form (the stem, with stemming) to term id.
    terms: WordTable,
    /// The lowercased token being added.
    scratch: Vec<u8>,
    /// Its term.
    term: Vec<u8>,
}

impl Lexicon {
    pub(crate) fn new(stem: Stem, remove_stopwords: bool) -> Self {
        Lexicon {
            stem,
            remove_stopwords,
            surfaces: WordTable::default(),
            terms: WordTable::default(),
            scratch: Vec::new(),
            term: Vec::new(),
        }
    }

    /// Number of distinct terms; every id is below it, except [`UNSEEN`].
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The term id of a token, adding the token and its term if they are
    /// new; `None` for a removed stop word.
    #[inline]
    pub(crate) fn intern(&mut self, token: Token) -> Option<u32> {
        let key = Key::of_token(token);
        let token = token.bytes;
        let bucket = self.surfaces.find(token, key, true);
        let id = match self.surfaces.value_at(bucket) {
            Some(id) => id,
            None => self.add_surface(token, key, bucket),
        };
        (id != STOP).then_some(id)
    }

    #[cold]
    fn add_surface(&mut self, token: &[u8], key: Key, bucket: usize) -> u32 {
        lowercase_into(token, &mut self.scratch);
        let id = match term(
            &self.scratch,
            self.stem,
            self.remove_stopwords,
            &mut self.term,
        ) {
            None => STOP,
            Some(t) => {
                let next = self.terms.len() as u32;
                let key = Key::of(t, false);
                let bucket = self.terms.find(t, key, false);
                match self.terms.value_at(bucket) {
                    Some(id) => id,
                    None => {
                        self.terms.insert_at(bucket, t, key, next);
                        next
                    }
                }
            }
        };
        self.surfaces.insert_at(bucket, &self.scratch, key, id);
        id
    }

    /// The term id of a token, [`UNSEEN`] if its term is not in the lexicon.
    pub(crate) fn lookup(&self, token: Token, scratch: &mut Vec<u8>) -> Option<u32> {
        let key = Key::of_token(token);
        let token = token.bytes;
        let id = match self.surfaces.value_at(self.surfaces.find(token, key, true)) {
            Some(id) => id,
            None => {
                lowercase_into(token, scratch);
                let mut stem = Vec::new();
                match term(scratch, self.stem, self.remove_stopwords, &mut stem) {
                    None => STOP,
                    Some(t) => {
                        let key = Key::of(t, false);
                        self.terms
                            .value_at(self.terms.find(t, key, false))
                            .unwrap_or(UNSEEN)
                    }
                }
            }
        };
        (id != STOP).then_some(id)
    }
}

/// The counted form of a lowercased token, or `None` for a removed stop
/// word. Stop words are matched before stemming, as in the script. `buffer`
/// holds the stem.
fn term<'a>(token: &'a [u8], stem: Stem, stop: bool, buffer: &'a mut Vec<u8>) -> Option<&'a [u8]> {
    if stop && is_stop_word(token) {
        return None;
    }
    Some(match stem {
        Stem::Off => token,
        Stem::Porter | Stem::WordNet => {
            stem_into(token, stem == Stem::WordNet, buffer);
            buffer
        }
    })
}

fn lowercase_into(token: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(token.iter().map(|&b| b | FOLD as u8));
}

/// What a word is compared and hashed by: its first eight bytes as a
/// little-endian word (zero padded), and a hash of all of it.
#[derive(Clone, Copy, Debug)]
struct Key {
    head: u64,
    hash: u32,
}

impl Key {
    /// The key of a token, lowercased.
    #[inline]
    fn of_token(token: Token) -> Key {
        Key::with_head(token.bytes, token.head, true)
    }

    /// The key of a word as it is.
    fn of(word: &[u8], fold: bool) -> Key {
        debug_assert!(!fold);
        Key::with_head(word, word_at(&word[..word.len().min(8)], 0), false)
    }

    #[inline]
    fn with_head(word: &[u8], head: u64, fold: bool) -> Key {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let fold = if fold { FOLD as u8 } else { 0 };
        let mut h = (head ^ word.len() as u64).wrapping_mul(K);
        if word.len() > 8 {
            for chunk in word[8..].chunks(8) {
                h = (h.rotate_left(29) ^ word_at(chunk, fold)).wrapping_mul(K);
            }
        }
        Key {
            head,
            hash: (h >> 32) as u32,
        }
    }
}

/// Bytes as a little-endian word, each or-ed with `fold`.
fn word_at(chunk: &[u8], fold: u8) -> u64 {
    let mut x = 0u64;
    for (i, &b) in chunk.iter().enumerate() {
        x |= u64::from(b | fold) << (8 * i);
    }
    x
}

/// An insert-only map from short byte strings to `u32`, with the strings
/// stored back to back: one allocation for all words, no per-word boxes.
#[derive(Clone, Debug, Default)]
struct WordTable {
    /// Entry index + 1 per bucket, 0 for a free bucket; a power of two long.
    buckets: Vec<u32>,
    entries: Vec<Entry>,
    /// Bytes of the words longer than eight bytes, past the eighth.
    tails: Vec<u8>,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    head: u64,
    hash: u32,
    len: u32,
    tail: u32,
    value: u32,
}

impl WordTable {
    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The bucket holding `word`, or the free bucket where it would go.
    #[inline]
    fn find(&self, word: &[u8], key: Key, fold: bool) -> usize {
        if self.buckets.is_empty() {
            return usize::MAX;
        }
        let mask = self.buckets.len() - 1;
        let mut i = key.hash as usize & mask;
        loop {
            match self.buckets[i] {
                0 => return i,
                e => {
                    let entry = &self.entries[e as usize - 1];
                    if entry.head == key.head
                        && entry.len as usize == word.len()
                        && (word.len() <= 8 || self.tail_matches(entry, &word[8..], fold))
                    {
                        return i;
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn tail_matches(&self, entry: &Entry, rest: &[u8], fold: bool) -> bool {
        let fold = if fold { FOLD as u8 } else { 0 };
        let stored = &self.tails[entry.tail as usize..][..rest.len()];
        stored.iter().zip(rest).all(|(&s, &b)| s == b | fold)
    }

    /// The value in a bucket that [`WordTable::find`] returned.
    #[inline]
    fn value_at(&self, bucket: usize) -> Option<u32> {
        match self.buckets.get(bucket) {
            None | Some(0) => None,
            Some(&e) => Some(self.entries[e as usize - 1].value),
        }
    }

    /// Stores `word` (already lowercased if need be) in the free `bucket`
    /// that [`WordTable::find`] returned for it.
    fn insert_at(&mut self, bucket: usize, word: &[u8], key: Key, value: u32) {
        self.entries.push(Entry {
            head: key.head,
            hash: key.hash,
            len: word.len() as u32,
            tail: self.tails.len() as u32,
            value,
        });
        if word.len() > 8 {
            self.tails.extend_from_slice(&word[8..]);
        }
        if 2 * self.entries.len() > self.buckets.len() {
            self.rehash(self.buckets.len() * 2);
        } else {
            self.buckets[bucket] = self.entries.len() as u32;
        }
    }

    fn rehash(&mut self, size: usize) {
        // Room for the few thousand words of a typical evaluation at once.
        let size = size.max(1 << 13);
        let mask = size - 1;
        self.buckets.clear();
        self.buckets.resize(size, 0);
        for (n, entry) in self.entries.iter().enumerate() {
            let mut i = entry.hash as usize & mask;
            while self.buckets[i] != 0 {
                i = (i + 1) & mask;
            }
            self.buckets[i] = n as u32 + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_fold_case_and_share_terms() {
        let mut lex = Lexicon::new(Stem::Porter, true);
        let runs = lex.intern(Token::new(b"Runs")).expect("not a stop word");
        assert_eq!(lex.intern(Token::new(b"RUNS")), Some(runs));
        assert_eq!(lex.intern(Token::new(b"running")), Some(runs));
        assert_eq!(lex.intern(Token::new(b"The")), None);
        let long = lex
            .intern(Token::new(b"Internationalization"))
            .expect("a word");
        assert_ne!(long, runs);
        assert_eq!(lex.intern(Token::new(b"internationalizatioN")), Some(long));
        assert_eq!(lex.intern(Token::new(b"internationalizations")), Some(long));
        let mut scratch = Vec::new();
        assert_eq!(lex.lookup(Token::new(b"RUN"), &mut scratch), Some(runs));
        assert_eq!(lex.lookup(Token::new(b"walks"), &mut scratch), Some(UNSEEN));
        assert_eq!(lex.lookup(Token::new(b"THE"), &mut scratch), None);
        assert_eq!(lex.len(), 2);
    }

    #[test]
    fn many_words_stay_distinct() {
        let mut lex = Lexicon::new(Stem::Off, false);
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x{}", i * 7919)).collect();
        let ids: Vec<u32> = words
            .iter()
            .map(|w| lex.intern(Token::new(w.as_bytes())).expect("a word"))
            .collect();
        for (w, &id) in words.iter().zip(&ids) {
            let upper = w.to_uppercase();
            assert_eq!(lex.intern(Token::new(upper.as_bytes())), Some(id));
        }
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), words.len());
    }
}

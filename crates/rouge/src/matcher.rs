//! Hits of one peer against its references, for every metric at once.
//!
//! Nothing here builds per-reference count tables. The peer's distinct terms
//! get small dense *slots*; its n-grams get slots too, an n-gram being keyed
//! by the slot of its (n-1)-gram prefix and the slot of its last term, so every
//! key is a `u64` whatever the vocabulary size. Each reference is then
//! streamed once: an n-gram whose prefix does not occur in the peer cannot
//! occur in it either, so most references' n-grams are rejected without a
//! lookup. Clipped hits `sum over n-grams of min(reference count, peer count)`
//! are counted on the fly: an occurrence is a hit while the running reference
//! count has not passed the peer count.
//!
//! ROUGE-L uses the bit-parallel LCS recurrence of Hyyrö (2004) over the peer
//! sentence, one machine word per 64 peer tokens, and keeps the row vectors so
//! that the script's traceback (which decides *which* tokens are marked) can
//! read any table cell as a population count.

use crate::SkipBigrams;

/// No slot: a term that the peer does not contain, or an n-gram containing one.
pub(crate) const NONE: u32 = u32::MAX;

/// A tokenized summary as term ids.
#[derive(Clone, Debug, Default)]
pub(crate) struct Doc {
    /// The token stream of ROUGE-N, ROUGE-S and the unigram bookkeeping of ROUGE-L.
    pub(crate) flat: Vec<u32>,
    /// The tokens of every sentence unit, concatenated (ROUGE-L).
    pub(crate) sent: Vec<u32>,
    /// End of each sentence unit in `sent`.
    pub(crate) sent_ends: Vec<u32>,
}

impl Doc {
    pub(crate) fn clear(&mut self) {
        self.flat.clear();
        self.sent.clear();
        self.sent_ends.clear();
    }

    /// Sentence units as `(start, end)` ranges of `sent`.
    fn sentence_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut start = 0;
        self.sent_ends.iter().map(move |&end| {
            let range = (start, end as usize);
            start = end as usize;
            range
        })
    }
}

/// Hits and sizes of one metric against one reference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) hits: u64,
    pub(crate) reference_total: u64,
    pub(crate) peer_total: u64,
}

/// Which metrics to count, in [`crate::Rouge::metrics`] order: ROUGE-1 to
/// ROUGE-`max_n`, then ROUGE-L, then skip bigrams.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    pub(crate) max_n: usize,
    pub(crate) lcs: bool,
    pub(crate) skip: Option<SkipBigrams>,
}

impl Plan {
    pub(crate) fn metric_count(&self) -> usize {
        self.max_n + usize::from(self.lcs) + usize::from(self.skip.is_some())
    }
}

/// Open-addressing map from `u64` keys to dense slots `0..len`, sized for a
/// known number of insertions so that it is never more than half full.
#[derive(Clone, Debug, Default)]
struct SlotTable {
    keys: Vec<u64>,
    slots: Vec<u32>,
    shift: u32,
    len: u32,
}

/// Marks a free entry; keys never contain [`NONE`] halves, so never this.
const EMPTY: u64 = u64::MAX;

fn key(prefix: u32, last: u32) -> u64 {
    (u64::from(prefix) << 32) | u64::from(last)
}

impl SlotTable {
    fn reset(&mut self, inserts: usize) {
        let capacity = (inserts * 2).next_power_of_two().max(16);
        self.keys.clear();
        self.keys.resize(capacity, EMPTY);
        if self.slots.len() < capacity {
            self.slots.resize(capacity, 0);
        }
        self.shift = 64 - capacity.trailing_zeros();
        self.len = 0;
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The slot of `key`, giving it the next one if it is new.
    #[inline]
    fn insert(&mut self, key: u64) -> u32 {
        let i = self.probe(key);
        if self.keys[i] == EMPTY {
            self.keys[i] = key;
            self.slots[i] = self.len;
            self.len += 1;
        }
        self.slots[i]
    }

    /// The slot of `key`, or [`NONE`].
    #[inline]
    fn get(&self, key: u64) -> u32 {
        let i = self.probe(key);
        if self.keys[i] == EMPTY {
            NONE
        } else {
            self.slots[i]
        }
    }

    /// The cell holding `key`, or the empty cell where it would go (linear probing).
    #[inline]
    fn probe(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        let mut i = self.home(key);
        while self.keys[i] != key && self.keys[i] != EMPTY {
            i = (i + 1) & mask;
        }
        i
    }
}

/// One occurrence of an n-gram in a reference: a hit while the reference has
/// not used up the peer's occurrences.
#[inline]
fn bump(reference: &mut [u32], peer: &[u32], slot: u32, hits: &mut u64) {
    if slot != NONE {
        let s = slot as usize;
        reference[s] += 1;
        if reference[s] <= peer[s] {
            *hits += 1;
        }
    }
}

/// Pairs `(i, j)` of the skip-bigram family for `len` tokens: every start
/// before the last token, with ends up to `max_gap + 1` tokens further but
/// not past the last token. The script never visits the last token as a
/// start, so with `-u` it contributes no unigram.
fn skip_pair_end(i: usize, last: usize, skip: SkipBigrams) -> usize {
    skip.max_gap.map_or(last, |g| last.min(i + g + 1))
}

/// Number of skip-bigram units (pairs, plus unigrams with `-u`) of `len` tokens.
pub(crate) fn skip_total(len: usize, skip: SkipBigrams) -> u64 {
    let last = len.saturating_sub(1);
    (0..last)
        .map(|i| (skip_pair_end(i, last, skip) - i + usize::from(skip.unigrams)) as u64)
        .sum()
}

/// Slots of pairs `(a, b)` of peer slots: a dense grid for the usual peer
/// sizes, a hash table beyond.
#[derive(Clone, Debug, Default)]
struct PairTable {
    width: usize,
    dense: bool,
    /// `grid[a * width + b]`: the slot of pair `(a, b)`, or [`NONE`].
    grid: Vec<u32>,
    /// Grid cells in use, to clear them for the next peer.
    used: Vec<u32>,
    hash: SlotTable,
    len: u32,
}

/// Peers with more distinct terms than this use the hash table (the grid
/// would take `4 * slots^2` bytes).
const MAX_GRID_SLOTS: usize = 1024;

impl PairTable {
    /// Empties the table for peers with `slots` distinct terms and at most
    /// `inserts` pairs.
    fn reset(&mut self, slots: usize, inserts: usize) {
        for &c in &self.used {
            self.grid[c as usize] = NONE;
        }
        self.used.clear();
        self.len = 0;
        self.dense = slots <= MAX_GRID_SLOTS;
        if self.dense {
            self.width = slots;
            if self.grid.len() < slots * slots {
                self.grid.resize(slots * slots, NONE);
            }
        } else {
            self.hash.reset(inserts);
        }
    }

    #[inline]
    fn insert(&mut self, a: u32, b: u32) -> u32 {
        if self.dense {
            let cell = a as usize * self.width + b as usize;
            let slot = self.grid[cell];
            if slot != NONE {
                return slot;
            }
            self.grid[cell] = self.len;
            self.used.push(cell as u32);
        } else {
            let slot = self.hash.insert(key(a, b));
            if slot < self.len {
                return slot;
            }
        }
        self.len += 1;
        self.len - 1
    }

    #[inline]
    fn get(&self, a: u32, b: u32) -> u32 {
        if self.dense {
            self.grid[a as usize * self.width + b as usize]
        } else {
            self.hash.get(key(a, b))
        }
    }
}

/// Scratch space for scoring, reused across items.
#[derive(Clone, Debug, Default)]
pub(crate) struct Matcher {
    /// Term id to peer slot, [`NONE`] for terms the peer lacks.
    slot_of: Vec<u32>,
    /// Slot to term id, to clear `slot_of` afterwards.
    slot_terms: Vec<u32>,
    /// Slots of the peer's flat tokens.
    peer_uni: Vec<u32>,
    /// Slots of a reference's flat tokens.
    ref_uni: Vec<u32>,
    /// Slots of the n-grams starting at each position, for the current n.
    level: Vec<u32>,
    /// Pairs of peer terms: the bigrams and the skip bigrams.
    pairs: PairTable,
    /// Tables of n-gram slots for n = 3..=max_n, keyed by the slot of the
    /// (n-1)-gram and that of the last term.
    tables: Vec<SlotTable>,
    /// Peer occurrences per slot, for n = 1..=max_n (bigrams by pair slot).
    peer_counts: Vec<Vec<u32>>,
    /// Running reference occurrences per slot, for n = 1..=max_n.
    ref_counts: Vec<Vec<u32>>,
    /// Peer occurrences of skip bigrams per pair slot, and of skip unigrams.
    peer_skip: Vec<u32>,
    peer_skip_uni: Vec<u32>,
    ref_skip: Vec<u32>,
    ref_skip_uni: Vec<u32>,
    lcs: Lcs,
}

/// The slot of `term`; terms beyond the table are [`NONE`].
#[inline]
fn slot(slot_of: &[u32], term: u32) -> u32 {
    slot_of.get(term as usize).copied().unwrap_or(NONE)
}

/// The last position paired with position `i` of `len` tokens, by bigrams
/// (`n >= 2`) or skip bigrams; `i` itself when none.
#[inline]
fn pair_end(i: usize, len: usize, bigrams: bool, skip: Option<SkipBigrams>) -> usize {
    let last = len.saturating_sub(1);
    match skip {
        Some(s) if i < last => skip_pair_end(i, last, s),
        _ if bigrams && i < last => i + 1,
        _ => i,
    }
}

impl Matcher {
    fn assign(&mut self, term: u32) -> u32 {
        match self.slot_of.get_mut(term as usize) {
            None => NONE,
            Some(s) if *s != NONE => *s,
            Some(s) => {
                *s = self.slot_terms.len() as u32;
                self.slot_terms.push(term);
                *s
            }
        }
    }

    /// Counts every metric of `plan` for `peer` against each reference, into
    /// `out[r * plan.metric_count() + m]`. Term ids are below `vocab`, except
    /// peer terms no reference can contain, which may be any larger value.
    pub(crate) fn count(
        &mut self,
        plan: Plan,
        peer: &Doc,
        refs: &[Doc],
        vocab: usize,
        out: &mut Vec<Counts>,
    ) {
        out.clear();
        if self.slot_of.len() < vocab {
            self.slot_of.resize(vocab, NONE);
        }
        self.peer_uni.clear();
        for i in 0..peer.flat.len() {
            let s = self.assign(peer.flat[i]);
            self.peer_uni.push(s);
        }
        if plan.lcs {
            for i in 0..peer.sent.len() {
                self.assign(peer.sent[i]);
            }
        }
        let slots = self.slot_terms.len();

        self.count_peer_grams(plan, slots);
        if plan.lcs {
            self.lcs.load_peer(peer, &self.slot_of, slots);
        }

        let p = peer.flat.len();
        for r in refs {
            self.ref_uni.clear();
            let slot_of = &self.slot_of;
            self.ref_uni
                .extend(r.flat.iter().map(|&t| slot(slot_of, t)));
            let len = r.flat.len();
            let (hits, skip_hits) = self.count_ref_grams(plan);
            for (n, &h) in hits.iter().enumerate().take(plan.max_n) {
                out.push(Counts {
                    hits: h,
                    reference_total: (len + 1).saturating_sub(n + 1) as u64,
                    peer_total: (p + 1).saturating_sub(n + 1) as u64,
                });
            }
            if plan.lcs {
                let (hits, base) =
                    self.lcs
                        .count_ref(r, &self.slot_of, &self.ref_counts[0], &self.peer_counts[0]);
                out.push(Counts {
                    hits,
                    reference_total: base,
                    peer_total: p as u64,
                });
            }
            if let Some(skip) = plan.skip {
                out.push(Counts {
                    hits: skip_hits,
                    reference_total: skip_total(len, skip),
                    peer_total: skip_total(p, skip),
                });
            }
        }

        for &t in &self.slot_terms {
            self.slot_of[t as usize] = NONE;
        }
        self.slot_terms.clear();
    }

    /// The peer's counts of unigrams, of pairs (bigrams and skip bigrams) and
    /// of n-grams up to `max_n`.
    #[inline(never)]
    fn count_peer_grams(&mut self, plan: Plan, slots: usize) {
        let p = self.peer_uni.len();
        let levels = plan.max_n.max(1);
        if self.peer_counts.len() < levels {
            self.peer_counts.resize_with(levels, Vec::new);
            self.ref_counts.resize_with(levels, Vec::new);
        }
        if self.tables.len() + 2 < levels {
            self.tables.resize_with(levels - 2, SlotTable::default);
        }
        let counts = &mut self.peer_counts[0];
        counts.clear();
        counts.resize(slots, 0);
        for &s in &self.peer_uni {
            if s != NONE {
                counts[s as usize] += 1;
            }
        }

        // Pairs: every bigram is also the first skip bigram of its start.
        let bigrams = plan.max_n >= 2;
        let pairs: usize = (0..p).map(|i| pair_end(i, p, bigrams, plan.skip) - i).sum();
        self.pairs.reset(slots, pairs);
        self.level.clear();
        self.level.resize(p, NONE);
        // Counts per pair slot, sized for every pair being new.
        self.peer_skip.clear();
        self.peer_skip.resize(pairs, 0);
        self.peer_skip_uni.clear();
        self.peer_skip_uni.resize(slots, 0);
        if bigrams {
            self.peer_counts[1].clear();
            self.peer_counts[1].resize(pairs, 0);
        }
        let unigrams = plan.skip.is_some_and(|s| s.unigrams);
        for i in 0..p {
            let a = self.peer_uni[i];
            if a == NONE {
                continue;
            }
            if unigrams && i + 1 < p {
                self.peer_skip_uni[a as usize] += 1;
            }
            for j in i + 1..=pair_end(i, p, bigrams, plan.skip) {
                let b = self.peer_uni[j];
                if b == NONE {
                    continue;
                }
                let s = self.pairs.insert(a, b) as usize;
                if bigrams && j == i + 1 {
                    self.peer_counts[1][s] += 1;
                    self.level[i] = s as u32;
                }
                // Without skip bigrams, the pairs are the bigrams alone.
                if plan.skip.is_some() {
                    self.peer_skip[s] += 1;
                }
            }
        }

        let used = self.pairs.len as usize;
        self.peer_skip.truncate(used);
        if bigrams {
            self.peer_counts[1].truncate(used);
        }

        for n in 3..=plan.max_n {
            let table = &mut self.tables[n - 3];
            let windows = (p + 1).saturating_sub(n);
            table.reset(windows);
            for i in 0..windows {
                let prefix = self.level[i];
                let last = self.peer_uni[i + n - 1];
                self.level[i] = if prefix == NONE || last == NONE {
                    NONE
                } else {
                    table.insert(key(prefix, last))
                };
            }
            self.level.truncate(windows);
            let counts = &mut self.peer_counts[n - 1];
            counts.clear();
            counts.resize(table.len as usize, 0);
            for &s in &self.level {
                if s != NONE {
                    counts[s as usize] += 1;
                }
            }
        }
    }

    /// Clipped hits of the current reference for n = 1..=max_n and for skip
    /// bigrams; also leaves the reference's unigram counts per slot in
    /// `ref_counts[0]`.
    #[inline(never)]
    fn count_ref_grams(&mut self, plan: Plan) -> ([u64; 4], u64) {
        let mut hits = [0u64; 4];
        let mut skip_hits = 0;
        let len = self.ref_uni.len();
        let (reference, peer) = (&mut self.ref_counts[0], &self.peer_counts[0]);
        reference.clear();
        reference.resize(peer.len(), 0);
        for &s in &self.ref_uni {
            bump(reference, peer, s, &mut hits[0]);
        }

        let bigrams = plan.max_n >= 2;
        let unigrams = plan.skip.is_some_and(|s| s.unigrams);
        let pair_slots = self.peer_skip.len();
        self.ref_skip.clear();
        self.ref_skip.resize(pair_slots, 0);
        self.ref_skip_uni.clear();
        self.ref_skip_uni.resize(self.peer_skip_uni.len(), 0);
        if bigrams {
            self.ref_counts[1].clear();
            self.ref_counts[1].resize(pair_slots, 0);
        }
        self.level.clear();
        self.level.resize(len, NONE);
        let mut any = false;
        for i in 0..len {
            let a = self.ref_uni[i];
            if a == NONE {
                continue;
            }
            if unigrams && i + 1 < len {
                bump(
                    &mut self.ref_skip_uni,
                    &self.peer_skip_uni,
                    a,
                    &mut skip_hits,
                );
            }
            for j in i + 1..=pair_end(i, len, bigrams, plan.skip) {
                let b = self.ref_uni[j];
                if b == NONE {
                    continue;
                }
                let s = self.pairs.get(a, b);
                if s == NONE {
                    continue;
                }
                if bigrams && j == i + 1 {
                    self.level[i] = s;
                    any = true;
                    bump(
                        &mut self.ref_counts[1],
                        &self.peer_counts[1],
                        s,
                        &mut hits[1],
                    );
                }
                if plan.skip.is_some() {
                    bump(&mut self.ref_skip, &self.peer_skip, s, &mut skip_hits);
                }
            }
        }

        for n in 3..=plan.max_n {
            if !any {
                break;
            }
            any = false;
            let table = &self.tables[n - 3];
            let (reference, peer) = (&mut self.ref_counts[n - 1], &self.peer_counts[n - 1]);
            reference.clear();
            reference.resize(peer.len(), 0);
            let windows = (len + 1).saturating_sub(n);
            for i in 0..windows {
                let prefix = self.level[i];
                let last = self.ref_uni[i + n - 1];
                let slot = if prefix == NONE || last == NONE {
                    NONE
                } else {
                    table.get(key(prefix, last))
                };
                self.level[i] = slot;
                any |= slot != NONE;
                bump(reference, peer, slot, &mut hits[n - 1]);
            }
            self.level.truncate(windows);
        }
        (hits, skip_hits)
    }
}

/// ROUGE-L state: the peer's sentences as bit masks per slot.
#[derive(Clone, Debug, Default)]
struct Lcs {
    /// Per peer sentence: its length in tokens, its words per bit vector and
    /// the offset of its match masks in `masks`.
    sentences: Vec<PeerSentence>,
    /// `masks[offset + slot * words + w]`: positions of `slot` in the sentence.
    masks: Vec<u64>,
    /// Slots of the current reference sentence.
    model: Vec<u32>,
    /// Positions in the reference sentence of tokens the peer sentence has.
    kept: Vec<u32>,
    /// Bit-vector rows of the LCS table, one per kept token plus the first.
    rows: Vec<u64>,
    /// Reference-sentence positions on the chosen LCS of some peer sentence.
    marks: Vec<bool>,
    model_left: Vec<u32>,
    peer_left: Vec<u32>,
}

#[derive(Clone, Copy, Debug)]
struct PeerSentence {
    len: usize,
    words: usize,
    offset: usize,
}

/// Bits `0..j` of a word, `j <= 64`.
#[inline]
fn low_bits(j: usize) -> u64 {
    if j >= 64 {
        u64::MAX
    } else {
        (1u64 << j) - 1
    }
}

impl Lcs {
    #[inline(never)]
    fn load_peer(&mut self, peer: &Doc, slot_of: &[u32], slots: usize) {
        self.sentences.clear();
        self.masks.clear();
        for (start, end) in peer.sentence_ranges() {
            let len = end - start;
            if len == 0 {
                continue;
            }
            let words = len.div_ceil(64);
            let offset = self.masks.len();
            self.masks.resize(offset + slots * words, 0);
            for (j, &t) in peer.sent[start..end].iter().enumerate() {
                let slot = slot(slot_of, t);
                if slot != NONE {
                    self.masks[offset + slot as usize * words + j / 64] |= 1 << (j % 64);
                }
            }
            self.sentences.push(PeerSentence { len, words, offset });
        }
    }

    /// Union-LCS hits of one reference, clipped by unigram counts, and its
    /// size in sentence tokens.
    #[inline(never)]
    fn count_ref(
        &mut self,
        reference: &Doc,
        slot_of: &[u32],
        ref_counts: &[u32],
        peer_counts: &[u32],
    ) -> (u64, u64) {
        self.model_left.clear();
        self.model_left.extend_from_slice(ref_counts);
        self.peer_left.clear();
        self.peer_left.extend_from_slice(peer_counts);
        let mut hits = 0;
        let mut base = 0;
        for (start, end) in reference.sentence_ranges() {
            base += (end - start) as u64;
            self.model.clear();
            self.model
                .extend(reference.sent[start..end].iter().map(|&t| slot(slot_of, t)));
            self.marks.clear();
            self.marks.resize(end - start, false);
            if self.model.iter().all(|&s| s == NONE) {
                continue;
            }
            for k in 0..self.sentences.len() {
                let s = self.sentences[k];
                self.mark(s);
            }
            for (&s, _) in self.model.iter().zip(&self.marks).filter(|(_, &m)| m) {
                let (m, p) = (
                    &mut self.model_left[s as usize],
                    &mut self.peer_left[s as usize],
                );
                if *m > 0 && *p > 0 {
                    *m -= 1;
                    *p -= 1;
                    hits += 1;
                }
            }
        }
        (hits, base)
    }

    /// Marks the model positions on the script's LCS of the current model
    /// sentence and peer sentence `s`. Ties follow the script: a match goes
    /// diagonal, otherwise up (drop a model token) unless left is strictly
    /// longer.
    ///
    /// Model tokens absent from the peer sentence are left out: their rows
    /// would repeat the row above and the walk back would always step over
    /// them, so the marks are unchanged.
    #[inline(never)]
    fn mark(&mut self, s: PeerSentence) {
        let w = s.words;
        let mask_of = |slot: u32| s.offset + slot as usize * w;
        self.kept.clear();
        for (i, &slot) in self.model.iter().enumerate() {
            if slot != NONE
                && self.masks[mask_of(slot)..mask_of(slot) + w]
                    .iter()
                    .any(|&m| m != 0)
            {
                self.kept.push(i as u32);
            }
        }
        if self.kept.is_empty() {
            return;
        }
        // Row k is the LCS table row after k kept model tokens, as Hyyrö's
        // vector V: bit j is 0 exactly where the row steps up at column j + 1.
        let rows = &mut self.rows;
        rows.clear();
        rows.resize((self.kept.len() + 1) * w, u64::MAX);
        for (k, &i) in self.kept.iter().enumerate() {
            let m = &self.masks[mask_of(self.model[i as usize])..][..w];
            let (done, next) = rows.split_at_mut((k + 1) * w);
            let prev = &done[k * w..];
            let mut carry = 0u64;
            for x in 0..w {
                let v = prev[x];
                let u = v & m[x];
                let (sum, c1) = v.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry);
                carry = u64::from(c1 | c2);
                next[x] = sum | (v & !u);
            }
        }
        // LCS table cell (k, j): the steps of row k in columns 1..=j.
        let cell = |k: usize, j: usize| -> u32 {
            let row = &rows[k * w..(k + 1) * w];
            let full = j / 64;
            let mut n: u32 = row[..full].iter().map(|&v| (!v).count_ones()).sum();
            if j % 64 != 0 {
                n += (!row[full] & low_bits(j % 64)).count_ones();
            }
            n
        };
        // Whether row k steps up at column x + 1.
        let step = |k: usize, x: usize| (!rows[k * w + x / 64] >> (x % 64)) as u32 & 1;
        // Walk back from the last cell, keeping `here` = cell (k, j) and
        // `above` = cell (k - 1, j). Off a match, the script steps up exactly
        // when they are equal (dropping the model token keeps the length) and
        // left otherwise; a step left updates both from two bits, the other
        // moves need one new cell.
        let (mut k, mut j) = (self.kept.len(), s.len);
        let mut here = cell(k, j);
        let mut above = cell(k - 1, j);
        while k > 0 && j > 0 {
            let i = self.kept[k - 1] as usize;
            let m = &self.masks[mask_of(self.model[i])..][..w];
            if m[(j - 1) / 64] >> ((j - 1) % 64) & 1 == 1 {
                self.marks[i] = true;
                here = above - step(k - 1, j - 1);
                k -= 1;
                j -= 1;
                if k > 0 {
                    above = cell(k - 1, j);
                }
            } else if above == here {
                k -= 1;
                if k > 0 {
                    above = cell(k - 1, j);
                }
            } else {
                here -= step(k, j - 1);
                above -= step(k - 1, j - 1);
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script's LCS marks by dynamic programming, for comparison.
    fn marks_by_table(model: &[u32], peer: &[u32]) -> Vec<bool> {
        let (m, n) = (model.len(), peer.len());
        let mut dp = vec![vec![0u32; n + 1]; m + 1];
        for i in 1..=m {
            for j in 1..=n {
                dp[i][j] = if model[i - 1] == peer[j - 1] {
                    dp[i - 1][j - 1] + 1
                } else {
                    dp[i - 1][j].max(dp[i][j - 1])
                };
            }
        }
        let mut marks = vec![false; m];
        let (mut i, mut j) = (m, n);
        while i > 0 && j > 0 {
            if model[i - 1] == peer[j - 1] {
                i -= 1;
                j -= 1;
                marks[i] = true;
            } else if dp[i - 1][j] >= dp[i][j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        marks
    }

    fn marks_by_bits(model: &[u32], peer: &[u32]) -> Vec<bool> {
        let doc = |ids: &[u32]| Doc {
            flat: ids.to_vec(),
            sent: ids.to_vec(),
            sent_ends: vec![ids.len() as u32],
        };
        let vocab = 1 + model.iter().chain(peer).copied().max().unwrap_or(0) as usize;
        let mut m = Matcher::default();
        m.slot_of.resize(vocab, NONE);
        let peer = doc(peer);
        for &t in &peer.flat {
            m.assign(t);
        }
        m.lcs.load_peer(&peer, &m.slot_of, m.slot_terms.len());
        m.lcs.model = model.iter().map(|&t| slot(&m.slot_of, t)).collect();
        m.lcs.marks = vec![false; model.len()];
        let s = m.lcs.sentences[0];
        m.lcs.mark(s);
        m.lcs.marks
    }

    /// A small deterministic generator for the tests.
    fn lcg(seed: &mut u64) -> u32 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*seed >> 33) as u32
    }

    #[test]
    fn lcs_marks_one_subsequence() {
        assert_eq!(
            marks_by_bits(&[1, 2, 3, 4, 5], &[1, 3, 9, 5]),
            [true, false, true, false, true]
        );
    }

    #[test]
    fn lcs_tie_prefers_dropping_model_tokens() {
        // Both [1] and [2] are longest; preferring to drop the last model
        // token on a tie marks the earlier one.
        assert_eq!(marks_by_bits(&[1, 2], &[2, 1]), [true, false]);
    }

    #[test]
    fn bit_parallel_lcs_marks_like_the_table() {
        let mut seed = 7;
        for case in 0..3000 {
            let alphabet = 2 + lcg(&mut seed) % 12;
            // Peer sentences up to 200 tokens cover one to four words.
            let n = if case % 10 == 0 {
                60 + lcg(&mut seed) % 140
            } else {
                1 + lcg(&mut seed) % 40
            };
            let m = 1 + lcg(&mut seed) % 50;
            let peer: Vec<u32> = (0..n).map(|_| lcg(&mut seed) % alphabet).collect();
            let model: Vec<u32> = (0..m).map(|_| lcg(&mut seed) % (alphabet + 3)).collect();
            assert_eq!(
                marks_by_bits(&model, &peer),
                marks_by_table(&model, &peer),
                "model {model:?} peer {peer:?}"
            );
        }
    }

    /// Counts by the book: n-gram and skip-bigram count tables per summary,
    /// and the union LCS by dynamic programming, as ROUGE-1.5.5 computes them.
    fn counts_by_tables(plan: Plan, peer: &Doc, refs: &[Doc]) -> Vec<Counts> {
        use std::collections::HashMap;
        fn table(keys: impl Iterator<Item = Vec<u32>>) -> HashMap<Vec<u32>, u64> {
            let mut t = HashMap::new();
            for k in keys {
                *t.entry(k).or_insert(0) += 1;
            }
            t
        }
        fn clipped(a: &HashMap<Vec<u32>, u64>, b: &HashMap<Vec<u32>, u64>) -> u64 {
            a.iter()
                .map(|(k, &c)| c.min(b.get(k).copied().unwrap_or(0)))
                .sum()
        }
        fn skip_keys(ids: &[u32], skip: SkipBigrams) -> Vec<Vec<u32>> {
            let last = ids.len().saturating_sub(1);
            let mut keys = Vec::new();
            for i in 0..last {
                if skip.unigrams {
                    keys.push(vec![ids[i]]);
                }
                for j in i + 1..=skip_pair_end(i, last, skip) {
                    keys.push(vec![ids[i], ids[j]]);
                }
            }
            keys
        }
        fn sentences(d: &Doc) -> Vec<&[u32]> {
            d.sentence_ranges().map(|(a, b)| &d.sent[a..b]).collect()
        }
        let mut out = Vec::new();
        let p = peer.flat.len();
        for r in refs {
            let len = r.flat.len();
            for n in 1..=plan.max_n {
                let grams = |ids: &[u32]| table(ids.windows(n).map(<[u32]>::to_vec));
                out.push(Counts {
                    hits: clipped(&grams(&r.flat), &grams(&peer.flat)),
                    reference_total: (len + 1).saturating_sub(n) as u64,
                    peer_total: (p + 1).saturating_sub(n) as u64,
                });
            }
            if plan.lcs {
                let count = |ids: &[u32]| table(ids.iter().map(|&t| vec![t]));
                let (mut model_left, mut peer_left) = (count(&r.flat), count(&peer.flat));
                let (mut hits, mut base) = (0, 0);
                for model in sentences(r) {
                    base += model.len() as u64;
                    let mut marks = vec![false; model.len()];
                    for p in sentences(peer) {
                        for (m, hit) in marks.iter_mut().zip(marks_by_table(model, p)) {
                            *m |= hit;
                        }
                    }
                    for (&t, _) in model.iter().zip(&marks).filter(|(_, &m)| m) {
                        let (m, p) = (
                            model_left.entry(vec![t]).or_insert(0),
                            peer_left.entry(vec![t]).or_insert(0),
                        );
                        if *m > 0 && *p > 0 {
                            *m -= 1;
                            *p -= 1;
                            hits += 1;
                        }
                    }
                }
                out.push(Counts {
                    hits,
                    reference_total: base,
                    peer_total: p as u64,
                });
            }
            if let Some(skip) = plan.skip {
                let (a, b) = (skip_keys(&r.flat, skip), skip_keys(&peer.flat, skip));
                out.push(Counts {
                    hits: clipped(&table(a.into_iter()), &table(b.into_iter())),
                    reference_total: skip_total(len, skip),
                    peer_total: skip_total(p, skip),
                });
            }
        }
        out
    }

    /// A summary of random sentences over `vocab` terms; terms at or above
    /// `known` stand for peer words no reference has.
    fn random_doc(seed: &mut u64, vocab: u32, tokens: u32, sentences: u32) -> Doc {
        let mut doc = Doc::default();
        for _ in 0..sentences {
            for _ in 0..lcg(seed) % (2 * tokens / sentences.max(1) + 1) {
                doc.sent.push(lcg(seed) % vocab);
            }
            doc.sent_ends.push(doc.sent.len() as u32);
        }
        doc.flat = doc.sent.clone();
        // Sometimes the flat stream is cut shorter, as a byte limit does.
        if lcg(seed) % 4 == 0 {
            let keep = lcg(seed) as usize % (doc.flat.len() + 1);
            doc.flat.truncate(keep);
        }
        doc
    }

    #[test]
    fn counts_match_the_count_tables() {
        let mut seed = 5;
        let plans = [
            Plan {
                max_n: 4,
                lcs: true,
                skip: Some(SkipBigrams {
                    max_gap: Some(4),
                    unigrams: true,
                }),
            },
            Plan {
                max_n: 2,
                lcs: false,
                skip: Some(SkipBigrams {
                    max_gap: None,
                    unigrams: false,
                }),
            },
            Plan {
                max_n: 1,
                lcs: true,
                skip: Some(SkipBigrams {
                    max_gap: Some(0),
                    unigrams: true,
                }),
            },
            Plan {
                max_n: 3,
                lcs: true,
                skip: None,
            },
            Plan {
                max_n: 0,
                lcs: true,
                skip: None,
            },
        ];
        let mut matcher = Matcher::default();
        let mut out = Vec::new();
        let mut hashed = 0;
        for case in 0..400 {
            let plan = plans[case % plans.len()];
            // Mostly small vocabularies, where n-grams repeat; some peers
            // with more distinct terms than the pair grid takes.
            let (vocab, tokens) = if case % 100 == 7 {
                (3000, 2400)
            } else {
                (3 + lcg(&mut seed) % 30, 1 + lcg(&mut seed) % 60)
            };
            let known = vocab - vocab / 8;
            let sentences = 1 + lcg(&mut seed) % 5;
            let peer = random_doc(&mut seed, vocab, tokens, sentences);
            let refs: Vec<Doc> = (0..1 + lcg(&mut seed) % 4)
                .map(|_| {
                    let sentences = 1 + lcg(&mut seed) % 5;
                    random_doc(&mut seed, known, tokens, sentences)
                })
                .collect();
            matcher.count(plan, &peer, &refs, known as usize, &mut out);
            assert_eq!(out, counts_by_tables(plan, &peer, &refs), "case {case}");
            hashed += usize::from(!matcher.pairs.dense);
        }
        assert!(
            hashed >= 2,
            "only {hashed} peers too large for the pair grid"
        );
    }

    #[test]
    fn skip_totals() {
        let su = |gap| SkipBigrams {
            max_gap: gap,
            unigrams: true,
        };
        // 4 tokens, gap 1: unigrams of the first three, pairs within distance 2.
        assert_eq!(skip_total(4, su(Some(1))), 3 + 2 + 2 + 1);
        assert_eq!(skip_total(1, su(Some(4))), 0);
        assert_eq!(skip_total(0, su(Some(4))), 0);
        // Unlimited gap: all 6 pairs plus 3 unigrams.
        assert_eq!(skip_total(4, su(None)), 9);
    }

    #[test]
    fn slot_table_keeps_distinct_keys_apart() {
        let mut t = SlotTable::default();
        t.reset(1000);
        for k in 0..1000u32 {
            assert_eq!(t.insert(key(k / 7, k % 7)), k);
        }
        for k in 0..1000u32 {
            assert_eq!(t.get(key(k / 7, k % 7)), k);
        }
        assert_eq!(t.get(key(1000, 0)), NONE);
    }
}

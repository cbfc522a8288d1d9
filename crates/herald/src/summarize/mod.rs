//! Summarize: choose sentences under a length budget, without redundancy, and order them.
//!
//! Every algorithm implements [`Summarizer`]; they share [`Selection`], which enforces what any
//! summary must respect whatever its scores: the budget is never exceeded, no two sentences say
//! the same thing, a sentence that needs the one before it (a pronoun opener, a quote with an
//! unnamed speaker) only comes right after it, and one that calls someone by surname alone
//! (or an event by a bare noun, `The vote …`) only after a sentence giving the full name (or
//! using the noun).

pub mod baselines;
pub mod compress;
pub mod concept;
pub mod days;
mod graph;
mod ilp;
pub mod lead;

use crate::analyze::document::AnalyzedCluster;
use crate::dedup::SentenceIndex;
use crate::model::Budget;
use serde::{Deserialize, Serialize};

/// Which summarizer to run, with its settings: configuration as data, so a run can be saved and
/// repeated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Algorithm {
    /// Concept coverage: herald's default.
    Concept(concept::ConceptConfig),
    /// The first sentences of each article in turn: the classic news baseline.
    Lead,
    /// Centroid (Radev et al. 2004).
    Centroid,
    /// LexRank (Erkan & Radev 2004).
    Lexrank,
    /// TextRank (Mihalcea & Tarau 2004).
    Textrank,
}

impl Default for Algorithm {
    fn default() -> Self {
        Algorithm::Concept(concept::ConceptConfig::default())
    }
}

impl Algorithm {
    /// The algorithm called `name` with default settings, if there is one.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "concept" | "default" => Some(Algorithm::default()),
            "lead" => Some(Algorithm::Lead),
            "centroid" => Some(Algorithm::Centroid),
            "lexrank" => Some(Algorithm::Lexrank),
            "textrank" => Some(Algorithm::Textrank),
            _ => None,
        }
    }

    /// The names [`Algorithm::from_name`] accepts.
    pub const NAMES: &'static [&'static str] =
        &["concept", "lead", "centroid", "lexrank", "textrank"];

    /// The summarizer this describes.
    pub fn build(&self) -> Box<dyn Summarizer> {
        match self {
            Algorithm::Concept(c) => Box::new(concept::Concept::new(c.clone())),
            Algorithm::Lead => Box::new(lead::Lead),
            Algorithm::Centroid => Box::new(baselines::Centroid),
            Algorithm::Lexrank => Box::new(baselines::LexRank),
            Algorithm::Textrank => Box::new(baselines::TextRank),
        }
    }
}

/// What a summarizer may use: the analysed cluster, the sentence index, and which sentences
/// may be quoted at all.
pub struct Context<'a> {
    /// The analysed cluster.
    pub analysis: &'a AnalyzedCluster<'a>,
    /// Sentence equivalence, for redundancy checks.
    pub index: &'a SentenceIndex,
    /// Per sentence: may it appear in a summary (not spliced, not from an outlier article, of a
    /// sensible length)?
    pub eligible: Vec<bool>,
    /// Per sentence: could be quoted, but an update leaves it out as told already (an
    /// earlier article says it, or an earlier brief told it). Empty outside updates. Only
    /// what a short summary's note gives as the reason reads it: it is not in `eligible`.
    pub known: Vec<bool>,
    /// Per document: how much it counts as evidence for the story, in [0, 1] (0 for outliers).
    pub doc_weight: Vec<f64>,
    /// Fill the budget exactly: the last sentence may overrun it and is then cut at the limit
    /// (for benchmark comparison with systems scored that way).
    pub truncate: bool,
    /// Per sentence: its compressed variants ([`compress::variants`]), which a summarizer may
    /// quote instead of the whole sentence; empty lists when compression is off.
    pub variants: Vec<Vec<compress::Variant>>,
    /// What the summarizer tells the reader about a bound it reached (a cap on the work it
    /// did); the pipeline adds them to the summary's `notes`.
    pub notes: std::cell::RefCell<Vec<String>>,
    /// Raised when nobody waits for the summary any more: a summarizer looks at it in its long
    /// loops and returns early (what it returns then is discarded).
    pub cancel: crate::cancel::Cancel,
}

impl Context<'_> {
    /// The words and bytes sentence `i` costs whole (`variant` `None`) or as its variant.
    pub fn length(&self, i: usize, variant: Option<usize>) -> (usize, usize) {
        match variant.and_then(|v| self.variants.get(i)?.get(v)) {
            Some(v) => (v.words, v.bytes),
            None => {
                let s = &self.analysis.sentences[i];
                (s.words, s.span.len())
            }
        }
    }

    /// Whether sentence `i`, whole or as its `variant`, needs the sentence before it.
    pub fn needs_context(&self, i: usize, variant: Option<usize>) -> bool {
        match variant.and_then(|v| self.variants.get(i)?.get(v)) {
            Some(v) => v.needs_context,
            None => self.analysis.sentences[i].needs_context,
        }
    }
}

/// A sentence a summarizer chose, whole (`None`) or as one of its compressed variants (an
/// index into [`Context::variants`]).
pub type Choice = (usize, Option<usize>);

/// Where sentence `i` stands in a summary's reading order when it is read as part of the
/// passage that starts at sentence `head` (itself, or the predecessors it needs): older
/// articles first; among articles of one date (or none), leads before details: by the
/// passage's position, then input order, then the sentence's own position. The pipeline then
/// tells events in the order they happened ([`days`]), keeping this order within a day.
pub fn reading_key<'a>(
    a: &AnalyzedCluster<'a>,
    head: usize,
    i: usize,
) -> (&'a str, usize, usize, usize) {
    let h = &a.sentences[head];
    let date = a.cluster.articles[h.doc].date.as_deref().unwrap_or("");
    (date, h.position, h.doc, a.sentences[i].position)
}

/// The first sentence of the passage sentence `i` is read in: walking back from `i` while a
/// sentence needs context and its predecessor `is_chosen`. A sentence that needs its
/// predecessor was only admitted with it, and sorts with the passage's first sentence.
pub fn passage_head(
    a: &AnalyzedCluster<'_>,
    mut i: usize,
    is_chosen: impl Fn(usize) -> bool,
) -> usize {
    while a.sentences[i].needs_context && a.sentences[i].position > 0 && is_chosen(i - 1) {
        i -= 1;
    }
    i
}

/// A summarization algorithm: picks sentence indices under a budget.
pub trait Summarizer: Send + Sync {
    /// Chooses sentences of `ctx.analysis` for a summary within `budget`. The returned
    /// indices need not be in reading order.
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize>;

    /// As [`Summarizer::select`], saying for each sentence whether it is quoted whole or as one
    /// of its compressed variants. Summarizers that do not compress quote every sentence whole.
    fn select_variants(&self, ctx: &Context<'_>, budget: Budget) -> Vec<Choice> {
        self.select(ctx, budget)
            .into_iter()
            .map(|i| (i, None))
            .collect()
    }
}

/// A growing set of chosen sentences that keeps every summary rule.
#[derive(Debug)]
pub struct Selection<'c, 'a> {
    ctx: &'c Context<'a>,
    budget: Budget,
    chosen: Vec<usize>,
    is_chosen: Vec<bool>,
    /// Per chosen sentence, in `chosen`'s order: the variant it is quoted in, if any.
    forms: Vec<Option<usize>>,
    words: usize,
    bytes: usize,
    /// In `truncate` mode, once nothing whole fits any more: one more sentence may overrun the
    /// budget (it will be cut at the limit).
    overrun: bool,
    /// Set once the budget is used up; nothing can follow.
    full: bool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("sentences", &self.eligible.len())
            .finish()
    }
}

impl<'c, 'a> Selection<'c, 'a> {
    /// An empty selection under `budget`.
    pub fn new(ctx: &'c Context<'a>, budget: Budget) -> Self {
        Selection {
            ctx,
            budget,
            chosen: Vec::new(),
            is_chosen: vec![false; ctx.eligible.len()],
            forms: Vec::new(),
            words: 0,
            bytes: 0,
            overrun: false,
            full: false,
        }
    }

    /// Called when no whole sentence fits any more. In `truncate` mode, lets one last sentence
    /// overrun the budget and returns true; otherwise returns false: the selection is done.
    pub fn allow_overrun(&mut self) -> bool {
        if !self.ctx.truncate || self.overrun || self.full {
            return false;
        }
        self.overrun = true;
        true
    }

    /// Whether sentence `i` may be added now: eligible, not chosen, within the budget, not
    /// redundant with a chosen sentence, and its predecessor chosen if it needs context.
    pub fn can_add(&self, i: usize) -> bool {
        self.can_take(i, false, None)
    }

    /// [`Selection::can_add`] for sentence `i` whole or as its `variant`, where `followed`
    /// says the next sentence will be added right after `i` (in a chain): only then may `i`
    /// leave a quotation open.
    fn can_take(&self, i: usize, followed: bool, variant: Option<usize>) -> bool {
        let a = self.ctx.analysis;
        let s = &a.sentences[i];
        if !self.ctx.eligible[i] || self.is_chosen[i] || !self.fits(i, variant) {
            return false;
        }
        if s.continues && !followed {
            return false;
        }
        if self.ctx.needs_context(i, variant) && (s.position == 0 || !self.is_chosen[i - 1]) {
            return false;
        }
        self.names_introduced(i, self.head(i), &[])
            && !self.chosen.iter().any(|&j| self.ctx.index.redundant(i, j))
    }

    /// The first sentence of the passage `i` would be read in ([`passage_head`]).
    fn head(&self, i: usize) -> usize {
        passage_head(self.ctx.analysis, i, |k| self.is_chosen[k])
    }

    /// Whether every name sentence `i` calls by a short form ([`Sentence::short_names`]: a
    /// surname alone, or an event's bare noun) is given in full by a sentence that will be
    /// read before it: a chosen one that sorts before `i` read with its passage from `head`
    /// ([`reading_key`]), or one of `earlier`, the sentences that go just before `i` in the
    /// same passage.
    ///
    /// [`Sentence::short_names`]: crate::analyze::document::Sentence::short_names
    fn names_introduced(&self, i: usize, head: usize, earlier: &[usize]) -> bool {
        let names = &self.ctx.analysis.sentences[i].short_names;
        names.iter().all(|&n| self.introduced(n, i, head, earlier))
    }

    /// [`Selection::names_introduced`] for the one name `n`.
    fn introduced(&self, n: u32, i: usize, head: usize, earlier: &[usize]) -> bool {
        let a = self.ctx.analysis;
        let key = reading_key(a, head, i);
        earlier
            .iter()
            .any(|&c| a.sentences[c].full_names.binary_search(&n).is_ok())
            || self.chosen.iter().any(|&c| {
                a.sentences[c].full_names.binary_search(&n).is_ok()
                    && reading_key(a, self.head(c), c) < key
            })
    }

    /// The sentences to add, in order, to bring in sentence `i` together with the predecessors
    /// it needs: `i` itself when it can be added alone; otherwise, when `i` needs context, its
    /// unchosen predecessors (at most `max_len` sentences in all) followed by `i`, provided
    /// every one of them is eligible, none repeats a chosen sentence or another of the chain,
    /// the chain's first sentence can stand where it will go, the whole chain fits, and `i`
    /// does not leave a quotation open.
    pub fn chain(&self, i: usize, max_len: usize) -> Option<Vec<usize>> {
        self.chain_as(i, max_len, None)
    }

    /// [`Selection::chain`] with sentence `i` whole or as its `variant` (its predecessors are
    /// whole). A variant is never brought in after an introduction.
    pub fn chain_as(&self, i: usize, max_len: usize, variant: Option<usize>) -> Option<Vec<usize>> {
        if self.can_take(i, false, variant) {
            return Some(vec![i]);
        }
        let a = self.ctx.analysis;
        if variant.is_none() {
            if let Some(unit) = self.with_introduction(i) {
                return Some(unit);
            }
        }
        if a.sentences[i].continues {
            return None;
        }
        let mut chain = vec![i];
        let mut k = i;
        while self
            .ctx
            .needs_context(k, if k == i { variant } else { None })
        {
            if a.sentences[k].position == 0 {
                return None;
            }
            k -= 1;
            if self.is_chosen[k] {
                break;
            }
            if chain.len() >= max_len {
                return None;
            }
            chain.push(k);
        }
        chain.reverse();
        let head = self.head(chain[0]);
        let ok = chain.iter().enumerate().all(|(x, &j)| {
            self.ctx.eligible[j]
                && !self.is_chosen[j]
                && self.names_introduced(j, head, &chain[..x])
                && !self.chosen.iter().any(|&c| self.ctx.index.redundant(j, c))
                && !chain[..x].iter().any(|&c| self.ctx.index.redundant(j, c))
        });
        (ok && chain.len() > 1 && self.fits_all_as(&chain, variant)).then_some(chain)
    }

    /// Sentence `i` that calls someone by surname alone (or an event by its bare noun), brought
    /// in after the sentence of its own article that first gave the name in full (or used the
    /// noun), when that is what keeps it out and that sentence can be added itself:
    /// `[introduction, i]`. At most one name is introduced so.
    fn with_introduction(&self, i: usize) -> Option<Vec<usize>> {
        let a = self.ctx.analysis;
        let s = &a.sentences[i];
        // The cheap reasons first: this runs for every sentence the greedy cannot add alone.
        if s.short_names.is_empty()
            || !self.ctx.eligible[i]
            || self.is_chosen[i]
            || s.continues
            || s.needs_context
        {
            return None;
        }
        let mut missing = s
            .short_names
            .iter()
            .filter(|&&n| !self.introduced(n, i, i, &[]));
        let (Some(&name), None) = (missing.next(), missing.next()) else {
            return None;
        };
        let first = i - s.position;
        let intro = (first..i).find(|&k| a.sentences[k].full_names.binary_search(&name).is_ok())?;
        let unit = vec![intro, i];
        let ok = self.can_add(intro)
            && !self.ctx.index.redundant(intro, i)
            && !self.chosen.iter().any(|&c| self.ctx.index.redundant(i, c))
            && self.fits_all(&unit);
        ok.then_some(unit)
    }

    /// Whether all of `sentences` fit the budget together, without overrunning it.
    fn fits_all(&self, sentences: &[usize]) -> bool {
        self.fits_all_as(sentences, None)
    }

    /// [`Selection::fits_all`], the last of `sentences` as its `variant`.
    fn fits_all_as(&self, sentences: &[usize], variant: Option<usize>) -> bool {
        if self.full {
            return false;
        }
        let last = sentences.len().saturating_sub(1);
        let lengths = sentences
            .iter()
            .enumerate()
            .map(|(k, &i)| self.ctx.length(i, if k == last { variant } else { None }));
        let words: usize = lengths.clone().map(|l| l.0).sum();
        // Each sentence brings a separating space, except the summary's first.
        let bytes: usize = lengths
            .map(|l| l.1 + 1)
            .sum::<usize>()
            .saturating_sub(usize::from(self.chosen.is_empty()));
        match self.budget {
            Budget::Words(n) => self.words + words <= n,
            Budget::Sentences(n) => self.chosen.len() + sentences.len() <= n,
            Budget::Bytes(n) => self.bytes + bytes <= n,
        }
    }

    /// Whether sentence `i` fits whole, or, in truncate mode once nothing whole fits, as the
    /// last sentence that overruns what room is left.
    fn fits(&self, i: usize, variant: Option<usize>) -> bool {
        self.fits_all_as(&[i], variant)
            || (variant.is_none() && self.overrun && !self.full && self.room() > 0)
    }

    /// Adds sentence `i`; the caller has checked [`Selection::can_add`].
    pub fn add(&mut self, i: usize) {
        debug_assert!(self.can_add(i));
        self.push(i, None);
    }

    /// Adds the sentences of a chain in order; the caller got it from [`Selection::chain`].
    pub fn add_chain(&mut self, chain: &[usize]) {
        self.add_chain_as(chain, None);
    }

    /// Adds the sentences of a chain in order, the last as its `variant`; the caller got it
    /// from [`Selection::chain_as`].
    pub fn add_chain_as(&mut self, chain: &[usize], variant: Option<usize>) {
        for (k, &i) in chain.iter().enumerate() {
            let last = k + 1 == chain.len();
            let form = if last { variant } else { None };
            debug_assert!(self.can_take(i, !last, form));
            self.push(i, form);
        }
    }

    fn push(&mut self, i: usize, variant: Option<usize>) {
        let (words, bytes) = self.ctx.length(i, variant);
        self.bytes += bytes + usize::from(!self.chosen.is_empty());
        self.words += words;
        self.full = self.overrun
            || match self.budget {
                Budget::Words(n) => self.words >= n,
                Budget::Bytes(n) => self.bytes >= n,
                Budget::Sentences(n) => self.chosen.len() + 1 >= n,
            };
        self.is_chosen[i] = true;
        self.chosen.push(i);
        self.forms.push(variant);
    }

    /// What is left of a word or byte budget (for a sentence budget, the sentences left).
    pub fn room(&self) -> usize {
        let sep = usize::from(!self.chosen.is_empty());
        match self.budget {
            Budget::Words(n) => n.saturating_sub(self.words),
            Budget::Bytes(n) => n.saturating_sub(self.bytes + sep),
            Budget::Sentences(n) => n.saturating_sub(self.chosen.len()),
        }
    }

    /// The sentences chosen so far, in the order they were added.
    pub fn chosen(&self) -> &[usize] {
        &self.chosen
    }

    /// The chosen sentences, in the order they were added.
    pub fn into_chosen(self) -> Vec<usize> {
        self.chosen
    }

    /// The chosen sentences with the variant each is quoted in, in the order they were added.
    pub fn into_choices(self) -> Vec<Choice> {
        self.chosen.into_iter().zip(self.forms).collect()
    }

    /// A selection holding `chosen` (a summarizer's choice, in the order it was made, each
    /// sentence in the form it was chosen in), to ask why the other sentences are not in it.
    pub fn of_chosen(ctx: &'c Context<'a>, budget: Budget, chosen: &[Choice]) -> Self {
        let mut sel = Selection::new(ctx, budget);
        for &(i, variant) in chosen {
            sel.push(i, variant);
        }
        sel
    }

    /// Why sentence `i` is not in the selection (or that it is), by the first rule that keeps
    /// it out.
    pub fn held(&self, i: usize) -> Held {
        let s = &self.ctx.analysis.sentences[i];
        if self.is_chosen[i] {
            Held::Chosen
        } else if self.chosen.iter().any(|&j| self.ctx.index.redundant(i, j)) {
            // Whether it could be quoted or not (a version of a quoted article): that it
            // repeats is what the reader needs to know.
            Held::Repeats
        } else if self.ctx.known.get(i).copied().unwrap_or(false) {
            Held::Told
        } else if !self.ctx.eligible[i] {
            Held::Ineligible
        } else if !self.fits_all(&[i]) {
            Held::TooLong
        } else if s.continues || (s.needs_context && (s.position == 0 || !self.is_chosen[i - 1])) {
            Held::NeedsContext
        } else if !self.names_introduced(i, self.head(i), &[]) {
            Held::Unintroduced
        } else {
            Held::AddsNothing
        }
    }
}

/// Why a sentence is not in a summary ([`Selection::held`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Held {
    /// It is in it.
    Chosen,
    /// It may not be quoted at all: a fragment, furniture, unfinished, too short or too long,
    /// or from an article set aside.
    Ineligible,
    /// It repeats a chosen sentence (whether it could be quoted or not).
    Repeats,
    /// It is longer than the room the budget has left.
    TooLong,
    /// It needs the sentence before it (or, leaving a quotation open, the one after it), which
    /// is not in the summary.
    NeedsContext,
    /// It calls someone by a surname that no sentence read before it gives in full.
    Unintroduced,
    /// The rules allow it: the summarizer found nothing in it that the summary does not
    /// already say.
    AddsNothing,
    /// An update leaves it out: an earlier article or brief told it ([`Context::known`]).
    Told,
}

/// What the caller should know when a summary stops far short of its budget (under three
/// quarters of a word or byte budget, or fewer sentences than a sentence budget asks for) or
/// is empty because the budget is smaller than any sentence: why the other sentences were not
/// added, counted by [`Selection::held`]. `None` when the summary fills its budget, or when no
/// sentence could be quoted at all (the caller says so for empty summaries).
pub fn budget_note(ctx: &Context<'_>, budget: Budget, chosen: &[Choice]) -> Option<String> {
    let a = ctx.analysis;
    let sel = Selection::of_chosen(ctx, budget, chosen);
    let (limit, unit) = match budget {
        Budget::Words(n) => (n, "words"),
        Budget::Bytes(n) => (n, "bytes"),
        Budget::Sentences(n) => (n, "sentences"),
    };
    let size = |i: usize| match budget {
        Budget::Words(_) => a.sentences[i].words,
        Budget::Bytes(_) => a.sentences[i].span.len(),
        Budget::Sentences(_) => 1,
    };
    let used = match budget {
        Budget::Words(_) => sel.words,
        Budget::Bytes(_) => sel.bytes,
        Budget::Sentences(_) => sel.chosen.len(),
    };
    let short = match budget {
        Budget::Sentences(n) => used < n,
        // In u128: a budget of usize::MAX stands for "no limit" to some callers.
        _ => (used as u128) * 4 < (limit as u128) * 3,
    };
    if !short {
        return None;
    }
    let quotable: Vec<usize> = (0..a.sentences.len())
        .filter(|&i| ctx.eligible[i])
        .collect();
    if chosen.is_empty() {
        let shortest = quotable.iter().map(|&i| size(i)).min()?;
        return (shortest > limit).then(|| {
            format!("the budget ({limit} {unit}) is smaller than any sentence (shortest {shortest} {unit})")
        });
    }
    let mut counts: std::collections::BTreeMap<Held, usize> = Default::default();
    for i in 0..a.sentences.len() {
        *counts.entry(sel.held(i)).or_default() += 1;
    }
    counts.remove(&Held::Chosen);
    let ineligible = counts.remove(&Held::Ineligible).unwrap_or(0);
    let others: usize = counts.values().sum();
    let room = sel.room();
    let phrase = |held: Held, one: bool| -> String {
        let (s, p) = match held {
            Held::Repeats => ("repeats one already chosen", "repeat one already chosen"),
            Held::TooLong => ("is longer than", "are longer than"),
            Held::NeedsContext => (
                "needs a sentence next to it that the summary leaves out",
                "need a sentence next to them that the summary leaves out",
            ),
            Held::Unintroduced => (
                "names someone the summary has not introduced",
                "name someone the summary has not introduced",
            ),
            Held::Told => (
                "was told already, by an earlier article or brief",
                "were told already, by earlier articles or briefs",
            ),
            _ => (
                "adds nothing the summary does not already say",
                "add nothing the summary does not already say",
            ),
        };
        let verb = if one { s } else { p };
        if held == Held::TooLong {
            format!("{verb} the {room} {unit} left")
        } else {
            verb.to_owned()
        }
    };
    let stop = format!("the summary stops at {used} of {limit} {unit}");
    let mut why = if others == 0 && ineligible == 0 {
        "the articles have no other sentence".to_owned()
    } else if others == 0 {
        "no other sentence can be quoted (each is a fragment, page furniture or boilerplate, \
         unfinished, or from an article set aside)"
            .to_owned()
    } else if counts.len() == 1 {
        let (&held, _) = counts.iter().next()?;
        let which = if ineligible == 0 {
            "every other sentence"
        } else {
            "every other sentence that could be quoted"
        };
        format!("{which} {}", phrase(held, true))
    } else {
        let parts: Vec<String> = counts
            .iter()
            .map(|(&held, &c)| format!("{c} {}", phrase(held, c == 1)))
            .collect();
        format!(
            "of the {others} other sentences that could be quoted, {}",
            parts.join(", ")
        )
    };
    if others > 0 && ineligible > 0 {
        why.push_str(&format!("; {ineligible} more cannot be quoted at all"));
    }
    Some(format!("{stop}: {why}"))
}

/// Takes sentences in the order of `ranking`, skipping those that break a rule, until nothing
/// more fits. Sentences that were skipped only for lack of their predecessor get another chance
/// once it is in; a sentence that leaves a quotation open comes in together with the next one,
/// which goes on with it. Used by every algorithm whose scores do not change as sentences are
/// chosen.
pub fn fill_by_rank(ctx: &Context<'_>, budget: Budget, ranking: &[usize]) -> Vec<usize> {
    let mut sel = Selection::new(ctx, budget);
    let n = ctx.analysis.sentences.len();
    loop {
        if ctx.cancel.is_cancelled() {
            return Vec::new();
        }
        let mut added = false;
        for &i in ranking {
            if sel.can_add(i) {
                sel.add(i);
                added = true;
                break;
            }
            let continues = ctx.analysis.sentences[i].continues && i + 1 < n;
            let pair = continues.then(|| sel.chain(i + 1, 2)).flatten();
            if let Some(unit) = pair.filter(|unit| unit[0] == i) {
                sel.add_chain(&unit);
                added = true;
                break;
            }
        }
        if !added && !sel.allow_overrun() {
            return sel.into_chosen();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Cleaner;
    use crate::model::Cluster;

    fn with_context<R>(
        text: &str,
        budget: Budget,
        f: impl FnOnce(&mut Selection<'_, '_>) -> R,
    ) -> R {
        with_ctx(text, |ctx| f(&mut Selection::new(ctx, budget)))
    }

    /// Runs `f` on the context of a one-article cluster of `text`, every sentence eligible.
    fn with_ctx<R>(text: &str, f: impl FnOnce(&Context<'_>) -> R) -> R {
        let c = Cluster::of_texts("c", &[text]);
        let a = AnalyzedCluster::new(&c, &Cleaner::default());
        let index = SentenceIndex::new(&a, Default::default());
        let ctx = Context {
            analysis: &a,
            index: &index,
            eligible: vec![true; a.sentences.len()],
            known: Vec::new(),
            doc_weight: vec![1.0],
            truncate: false,
            variants: vec![Vec::new(); a.sentences.len()],
            notes: Default::default(),
            cancel: Default::default(),
        };
        f(&ctx)
    }

    const TEXT: &str = "The council voted on the new budget plan late on Tuesday night. \
        Afterward, the mayor called the plan a disaster for the city schools. \
        He said he would veto it before the end of the month. \
        Residents of the northern districts protested outside the town hall.";

    #[test]
    fn a_sentence_needing_context_comes_with_its_predecessors() {
        with_context(TEXT, Budget::Words(100), |sel| {
            assert!(!sel.can_add(2));
            // "He said…" needs "Afterward, …", which needs the first sentence: too long a chain.
            assert_eq!(sel.chain(2, 2), None);
            assert_eq!(sel.chain(2, 3), Some(vec![0, 1, 2]));
            assert_eq!(sel.chain(3, 3), Some(vec![3]));
            sel.add(0);
            assert_eq!(sel.chain(2, 2), Some(vec![1, 2]));
            sel.add(1);
            assert_eq!(sel.chain(2, 1), Some(vec![2]));
        });
    }

    const QUOTE: &str = "The council voted on the new budget plan late on Tuesday night. \
        \"We have waited a whole year for this money to reach the schools. \
        It is time the city paid,\" Mayor Ann Lee told reporters after the vote. \
        Residents of the northern districts protested outside the town hall.";

    #[test]
    fn a_quotation_over_two_sentences_is_quoted_whole_or_not_at_all() {
        with_context(QUOTE, Budget::Words(100), |sel| {
            // The opener leaves the quotation open; the closer needs the opener.
            assert!(!sel.can_add(1));
            assert!(!sel.can_add(2));
            assert_eq!(sel.chain(1, 2), None);
            assert_eq!(sel.chain(2, 2), Some(vec![1, 2]));
            sel.add_chain(&[1, 2]);
            assert_eq!(sel.chain(3, 2), Some(vec![3]));
        });
        // The ranked fill brings the closer in with the opener when the opener ranks.
        with_ctx(QUOTE, |ctx| {
            assert_eq!(fill_by_rank(ctx, Budget::Words(30), &[1, 0, 2, 3]), [1, 2]);
            // Too little room for both: neither goes in.
            assert_eq!(fill_by_rank(ctx, Budget::Words(15), &[1, 2, 0]), [0]);
        });
    }

    #[test]
    fn a_chain_must_fit_the_budget_whole() {
        with_context(TEXT, Budget::Words(20), |sel| {
            // Sentences 0 and 1 are 12 words each: together they pass 20.
            assert_eq!(sel.chain(1, 2), None);
            assert_eq!(sel.chain(0, 2), Some(vec![0]));
        });
        with_context(TEXT, Budget::Sentences(2), |sel| {
            assert_eq!(sel.chain(2, 3), None);
            assert_eq!(sel.chain(1, 2), Some(vec![0, 1]));
        });
    }

    #[test]
    fn a_surname_alone_needs_the_full_name_read_before_it() {
        let text = "Sheriff Mike Hall said the search for the missing boy would go on. \
            Hall thanked the community for its support on Sunday. \
            Volunteers from three towns joined Mike Hall at the lake.";
        with_context(text, Budget::Words(100), |sel| {
            assert!(!sel.can_add(1));
            // It comes in after the sentence that introduced him.
            assert_eq!(sel.chain(1, 2), Some(vec![0, 1]));
            // The full name read after it does not introduce him.
            sel.add(2);
            assert!(!sel.can_add(1));
            sel.add(0);
            assert!(sel.can_add(1));
        });
        // No room for the introduction as well: it stays out.
        with_context(text, Budget::Words(15), |sel| {
            assert_eq!(sel.chain(1, 2), None);
            assert_eq!(sel.chain(0, 2), Some(vec![0]));
        });
    }
}

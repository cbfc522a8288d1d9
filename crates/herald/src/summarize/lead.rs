//! The lead baseline: the first sentence of each article in turn, then the second, and so on.

use super::{fill_by_rank, Context, Summarizer};
use crate::model::Budget;

/// First sentences of each article in turn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lead;

impl Summarizer for Lead {
    fn select(&self, ctx: &Context<'_>, budget: Budget) -> Vec<usize> {
        let a = ctx.analysis;
        let mut ranking: Vec<usize> = (0..a.sentences.len()).collect();
        ranking.sort_by_key(|&i| (a.sentences[i].position, a.sentences[i].doc));
        fill_by_rank(ctx, budget, &ranking)
    }
}

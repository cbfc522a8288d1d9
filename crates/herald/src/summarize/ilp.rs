//! Exact concept coverage: the integer linear program of Gillick & Favre (2009), solved with
//! microlp's branch and bound.
//!
//! Variables: `x_i` ∈ {0, 1} per candidate sentence, `y_j` ∈ [0, 1] per concept. Maximise
//! `Σ w_j y_j + Σ b_i x_i` subject to
//! - the budget: `Σ cost_i x_i ≤ budget`;
//! - coverage: `y_j ≤ Σ_{i ∋ j} x_i` (a concept counts once, and only when a chosen sentence
//!   has it; at an optimum `y_j` is 0 or 1 by itself);
//! - redundancy: `x_i + x_k ≤ 1` for every pair of equivalent candidates;
//! - context: `x_i ≤ x_{i-1}` when sentence `i` needs its predecessor, and `x_i ≤ x_{i+1}`
//!   when it leaves a quotation open that its successor goes on with.
//!
//! The search is bounded by a node limit, not a clock, so the answer never depends on the
//! machine's speed; when the limit stops it, the best solution found so far is used.

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions};

/// One candidate sentence of the program.
pub(crate) struct Candidate<'a> {
    /// Sentence index in the cluster.
    pub sentence: usize,
    /// What it costs against the budget.
    pub cost: f64,
    /// Its modular bonus in the objective.
    pub bonus: f64,
    /// Its concepts, as indices into the weight table (sorted, unique).
    pub concepts: &'a [usize],
    /// The candidates (indices into the candidate list) it may only be chosen with: its
    /// predecessor when it needs context, its successor when it leaves a quotation open.
    pub needs: Vec<usize>,
}

/// Solves the program for `candidates` under `budget`; `weights` are the concept weights and
/// `conflicts` the pairs of candidates (indices into `candidates`) that may not both be chosen.
/// Returns the chosen candidates' sentence indices in increasing order, or `None` when the solver
/// fails or finds nothing within `node_limit` nodes.
pub(crate) fn solve(
    candidates: &[Candidate<'_>],
    weights: &[f64],
    conflicts: &[(usize, usize)],
    budget: f64,
    node_limit: u64,
) -> Option<Vec<usize>> {
    if candidates.is_empty() {
        return Some(Vec::new());
    }
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let x: Vec<_> = candidates
        .iter()
        .map(|c| problem.add_binary_var(c.bonus.max(0.0)))
        .collect();
    // The sentences that hold each concept, for concepts of positive weight only.
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); weights.len()];
    for (k, c) in candidates.iter().enumerate() {
        for &j in c.concepts {
            if weights[j] > 0.0 {
                holders[j].push(k);
            }
        }
    }
    for (j, h) in holders.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let y = problem.add_var(weights[j], (0.0, 1.0));
        let mut expr = LinearExpr::empty();
        expr.add(y, 1.0);
        for &k in h {
            expr.add(x[k], -1.0);
        }
        problem.add_constraint(expr, ComparisonOp::Le, 0.0);
    }
    let cost: LinearExpr = candidates
        .iter()
        .zip(&x)
        .map(|(c, &v)| (v, c.cost))
        .collect();
    problem.add_constraint(cost, ComparisonOp::Le, budget);
    for &(a, b) in conflicts {
        if a != b {
            problem.add_constraint([(x[a], 1.0), (x[b], 1.0)], ComparisonOp::Le, 1.0);
        }
    }
    for (k, c) in candidates.iter().enumerate() {
        for &p in c.needs.iter().filter(|&&p| p != k) {
            problem.add_constraint([(x[k], 1.0), (x[p], -1.0)], ComparisonOp::Le, 0.0);
        }
    }
    let mut options = SolveOptions::default();
    options.node_limit = Some(node_limit);
    let solution = problem.solve_with(options).ok()?.into_solution().ok()?;
    let mut chosen: Vec<usize> = candidates
        .iter()
        .zip(&x)
        .filter(|(_, &v)| solution.var_value_raw(v) > 0.5)
        .map(|(c, _)| c.sentence)
        .collect();
    chosen.sort_unstable();
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_best_cover_within_budget() {
        // Concepts 0..3 weigh 3, 2, 2, 1. Sentence 0 covers {0}, 1 covers {1, 2}, 2 covers
        // {0, 3}. With budget 2 (each costs 1) the best is {1, 2}: 2 + 2 + 3 + 1 = 8.
        let concepts = [vec![0], vec![1, 2], vec![0, 3]];
        let candidates: Vec<Candidate<'_>> = concepts
            .iter()
            .enumerate()
            .map(|(i, c)| Candidate {
                sentence: i,
                cost: 1.0,
                bonus: 0.0,
                concepts: c,
                needs: Vec::new(),
            })
            .collect();
        let weights = [3.0, 2.0, 2.0, 1.0];
        assert_eq!(
            solve(&candidates, &weights, &[], 2.0, 1000),
            Some(vec![1, 2])
        );
        // Forbidding 1 and 2 together leaves {0, 1} or {1, 2}'s rival: {0, 1} = 7 beats {0, 2} = 4.
        assert_eq!(
            solve(&candidates, &weights, &[(1, 2)], 2.0, 1000),
            Some(vec![0, 1])
        );
    }
}

//! Sorted sparse sets and vectors over term ids, shared by the stages that compare texts.

use std::cmp::Ordering;

/// The number of elements two sorted, duplicate-free slices share.
pub(crate) fn intersection_len<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// The dot product of two sparse vectors given as (term, weight) pairs sorted by term, summed
/// in double precision whatever the weights' precision.
pub(crate) fn dot<W: Copy + Into<f64>>(x: &[(u32, W)], y: &[(u32, W)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < x.len() && j < y.len() {
        let (a, b) = (x[i].0, y[j].0);
        if a == b {
            sum += x[i].1.into() * y[j].1.into();
        }
        // Both steps without a branch on which term is smaller: the order of hashed terms is
        // a coin toss, so a three-way branch mispredicts every other step (this loop is most
        // of the time grouping spends comparing an article with its candidate stories).
        i += usize::from(a <= b);
        j += usize::from(b <= a);
    }
    sum
}

/// Counts of each term in `terms`, as (term, count) pairs sorted by term.
pub(crate) fn term_counts(mut terms: Vec<u32>) -> Vec<(u32, f64)> {
    terms.sort_unstable();
    let mut out: Vec<(u32, f64)> = Vec::with_capacity(terms.len());
    for t in terms {
        match out.last_mut() {
            Some((last, c)) if *last == t => *c += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersections_dots_and_counts() {
        assert_eq!(intersection_len(&[1, 2, 3], &[2, 3, 4]), 2);
        assert_eq!(intersection_len(&[], &[1]), 0);
        assert_eq!(dot(&[(1, 2.0), (3, 1.0)], &[(1, 0.5), (2, 9.0)]), 1.0);
        assert_eq!(term_counts(vec![3, 1, 3]), vec![(1, 1.0), (3, 2.0)]);
    }

    proptest::proptest! {
        /// The merge gives, to the bit, the sum of the shared terms' products taken in term
        /// order, as a lookup of every term would.
        #[test]
        fn dot_is_the_sum_over_shared_terms_in_term_order(
            x in proptest::collection::btree_map(0u32..64, -4.0f32..4.0, 0..24),
            y in proptest::collection::btree_map(0u32..64, -4.0f32..4.0, 0..24),
        ) {
            let mut expected = 0.0f64;
            for (t, a) in &x {
                if let Some(b) = y.get(t) {
                    expected += f64::from(*a) * f64::from(*b);
                }
            }
            let x: Vec<(u32, f32)> = x.into_iter().collect();
            let y: Vec<(u32, f32)> = y.into_iter().collect();
            proptest::prop_assert_eq!(dot(&x, &y).to_bits(), expected.to_bits());
            let common = x.iter().filter(|(t, _)| y.iter().any(|(u, _)| u == t)).count();
            let (xs, ys): (Vec<u32>, Vec<u32>) = (
                x.iter().map(|p| p.0).collect(),
                y.iter().map(|p| p.0).collect(),
            );
            proptest::prop_assert_eq!(intersection_len(&xs, &ys), common);
        }
    }
}

//! ROUGE-1.5.5's bootstrap: the reported average and confidence interval of
//! each measure come from resampling the per-item scores.
//!
//! Perl (since 5.20) draws `rand` from its own 48-bit linear congruential
//! generator, the same on every platform, and the script seeds resample `i`
//! with `srand(i)`. Reimplementing that generator makes the averages and the
//! interval bounds identical to the script's, not merely close.

use crate::Estimate;

/// Perl's `drand48`.
struct Drand48(u64);

impl Drand48 {
    fn seeded(seed: u32) -> Self {
        Drand48(0x330E + (u64::from(seed) << 16))
    }

    /// `int(rand(n))`.
    fn below(&mut self, n: usize) -> usize {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & ((1 << 48) - 1);
        let unit = self.0 as f64 / (1u64 << 48) as f64;
        (unit * n as f64) as usize
    }
}

/// Rounds like perl's `sprintf("%7.5f")` read back as a number: correctly
/// rounded decimal, ties to even on the exact binary value.
pub(crate) fn round5(x: f64) -> f64 {
    format!("{x:.5}")
        .parse()
        .expect("a formatted finite float parses back")
}

/// The item indices each resample draws. Every metric is resampled with the
/// same seeds, so the draws are computed once and shared.
pub(crate) struct Resamples {
    items: usize,
    resamples: usize,
    draws: Vec<u32>,
    confidence: f64,
}

impl Resamples {
    pub(crate) fn new(items: usize, resamples: usize, seed: u32, confidence: f64) -> Self {
        let mut draws = Vec::with_capacity(items * resamples);
        for r in 0..resamples {
            // The script passes the resample index to srand, which keeps 32 bits.
            let mut rng = Drand48::seeded(seed.wrapping_add(r as u32));
            draws.extend((0..items).map(|_| rng.below(items) as u32));
        }
        Resamples {
            items,
            resamples,
            draws,
            confidence,
        }
    }

    /// Bootstrap estimates for recall, precision and F from per-item `[r, p, f]`.
    pub(crate) fn estimate(&self, values: &[[f64; 3]]) -> [Estimate; 3] {
        let n = self.items;
        assert_eq!(values.len(), n, "one value per item");
        let resamples = self.resamples;
        let mut means: [Vec<f64>; 3] = std::array::from_fn(|_| Vec::with_capacity(resamples));
        for r in 0..resamples {
            let mut sum = [0.0f64; 3];
            if n > 0 {
                for &k in &self.draws[r * n..(r + 1) * n] {
                    let item = &values[k as usize];
                    for d in 0..3 {
                        sum[d] += item[d];
                    }
                }
            }
            for d in 0..3 {
                means[d].push(if n > 0 { sum[d] / n as f64 } else { 0.0 });
            }
        }

        let delta = resamples as f64 * ((100.0 - self.confidence) / 2.0) / 100.0;
        let upper = (resamples as f64 - delta - 1.0) as usize;
        let lower = delta as usize;
        let frac = resamples as f64 - delta - 1.0 - upper as f64;
        means.map(|mut v| {
            v.sort_by(f64::total_cmp);
            // Perl reads past the end of the array as 0.
            let at = |i: usize| v.get(i).copied().unwrap_or(0.0);
            let interpolate = |i: usize| at(i) + (at(i + 1) - at(i)) * frac;
            Estimate {
                mean: round5(v.iter().sum::<f64>() / v.len() as f64),
                low: round5(interpolate(lower)),
                high: round5(interpolate(upper)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drand48_matches_perl() {
        // perl -e 'srand(0); print int(rand(1e9)), " ", int(rand(1e9))'
        let mut r = Drand48::seeded(0);
        assert_eq!(r.below(1_000_000_000), 170_828_036);
        assert_eq!(r.below(1_000_000_000), 749_901_980);
        let mut r = Drand48::seeded(999);
        assert_eq!(r.below(1_000_000_000), 102_334_393);
    }

    #[test]
    fn round5_ties_to_even_like_glibc() {
        assert_eq!(round5(0.015625), 0.01562);
        assert_eq!(round5(0.046875), 0.04688);
        assert_eq!(round5(2.0 / 3.0), 0.66667);
    }

    #[test]
    fn constant_scores_have_a_degenerate_interval() {
        let items = vec![[0.5, 0.25, 0.33333]; 7];
        let [r, p, f] = Resamples::new(items.len(), 1000, 0, 95.0).estimate(&items);
        assert_eq!((r.mean, r.low, r.high), (0.5, 0.5, 0.5));
        assert_eq!((p.mean, f.mean), (0.25, 0.33333));
    }

    #[test]
    fn interval_brackets_the_mean() {
        let items: Vec<[f64; 3]> = (0..30)
            .map(|i| {
                let x = f64::from(i) / 30.0;
                [x, 1.0 - x, x * x]
            })
            .collect();
        for e in Resamples::new(items.len(), 1000, 0, 95.0).estimate(&items) {
            assert!(e.low <= e.mean && e.mean <= e.high, "{e:?}");
        }
    }
}

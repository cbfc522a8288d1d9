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
        // Through i64, which converts in one instruction; the value is below n.
        (unit * n as f64) as i64 as usize
    }
}

/// Rounds like perl's `sprintf("%7.5f")` read back as a number: correctly
/// rounded decimal, ties to even on the exact binary value.
///
/// Scores lie in `[0, 1]`, where `x * 1e5` is off from the exact product by
/// far less than 1e-6, so unless `x` is that close to a tie the integer
/// nearest to the product is the correctly rounded one, and dividing it by
/// 1e5 gives the double nearest to the decimal, exactly as parsing it would.
/// Near ties, and outside that range, the decimal string decides.
pub(crate) fn round5(x: f64) -> f64 {
    if (0.0..1e6).contains(&x) {
        let y = x * 1e5;
        let floor = y.floor();
        let frac = y - floor;
        if (frac - 0.5).abs() > 1e-6 {
            return if frac > 0.5 { floor + 1.0 } else { floor } / 1e5;
        }
    }
    round5_by_string(x)
}

fn round5_by_string(x: f64) -> f64 {
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

    /// Bootstrap estimates of every column of `values`, a row-major table
    /// of `width` per-item scores (recall, precision and F of each metric).
    pub(crate) fn estimate(&self, values: &[f64], width: usize) -> Vec<Estimate> {
        let n = self.items;
        assert_eq!(values.len(), n * width, "one row per item");
        let resamples = self.resamples;
        // Columns go in blocks of eight, whose sums stay in registers while
        // the draws of a resample are added in order, as the script adds them.
        const BLOCK: usize = 8;
        let blocks = width.div_ceil(BLOCK);
        let mut rows = vec![[0.0f64; BLOCK]; n * blocks];
        for (row, item) in rows
            .chunks_exact_mut(blocks)
            .zip(values.chunks_exact(width))
        {
            for (c, &v) in item.iter().enumerate() {
                row[c / BLOCK][c % BLOCK] = v;
            }
        }
        // means[c * resamples + r]: column c's mean in resample r.
        let mut means = vec![0.0f64; width * resamples];
        match blocks {
            1 => self.resample_means::<1>(&rows, width, &mut means),
            2 => self.resample_means::<2>(&rows, width, &mut means),
            3 => self.resample_means::<3>(&rows, width, &mut means),
            _ => {
                for b in 0..blocks {
                    let block: Vec<[f64; BLOCK]> = (0..n).map(|k| rows[k * blocks + b]).collect();
                    let columns = (width - b * BLOCK).min(BLOCK);
                    let means = &mut means[b * BLOCK * resamples..];
                    self.resample_means::<1>(&block, columns, means);
                }
            }
        }

        let delta = resamples as f64 * ((100.0 - self.confidence) / 2.0) / 100.0;
        let upper = (resamples as f64 - delta - 1.0) as usize;
        let lower = delta as usize;
        let frac = resamples as f64 - delta - 1.0 - upper as f64;
        let mut sorter = Sorter::default();
        means
            .chunks_exact_mut(resamples.max(1))
            .take(width)
            .map(|v| {
                sorter.sort(v);
                // Perl reads past the end of the array as 0.
                let at = |i: usize| v.get(i).copied().unwrap_or(0.0);
                let interpolate = |i: usize| at(i) + (at(i + 1) - at(i)) * frac;
                Estimate {
                    // The script sums the sorted means.
                    mean: round5(v.iter().sum::<f64>() / v.len() as f64),
                    low: round5(interpolate(lower)),
                    high: round5(interpolate(upper)),
                }
            })
            .collect()
    }
}

impl Resamples {
    /// The mean of each of the first `width` columns of `rows` (items of
    /// `B` blocks of eight columns) in every resample, into
    /// `means[c * resamples + r]`. The sums of a resample stay in registers
    /// while its draws are added in order, as the script adds them.
    fn resample_means<const B: usize>(&self, rows: &[[f64; 8]], width: usize, means: &mut [f64]) {
        let (n, resamples) = (self.items, self.resamples);
        let rows: &[[[f64; 8]; B]] = &rows
            .chunks_exact(B)
            .map(|c| std::array::from_fn(|b| c[b]))
            .collect::<Vec<_>>();
        for r in 0..resamples {
            let mut sum = [[0.0f64; 8]; B];
            for &k in &self.draws[r * n..(r + 1) * n] {
                let row = &rows[k as usize];
                for b in 0..B {
                    for l in 0..8 {
                        sum[b][l] += row[b][l];
                    }
                }
            }
            for c in 0..width {
                let s = sum[c / 8][c % 8];
                means[c * resamples + r] = if n > 0 { s / n as f64 } else { 0.0 };
            }
        }
    }
}

/// Sorts floats in [`f64::total_cmp`] order, by their bit patterns mapped
/// so that unsigned order is that order. Resample means are spread smoothly,
/// so one counting pass on the leading bits that vary leaves them almost
/// sorted, and an insertion sort finishes the job.
#[derive(Default)]
struct Sorter {
    keys: Vec<u64>,
    spare: Vec<u64>,
    counts: Vec<u32>,
}

impl Sorter {
    fn sort(&mut self, v: &mut [f64]) {
        const SIGN: u64 = 1 << 63;
        // Scores are never negative, and non-negative floats order like
        // their bit patterns; others need the sign handled.
        let signed = v.iter().any(|x| x.is_sign_negative());
        self.keys.clear();
        self.keys.extend(v.iter().map(|x| {
            let bits = x.to_bits();
            if !signed {
                bits
            } else if bits & SIGN != 0 {
                !bits
            } else {
                bits | SIGN
            }
        }));
        self.sort_keys();
        for (x, &k) in v.iter_mut().zip(&self.keys) {
            *x = f64::from_bits(if !signed {
                k
            } else if k & SIGN != 0 {
                k & !SIGN
            } else {
                !k
            });
        }
    }

    fn sort_keys(&mut self) {
        let keys = &mut self.keys;
        let (Some(&min), Some(&max)) = (keys.iter().min(), keys.iter().max()) else {
            return;
        };
        let buckets_log = keys.len().next_power_of_two().trailing_zeros();
        let span_bits = 64 - (max - min).leading_zeros();
        let shift = span_bits.saturating_sub(buckets_log);
        let bucket = |k: u64| ((k - min) >> shift) as usize;
        self.counts.clear();
        self.counts.resize((1 << buckets_log) + 1, 0);
        for &k in keys.iter() {
            self.counts[bucket(k) + 1] += 1;
        }
        for i in 1..self.counts.len() {
            self.counts[i] += self.counts[i - 1];
        }
        self.spare.resize(keys.len(), 0);
        for &k in keys.iter() {
            let slot = &mut self.counts[bucket(k)];
            self.spare[*slot as usize] = k;
            *slot += 1;
        }
        std::mem::swap(keys, &mut self.spare);
        // Keys only move within their bucket; give up on clustered input.
        let mut budget = 16 * keys.len();
        for i in 1..keys.len() {
            let k = keys[i];
            let mut j = i;
            while j > 0 && keys[j - 1] > k {
                keys[j] = keys[j - 1];
                j -= 1;
            }
            keys[j] = k;
            budget = budget.saturating_sub(i - j);
            if budget == 0 {
                keys.sort_unstable();
                return;
            }
        }
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
    fn round5_fast_path_agrees_with_the_decimal_string() {
        let mut seed = 1u64;
        for i in 0..200_000u64 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let x = match i % 4 {
                // Ratios of small counts, as scores are.
                0 => (seed >> 40) as f64 % 997.0 / (1.0 + (seed >> 20) as f64 % 997.0),
                // Exact and near ties.
                1 => ((seed >> 30) % 100_000) as f64 / 1e5 + 5e-6,
                2 => f64::from_bits(
                    (((seed >> 30) % 100_000) as f64 / 1e5 + 5e-6).to_bits() + (seed >> 62) - 2,
                ),
                _ => (seed >> 11) as f64 / (1u64 << 53) as f64,
            };
            let x = x.min(1.0);
            assert_eq!(round5(x).to_bits(), round5_by_string(x).to_bits(), "{x:e}");
        }
    }

    #[test]
    fn round5_ties_to_even_like_glibc() {
        assert_eq!(round5(0.015625), 0.01562);
        assert_eq!(round5(0.046875), 0.04688);
        assert_eq!(round5(2.0 / 3.0), 0.66667);
    }

    #[test]
    fn radix_sort_orders_like_total_cmp() {
        let mut seed = 3u64;
        let mut sorter = Sorter::default();
        for len in [0, 1, 2, 10, 1000, 5000] {
            let mut v: Vec<f64> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    match i % 5 {
                        0 if len == 5000 => 0.5,
                        0 => 0.0,
                        1 => -((seed >> 11) as f64) / 1e9,
                        2 => 0.25,
                        _ => (seed >> 11) as f64 / (1u64 << 53) as f64,
                    }
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by(f64::total_cmp);
            sorter.sort(&mut v);
            assert_eq!(
                v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn blocked_sums_equal_plain_sums_in_draw_order() {
        let mut seed = 11u64;
        for (items, width) in [(7, 3), (30, 9), (12, 17), (30, 18), (5, 30), (0, 6)] {
            let values: Vec<f64> = (0..items * width)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    round5((seed >> 11) as f64 / (1u64 << 53) as f64)
                })
                .collect();
            let resamples = Resamples::new(items, 200, 0, 95.0);
            let got = resamples.estimate(&values, width);
            assert_eq!(got.len(), width);
            for (c, e) in got.iter().enumerate() {
                let mut means: Vec<f64> = (0..200)
                    .map(|r| {
                        let draws = &resamples.draws[r * items..(r + 1) * items];
                        let sum = draws
                            .iter()
                            .fold(0.0, |s, &k| s + values[k as usize * width + c]);
                        if items > 0 {
                            sum / items as f64
                        } else {
                            0.0
                        }
                    })
                    .collect();
                means.sort_by(f64::total_cmp);
                let mean = round5(means.iter().sum::<f64>() / 200.0);
                assert_eq!(
                    e.mean.to_bits(),
                    mean.to_bits(),
                    "{items} x {width}, column {c}"
                );
            }
        }
    }

    #[test]
    fn constant_scores_have_a_degenerate_interval() {
        let items = [0.5, 0.25, 0.33333].repeat(7);
        let e = Resamples::new(7, 1000, 0, 95.0).estimate(&items, 3);
        let [r, p, f] = [e[0], e[1], e[2]];
        assert_eq!((r.mean, r.low, r.high), (0.5, 0.5, 0.5));
        assert_eq!((p.mean, f.mean), (0.25, 0.33333));
    }

    #[test]
    fn interval_brackets_the_mean() {
        let items: Vec<f64> = (0..30)
            .flat_map(|i| {
                let x = f64::from(i) / 30.0;
                [x, 1.0 - x, x * x]
            })
            .collect();
        for e in Resamples::new(30, 1000, 0, 95.0).estimate(&items, 3) {
            assert!(e.low <= e.mean && e.mean <= e.high, "{e:?}");
        }
    }
}

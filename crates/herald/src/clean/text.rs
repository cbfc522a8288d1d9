//! Small text helpers the furniture rules share: words with their offsets, dashes and
//! separators, brackets, and case-blind matchers. They live apart so that each rule's module
//! reads on its own.

/// The dashes that set furniture (a dateline, a credit) apart from the story.
pub(super) const DASHES: &[&str] = &["--", "—", "–", "-"];

/// What follows a dash at the start of `s` and the white space after it, without that space;
/// `None` if `s` does not open on a free-standing dash.
pub(super) fn after_dash(s: &str) -> Option<&str> {
    DASHES.iter().find_map(|d| after_separator(s, d))
}

/// Word `w` without the punctuation around it: `"Hello,"` is `Hello`.
pub(super) fn unpunctuated(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The words of `s`, split at white space, each with its byte offset in `s`.
pub(super) fn words_at(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// What follows `sep` at the start of `s` and the white space after it, without that space.
pub(super) fn after_separator<'s>(s: &'s str, sep: &str) -> Option<&'s str> {
    s.strip_prefix(sep)
        .filter(|r| r.starts_with(char::is_whitespace))
        .map(str::trim_start)
}

/// The position of the `)` that closes the `(` at `open`, counting the brackets between.
pub(super) fn closing_bracket(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, b) in s.bytes().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// A matcher for `patterns` in any ASCII case. Plain strings always build.
pub(super) fn any_case<'p>(
    patterns: impl IntoIterator<Item = &'p str>,
) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .expect("plain string patterns always build")
}

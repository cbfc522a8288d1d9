//! Reading a summary string the way ROUGE-1.5.5 reads a one-sentence-per-line
//! (SPL) file: line splitting, length truncation and tokenization.
//!
//! Everything works on bytes: the perl script reads files without an encoding
//! layer, so a byte limit counts UTF-8 bytes and every non-ASCII byte is a
//! separator.

use crate::Limit;

/// Byte classes: token bytes (ASCII letters and digits) and perl's `\s`.
const ALNUM: u8 = 1;
const SPACE: u8 = 2;

static CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = ALNUM;
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            t[b] = SPACE;
        }
        b += 1;
    }
    t
};

/// Perl's `\s` on a byte string.
#[inline]
fn is_space(b: u8) -> bool {
    CLASSES[b as usize] == SPACE
}

#[inline]
fn is_token_byte(b: u8) -> bool {
    CLASSES[b as usize] == ALNUM
}

/// The sentence units of a summary: its lines, without the empty ones.
fn lines(text: &str) -> impl Iterator<Item = &[u8]> {
    text.as_bytes()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
}

/// How a line fares against a word limit with `k` words left.
enum Fields {
    /// The line has fewer than `k` fields, this many.
    Fewer(usize),
    /// The line has at least `k` fields, and the first `k` end here: their
    /// tokens are those of `line[..end]`.
    Cut(usize),
}

/// Counts the fields of perl's `split(/\s+/, $line)`, which the word limit
/// counts, up to `k`. A leading separator yields an empty first field (so
/// it counts as a word) and trailing empty fields are dropped, so a line of
/// blanks has none.
fn fields_upto(line: &[u8], k: usize) -> Fields {
    let lead = usize::from(line.first().is_some_and(|&b| is_space(b)));
    let (mut i, mut words, mut end) = (0, 0, 0);
    loop {
        while i < line.len() && is_space(line[i]) {
            i += 1;
        }
        if i == line.len() {
            break;
        }
        // Another word follows, so the fields so far all exist.
        if words + lead >= k {
            return Fields::Cut(end);
        }
        while i < line.len() && !is_space(line[i]) {
            i += 1;
        }
        words += 1;
        end = i;
    }
    let count = if words > 0 { words + lead } else { 0 };
    if count >= k {
        Fields::Cut(end)
    } else {
        Fields::Fewer(count)
    }
}

/// Setting bit 5 of every byte lowercases ASCII letters and keeps digits.
pub(crate) const FOLD: u64 = 0x2020_2020_2020_2020;

/// A ROUGE token and its first eight bytes, lowercased, as a little-endian
/// word padded with zeros: most tokens are compared and hashed by that word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) head: u64,
}

impl<'a> Token<'a> {
    /// `bytes` must be ASCII letters and digits.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        let mut head = 0u64;
        for (i, &b) in bytes.iter().take(8).enumerate() {
            head |= u64::from(b | 0x20) << (8 * i);
        }
        Token { bytes, head }
    }
}

/// Calls `f` on every ROUGE token of `text`: the maximal runs of ASCII
/// letters and digits. This is what survives the script's hyphen splitting,
/// replacement of every other byte by a space and its filter on the first
/// character.
#[inline]
pub(crate) fn for_each_token<'a>(text: &'a [u8], mut f: impl FnMut(Token<'a>)) {
    let mut i = 0;
    while i < text.len() {
        if !is_token_byte(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < text.len() && is_token_byte(text[i]) {
            i += 1;
        }
        let bytes = &text[start..i];
        // Read the head in one go where eight bytes are at hand.
        f(match text.get(start..start + 8) {
            Some(eight) => {
                let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
                let keep = if bytes.len() >= 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * bytes.len())) - 1
                };
                Token {
                    bytes,
                    head: (word | FOLD) & keep,
                }
            }
            None => Token::new(bytes),
        });
    }
}

/// Calls `f` on the kept part of every line whose tokens make the summary's
/// single token stream, as used by ROUGE-N, ROUGE-S and the unigram
/// bookkeeping of ROUGE-L. The limit keeps whole sentences while they fit
/// strictly under it and cuts the first one that does not.
pub(crate) fn flat_parts<'a>(text: &'a str, limit: Limit, mut f: impl FnMut(&'a [u8])) {
    match limit {
        Limit::None | Limit::Words(0) | Limit::Bytes(0) => lines(text).for_each(f),
        Limit::Words(max) => {
            let mut used = 0;
            for line in lines(text) {
                match fields_upto(line, max - used) {
                    Fields::Fewer(count) => {
                        f(line);
                        used += count;
                    }
                    Fields::Cut(end) => {
                        f(&line[..end]);
                        break;
                    }
                }
            }
        }
        Limit::Bytes(max) => {
            let mut used = 0;
            for line in lines(text) {
                if used + line.len() < max {
                    f(line);
                    used += line.len();
                } else {
                    f(&line[..max - used]);
                    break;
                }
            }
        }
    }
}

/// Calls `f` on the kept part of every sentence unit, as used by ROUGE-L. The
/// word limit behaves as in [`flat_parts`], so the two streams hold the same
/// tokens; the byte limit does not: ROUGE-1.5.5 never accumulates the byte
/// count here, so every line shorter than the limit is kept until the first
/// line that reaches it, which is cut to the limit on its own.
pub(crate) fn sentence_parts<'a>(text: &'a str, limit: Limit, mut f: impl FnMut(&'a [u8])) {
    match limit {
        Limit::Bytes(max) if max > 0 => {
            for line in lines(text) {
                if line.len() < max {
                    f(line);
                } else {
                    f(&line[..max]);
                    break;
                }
            }
        }
        _ => flat_parts(text, limit, f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(part: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        for_each_token(part, |t| {
            assert_eq!(t.head, Token::new(t.bytes).head);
            out.push(String::from_utf8_lossy(t.bytes).into_owned())
        });
        out
    }

    fn flat_tokens(text: &str, limit: Limit) -> Vec<String> {
        let mut out = Vec::new();
        flat_parts(text, limit, |p| out.extend(tokens(p)));
        out
    }

    fn sentence_tokens(text: &str, limit: Limit) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        sentence_parts(text, limit, |p| out.push(tokens(p)));
        out
    }

    /// Perl's `split(/\s+/, $line)`, as the reference for the word limit.
    fn perl_split(line: &[u8]) -> Vec<&[u8]> {
        let mut fields: Vec<&[u8]> = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < line.len() {
            if is_space(line[i]) {
                fields.push(&line[start..i]);
                while i < line.len() && is_space(line[i]) {
                    i += 1;
                }
                start = i;
            } else {
                i += 1;
            }
        }
        fields.push(&line[start..]);
        while fields.last().is_some_and(|f| f.is_empty()) {
            fields.pop();
        }
        fields
    }

    #[test]
    fn tokens_are_alphanumeric_runs() {
        let text = "Well-known U.S. firm's $5,000 café\r\nsecond  line\n\n";
        assert_eq!(lines(text).count(), 2);
        assert_eq!(
            flat_tokens(text, Limit::None),
            ["Well", "known", "U", "S", "firm", "s", "5", "000", "caf", "second", "line"]
        );
    }

    #[test]
    fn perl_split_keeps_leading_empty_field() {
        assert_eq!(perl_split(b"  a b  ").len(), 3);
        assert_eq!(perl_split(b"a\tb").len(), 2);
        assert!(perl_split(b"   ").is_empty());
        assert!(perl_split(b"").is_empty());
    }

    #[test]
    fn fields_are_counted_and_cut_like_perl_split() {
        for line in [
            &b"  a-b c,d  e "[..],
            b"x",
            b" x",
            b"a\tb\x0bc",
            b"one two three four",
            b"   ",
            b"",
            b"- -- a",
            b"\r",
        ] {
            let fields = perl_split(line);
            for k in 1..=fields.len() + 2 {
                match fields_upto(line, k) {
                    Fields::Fewer(count) => {
                        assert!(count < k, "{line:?} {k}");
                        assert_eq!(count, fields.len(), "{line:?} {k}");
                    }
                    Fields::Cut(end) => {
                        assert!(k <= fields.len(), "{line:?} {k}");
                        let mut expected = Vec::new();
                        for field in &fields[..k] {
                            expected.extend(tokens(field));
                        }
                        assert_eq!(tokens(&line[..end]), expected, "{line:?} {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_limit_counts_whitespace_words_before_tokenizing() {
        // "a-b" is one word for the limit but two tokens.
        let text = "a-b c d\ne f";
        assert_eq!(flat_tokens(text, Limit::Words(2)), ["a", "b", "c"]);
        assert_eq!(flat_tokens(text, Limit::Words(3)), ["a", "b", "c", "d"]);
        assert_eq!(
            flat_tokens(text, Limit::Words(4)),
            ["a", "b", "c", "d", "e"]
        );
        let s = sentence_tokens(text, Limit::Words(4));
        assert_eq!(s.len(), 2);
        assert_eq!(s[1], ["e"]);
    }

    #[test]
    fn byte_limit_differs_between_streams() {
        let text = "abcd efgh\nijkl\nmnopqrstuvwx";
        assert_eq!(flat_tokens(text, Limit::Bytes(11)), ["abcd", "efgh", "ij"]);
        let s = sentence_tokens(text, Limit::Bytes(11));
        assert_eq!(s.len(), 3);
        assert_eq!(s[2], ["mnopqrstuvw"]);
    }
}

//! Reading a summary string the way ROUGE-1.5.5 reads a one-sentence-per-line
//! (SPL) file: line splitting, length truncation and tokenization.
//!
//! Everything works on bytes: the perl script reads files without an encoding
//! layer, so a byte limit counts UTF-8 bytes and every non-ASCII byte is a
//! separator.

use crate::Limit;

/// Perl's `\s` on a byte string.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The sentence units of a summary: its lines, without the empty ones.
pub(crate) fn lines(text: &str) -> Vec<&[u8]> {
    text.as_bytes()
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

/// The number of fields [`perl_split`] would return, without allocating.
fn perl_word_count(line: &[u8]) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for &b in line {
        if is_space(b) {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    let leading_empty = words > 0 && line.first().is_some_and(|&b| is_space(b));
    words + usize::from(leading_empty)
}

/// Perl's `split(/\s+/, $line)`: a leading separator yields an empty first
/// field, trailing empty fields are dropped. The word limit counts these
/// fields, so the leading empty one counts as a word.
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

/// Appends the ROUGE tokens of `text`: maximal runs of ASCII letters and
/// digits. This is what survives the script's hyphen splitting, replacement
/// of every other byte by a space and its filter on the first character.
fn push_tokens<'a>(text: &'a [u8], out: &mut Vec<&'a [u8]>) {
    out.extend(
        text.split(|b| !b.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty()),
    );
}

/// Tokens of the summary as one stream, as used by ROUGE-N, ROUGE-S and the
/// unigram bookkeeping of ROUGE-L. The limit keeps whole sentences while they
/// fit strictly under it and cuts the first one that does not.
pub(crate) fn flat_tokens<'a>(lines: &[&'a [u8]], limit: Limit) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    match limit {
        Limit::None | Limit::Words(0) | Limit::Bytes(0) => {
            for line in lines {
                push_tokens(line, &mut out);
            }
        }
        Limit::Words(max) => {
            let mut used = 0;
            for line in lines {
                let count = perl_word_count(line);
                if used + count < max {
                    push_tokens(line, &mut out);
                    used += count;
                } else {
                    for word in &perl_split(line)[..max - used] {
                        push_tokens(word, &mut out);
                    }
                    break;
                }
            }
        }
        Limit::Bytes(max) => {
            let mut used = 0;
            for line in lines {
                if used + line.len() < max {
                    push_tokens(line, &mut out);
                    used += line.len();
                } else {
                    push_tokens(&line[..max - used], &mut out);
                    break;
                }
            }
        }
    }
    out
}

/// Tokens per sentence, as used by ROUGE-L. The word limit behaves as in
/// [`flat_tokens`]; the byte limit does not: ROUGE-1.5.5 never accumulates the
/// byte count here, so every line shorter than the limit is kept until the
/// first line that reaches it, which is cut to the limit on its own.
pub(crate) fn sentence_tokens<'a>(lines: &[&'a [u8]], limit: Limit) -> Vec<Vec<&'a [u8]>> {
    let mut out = Vec::new();
    let tokens_of = |text: &'a [u8]| {
        let mut t = Vec::new();
        push_tokens(text, &mut t);
        t
    };
    match limit {
        Limit::None | Limit::Words(0) | Limit::Bytes(0) => {
            out.extend(lines.iter().map(|l| tokens_of(l)));
        }
        Limit::Words(max) => {
            let mut used = 0;
            for line in lines {
                let count = perl_word_count(line);
                if used + count < max {
                    out.push(tokens_of(line));
                    used += count;
                } else {
                    let mut sentence = Vec::new();
                    for word in &perl_split(line)[..max - used] {
                        push_tokens(word, &mut sentence);
                    }
                    out.push(sentence);
                    break;
                }
            }
        }
        Limit::Bytes(max) => {
            for line in lines {
                if line.len() < max {
                    out.push(tokens_of(line));
                } else {
                    out.push(tokens_of(&line[..max]));
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&[u8]]) -> Vec<String> {
        v.iter()
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .collect()
    }

    #[test]
    fn tokens_are_alphanumeric_runs() {
        let l = lines("Well-known U.S. firm's $5,000 café\r\nsecond  line\n\n");
        assert_eq!(l.len(), 2);
        assert_eq!(
            strs(&flat_tokens(&l, Limit::None)),
            ["Well", "known", "U", "S", "firm", "s", "5", "000", "caf", "second", "line"]
        );
    }

    #[test]
    fn perl_split_keeps_leading_empty_field() {
        assert_eq!(perl_split(b"  a b  ").len(), 3);
        assert_eq!(perl_split(b"a\tb").len(), 2);
        assert!(perl_split(b"   ").is_empty());
        assert!(perl_split(b"").is_empty());
        for s in [&b"  a b  "[..], b"a\tb", b"   ", b"", b" x", b"x y z"] {
            assert_eq!(perl_word_count(s), perl_split(s).len());
        }
    }

    #[test]
    fn word_limit_counts_whitespace_words_before_tokenizing() {
        // "a-b" is one word for the limit but two tokens.
        let l = lines("a-b c d\ne f");
        assert_eq!(strs(&flat_tokens(&l, Limit::Words(2))), ["a", "b", "c"]);
        assert_eq!(
            strs(&flat_tokens(&l, Limit::Words(3))),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            strs(&flat_tokens(&l, Limit::Words(4))),
            ["a", "b", "c", "d", "e"]
        );
        let s = sentence_tokens(&l, Limit::Words(4));
        assert_eq!(s.len(), 2);
        assert_eq!(strs(&s[1]), ["e"]);
    }

    #[test]
    fn byte_limit_differs_between_streams() {
        let l = lines("abcd efgh\nijkl\nmnopqrstuvwx");
        assert_eq!(
            strs(&flat_tokens(&l, Limit::Bytes(11))),
            ["abcd", "efgh", "ij"]
        );
        let s = sentence_tokens(&l, Limit::Bytes(11));
        assert_eq!(s.len(), 3);
        assert_eq!(strs(&s[2]), ["mnopqrstuvw"]);
    }
}

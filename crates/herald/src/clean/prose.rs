//! Sentence shape: whether a text ends, opens and reads like prose a summary can quote, or
//! shows the damage a flattened page leaves (a spliced caption, a glued heading, a lost
//! character, capitals throughout). The Cleaner tests paragraphs with these; the analysis and
//! the selection test sentences.

use crate::analyze::segment::{contains_ci, starts_with_ci};

/// Whether `s` ends the way a finished sentence or prose paragraph does: sentence punctuation,
/// maybe inside quotes or brackets. Headlines and labels do not, nor do texts cut mid-sentence.
pub(crate) fn ends_like_prose(s: &str) -> bool {
    s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '`')
    })
    .ends_with([
        '.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '‽', '。', '！', '？', ':', ';',
    ])
}

/// Whether `s` can stand as a sentence of a summary. It ends like prose, but:
/// - not on a colon or semicolon, which announce what follows ("The New York Times said in an
///   editorial:"), and it does not open on `Here's`, which does too;
/// - it is not a question in the writer's own voice (`How did police find out about this?`,
///   `can you remember when you first fell in love with …?`): a feature's teaser or an
///   anchor's cue, which a summary would put to its reader unanswered. A quoted question
///   (`"Why now?" she asked.`, `… "will it last?"`) is someone's words, reported;
/// - it shows a verb ([`has_verb`]): a caption or a fact-box line is not a sentence.
pub(crate) fn ends_like_sentence(s: &str) -> bool {
    let unquoted =
        s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’'));
    let asks = s.trim_end().ends_with(['?', '？'])
        && !s.trim_start().starts_with(['"', '“', '‘', '\'', '`']);
    // `Here's what to watch for wednesday night.`, `Here are 14 worth keeping an eye on …`:
    // a list or a video followed on the page.
    let announces = ["here's ", "here’s ", "here is ", "here are "]
        .iter()
        .any(|p| starts_with_ci(s.trim_start(), p));
    ends_like_prose(s)
        && !unquoted.ends_with([':', ';'])
        && !asks
        && !announces
        && has_verb(s)
        && !opens_on_label(s)
}

/// Whether `s` opens on a label of at most four words without a verb, and a colon: a
/// headline's kicker (`Army suicide testimony: sergeant taunted …`), a fact box's field
/// (`Education: degrees in law …`), a teaser (`( also on politico: …`) or a speaker's tag in
/// a dialogue (`Him: "we don't …`). What follows is the rest of a headline, often run into the
/// story's first sentence on a flattened page, or a field's value, not a sentence of the
/// story. A clock (`At 2: 45 p.m.`) is no label, nor a title in quotes (`"avengers: infinity
/// war" has …`); a label with a verb introduces its sentence (`Obama had it right: …`).
fn opens_on_label(s: &str) -> bool {
    let s = s.trim_start();
    let Some((label, rest)) = s.split_once(':') else {
        return false;
    };
    let words = label.split_whitespace().count();
    (1..=4).contains(&words)
        && !label.starts_with(['"', '“', '‘', '\'', '`'])
        && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        && !has_verb(label)
}

/// Whether `s` shows some sign of a verb, so that it can be a clause and not a fragment of the
/// page: a photo caption without its verb (`Agustín Ross Balcony after the earthquake and
/// tsunami.`), a line of a fact box (`Born in neuilly-sur-seine, france on april 25, 1949.`),
/// a credit (`Starring melissa mccarthy and jason bateman.`) or a headline (`A royal pain in the
/// neck.`). Without a part-of-speech tagger the test leans to yes: any word ending in `-ed` or
/// `-s` (plural nouns too), a contraction, or a word of [`VERB_WORDS`] (an auxiliary, an
/// irregular past or participle, a common bare verb, or a subject that takes a bare verb:
/// `we`, `they`, `police`, `people`) counts. A question is left alone (`So why spend the
/// money?`).
pub(crate) fn has_verb(s: &str) -> bool {
    if s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’'))
        .ends_with(['?', '？'])
    {
        return true;
    }
    // Chinese and Japanese verbs cannot be told by these English and German word forms; a CJK
    // sentence that ends like one (the caller checks) is taken as one.
    if s.chars().any(crate::analyze::segment::is_cjk) {
        return true;
    }
    s.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.trim_matches(['\'', '’']);
            // A contraction: `isn't`, `it's`, `they're`, `we've`, `I'm`, `she'll`, `he'd` (a
            // possessive `'s` counts too, which only makes the test lean further to yes).
            if let Some((_, tail)) = w.rsplit_once(['\'', '’']) {
                return is_contraction_ending(tail);
            }
            let b = w.as_bytes();
            b.len() > 3 && b[b.len() - 2..].eq_ignore_ascii_case(b"ed")
                || b.len() > 2
                    && b[b.len() - 1].eq_ignore_ascii_case(&b's')
                    && !b[b.len() - 2].eq_ignore_ascii_case(&b's')
                || contains_ci(VERB_WORDS, w)
        })
}

/// Whether `tail`, the letters after an apostrophe, end a contraction (`'s`, `'t`, `'re`,
/// `'ve`, `'m`, `'ll`, `'d`), in any case.
fn is_contraction_ending(tail: &str) -> bool {
    ["s", "t", "re", "ve", "m", "ll", "d"]
        .iter()
        .any(|t| tail.eq_ignore_ascii_case(t))
}

/// Words that show a verb without an `-ed` or `-s` ending (see [`has_verb`]): auxiliaries and
/// modals, irregular past forms and participles, the commonest verbs of news in their bare form
/// (`officials say`, `they hope`; a noun of the same spelling only makes the test lean to yes),
/// and subjects a bare present verb follows (`we`, `many of us`, `police`). Sorted and
/// lowercase, for `analyze::segment::contains_ci`.
const VERB_WORDS: &[&str] = &[
    "add",
    "admit",
    "agree",
    "am",
    "appear",
    "are",
    "argue",
    "ask",
    "ate",
    "be",
    "beat",
    "became",
    "become",
    "been",
    "began",
    "begin",
    "begun",
    "being",
    "believe",
    "bet",
    "bit",
    "blew",
    "bore",
    "bought",
    "bring",
    "broke",
    "broken",
    "brought",
    "build",
    "built",
    "buy",
    "call",
    "came",
    "can",
    "cannot",
    "catch",
    "caught",
    "change",
    "children",
    "choose",
    "chose",
    "chosen",
    "claim",
    "come",
    "consider",
    "continue",
    "could",
    "create",
    "cut",
    "dealt",
    "decide",
    "deny",
    "did",
    "die",
    "do",
    "does",
    "doing",
    "done",
    "doubt",
    "drank",
    "drew",
    "drink",
    "drive",
    "driven",
    "drove",
    "eat",
    "eaten",
    "expect",
    "face",
    "fall",
    "fallen",
    "fear",
    "fed",
    "feel",
    "fell",
    "felt",
    "fight",
    "find",
    "fled",
    "flew",
    "flown",
    "fly",
    "follow",
    "forgot",
    "forgotten",
    "fought",
    "found",
    "froze",
    "frozen",
    "gave",
    "get",
    "give",
    "given",
    "go",
    "gone",
    "got",
    "grew",
    "grow",
    "grown",
    "had",
    "happen",
    "has",
    "have",
    "hear",
    "heard",
    "held",
    "hid",
    "hidden",
    "hit",
    "hold",
    "hope",
    "hung",
    "hurt",
    "i",
    "include",
    "insist",
    "is",
    "keep",
    "kill",
    "knew",
    "know",
    "known",
    "laid",
    "lay",
    "lead",
    "learn",
    "leave",
    "led",
    "left",
    "let",
    "lit",
    "live",
    "lose",
    "lost",
    "love",
    "made",
    "make",
    "may",
    "mean",
    "meant",
    "meet",
    "men",
    "met",
    "might",
    "move",
    "must",
    "need",
    "note",
    "offer",
    "open",
    "oppose",
    "paid",
    "pass",
    "pay",
    "people",
    "plan",
    "play",
    "police",
    "pull",
    "put",
    "quit",
    "raise",
    "ran",
    "rang",
    "reach",
    "read",
    "remain",
    "remember",
    "report",
    "require",
    "ridden",
    "risen",
    "rode",
    "rose",
    "run",
    "said",
    "sang",
    "sank",
    "sat",
    "saw",
    "say",
    "see",
    "seem",
    "seen",
    "sell",
    "send",
    "serve",
    "set",
    "shall",
    "shook",
    "shot",
    "should",
    "show",
    "shown",
    "shut",
    "sing",
    "sit",
    "sleep",
    "slept",
    "slid",
    "sold",
    "sought",
    "speak",
    "spend",
    "spent",
    "spoke",
    "spoken",
    "spread",
    "stand",
    "stay",
    "stole",
    "stolen",
    "stood",
    "stop",
    "struck",
    "stuck",
    "suggest",
    "support",
    "swam",
    "swept",
    "swore",
    "sworn",
    "take",
    "taken",
    "taught",
    "teach",
    "tell",
    "they",
    "think",
    "thought",
    "threw",
    "thrown",
    "told",
    "took",
    "tore",
    "torn",
    "try",
    "understand",
    "understood",
    "upset",
    "urge",
    "us",
    "vow",
    "wait",
    "walk",
    "want",
    "warn",
    "was",
    "watch",
    "we",
    "wear",
    "went",
    "were",
    "will",
    "win",
    "withdrew",
    "woke",
    "woken",
    "women",
    "won",
    "wore",
    "worn",
    "would",
    "write",
    "written",
    "wrote",
    "you",
];

/// Whether `s` trails off into an ellipsis straight after a word (`… proxy for a...`): as the
/// last sentence of an article, the text was cut there (a teaser, or a truncated source).
/// After a stop or inside a quotation (`"… they are ..."`) an ellipsis is the writer's own.
pub(crate) fn trails_off(s: &str) -> bool {
    let s = s.trim_end();
    (s.ends_with("...") || s.ends_with('…'))
        && s.trim_end_matches(['.', '…'])
            .ends_with(|c: char| c.is_alphanumeric() || c == ',')
}

/// Whether a sentence shows a caption or link spliced into the middle of a word, as in
/// "days aftObama and Putin on the sidelines of G8 er the White House": a word that starts in
/// lowercase and turns to a capitalised word after two or more lowercase letters. Brand names
/// like "iPhone" or "eBay" have a single lowercase letter first and pass.
pub fn looks_spliced(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphabetic()).any(|word| {
        let lower_run = word.chars().take_while(|c| c.is_lowercase()).count();
        if lower_run < 2 {
            return false;
        }
        // After the lowercase run: one capital, then at least two lowercase letters to the end.
        let mut rest = word.chars().skip(lower_run);
        rest.next().is_some_and(char::is_uppercase) && {
            let tail: usize = rest.clone().count();
            tail >= 2 && rest.all(char::is_lowercase)
        }
    })
}

/// Whether a sentence opens on a short phrase in single quotes whose closing quote is glued to
/// the next word, as in "' pointless slaughter'they were working as nurses …": a page's
/// quoted subheading that lost its line break, run into the paragraph after it. The letters
/// after the quote must not be a contraction's (`'s`, `'t`, `'re`, …), so `'It's over,' he
/// said` is prose.
pub fn opens_on_glued_heading(sentence: &str) -> bool {
    let Some(rest) = sentence.trim_start().strip_prefix(['\'', '\u{2018}']) else {
        return false;
    };
    let mut words = 0;
    let mut prev: Option<char> = None;
    // Letters of the word before the quote since a space or another quote: one letter is the
    // `n` of `rock'n'roll`, not the end of a heading.
    let mut run = 0;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() && prev.is_some_and(|p| !p.is_whitespace()) {
            words += 1;
            if words > 5 {
                return false;
            }
        }
        if matches!(c, '\'' | '\u{2019}') && run >= 2 {
            let tail = &rest[i + c.len_utf8()..];
            let next = &tail[..tail
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(tail.len())];
            // `'n'` and `'em` are contractions of speech too.
            let contraction = is_contraction_ending(next)
                || next.eq_ignore_ascii_case("n")
                || next.eq_ignore_ascii_case("em");
            if !next.is_empty() && !contraction {
                return true;
            }
        }
        run = if c.is_alphabetic() { run + 1 } else { 0 };
        prev = Some(c);
    }
    false
}

/// Whether a sentence has a question mark between two letters, as in "the boy?s parents say it
/// was?intense?" or "does it go too far?however": a character the page's encoding lost, or a
/// paragraph break lost after a question. Either way the sentence is not the text its writer
/// published.
pub fn has_glued_question_mark(sentence: &str) -> bool {
    let mut before: Option<char> = None;
    let mut chars = sentence.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?'
            && before.is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|n| n.is_alphabetic())
        {
            return true;
        }
        before = Some(c);
    }
    false
}

/// Whether a sentence is set in capitals throughout (`IT SEEMS THEY GOT TO THE BABY JUST IN
/// TIME.`): a broadcaster's caption transcript, a banner or a headline, not prose a summary can
/// quote; its case is lost, so names and words look alike. A short one (`NEW YORK (AP)`, an
/// acronym or two) is not a sentence of this kind.
pub fn is_all_capitals(sentence: &str) -> bool {
    // A lowercase letter, or one of a script without case, ends it.
    let mut letters = 0usize;
    for c in sentence.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 15 && sentence.split_whitespace().count() >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_in_capitals_throughout_are_not_prose() {
        assert!(is_all_capitals(
            "IT SEEMS THEY GOT TO THE BABY JUST IN TIME."
        ));
        assert!(is_all_capitals(
            "NEW AT 5:00, A SEMINOLE COUNTY MOM IS ACCUSED OF TAKING HER NEWBORN."
        ));
        for prose in [
            "NATO and the EU met in Brussels on Friday.",
            "NEW YORK (AP) -- ",
            "U.S. OKS DEAL.",
            "Kala Rama is live at the police department.",
            "Москва ПРИНЯЛА решение о новых мерах.",
        ] {
            assert!(!is_all_capitals(prose), "{prose}");
        }
    }

    #[test]
    fn a_quoted_heading_glued_to_its_paragraph_is_damaged_text() {
        for damaged in [
            "' pointless slaughter'they were working as nurses at the home.",
            "' identity thief'review: a case of fraud.",
            "\u{2018}Never again\u{2019}the mayor said the city would rebuild.",
        ] {
            assert!(opens_on_glued_heading(damaged), "{damaged}");
        }
        for fine in [
            "'It's something unforgettable to me,' she said.",
            "' we're not ruling it out, ' she said.",
            "'Rock'n'roll is here to stay,' he sang.",
            "The word 'slaughter'was misspelled.",
            "'One two three four five six seven'eight is too long for a heading.",
        ] {
            assert!(!opens_on_glued_heading(fine), "{fine}");
        }
    }

    #[test]
    fn question_marks_glued_between_letters_mark_damaged_text() {
        for damaged in [
            "The boy?s parents say it was?intense? to learn it.",
            "Does this bill go too far?however, many say no.",
        ] {
            assert!(has_glued_question_mark(damaged), "{damaged}");
        }
        for fine in [
            "Is it over? Not yet, he said.",
            "\"Why?\" she asked.",
            "Who won in 2012?2016 was closer.",
        ] {
            assert!(!has_glued_question_mark(fine), "{fine}");
        }
    }

    #[test]
    fn fragments_without_a_verb_are_not_summary_sentences() {
        for fragment in [
            "Agustín Ross Balcony after the earthquake and tsunami.",
            "Born in neuilly-sur-seine, france on april 25, 1949.",
            "Starring melissa mccarthy and jason bateman.",
            "A royal pain in the neck.",
            "Chief executive of the memorial project foundation.",
        ] {
            assert!(!has_verb(fragment), "{fragment}");
            assert!(!ends_like_sentence(fragment), "{fragment}");
        }
        for clause in [
            "The vote passed.",
            "Nearly 37,000 people have died in the conflict.",
            "Republicans hold 55 seats in the Senate.",
            "Police say the man fled on foot.",
            "People shop for black clothing to mourn the king.",
            "At 10 a.m. the satellite dish blew away.",
            "It's the golden state's latest version of the great secession.",
            "We're not ruling out an accident.",
            "He isn\u{2019}t leaving.",
            "Throughout the Philippines, at least 129 died.",
            "Huang worked as an engineer at Apple.",
            "I never saw her tv show.",
            "Then came the flood.",
            "So why spend the time and the money?",
            "\"why now?\"",
        ] {
            assert!(has_verb(clause), "{clause}");
        }
        assert!(
            VERB_WORDS.windows(2).all(|w| w[0] < w[1])
                && VERB_WORDS.iter().all(|w| *w == w.to_lowercase()),
            "VERB_WORDS must stay sorted and lowercase for contains_ci"
        );
    }

    #[test]
    fn a_sentence_opening_on_a_label_is_not_a_summary_sentence() {
        for labelled in [
            "Army suicide testimony: sergeant taunted danny chen with slurs an african american soldier, pvt. Marcus merritt, testified wednesday.",
            "Education: degrees in law, business administration, political studies and statistics.",
            "( also on politico: republicans line up to rip michele bachmann ) if anything, the uproar seems to have galvanized her base.",
            "Him: \"we don't do that because it will ruin it.",
        ] {
            assert!(opens_on_label(labelled), "{labelled}");
            assert!(!ends_like_sentence(labelled), "{labelled}");
        }
        for sentence in [
            // A label with a verb introduces its sentence.
            "Hillary clinton learned her lesson: no rope lines in iowa.",
            "Exact distances were: 102 kilometers to the northwest of Talca.",
            // A clock, a title in quotes, a colon after four words.
            "Around the 1: 10 mark, amid a screaming crowd, a man remains standing.",
            "\"avengers: infinity war \" has maintained its staying power at the box office.",
            "The nasdaq composite index ( nasdaq: comp ) was last at 3631.17, up 31.38 points.",
        ] {
            assert!(!opens_on_label(sentence), "{sentence}");
            assert!(ends_like_sentence(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_sentence_announcing_what_follows_is_not_a_summary_sentence() {
        assert!(ends_like_sentence("The vote passed."));
        assert!(ends_like_sentence("\"We will rebuild,\" she said."));
        assert!(!ends_like_sentence(
            "The New York Times said in an editorial for Wednesday, Oct. 7:"
        ));
        assert!(!ends_like_sentence("The measures include higher taxes;"));
        assert!(!ends_like_sentence("Leaders meet in Paris"));
        assert!(!ends_like_sentence("How did police find out about this?"));
        assert!(!ends_like_sentence(
            "Here's what to watch for wednesday night."
        ));
        assert!(!ends_like_sentence("Here are 14 worth keeping an eye on."));
        assert!(ends_like_sentence(
            "Where the road ends, here is the border, she said."
        ));
        assert!(ends_like_sentence("\"Why now?\" she asked."));
        assert!(ends_like_sentence("\"Why now?\""));
        assert!(ends_like_sentence("The next question — \"will it last?\""));
        // A paragraph may end on a colon: a quote follows.
        assert!(ends_like_prose("The minister told parliament:"));
    }

    #[test]
    fn an_ellipsis_straight_after_a_word_trails_off() {
        assert!(trails_off("That moment has become a proxy for a..."));
        assert!(trails_off("the four horsemen of the apocal… "));
        assert!(trails_off("officials were sure that banks,..."));
        assert!(!trails_off(
            "People trampled on each other on the way to the exit. ..."
        ));
        assert!(!trails_off("\"Maybe you know how they are ...\""));
        assert!(!trails_off("The vote passed."));
        assert!(!trails_off("..."));
    }

    #[test]
    fn spliced_caption_is_detected() {
        assert!(looks_spliced(
            "days aftObama and Putin on the sidelines of G8 er the White House signaled"
        ));
        assert!(!looks_spliced(
            "He bought an iPhone on eBay from McDonald and YouTube."
        ));
        assert!(!looks_spliced("The macOS update shipped."));
    }
}

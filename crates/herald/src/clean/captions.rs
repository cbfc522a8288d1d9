//! The headline, photo caption and credits a flattened page runs into the start of its story:
//! [`caption_len`] finds where the story starts after them, from bracketed and bare credits,
//! widget labels, publication stamps and agency datelines.

#[cfg(doc)]
use super::datelines::dateline_len;
use super::datelines::{agency_dateline_len, is_agency, is_newspaper_name};
use super::dates::{
    bare_date_len, dated_timestamp, duration_len, embed_signature_date, publication_stamp_len,
};
use super::text::{after_dash, after_separator, any_case, closing_bracket, words_at, DASHES};
use crate::analyze::segment::sentences;
use std::ops::Range;

/// How far into a first paragraph flattened page furniture (headline, photo, caption) may reach
/// before the story starts, in words.
const MAX_CAPTION_WORDS: usize = 120;

/// The most words between two marks for the second to belong to the same run of furniture (a
/// caption is a sentence or two); more, and the text between them is the story.
const MAX_CAPTION_GAP: usize = 50;

/// The most sentences before the first mark that can be furniture: a headline (which a
/// flattened page runs into what follows without a stop) and a caption of a few sentences.
/// More, and they are the story's first paragraph, which the page ran into a photo's caption
/// or an embedded post: they stay, and the credit or signature is cut from its own sentence.
/// 4 was chosen on Multi-News dev over 2-5 (docs/results.md §63).
const MAX_CAPTION_SENTENCES: usize = 4;

/// The length in bytes of the headline, photo caption and credit that a flattened page runs
/// into the start of a paragraph (or a sentence), up to the mark that shows where the story
/// starts; 0 if there is none. The marks:
///
/// - an agency dateline with its dash, `dallas ( ap ) —`: the story starts after it, so no
///   later mark is looked at;
/// - a bracketed photo credit: `(AP Photo/Jane Doe)`, `(Photo: …)`, `(Getty Images)`, or an
///   agency after a caption the page cut short, `… was... ( associated press )`;
/// - an image viewer's labels, `enlarge this image`, `toggle caption`, `hide caption`, with
///   the photographer's credit that follows them (such pages print it twice).
///
/// The first mark must come within [`MAX_CAPTION_WORDS`] words and
/// [`MAX_CAPTION_SENTENCES`] sentences, each further one within
/// [`MAX_CAPTION_GAP`] words of the one before (pages repeat a caption, or stack a photo's
/// credits). A text that opens on its dateline is left to [`dateline_len`]; a bracket that is
/// not a credit is prose.
pub(crate) fn caption_len(s: &str) -> usize {
    // A text that opens on its dateline has no furniture before the story.
    if agency_dateline_len(s).is_some() {
        return 0;
    }
    let limit = words_at(s)
        .nth(MAX_CAPTION_WORDS)
        .map_or(s.len(), |(at, _)| at);
    let window = &s[..limit];
    // Marks as (start, end, kind), in text order. Every mark is ASCII, so byte positions
    // found case-insensitively are positions in `s`.
    let mut marks: Vec<(usize, usize, Mark)> = Vec::new();
    for (open, _) in window.match_indices('(') {
        // The bracket that closes this one, past any it holds: `( photo: immigration and
        // customs enforcement ( ice ) via ap )` is one credit.
        let Some(close) = closing_bracket(window, open) else {
            continue;
        };
        let inside = window[open + 1..close].trim();
        let agency = is_agency(inside) || inside.eq_ignore_ascii_case("associated press");
        let after = s[close + 1..].trim_start();
        // Old AP copy also sets its dateline apart with `_`.
        let dash = after_dash(after).or_else(|| after_separator(after, "_"));
        if let (true, Some(rest)) = (agency, dash) {
            marks.push((open, s.len() - rest.len(), Mark::Dateline));
        } else if is_photo_credit(inside)
            // A newspaper's name alone in brackets, opening the sentence, credits the photo or
            // video before it: `( the washington post ) word rapidly spread …`.
            || (window[..open].trim().is_empty() && is_newspaper_name(inside))
            || (agency
                && (window[..open].trim_end().ends_with("...")
                    // The agency that sends the photo, after its photographer's credit:
                    // `( jaap buitendijk/dreamworks via ap ) ( associated press ) …`.
                    || marks
                        .last()
                        .is_some_and(|m| window[m.1.min(open)..open].trim().is_empty())))
        {
            marks.push((open, s.len() - after.len(), Mark::Furniture));
        } else if let Some(date) = embed_signature_date(inside, after) {
            marks.push((open, s.len() - after.len() + date, Mark::Furniture));
        }
    }
    for m in label_finder().find_overlapping_iter(window) {
        let (at, after) = (m.start(), m.end());
        // Whole words only, and a label that is also an ordinary word only at the start.
        let bounded = !window[..at].ends_with(char::is_alphanumeric)
            && !window[after..].starts_with(char::is_alphanumeric);
        let (counts, kind) = match LABELS[m.pattern().as_usize()].1 {
            Stands::Anywhere => (true, Mark::Furniture),
            Stands::AtStart => (window[..at].trim().is_empty(), Mark::Furniture),
            Stands::InStory => (true, Mark::Prompt),
        };
        if bounded && counts {
            let after = after + repeated_credit_len(&s[after..]);
            marks.push((at, after + duration_len(&s[after..]), kind));
        }
    }
    if let Some((start, stamp_end)) = dated_timestamp(window) {
        marks.push((start, stamp_end, Mark::Furniture));
    }
    if let Some(stamp_end) = publication_stamp_len(window).or_else(|| bare_date_len(window)) {
        marks.push((0, stamp_end, Mark::Furniture));
    }
    if let Some(credit) = unbracketed_credit(window) {
        marks.push((credit.start, credit.end, Mark::Furniture));
    }
    marks.sort_unstable();
    let mut end = 0;
    for (start, mark_end, kind) in marks {
        if start < end {
            continue;
        }
        let gap = s[end..start].split_whitespace().count();
        if end > 0 && gap > MAX_CAPTION_GAP {
            break;
        }
        // What comes before a mark is furniture only while it is a few sentences. A run of
        // finished sentences before the first mark is the story the page ran a photo or a post
        // into, not the photo's caption; before a prompt to read on, only an unfinished line
        // (the headline of the link it prompts for) is its furniture, and finished sentences
        // are the story it interrupts.
        let most = match kind {
            Mark::Prompt => Some(1),
            _ if end == 0 => Some(MAX_CAPTION_SENTENCES),
            _ => None,
        };
        if most.is_some_and(|most| sentences(&s[..start]).len() > most) {
            if kind == Mark::Prompt {
                continue;
            }
            return 0;
        }
        end = mark_end;
        if kind == Mark::Dateline {
            break;
        }
    }
    if end == 0 {
        return 0;
    }
    // A dash that separated the furniture from the story goes with the furniture.
    let rest = s[end..].trim_start();
    let rest = after_dash(rest).unwrap_or(rest);
    // Something must remain: a page that is all furniture is left to the other rules.
    if rest.split_whitespace().count() < 4 {
        return 0;
    }
    s.len() - rest.len()
}

/// One automaton for all [`LABELS`], any ASCII case: a sentence is scanned once, not once per
/// label.
fn label_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| any_case(LABELS.iter().map(|l| l.0)))
}

/// A photo credit without brackets, `photo: reuters`, `photograph: alberto pizzoli/afp/getty
/// images`, `handout via reuters`, as its byte range in `window`: a credit label followed
/// within six words by a news or photo agency, up to the last agency word. A dateline right
/// after it (`… photo: reuters washington – it is possible…`) goes with it, up to its dash.
/// Without an agency the credit's end cannot be told, and nothing is marked.
fn unbracketed_credit(window: &str) -> Option<Range<usize>> {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| {
        any_case([
            "photo:",
            "photograph:",
            "photographer:",
            "photo by",
            "photo credit:",
            "image:",
            "picture:",
            "handout via",
        ])
    });
    // The earliest label that stands as whole words.
    let start = finder
        .find_overlapping_iter(window)
        .filter(|m| {
            !window[..m.start()].ends_with(char::is_alphanumeric)
                && !window[m.end()..].starts_with(char::is_alphanumeric)
        })
        .map(|m| (m.start(), m.end()))
        .min()?;
    let words: Vec<(usize, &str)> = window[start.1..]
        .split_whitespace()
        .take(10)
        .map(|w| (w.as_ptr() as usize - window.as_ptr() as usize, w))
        .collect();
    let agency = |w: &str| {
        w.to_ascii_lowercase()
            .split(['/', ',', '.', ';'])
            .any(|p| is_agency(p) || ["getty", "epa", "press", "images"].contains(&p))
    };
    let last = words.iter().take(6).rposition(|(_, w)| agency(w))?;
    let mut end = words[last].0 + words[last].1.len();
    // A dateline of a few words and its dash: the story starts after it.
    if let Some((at, dash)) = words[last + 1..]
        .iter()
        .take(4)
        .find(|(_, w)| DASHES.contains(w))
    {
        end = at + dash.len();
    }
    // The credit may close a bracket its label was in (`( picture: getty )`).
    let rest = &window[end..];
    if rest.trim_start().starts_with(')') {
        end = window.len() - rest.trim_start()[1..].len();
    }
    Some(start.0..end)
}

/// The label a page prints just before a photo's caption (the BBC's layout), which then runs
/// into the story without a stop.
const CAPTION_LABEL: &str = "image caption";

/// Whether `before` (an article's text up to a sentence) ends on [`CAPTION_LABEL`]: the
/// sentence then opens with the caption.
pub(crate) fn ends_on_caption_label(before: &str) -> bool {
    let before = before.trim_end();
    before
        .len()
        .checked_sub(CAPTION_LABEL.len())
        .and_then(|k| before.get(k..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(CAPTION_LABEL))
}

/// What a mark of [`caption_len`] is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    /// A credit, a widget's label, a stamp: the furniture before it ends there.
    Furniture,
    /// A prompt to read on ([`Stands::InStory`]): furniture ends there only after an
    /// unfinished line.
    Prompt,
    /// An agency dateline: the story starts after it.
    Dateline,
}

/// Where a widget's label marks the end of furniture ([`LABELS`]).
#[derive(Clone, Copy)]
enum Stands {
    /// Wherever it stands: what comes before it in the same run is the widget's caption or
    /// headline (an image viewer's `hide caption`).
    Anywhere,
    /// Only at the start of a paragraph or sentence, being also an ordinary word
    /// (`advertisement`).
    AtStart,
    /// Between paragraphs of the story (a prompt to read on, or to read another story): what
    /// comes before it is furniture only when no sentence ends there, as a link's headline
    /// does not. A flattened page runs its story's first paragraphs into the prompt, and
    /// those sentences are the story, not a caption (docs/results.md §63).
    InStory,
}

/// The labels of page widgets that flattened pages leave in their text (image viewers, video
/// players, share bars, ads, links to related stories), and where each marks furniture
/// ([`Stands`]).
const LABELS: &[(&str, Stands)] = &[
    ("enlarge this image", Stands::Anywhere),
    ("toggle caption", Stands::Anywhere),
    ("hide caption", Stands::Anywhere),
    (CAPTION_LABEL, Stands::Anywhere),
    ("image copyright", Stands::Anywhere),
    ("continue reading the main story", Stands::InStory),
    ("continue reading below", Stands::InStory),
    ("read more", Stands::InStory),
    ("loading video...", Stands::Anywhere),
    ("play video", Stands::Anywhere),
    (
        "please enable javascript to watch this video",
        Stands::Anywhere,
    ),
    ("hide transcript", Stands::Anywhere),
    ("show transcript", Stands::Anywhere),
    ("share on facebook", Stands::Anywhere),
    ("share on twitter", Stands::Anywhere),
    ("share on google plus", Stands::Anywhere),
    ("log in to save", Stands::Anywhere),
    ("back to gallery", Stands::Anywhere),
    ("you might also like:", Stands::InStory),
    (
        "media playback is not supported on this device",
        Stands::Anywhere,
    ),
    ("advertisement", Stands::AtStart),
    ("story continued below", Stands::AtStart),
    ("article excerpt", Stands::AtStart),
    ("listen to article", Stands::AtStart),
    ("photo advertisement", Stands::AtStart),
];

/// Whether the text inside a bracket is a photo credit: `AP Photo/Jane Doe`, `Photo: Reuters`,
/// `File photo`, `Getty Images`, `jim cole/ap`, and the photographer and outlet of a few
/// words set apart by a spaced slash, `bill o'leary / the washington post`, `/ lionsgate`.
fn is_photo_credit(inside: &str) -> bool {
    let inside = inside.trim();
    if has_credit_slash(inside) && inside.split_whitespace().count() <= 10 {
        return true;
    }
    let compact: String = inside
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    [
        "apphoto",
        "photo:",
        "photographer:",
        "photoby",
        "photocredit",
        "filephoto",
        "image:",
        "credit:",
    ]
    .iter()
    .any(|p| compact.starts_with(p))
        || ["gettyimages", "/ap", "viaap", "/reuters", "/afp"]
            .iter()
            .any(|p| compact.ends_with(p))
}

/// Whether `s` holds a slash set apart by a space next to a word, as a photo credit's does
/// (`jim cole / ap`, `university of chicago / facebook`, `/ updated by …`); prose writes
/// `and/or`, `24/7`, `9 / 11`.
pub(super) fn has_credit_slash(s: &str) -> bool {
    s.char_indices().any(|(k, c)| {
        c == '/' && {
            let before = s[..k].chars().next_back();
            let after = s[k + 1..].chars().next();
            let spaced = |c: Option<char>| c.is_none_or(char::is_whitespace);
            (spaced(before) || spaced(after))
                && (s[..k].trim_end().ends_with(char::is_alphabetic)
                    || s[k + 1..].trim_start().starts_with(char::is_alphabetic))
        }
    })
}

/// Whether `s` opens on a photographer's credit written without spaces, `Javier
/// manzano/for the washington post after a tough season …`, `Therese apel/the clarion-ledger
/// …`: one or two words of a name, then a word joined by a slash to the outlet. None of the
/// name's words is a stop word (`and/or`, `the ac/dc tour`), and an agency dateline (`New
/// york/paris ( reuters ) - …`) is a dateline, not a credit.
pub(super) fn opens_on_name_credit(s: &str) -> bool {
    let is_name_word = |w: &str| {
        w.len() >= 2
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'))
            && !crate::analyze::stopwords::is_stop_word(&w.to_lowercase())
    };
    let credit = |w: &str| {
        w.split_once('/').is_some_and(|(name, outlet)| {
            is_name_word(name) && outlet.starts_with(char::is_alphabetic)
        })
    };
    // The slash is looked for before any word is lowercased: this runs on every sentence.
    let mut words = s.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let shape = if second.contains('/') {
        is_name_word(first) && credit(second)
    } else {
        words.next().is_some_and(|third| {
            third.contains('/') && is_name_word(first) && is_name_word(second) && credit(third)
        })
    };
    shape && agency_dateline_len(s).is_none()
}

/// The length of a credit printed twice in a row at the start of `s` (`jim cole/ap jim
/// cole/ap`), with the space before it; 0 if the words that follow are not such a pair.
fn repeated_credit_len(s: &str) -> usize {
    let words: Vec<(usize, &str)> = words_at(s).take(12).collect();
    for k in (1..=6).rev() {
        if words.len() >= 2 * k
            && words[..k]
                .iter()
                .zip(&words[k..2 * k])
                .all(|(a, b)| a.1.eq_ignore_ascii_case(b.1))
        {
            let (at, w) = words[2 * k - 1];
            return at + w.len();
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is left of `s` once the furniture `caption_len` finds before its story is cut.
    fn after_caption(s: &str) -> &str {
        &s[caption_len(s)..]
    }

    /// Each `(input, want)` of `cut` keeps only `want` after its furniture; each of `unchanged`
    /// is left whole.
    fn assert_captions(cut: &[(&str, &str)], unchanged: &[&str]) {
        for (input, want) in cut {
            assert_eq!(after_caption(input), *want, "input {input:?}");
        }
        for s in unchanged {
            assert_eq!(after_caption(s), *s);
        }
    }

    #[test]
    fn finds_the_story_start_after_flattened_captions() {
        assert_captions(
            &[
                // Headline and caption before an agency dateline.
                ("Dallas officer dies after shooting. Officers stand guard at the hospital entrance... ( associated press ) dallas ( ap ) — a dallas police officer died wednesday after a shooting.",
                 "a dallas police officer died wednesday after a shooting."),
                // A caption cut short and credited, without a dateline.
                ("Authorities say the painting worth millions of dollars was... ( associated press ) the 1911 cubist painting was found in a shipment.",
                 "the 1911 cubist painting was found in a shipment."),
                // The agency after the photographer's credit goes with it.
                ("In this image released by disney, tom hanks appears in a scene. ( jaap buitendijk/dreamworks pictures via ap ) ( associated press ) steven spielberg's film plays the long game.",
                 "steven spielberg's film plays the long game."),
                ("Delegates cheer in charlotte, n.c., on monday. ( ap photo/charles dharapak ) the former president speaks tonight at the convention.",
                 "the former president speaks tonight at the convention."),
                ("Part of the exchange a woman received. ( Photo: Cassie Young via Facebook ) A personal trainer tried to shame a woman.",
                 "A personal trainer tried to shame a woman."),
                // Photographer and outlet set apart by a spaced slash.
                ("( bill o ' leary / the washington post ) on the morning after the inauguration, the park service tweeted.",
                 "on the morning after the inauguration, the park service tweeted."),
                ("( / lionsgate ) an air of stolid assurance pervades the cold war thriller.",
                 "an air of stolid assurance pervades the cold war thriller."),
                // A newspaper's name alone, crediting the video before it.
                ("( the washington post ) word rapidly spread through the agency and washington.",
                 "word rapidly spread through the agency and washington."),
                // An image viewer's labels, with the credit printed twice.
                ("Gop eyes gains as voters pick governors enlarge this image toggle caption jim cole/ap jim cole/ap voters in 11 states will pick their governors tonight.",
                 "voters in 11 states will pick their governors tonight."),
                // A caption repeated after its credit belongs to the same furniture.
                ("A boat patrols the coast. ( ap photo/alex brandon ) ( associated press ) a boat patrols the coast. ( ap photo/alex brandon ) ( associated press ) palm beach, fla. ( ap ) — the latest on the trip.",
                 "the latest on the trip."),
            ],
            &[
                // The dateline opens the story; the caption after its lead is not the top of the page.
                "Washington ( ap ) — wild elephants can tell languages apart, a study says. This photo shows an elephant reacting to sound in experiments that show they... ( associated press ) that's what researchers found.",
                // A dateline at the start is the dateline rule's.
                "LONDON (AP) _ An influential lawmaker said on Friday that the vote was lost.",
                // Brackets that are not credits.
                "The company (which makes chips) said sales rose (by 8 percent) in the quarter.",
                "The report (AP) was wrong, a spokesman for the ministry said on Monday afternoon.",
                "The price (in dollars/barrel) rose for a third day in the spot market on Monday.",
                "The attacks of ( 9 / 11 ) changed the skyline of the city for good, the mayor said.",
                "He told the paper (the washington post) that he would resign from the board.",
                "(The post office) was closed on Monday for the holiday, the city said.",
                // Nothing would be left.
                "A photo of the harbour at dawn. ( ap photo/jane doe ) more soon",
            ],
        );
        // A second credit far into the story is an inline caption, not more top furniture.
        let long = format!(
            "Two sisters learned they were switched at birth. ( photo: boyd huppert, kare 11 ) {} linda points to herself in a family photo. ( photo: boyd huppert, kare 11 ) only weeks have passed.",
            "they struggle to find a word for the bond they share. ".repeat(6)
        );
        assert!(
            after_caption(&long).starts_with("they struggle"),
            "{}",
            after_caption(&long)
        );
    }

    #[test]
    fn publication_stamps_before_the_story_are_furniture() {
        assert_captions(
            &[
                ("Posted june 25, 2014 \"rain, rain go away\" might be popular as a nursery rhyme.",
                 "\"rain, rain go away\" might be popular as a nursery rhyme."),
                ("( published thursday, feb. 5, 2015 ) one of the two teens who was shot is in critical condition.",
                 "one of the two teens who was shot is in critical condition."),
                ("updated at 10: 55 p.m. Et supreme court nominee brett kavanaugh weathered another long day.",
                 "supreme court nominee brett kavanaugh weathered another long day."),
                ("Last updated: 11:02am Sunday, March 3 2019 the storm moved east overnight, forecasters said.",
                 "the storm moved east overnight, forecasters said."),
                // No label, but an article right after the date: the story starts there.
                ("November 21, 2018 the camp fire has hit close to home for the brewery.",
                 "the camp fire has hit close to home for the brewery."),
                ("Wednesday, Nov. 21, 2018 A storm moved east overnight, forecasters said.",
                 "A storm moved east overnight, forecasters said."),
            ],
            &[
                // A date that opens the prose, with its comma.
                "Published on June 5, 2015, the report found that the river had been poisoned.",
                // A label with no date or clock after it.
                "Updated figures released on Monday show the economy grew by 2 percent last year.",
                "Posted to the site on Monday, the video drew a million views within a day.",
                // No label, and the date is the subject or its phrase has a comma.
                "June 25, 2014 was the hottest day of the year in the city, officials said.",
                "June 25, 2014, the day the storm hit, was the hottest of the year.",
                "June 2014 the storm hit the coast, and the town has not recovered.",
            ],
        );
    }

    #[test]
    fn photo_credits_without_brackets_are_furniture() {
        assert_captions(
            &[
                ("Photograph: alberto pizzoli/afp/getty images in a rare book heist, a gang of thieves has stolen books.",
                 "in a rare book heist, a gang of thieves has stolen books."),
                ("Photo: associated press president trump's financial gatekeeper was granted immunity.",
                 "president trump's financial gatekeeper was granted immunity."),
                ("Obama and netanyahu meeting in ny, sept. 2011 photo: reuters washington – it is possible that the press would have paid more attention.",
                 "it is possible that the press would have paid more attention."),
                ("Handout via reuters the north korean defector was shot and wounded by his fellow soldiers.",
                 "the north korean defector was shot and wounded by his fellow soldiers."),
                ("They're too pretty ( picture: getty ) a team of experts spent three months on the study.",
                 "a team of experts spent three months on the study."),
                ("\"femme au chat \" photographer: katya kazakina/bloomberg both withdrawn paintings had been guaranteed.",
                 "both withdrawn paintings had been guaranteed."),
                // A bracket inside the credit does not end it.
                ("( photo: immigration and customs enforcement ( ice ) via ap ) two more tunnels have been uncovered.",
                 "two more tunnels have been uncovered."),
            ],
            &[
                // No agency: where the credit ends cannot be told.
                "Photo by popville flickr user mylar bono dear popville, i was refused service.",
                // Prose about a photo.
                "The photo was taken by a reuters photographer on the first day of the summit.",
                "He showed the photograph: it was taken in Paris by a Reuters photographer.",
            ],
        );
    }

    #[test]
    fn widget_labels_and_what_they_label_are_furniture() {
        assert_captions(
            &[
                ("Advertisement tony aiello was arrested wednesday on suspicion of murder.",
                 "tony aiello was arrested wednesday on suspicion of murder."),
                ("Photo advertisement continue reading the main story the district attorney said on friday that he would act.",
                 "the district attorney said on friday that he would act."),
                ("Last male northern white rhino is put down read more save the rhino estimates there are fewer than 5,500 black rhinos.",
                 "save the rhino estimates there are fewer than 5,500 black rhinos."),
                ("Please enable javascript to watch this video cass county, mo. -- the fbi has been called in to assist.",
                 "cass county, mo. -- the fbi has been called in to assist."),
                ("Story continued below rubio was caught off guard by the question.",
                 "rubio was caught off guard by the question."),
                ("Article excerpt a technical glitch knocked out trading for three hours thursday.",
                 "a technical glitch knocked out trading for three hours thursday."),
                // A player's running time goes with its label.
                ("Listen to article 5: 30 a former associate of the manager pleaded guilty.",
                 "a former associate of the manager pleaded guilty."),
                ("Listen to article 2:32 a former associate of the manager pleaded guilty.",
                 "a former associate of the manager pleaded guilty."),
                ("Media playback is not supported on this device garrincha scored against england in 1962.",
                 "garrincha scored against england in 1962."),
            ],
            &[
                // A label that is also a word marks furniture only where a widget would stand.
                "The advertisement ran for weeks before the network pulled it from the schedule.",
                // Whole words only.
                "Voters who read moretti's column were unconvinced, the poll found on Monday.",
                "The story continued below the fold of the front page for three more columns.",
                // A prompt to read on after finished sentences interrupts the story: what
                // came before it is the story's first paragraph, not a caption.
                "Space isn't so empty these days. Earth's orbit is cluttered with debris. A net maker may have a solution. Read more the mesh will be tested next month.",
                "Officials joke that soon there will be complaints from leaders the agency had not targeted. Advertisement continue reading the main story the director dismissed such objections.",
                // Nor is a paragraph of the story a caption because the page ran a photo's
                // caption and credit into its end.
                "A judge acquitted the man on thursday. He had been accused of drowning his wife. The ruling was unusual. Prosecutors had sought a conviction. The family was stunned. His lawyer holds a photo in court. ( ap photo/dave martin ) the trial lasted two weeks.",
            ],
        );
    }

    #[test]
    fn embedded_posts_go_with_their_signature() {
        assert_eq!(
            after_caption("Sentencing is set for friday pic.twitter.com/1xd2 \u{2014} robin hood ( @robinhood702 ) december 14, 2017 the blackjack player was sentenced to eight years."),
            "the blackjack player was sentenced to eight years."
        );
        assert_eq!(
            after_caption("Let's do this team!! a photo posted by adrianne haslet ( @adriannehaslet ) on dec 20, 2015 at 10: 05am pst \"i made the decision a while ago, \" she said."),
            "\"i made the decision a while ago, \" she said."
        );
        // A handle without a date is how prose names an account.
        let prose =
            "The singer thanked him on twitter ( @carrieunderwood ) for the kiss after the show.";
        assert_eq!(after_caption(prose), prose);
    }

    #[test]
    fn a_publication_stamp_ends_the_byline_before_the_story() {
        assert_eq!(
            after_caption("Report links activist to group by eric w. dolan sunday, july 22, 2012 11: 11 edt anti-tax crusader grover norquist helped the group, the report says."),
            "anti-tax crusader grover norquist helped the group, the report says."
        );
        assert_eq!(
            after_caption("Find your forecast digital reporter cheryl santa maria wednesday, january 21, 2015, 2: 28 pm - a volcano that began erupting last month has created an island."),
            "a volcano that began erupting last month has created an island."
        );
        assert_eq!(
            after_caption("Book says she talks to the dead. June 22, 1996 web posted at: 11: 55 p.m. edt washington ( cnn ) -- first lady hillary clinton held imaginary talks."),
            "first lady hillary clinton held imaginary talks."
        );
        // A time before the date is how prose tells it.
        let prose = "The quake struck at 11:55 p.m. on June 22, 1996, and shook the whole valley for a minute.";
        assert_eq!(after_caption(prose), prose);
    }
}

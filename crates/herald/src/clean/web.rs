//! Sentences that are the web page's, not the story's ([`is_web_furniture`]): captions, web
//! addresses, link labels, calls to action, widgets' text, broadcast hand-offs; and the list
//! numbers and bullets a page leaves before a sentence.

use super::captions::{has_credit_slash, opens_on_name_credit};
use super::text::{any_case, unpunctuated};
use crate::analyze::segment::starts_with_ci;

/// Whether a sentence is a photo caption, a web address, a copyright line, a link or an
/// instruction to the reader rather than news: it describes a photo ("In this file photo, …",
/// "This undated photo provided by …"), holds a URL or a copyright notice, opens on a link
/// label ("Related: …", "Photos: …": a flattened page glues the linked headline to the story's
/// next sentence, and where the headline ends cannot be told) or on a call to action
/// ("Subscribe to our channel", "Click here", "Follow the ticker on Twitter: …", "Visit … for
/// more on …"), or holds a list bullet after its start (a flattened list: "Key moments: •
/// drama over emails").
pub fn is_web_furniture(sentence: &str) -> bool {
    // A list bullet left in front of the line does not change what it is.
    let s =
        sentence.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '•' | '*'));
    // Nor does a bracket: `( scroll down for live updates ) three reactors …`.
    let opening = s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '['));
    let opens_with = |openings: &[&str]| openings.iter().any(|c| starts_with_ci(opening, c));
    // "Follow the ticker on Twitter: @handle", "Like Raw Story on Facebook", "See more of
    // Jazzy Rowe on Facebook" (Facebook's embedded page), not "Like many users on Facebook,
    // she …" or "follow the money … on Twitter's first day".
    let follow_us = opens_with(&["follow ", "like ", "see more of "]) && {
        let head = s.get(..60).unwrap_or(s).to_ascii_lowercase();
        [" on twitter", " on facebook", " on instagram"]
            .iter()
            .any(|site| {
                head.find(site)
                    .is_some_and(|k| !head[k + site.len()..].starts_with([',', '\'', '\u{2019}']))
            })
    };
    // A sentence wholly in square brackets is the editor's, not the story's: `[ updated with
    // nyse developments. ]`, `[Editor's note: …]`.
    let editors_note = s.starts_with('[') && s.trim_end().ends_with(']');
    // Three labelled fields or more (`broadcast on: … duration: … categories: …`, `me: … him:
    // …`) make a listing or a transcript, not a sentence; prose rarely has two.
    let labels = || {
        s.as_bytes()
            .windows(3)
            .filter(|w| w[0].is_ascii_alphabetic() && w[1] == b':' && w[2] == b' ')
            .count()
    };
    // A video player's close button before its caption: `CLOSE The Southern Baptist …`.
    let video_caption = || {
        s.strip_prefix("CLOSE ").is_some_and(|rest| {
            rest.starts_with(char::is_uppercase) && rest.chars().any(char::is_lowercase)
        })
    };
    // `Visit the National Cancer Institute for more on colon cancer.`, `Read on for more.`:
    // the page sends the reader elsewhere.
    let sends_elsewhere = || {
        opens_with(&["visit ", "see ", "read ", "go to ", "head to "]) && {
            let lower = s.to_ascii_lowercase();
            lower.match_indices(" for more").any(|(k, m)| {
                let after = &lower[k + m.len()..];
                after.starts_with(['.', ',', '!', ':'])
                    || [
                        " on ",
                        " about ",
                        " information",
                        " details",
                        " coverage",
                        " news",
                    ]
                    .iter()
                    .any(|w| after.starts_with(w))
            })
        }
    };
    web_finder().is_match(s)
        || editors_note
        || sends_elsewhere()
        || hands_off(s)
        || opens_on_a_gallery_counter(opening)
        || video_caption()
        || has_credit_slash(s)
        || opens_on_name_credit(s)
        || points_at_the_page(s)
        || labels() >= 3
        || opens_with(CAPTION_OPENINGS)
        || opens_with(CALLS_TO_ACTION)
        || opens_with(LINK_LABELS)
        || follow_us
        // Bullets and the bars of navigation menus (`| | news | | page 1 of 1`) are never prose.
        || s.contains(['•', '|'])
}

/// Labels a page puts before a link to another story, a gallery or a video.
const LINK_LABELS: &[&str] = &[
    "related:",
    "related stories:",
    "related headlines",
    "related read",
    "related video",
    "trending stories",
    "read:",
    "more:",
    "see also:",
    "also read:",
    "read more:",
    "read also:",
    "recommended:",
    "photos:",
    "photo gallery:",
    "gallery:",
    "slideshow:",
    "video:",
    "videos:",
    "watch:",
    "text size -",
    "buy photo",
];

/// What marks a sentence as a photo caption, a web address or a copyright line, wherever it
/// stands.
const WEB_MARKS: &[&str] = &[
    "in this photo",
    "in this file photo",
    "this undated photo",
    "this handout photo",
    "this file photo",
    // `… this sept. 30, 2003, file photo, shows …`, the date between.
    "file photo,",
    // A box of bullet points flattened into the text.
    "story highlights",
    "photo provided by",
    "getty images",
    "view full caption",
    "in this image",
    "image made from video",
    // Where a person stands in the picture, which only a caption says: `Joey wilson, left,
    // rings up …`, `Denice juneski ( left ) and …`, `front row from left, danai gurira, …`.
    ", left,",
    ", right,",
    ", center,",
    ", centre,",
    "(left)",
    "(right)",
    "( left )",
    "( right )",
    "( center )",
    "from left,",
    "from right,",
    "http://",
    "https://",
    "www.",
    "pic.twitter.com",
    "bit.ly/",
    "\u{a9}",
    "all rights reserved",
    // Reporters' credit lines.
    "contributed to this report",
    // Blogs' link to the rest of a post.
    "after the jump",
    "; editing by",
    // The header of a wire service's running file of updates.
    "(all times local)",
    "( all times local )",
    // Newsletter boxes, share buttons, video players and the text of embedded posts.
    "thanks for signing up",
    "confirm your subscription",
    "delivered to your inbox",
    "breaking news alerts",
    "email this",
    "share copy link",
    "skip ad",
    "replay more videos",
    "embed more news videos",
    // An invitation to the outlet's live chat or blog during an event.
    "for a live chat",
    "full screen autoplay",
    "when you see a tweet you love",
    "any tweet with a reply",
    "add a location to your tweets",
    "location information to your tweets",
    "your tweet location history",
    // What a page fetched from the web archive says about the archive instead of the story:
    // Multi-News holds dozens of such failed scrapes, and any archived page can be one.
    "crawl data to the internet archive",
    "added to the wayback machine",
    "archive pages as they are created",
    "references to these archived pages",
    "the version that was live when the page was written",
    "broken links on the web",
    "\"no more 404\"",
    "get push notifications",
    "delivered weekday",
    // A share bar: `Facebook Twitter Pinterest`; prose puts commas between names.
    "facebook twitter",
    "video provided by",
    // Status notes on a story being written, and the rules of its comment section.
    "breaking news update",
    "check back soon",
    "check back later",
    "our commenting",
    "this article contains",
];

/// Openings of photo captions that agencies mark as file pictures, and of a stock chart's caption.
const CAPTION_OPENINGS: &[&str] = &[
    "file -",
    "file-",
    "file photo",
    "stock chart for",
    // A photo's or video's source, glued to the next sentence: `Provided by fbi … task force
    // authorities are looking for this man, …`.
    "provided by ",
    // A source note: `Source: Abdelsattar Z, Wong S, et al.`, `SOURCE: the company`.
    "source:",
    "sources:",
];

/// Openings of instructions to the reader.
const CALLS_TO_ACTION: &[&str] = &[
    "subscribe to",
    "follow us",
    "sign up for",
    "click here",
    "click through",
    "scroll down",
    "create an account",
    "scroll up",
    "check local",
    "like us on",
    "tweets not working",
    "to apply",
    "download the",
    "listen to the story",
];

/// One automaton for all [`WEB_MARKS`], any ASCII case.
fn web_finder() -> &'static aho_corasick::AhoCorasick {
    static FINDER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| any_case(WEB_MARKS.iter().copied()))
}

/// Whether `s` opens on a photo gallery's counter, `11 of 23 Photos: The rise and fall of …`,
/// `image 2 of 30 buy photo …`: the caption of a slide, not the story. `18 of 22 counts of
/// fraud` counts something else.
fn opens_on_a_gallery_counter(s: &str) -> bool {
    const MEDIA: &[&str] = &[
        "image", "images", "photo", "photos", "picture", "pictures", "slide", "slides",
    ];
    let mut words = s.split_whitespace().map(unpunctuated).peekable();
    let media = |w: &str| MEDIA.iter().any(|m| w.eq_ignore_ascii_case(m));
    let number =
        |w: Option<&str>| w.is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    let labelled = words.next_if(|w| media(w)).is_some();
    number(words.next())
        && words.next() == Some("of")
        && number(words.next())
        && (labelled || words.next().is_some_and(media))
}

/// Whether `s` is a broadcast's hand-off to its reporter, the script of a video the page
/// carried: `Mark segraves reports.`, `Dan Noyes has an exclusive report.`, `Kala rama is live
/// at the casselberry police department for us.` (a live shot hands back to the studio). The
/// reporter is named in at most three words before the verb, and the sentence says nothing
/// else: `The mail on sunday reports that …` and `The minister has the final report on her
/// desk.` are news.
fn hands_off(s: &str) -> bool {
    // At most twelve words, trimmed of their punctuation.
    let mut words = [""; 12];
    let mut n = 0;
    for w in s.split_whitespace() {
        if n == words.len() {
            return false;
        }
        words[n] = unpunctuated(w);
        n += 1;
    }
    let words = &words[..n];
    let is = |w: &str, one_of: &[&str]| one_of.iter().any(|o| w.eq_ignore_ascii_case(o));
    let ends_on = |rest: &[&str], end: &[&str]| {
        rest.len() >= end.len()
            && rest[rest.len() - end.len()..]
                .iter()
                .zip(end)
                .all(|(w, e)| w.eq_ignore_ascii_case(e))
    };
    // The verb is the second, third or fourth word.
    (1..words.len().min(4)).any(|k| {
        let rest = &words[k + 1..];
        if words[k].eq_ignore_ascii_case("reports") {
            // The whole sentence is `<reporter> reports.`
            return rest.is_empty() && s.trim_end().ends_with('.');
        }
        if words[k].eq_ignore_ascii_case("has") {
            return matches!(rest, [article, .., what]
                if rest.len() <= 3
                    && is(article, &["a", "an", "the"])
                    && is(what, &["details", "report", "story"]))
                && s.trim_end().ends_with('.');
        }
        // A live shot hands back to the studio: `… for us.`, `… with the latest.`
        words[k].eq_ignore_ascii_case("is")
            && matches!(rest, [live, at, .., _] if live.eq_ignore_ascii_case("live")
                && is(at, &["at", "from", "in", "outside"]))
            && (ends_on(rest, &["us"])
                || ends_on(rest, &["with", "the", "latest"])
                || ends_on(rest, &["with", "more"]))
    })
}

/// Whether `s` points at a picture, video or post on the page (`This youtube video below, in
/// particular, is jarring.`, `the two images below are taken from the complaint`): a summary
/// has none to show.
fn points_at_the_page(s: &str) -> bool {
    const MEDIA: &[&str] = &[
        "video", "videos", "image", "images", "photo", "photos", "picture", "pictures", "clip",
        "tweet", "tweets", "gallery", "footage", "chart", "graphic", "map",
    ];
    // What follows a page reference: the end of a phrase, or its verb (`the images below are
    // …`); `the photo above the fireplace` is a place.
    const AFTER: &[&str] = &[
        "is", "are", "was", "were", "shows", "show", "appear", "appears", "both", "for",
    ];
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    // Words are read in place, each with the one before and the one after it: this runs on
    // every sentence.
    let mut words = s.split_whitespace().peekable();
    let mut before = None;
    while let Some(w) = words.next() {
        let place = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        let points = before.is_some_and(|b| {
            (place.eq_ignore_ascii_case("below") || place.eq_ignore_ascii_case("above"))
                && MEDIA.contains(&bare(b).as_str())
                && (place.len() < w.len()
                    || words.peek().is_none_or(|next| {
                        AFTER.contains(&bare(next).as_str())
                            || !next.starts_with(char::is_alphanumeric)
                    }))
        });
        if points {
            return true;
        }
        before = Some(w);
    }
    false
}

/// The length of a list item's number at the start of `s` (`1. `, `12) `), or of a bullet or
/// separator's dashes (`-- tami just bailed out`, `--- attorney general …`, `___ security`,
/// `• the`), with the white space after it, when a word follows; 0 otherwise. `3.5 million`,
/// `2012. The` (a year ending the sentence before is not at the start), `1,400 people` and
/// `-5 degrees` are not list markers. No sentence of a story opens on a dash: where one
/// does, the page ran an update mark or a section rule into the text.
pub(crate) fn list_number_len(s: &str) -> usize {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if (1..=2).contains(&digits) {
        s[digits..]
            .strip_prefix(['.', ')'])
            .filter(|r| r.starts_with(char::is_whitespace))
    } else {
        let rest = s.trim_start_matches(['-', '–', '—', '_', '•', '*']);
        let bullets = s[..s.len() - rest.len()].chars().count();
        Some(rest).filter(|r| (1..=4).contains(&bullets) && r.starts_with(char::is_whitespace))
    };
    let Some(rest) = marker else {
        return 0;
    };
    let rest = rest.trim_start();
    if rest.starts_with(char::is_alphabetic) || rest.starts_with(['"', '“', '\'', '‘']) {
        s.len() - rest.len()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_list_numbers() {
        for (s, want) in [
            (
                "1. The clinton show: the former president takes the podium.",
                "The clinton show: the former president takes the podium.",
            ),
            (
                "12) Will the allegations take center stage?",
                "Will the allegations take center stage?",
            ),
            (
                "3. \"We are ready,\" he said.",
                "\"We are ready,\" he said.",
            ),
            ("3.5 million people voted.", "3.5 million people voted."),
            ("1,400 people were killed.", "1,400 people were killed."),
            ("2012. The year began.", "2012. The year began."),
            ("1. 2. 3.", "1. 2. 3."),
            (
                "-- tami just bailed out of jail.",
                "tami just bailed out of jail.",
            ),
            (
                "--- attorney general jeff sessions ' visit",
                "attorney general jeff sessions ' visit",
            ),
            ("___ security: it's foremost", "security: it's foremost"),
            ("_ He cited no evidence.", "He cited no evidence."),
            (
                "— likely will not be a twist.",
                "likely will not be a twist.",
            ),
            ("-5 degrees is cold.", "-5 degrees is cold."),
            ("-- 12 people died.", "-- 12 people died."),
            ("----- ", "----- "),
        ] {
            assert_eq!(&s[list_number_len(s)..], want, "{s}");
        }
    }

    #[test]
    fn web_addresses_copyright_and_calls_to_action_are_not_news() {
        for s in [
            "For more information, go to www.example.com.",
            "The post reports ( http://dpo.st/1xo ) the fbi is asking for help.",
            "Subscribe to our channel for breaking news.",
            "Click here to see video of the scene.",
            "( \u{a9} 2017 cbs local media, a division of cbs radio inc.",
            "File - in this may 7, 2015 file photo, the quarterback gestures during an event.",
            "This undated photo provided by the department shows a cubist painting.",
            "Photos: cheaters gallery \"suzanne stood by peter for years, but he lied to her.",
            "More: ex-postal worker admits he burned 20 tubs of mail in contrast, the organizer got probation.",
            "Related: amazing drone video of icelandic volcano \" the new island is more than one kilometer.",
            "- follow the ticker on twitter: @politicalticker \" those two comments are really irresponsible.",
            "Text size - + reset photos: stars hit up the swing states play slideshow.",
            "Like raw story on facebook anti-tax crusader grover norquist helped the group.",
            "See more of jazzy rowe on facebook",
            "sign up for the sunrise morning newsletter thanks for signing up! something went wrong.",
            "Please check your email to confirm your subscription.",
            "Breaking news emails get breaking news alerts and special reports.",
            "Catherine zeta-jones checks into mental health facility email this with husband.",
            "1 of 14 full screen autoplay close skip ad × athletes to watch for the olympics.",
            "Add a location to your tweets when you tweet with a location, twitter stores it.",
            "You always have the option to delete your Tweet location history.",
            "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
            "The goal is to fix all broken links on the web .",
            "Crawls of supported \"No More 404\" sites.",
            "Key moments from the hearing: • drama over confidential emails....",
            "The latest on president donald trump ( all times local ): 6 p.m.",
            "[ updated with nyse developments. ]",
            "Related stories: the university's turnabout shows how the conference is blocking it.",
            "Read: phil robertson defends his comments.",
            "Related video why did this 24 y/o become an internet exhibitionist?",
            "Trending stories \" there's no case, there's no abuse, \" the lawyer said.",
            "Buy photo story highlights confederate memorial hall opened 1935.",
            "( associated press ) file - this sept. 30, 2003, file photo, shows the exterior of a dormitory.",
            "Click through the gallery to see moments from his life.",
            "Check local tv listings for when you can catch the action.",
            "Wire services contributed to this report.",
            "( reporting by joan gralla; editing by jan paschal )",
            "[Editor's note: this story has been corrected.]",
            "Scroll down to listen to audio ( warning: contains bad language ) gladiators, ready!",
            "( scroll down for live updates ) three reactors have had partial meltdowns.",
            "Create an account for free access to: first name last name please select a country...",
            "Just watched jonathan pollard granted parole replay more videos...",
            "EMBED More News Videos A 38-year-old man was killed when his car crashed.",
            "| | news | | page 1 of 1 updated: a photo of two men kissing has been removed.",
            "The complete review after the jump.",
            "CLOSE The Southern Baptist Convention voted to urge its congregations to stop.",
            "University of chicago / facebook amid a controversy, a student is suing.",
            "/ updated by corky siemaszko more former wrestlers have come forward.",
            "Eric piermont/agence france-presse — getty images san francisco — the company did.",
            "View full caption dnainfo/trevor kapp brooklyn — the rookie officer was indicted.",
            "Broadcast on: bbc radio 4 duration: 30 minutes available until: 12: 00am categories: arts.",
            "Get push notifications with news, features and more.",
            "The news and stories that matter, delivered weekday mornings.",
            "Facebook twitter pinterest the tomb after the lid was removed.",
            "video provided by newsy newslook once again the candidate has kindled the fires.",
            "This is a breaking news update.",
            "Check back soon for further information.",
            "We ask that you stay within the bounds of our commenting and posting policy.",
            "Btw warning: this article contains graphic imagery and language.",
            "Stock chart for orexigen therapeutics inc ( orex ) the company won a panel vote.",
            "Download the wbal app miami-dade police said the rider had no helmet.",
            "Listen to the story airing on 89.9 wjct-fm brown's charges include wire fraud.",
            "Joey wilson, left, rings up curtis barwick for a gold pan saturday in oroville.",
            "Denice juneski ( left ) and linda jourdeans recently learned they were switched.",
            "This image shows, front row from left, danai gurira and chadwick boseman.",
            "He appears with Joe Namath, left, and Frank Gifford.",
            "Provided by fbi task force authorities are looking for this man, accused of robbery.",
            "Javier manzano/for the washington post after a tough season, soldiers are short.",
            "Therese apel/the clarion-ledger vincent mitchell told the associated press.",
            "Hollis johnson/business insider more than 400 people said they would go.",
            "This youtube video below, in particular, is jarring.",
            "\" the two images below are taken from the complaint [ pdf ].",
            "Watch the video above for the full interview.",
            "Visit the U.S. National Cancer Institute for more on colon cancer.",
            "Read on for more.",
            "Mark segraves reports.",
            "Dan Noyes has an exclusive report.",
            "ABC7's Dan Noyes has the story.",
            "Kala rama is live at the casselberry police department for us.",
            "Jane Doe is live in Orlando with the latest.",
            "Plus join howard kurtz for a live chat during the debate, starting at 8pm et.",
            "11 of 23 Photos: The rise and fall of O.J. Simpson Ronald Goldman was slain in 1994.",
            "image 2 of 30 buy photo local news crews check out the scene.",
            "Source: Abdelsattar Z, Wong S, Regenbogen S, et al.",
            "SOURCES: the company's filings with the SEC.",
        ] {
            assert!(is_web_furniture(s), "{s}");
        }
        for s in [
            "The agency does not have to follow the advice of its committees.",
            "Follow-up talks are planned for Monday in Geneva, the ministry said.",
            "Follow the money, the prosecutor told the jury on Twitter's first day in court.",
            "More than 1,400 people were killed in the August 21 attack.",
            "Watchdogs said the video showed the attack.",
            "Like many users on facebook, she shared the photo of the tomb.",
            "Couples can sign up for a license online, the clerk said.",
            "Couples can sign up for a license online.",
            "Sources said the minister would resign on Friday.",
            "A copy of the page saved by the Internet Archive's Wayback Machine shows the edit.",
            "Reporters found the deleted tweets in the Wayback Machine.",
            "The file was sent to the ministry in May, officials said.",
            "• The council voted to close the school at the end of the year.",
            "[The minister] said the plan would be ready next week.",
            "One of the signs read: \"you have to go.\"",
            "Related stories ran in three papers, the editor said.",
            "Officials wrote: the plan has two parts: a ceasefire and talks.",
            "Close friends said the couple had split.",
            "The store is open 24/7 and/or on call, since the 9 / 11 attacks.",
            "CLOSE CALL FOR THE SHUTTLE CREW",
            "The jury heard the call at 7: 15 p.m., the prosecutor said.",
            "The company posted on Facebook, Twitter and Instagram within minutes.",
            "Investigators will check back with the witnesses next week.",
            "Officials want to download the information from the car's modules.",
            "The whole row from left to right, then down the row again, from right to left.",
            "The fire, left unattended, spread to the roof, right next to the school.",
            "Two of the men left, and the rest stayed, officials said.",
            "Parents and/or guardians must sign the form, the school said.",
            "The ac/dc tour was cancelled on Monday.",
            "New york/paris ( reuters ) - imf chief christine lagarde said on Monday.",
            "Either/or questions were asked by the pollster.",
            "Temperatures stayed below freezing, and the video showed the ice above the dam.",
            "The photo above the fireplace was a gift, she said.",
            "Visitors came for more than a week.",
            "Read the ruling, the judge said, for more than the headlines.",
            "Visiting the site for more than an hour, the minister said little.",
            "The mail on sunday reports that over 100 bags were taken.",
            "The party denied the reports.",
            "The minister has the final report on her desk.",
            "The band is live in concert on Friday.",
            "18 of 22 counts of fraud were upheld on appeal.",
            "Photo 3 was taken in 1994, the archive said.",
        ] {
            assert!(!is_web_furniture(s), "{s}");
        }
    }
}

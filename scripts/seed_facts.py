#!/usr/bin/env python3
"""Count the seed cluster's key facts in a herald summary (Python 3 standard library only).

Usage:
    cargo run --release -p herald-cli -- summarize examples/g20-syria --words 150 --format json \
        | scripts/seed_facts.py
    scripts/seed_facts.py summary.json

Reads one summary in herald's JSON (`--format json` or one line of `--format jsonl`) and
prints, per key fact of issue 29, whether a summary sentence states it and which one, then the
count (`facts: 10/11`), the facts missing, and two checks of order: the first sentence tells
the main event (the Obama-Putin talk on Friday: fact 1 or 2, and no later day named), and no sentence that names a
day comes before a sentence naming an earlier day of the same week (Thursday < Friday <
Saturday < Monday, as the seed's articles use them). It also lists sentences that open on a
word that points back (a pronoun, a connective) as possible dangling openers, for the reader
to judge. The exit code is 0; the output is for reading.

A fact counts when one sentence matches every pattern of one of its alternatives
(case-insensitive). The patterns were written against the texts of examples/g20-syria, so that
each way the five articles say a fact is recognised, and nothing the June G8 article (004, about
another meeting) says is taken for it:

 1. Obama and Putin met or talked at the G20 in St. Petersburg: a sentence naming them (or
    "the two leaders/men") and a meeting word (talk, spoke, met, meeting, conversation,
    exchange), and the G20 (G20, Group of 20, St. Petersburg), or "the summit" when no G8 is
    named ("spoke ... on the sidelines of the summit").
 2. How the talks went: "constructive", "candid", "cordial", "meaningful".
 3. No agreement: "no sign of consensus", "no indication ... breakthrough consensus",
    "neither managed to change the other's mind", "He doesn't agree with me", "kept with our
    own opinion", "unlikely to shift/support", "failed to bridge", "stalemate", "contradictions
    remained", "no deal", "little headway".
 4. Obama (the US) seeks or weighs military action: military action/strike(s)/intervention,
    strikes on/against Syria or punitive action, with Obama, the US, Washington or Kerry in
    the sentence.
 5. Over the chemical weapons attack: a chemical attack, the use of chemical weapons, gassing,
    sarin.
 6. The US says Assad's government was behind it: the government or regime (forces) was
    responsible / behind it, the evidence points to the Syrian government, the Syrian
    government (allegedly) used chemical weapons, its alleged use of chemical weapons.
 7. The death toll: 1,400 (or 1,429).
 8. Putin's position: "militants" used chemical weapons, rebel forces/opposition fighters did
    it, a strike without UN approval would be illegal or an aggression, Moscow will keep
    arming Syria, Putin challenged the assertion that regime forces were behind it, Putin as a
    critic of military intervention.
 9. What they agreed to work toward: a political solution/resolution, solving the crisis
    peacefully, a peace conference (Geneva), the negotiating table.
10. Where the other G20 members stood: 11 of its 20 members / a bare majority of the G20, the
    majority of the leaders, split "50-50", divisions arose, France the only nation/power to
    join, several Western states, international opinion divided, global divisions, China's
    opposition, the British parliament's vote.
11. Obama rallying support, the vote in Congress, Kerry: "rally", Congress, lawmakers, Kerry.
"""

import json
import re
import sys

# Each fact: a name and alternatives; an alternative is a list of patterns that must all match
# one sentence.
FACTS = [
    ("Obama and Putin met at the G20 in St. Petersburg", [
        [r"\b(Obama|Putin|two leaders|two men)\b",
         r"\b(talks?|spoke|met|meeting|conversation|exchange)\b",
         r"\b(G-?20|Group of 20|St\.? Petersburg)\b"],
        [r"\b(Obama|Putin)\b", r"\b(talks?|spoke|met|meeting)\b", r"sidelines of the summit"],
    ]),
    ("the talks were constructive / candid", [
        [r"\b(constructive|candid|cordial|meaningful)\b"],
    ]),
    ("no agreement: neither changed the other's mind", [
        [r"no sign of consensus|no indication[^.]*consensus|neither managed to change"
         r"|doesn.t agree with me|kept with our own opinion|unlikely to (shift|support)"
         r"|failed to bridge|stalemate|contradictions remained|no deal|little headway"],
    ]),
    ("Obama seeks military action on Syria", [
        [r"military (action|strikes?|intervention)|strikes? (on|against) Syria|punitive action",
         r"\b(Obama|U\.?S\.?|United States|Washington|Kerry|American)\b"],
    ]),
    ("over the chemical weapons attack", [
        [r"chemical (weapons )?attacks?|(use of|used?|using) chemical weapons|gassing|sarin"],
    ]),
    ("the US says Assad's government was behind it", [
        [r"(government|regime)( forces)? (was|were) (responsible|behind)"],
        [r"regime forces were behind|evidence clearly points to the Syrian government"],
        [r"(Syrian|Assad) (government|regime) (allegedly )?used chemical weapons"],
        [r"(government|regime) over its alleged use of chemical weapons"],
    ]),
    ("the death toll (1,400)", [
        [r"\b1,?4\d\d\b"],
    ]),
    ("Putin's position", [
        [r"\u201cmilitants\u201d|\"militants\"|rebel forces|opposition fighters"],
        [r"without (the )?U\.?N\.?[^.]*(illegal|aggression)|would be illegal"],
        [r"provide Syria with arms"],
        [r"Putin[^.]*(challenged the assertion|critics of military)"],
    ]),
    ("they agreed to work toward a political solution", [
        [r"political (solution|resolution)|crisis peacefully|peace conference|Geneva"
         r"|negotiating table"],
    ]),
    ("where the other G20 members stood", [
        [r"11 of its 20|bare majority of the G20|majority of the leaders|50-50"
         r"|divisions arose|France is the only|only (nation|power)|Several Western states"
         r"|opinion remains divided|global divisions|British parliament"],
        [r"China", r"oppos"],
    ]),
    ("Obama rallying support / Congress / Kerry", [
        [r"\brally\b|Congress|lawmakers|\bKerry\b"],
    ]),
]

# Day words in the order the seed's events happened (the talk was on Friday).
DAYS = ["Thursday", "Friday", "Saturday", "Monday"]
MAIN_FACTS = {0, 1}
POINTS_BACK = re.compile(
    r"^(He|She|They|It|This|That|These|Those|His|Her|Their|But|And|However|Afterward|Both|"
    r"The two)\b")


def matches(alternatives, sentence):
    return any(all(re.search(p, sentence, re.I) for p in alt) for alt in alternatives)


def main():
    raw = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    summary = json.loads(raw.strip().splitlines()[0] if raw.lstrip().startswith("{\"") else raw)
    sentences = [s["text"] for s in summary["sentences"]]
    words = sum(len(s.split()) for s in sentences)
    print(f"{len(sentences)} sentences, {words} words")
    found = []
    missing = []
    for k, (name, alternatives) in enumerate(FACTS):
        hits = [i + 1 for i, s in enumerate(sentences) if matches(alternatives, s)]
        (found if hits else missing).append(k + 1)
        where = ", ".join(f"s{h}" for h in hits) if hits else "MISSING"
        print(f"{k + 1:2}. {name}: {where}")
    print(f"facts: {len(found)}/{len(FACTS)}")
    if missing:
        print("missing: " + "; ".join(f"({k}) {FACTS[k - 1][0]}" for k in missing))
    opener = sentences[0] if sentences else ""
    main_first = any(matches(FACTS[k][1], opener) for k in MAIN_FACTS) and not re.search(
        r"\b(Saturday|Monday)\b", opener)
    print(f"opens on the main event: {'yes' if main_first else 'NO'}")
    days = []
    for i, s in enumerate(sentences):
        named = [d for d in DAYS if re.search(rf"\b{d}\b", s)]
        if named:
            days.append((i + 1, DAYS.index(named[0]), named[0]))
    out_of_order = [
        (a, b) for x, a in enumerate(days) for b in days[x + 1:] if b[1] < a[1]
    ]
    for a, b in out_of_order:
        print(f"out of order: s{a[0]} ({a[2]}) before s{b[0]} ({b[2]})")
    print(f"in the order the events happened: {'no' if out_of_order else 'yes'}")
    for i, s in enumerate(sentences):
        if POINTS_BACK.match(s):
            print(f"check: s{i + 1} opens on a word that points back: {s[:60]}")


if __name__ == "__main__":
    main()

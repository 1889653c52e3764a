"""Whether a reply takes up the line before it, read from the parse (tools/parse.py): what the line asks of its
listener (a yes-or-no question, a question for a place, a person, a time, a reason, a manner or an amount, a
request, or a statement) and whether the reply gives that: an answer of the kind asked (a yes or no, a place for
'where', a reason for 'why'), a taking-up of the other's point (their words again, 'that' or 'it' pointing back,
agreeing or refusing, asking back, turning to the other person).

Only the grammar of English is used (its question words, answer words and pronouns, a closed class), never words
chosen from any story; a line is scored 0..1 with the reasons. It reads form, not truth: a reply can answer in
form and still be nonsense, and a good reply that changes the subject on purpose scores low.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.parse import parse

WH = ("what", "where", "who", "whom", "whose", "why", "how", "when", "which")
POLAR = {"yes", "no", "yeah", "yep", "nope", "nah", "sure", "maybe", "perhaps", "okay", "ok", "fine", "right",
         "never", "always", "absolutely", "certainly", "definitely", "alright", "not", "exactly", "true", "course",
         "probably", "indeed", "agreed", "deal", "please", "thanks", "sorry"}
# words that open a reply pointing back at the line; not 'because', which answers a 'why' and, to anything else,
# gives a reason nobody asked for ('You can't park here.' - 'Because I'm late.')
BACK = {"that", "this", "it", "those", "these", "there", "then", "so", "why", "what", "really", "oh", "but",
        "well", "how", "and", "still", "even"}
PLACE_PREPS = {"in", "at", "on", "under", "behind", "near", "inside", "outside", "by", "beside", "above", "below",
               "over", "into", "across", "through", "around", "between", "upstairs", "downstairs"}
PLACE_ADVS = {"here", "there", "home", "away", "upstairs", "downstairs", "inside", "outside", "everywhere",
              "nowhere", "somewhere", "anywhere", "back", "abroad", "out"}
TIME_WORDS = {"now", "then", "soon", "later", "tonight", "today", "tomorrow", "yesterday", "never", "always",
              "before", "after", "until", "since", "ago", "once", "already", "yet", "morning", "night", "week",
              "year", "hour", "minute", "moment", "day"}
PERSONS = {"i", "me", "he", "him", "she", "her", "we", "us", "they", "them", "nobody", "everyone", "somebody",
           "someone", "everybody", "no one", "mine", "yours"}
REASON = {"because", "since", "so", "for", "cause", "'cause"}
AMOUNT_ENTS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
YOU = {"you", "your", "yours", "yourself", "yourselves"}


ANSWERS = 0.7  # a reply scored at least this answers in form (a yes to a yes-no question, a place for 'where')
IGNORES = 0.3  # one scored at most this ignores the line


@dataclass(frozen=True)
class Taken:
    """How a reply takes up a line: a score 0..1 and the reason, in words."""

    score: float
    why: str


def asked(line: str) -> str:
    """What a line asks of its listener: 'yes-no', 'wh:WORD' (the question word), 'request' or 'statement'. A
    line of two sentences asks what its last one asks ('It rains. Where is it?' asks where)."""
    doc = parse(line)
    sents = [s for s in doc.sents if any(not t.is_punct for t in s)] or [doc[:]]
    last = sents[-1]
    if last.text.rstrip().endswith("?"):
        for t in last:
            if t.lower_ in WH and t.i <= last.root.i + 1:
                return "wh:how-many" if t.lower_ == "how" and t.i + 1 < len(doc) and \
                    doc[t.i + 1].lower_ in ("many", "much", "long", "far", "old") else f"wh:{t.lower_}"
        return "yes-no"
    root = last.root
    if root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in root.children):
        return "request"
    return "statement"


def _content(doc) -> set[str]:
    return {t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not t.is_stop}


def _opens(doc, words: set[str], span: int = 3) -> bool:
    """The reply's first few words (past a vocative or an interjection's comma) include one of `words`."""
    first = [t.lower_ for t in doc if not t.is_punct][:span]
    return bool(set(first) & words) or " ".join(first[:2]) in words


def _gives(kind: str, doc) -> bool:
    """The reply holds an answer of the kind the question asks for."""
    lower = {t.lower_ for t in doc}
    ents = {e.label_ for e in doc.ents}
    if kind == "where":
        return bool(lower & PLACE_ADVS or ents & {"GPE", "LOC", "FAC"}
                    or any(t.dep_ == "prep" and t.lower_ in PLACE_PREPS and any(c.dep_ == "pobj" for c in t.children)
                           for t in doc))
    if kind in ("who", "whom", "whose"):
        return bool("PERSON" in ents or any(t.pos_ == "PROPN" for t in doc) or lower & PERSONS
                    or any(t.dep_ == "poss" for t in doc))
    if kind == "when":
        return bool(ents & {"DATE", "TIME"} or lower & TIME_WORDS)
    if kind == "why":
        return bool(lower & REASON or any(t.tag_ == "TO" and t.head.pos_ == "VERB" for t in doc))
    if kind == "how-many":
        return bool(ents & AMOUNT_ENTS or any(t.tag_ == "CD" for t in doc) or lower & {"none", "all", "enough",
                                                                                       "few", "lot", "many"})
    if kind == "how":
        return bool(lower & {"by", "with", "like"} or any(t.tag_ == "RB" and t.lower_.endswith("ly") for t in doc))
    return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc)  # what, which: any thing named


def takes_up(line: str, reply: str) -> Taken:
    """How far `reply` answers `line`: 1.0 gives what a question asks, or takes up a statement's point in more
    than one way; 0.2 or so ignores it (a question answered by an unrelated question, a statement by one that
    shares nothing with it, points back at nothing and turns to nobody)."""
    kind, doc, before = asked(line), parse(reply), parse(line)
    questions = [s for s in doc.sents if s.text.rstrip().endswith("?")]
    declarative = len(questions) < len(list(doc.sents))
    shared = sorted(_content(before) & _content(doc))
    back = _opens(doc, BACK)
    polar = _opens(doc, POLAR, span=2)
    uptake = bool(shared) or back
    if kind == "yes-no":
        aux = next((t.lemma_ for t in before if t.pos_ == "AUX"), "")
        echoed = declarative and any(t.pos_ == "AUX" and t.lemma_ == aux and t.i < 4 for t in doc)
        if polar or echoed:
            return Taken(1.0, "answers yes or no")
        return Taken(0.7 if declarative and uptake else 0.4 if declarative else 0.2,
                     "answers a yes-no question without a yes or a no" if declarative
                     else "answers a question with a question")
    if kind.startswith("wh:"):
        word = kind[3:]
        if declarative and _gives(word, doc):
            return Taken(1.0, f"gives the '{word}' its question asks")
        if declarative:
            return Taken(0.7 if uptake or polar else 0.4, f"answers '{word}' without one")
        return Taken(0.3 if uptake else 0.2, "answers a question with a question")
    if kind == "request":
        if polar or _opens(doc, {"i"}, span=1) and any(t.pos_ in ("AUX",) or t.tag_ == "MD" for t in doc[:3]):
            return Taken(1.0, "agrees or refuses")
        if questions:
            return Taken(0.8, "asks back")
        return Taken(0.7 if uptake else 0.4, "goes on from the request" if uptake else "ignores the request")
    to_you = bool({t.lower_ for t in doc} & YOU)
    score = 0.2 + 0.4 * bool(shared) + 0.3 * back + 0.3 * polar + 0.2 * bool(questions) + 0.2 * to_you
    reasons = [r for r, on in (("takes up " + ", ".join(shared[:3]), shared), ("points back", back),
                               ("agrees or refuses", polar), ("asks back", questions),
                               ("turns to the other", to_you)) if on]
    return Taken(round(min(1.0, score), 3), "; ".join(reasons) or "takes up nothing of it")

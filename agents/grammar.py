"""What a parsed pitch says word by word: a phrase's head noun and its words, a noun's preposition of place,
and whether a verb says a deed someone means or a state. The small readings the pitch reader
(agents/reading.py) and the reader of its people (agents/people.py) both make of spaCy's parse.
"""

from __future__ import annotations

import re

from memory.names import given_names
from tools import lexicon

# General English, not any pitch's words: prepositions of place.
PLACE_PREPS = {"in", "inside", "at", "on", "aboard", "near", "outside", "under", "beside", "behind", "by", "into",
               "onto", "across", "through", "around", "atop", "within", "beneath", "above", "below", "along"}
# WordNet categories of nouns that never act in a scene (a debate, an afternoon, a colour); a subject of any
# other kind is a character even when it is no person ("your shadow decided to quit").
NEVER_CHARACTERS = {"act", "event", "time", "communication", "cognition", "attribute", "quantity", "relation",
                    "process", "motive", "feeling", "group", "location", "possession", "shape"}
SUBJECTS = {"nsubj", "nsubjpass", "expl"}
UNMEANT = {"accidentally", "mistakenly", "inadvertently", "unwittingly", "unknowingly", "unintentionally"}


def modifiers(token) -> set[str]:
    """The words before a noun that qualify it, not counting the parts of a hyphenated one ('twelve-year-old')."""
    doc = token.doc
    return {t.lower_ for t in token.lefts if not (t.i > 0 and doc[t.i - 1].text == "-")
            and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "-")}


def noun(token) -> str:
    """The noun WordNet is asked about: with its compound modifier when WordNet knows the pair ('bus stop')."""
    noun = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
    compounds = [t.lower_ for t in token.lefts if t.dep_ == "compound"]
    if compounds and lexicon.senses(f"{compounds[-1]} {noun}"):
        return f"{compounds[-1]} {noun}"
    return noun


def phrase(token) -> str:
    """The noun phrase a token heads, without what follows it (relative clauses, prepositional phrases)."""
    left = [t for t in token.lefts if t.dep_ not in ("punct", "cc", "mark", "dep", "prep")]
    return words_from(token.doc, min([token.i] + [t.left_edge.i for t in left]), token.i)


def words_from(doc, start: int, end: int) -> str:
    """doc[start..end] without a clause's opening word ('When retired boxer Dolores learns ...': not 'When')."""
    while start < end and (doc[start].pos_ == "SCONJ" or doc[start].tag_ == "WRB"):
        start += 1
    return doc[start:end + 1].text


def capital_only_first(token) -> bool:
    """'Grandmother teaches ...': a person noun WordNet knows, capital only because it opens the pitch; not a
    first name people have, though WordNet knows a rare noun by it ('Mina, her cousins and ...': a myna bird)."""
    return token.i == 0 and token.pos_ == "PROPN" and token.ent_type_ != "PERSON" \
        and lexicon.category(token.lower_) in ("person", "animal") and token.lower_ not in given_names()


def in_hyphenated_modifier(token) -> bool:
    """A word of a hyphenated phrase that describes a noun outside it ('a winner-takes-all game', 'a
    pay-as-you-go phone'): part of a description, no one of its own."""
    doc, first, last = token.doc, token.i, token.i
    while first > 1 and doc[first - 1].text == "-" and not doc[first - 2].whitespace_ \
            and not doc[first - 1].whitespace_:
        first -= 2
    while last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ \
            and not doc[last + 1].whitespace_:
        last += 2
    if first == last or all(doc[i].pos_ in ("NOUN", "PROPN", "ADJ") for i in range(first, last + 1, 2)):
        return False  # 'an ice-fisherman', 'a night-shift nurse': a noun of its own
    root = next((t for t in doc[first:last + 1] if not first <= t.head.i <= last), None)
    return root is not None and root.dep_ in ("amod", "compound", "nmod")


def part_of_preposition(token) -> bool:
    """'front' in 'in front of', 'top' in 'on top of': no place of its own."""
    return not any(c.dep_ in ("det", "poss", "amod") for c in token.children) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def preposition(token) -> str:
    """The preposition of place before a noun ('at', 'inside', 'in front of'), or '' when it is none."""
    prep = token.head
    if prep.lower_ == "of" and part_of_preposition(prep.head) and prep.head.head.dep_ == "prep":
        return f"{prep.head.head.lower_} {prep.head.lower_} of"
    return prep.lower_ if prep.lower_ in PLACE_PREPS and not part_of_preposition(token) else ""


def is_state(verb) -> bool:
    """A participle with no auxiliary heading the clause ('stuck at a red light', 'lost in a maze'): the tagger
    may call it a past tense, but one WordNet also knows as an adjective, with no object and a preposition after
    it, says how things stand ('a man died in the war' stays a past)."""
    children = {c.dep_ for c in verb.children}
    return verb.tag_ in ("VBN", "VBG") or verb.tag_ == "VBD" and "dobj" not in children and "prep" in children \
        and not children & {"aux", "auxpass"} and lexicon.is_adjective(verb.lower_)


def willed(verb) -> bool:
    """Whether the main clause says what someone does rather than how things stand for them ('two exes stuck
    sharing a taxi', 'a clerk trapped in a lift'): an act is a want, a state is none."""
    to_do = any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in verb.children)
    if any(c.dep_ == "advmod" and c.lower_ in UNMEANT for c in verb.children):
        return False  # 'accidentally burns the map': it happens to them
    if any(c.dep_ == "acomp" for c in verb.children) and not any(c.dep_ == "dobj" for c in verb.children):
        return False  # 'the trick goes wrong', 'the room falls silent': a change, no deed
    return to_do or not (is_state(verb) or any(c.dep_ == "auxpass" for c in verb.children)
                         or verb.tag_ in ("VBN", "VBD") and lexicon.is_adjective(verb.lower_)
                         and not any(c.dep_ in ("dobj", "aux") and c.tag_ not in ("WP", "WDT") for c in verb.children))


MINDED = {"cognition", "communication", "emotion", "social", "competition", "possession", "consumption"}
THINKING = {"cognition", "communication", "emotion"}  # all a storm or the wind can do that takes a mind


def minded(verb, weather: bool = False) -> bool:
    """Whether a deed takes a mind, so a thing that does it is a character ('the moon wants', 'a kettle refuses',
    'a jukebox falls for'): WordNet's commonest sense of the verb, with its particle or preposition where WordNet
    has the pair, is thinking, feeling, speaking, dealing with others, owning or eating. A storm that knocks out
    the power or a bell that stops ringing is something that happens, not someone; `weather` (WordNet's
    phenomena: a storm, the wind) only thinks, feels or speaks ('the wind whispers'), since WordNet files a
    business that shuts down under dealing with others."""
    base = verb.lemma_.lower()
    pairs = [f"{base} {c.lower_}" for c in verb.children if c.dep_ in ("prt", "prep")]
    found = next((lexicon.verb_category(v) for v in pairs + [base] if lexicon.verb_category(v)), "")
    return found in (THINKING if weather else MINDED)


def hidden_verb(token) -> bool:
    """A word tagged as a noun that takes a direct object and that WordNet knows as a verb ('a tourist share a
    flask' parsed as a compound noun): a verb the tagger missed."""
    return token.pos_ == "NOUN" and any(c.dep_ == "dobj" for c in token.children) and lexicon.is_verb(token.lemma_)


def person_before_verb(token) -> bool:
    """A person or animal taken for the modifier of a noun that is really a verb ('let a crying child cross': 'child
    cross' is no compound WordNet knows, and 'cross' is a verb); a noun that is the subject of a verb of its own
    is a noun ('a detective cat investigates': a cat, though WordNet also knows 'cat' as a verb), and so is one
    after a preposition ('a man in a clown suit': no clown suits anyone)."""
    head = token.head
    person = lexicon.category(noun(token)) in ("person", "animal") \
        or token.tag_ == "NNS" and lexicon.may_be_person(noun(token))  # 'a goose chases the postman': it acts
    return person and head.pos_ == "NOUN" and head.i == token.i + 1 \
        and head.dep_ not in (*SUBJECTS, "pobj") and lexicon.is_verb(head.lemma_) and not lexicon.senses(f"{token.lower_} {head.lower_}") \
        and not any(c.dep_ in ("det", "poss") for c in head.children if c.i > token.i)


def article(phrase: str) -> str:
    """'a bus', 'an office'; a phrase with its own article stays."""
    return phrase if re.match(r"(?i)(a|an|the)\b", phrase) else ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase

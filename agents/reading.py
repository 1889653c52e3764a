"""A pitch read from its grammar: who, where, when, with what, wanting what, against what, doing what.

spaCy's parse (tools/parse.py) says which phrase is the subject, which word the main verb, what its objects and
its prepositional phrases are; WordNet (tools/lexicon.py) says whether a noun names a person, an animal, a
machine or a spirit, a place or an object, and whether it says a sex or an age. So any pitch is read the same
way, whatever its words: "a night nurse and a sleepless patient" names two people and no action; "a retired
firefighter must convince his stubborn neighbor to evacuate before a wildfire reaches their street" has a lead,
a second person, a want, an obstacle and a place. What a pitch leaves open, agents/premise.py completes from the
team's situation library.
"""

from __future__ import annotations

import re

from agents import grammar
from agents.people import lead_of, people_in, role_of
from film.story import PitchReading
from film.text import content_words
from memory.names import given_names
from tools import lexicon
from tools.parse import parse

OBJECT_CATEGORIES = {"artifact", "food", "plant", "substance", "object"}
WEATHER = {"storm", "blizzard", "flood", "heatwave", "blackout", "hurricane", "snowstorm", "rainstorm", "fog", "war",
           "wildfire", "drought", "earthquake"}
TIME_RULES = [  # (pattern over the predicate, what becomes an obstacle)
    (r"(?P<time>the (?:night|day|morning|evening|week) before) (?P<obstacle>.+)$", "obstacle"),
    (r"(?P<time>on the (?:night|eve|day|morning|evening) of [^,]+)", ""),
    (rf"(?P<time>(?:during|in|through) (?:a|an|the) (?P<weather>{'|'.join(sorted(WEATHER))}))", "weather"),
    (r"(?P<time>(?:before|after|at|until|by) (?:dawn|dusk|midnight|sunrise|sunset|night|nightfall|noon))", ""),
    (r"(?P<time>(?:during|after|before) (?P<event>(?:a |an |the )?[\w -]+))$", "event"),
]
OBSTACLE_RULES = [  # (pattern over the predicate, obstacle, cut the match from the action)
    (r"\b(?:which|that|who|where)?\s*(?P<o>(?:neither|none|nobody) of them can .+)$", "{o}", True),
    (r"(?P<np>\b(?:the|a|an) [\w-]+) who (?P<v>refused|refuses|would not|will not|won't|cannot|never) (?P<r>.+)$",
     "{np} {v} {r}", False),
    (r"^(?:are|is) (?P<v>trapped|stuck|lost|locked)(?P<r> together)?", "they are {v}{r}", False),
    (r"^(?P<v>goes|go|went) wrong", "it goes wrong", False),
    (r"\b(?P<o>before (?!dawn|dusk|midnight|sunrise|sunset|night|nightfall|noon)\w+ .+)$", "{o}", True),
    # 'tries to return the puppy but the puppy won't let him leave'; not 'eats anything but rice' (except rice)
    (r"(?<!\banything)(?<!\beverything)(?<!\bnothing)(?<!\bnobody)(?<!\banyone)(?<!\bnone)(?<!\ball),?\s+but "
     r"(?P<o>.+)$", "{o}", True),
]
WANT_RULES = [
    r"\bwho (?:wants|wanted|longs|hopes|needs|wishes) (?P<w>to .+)$",
    r"\b(?:must|has to|have to|needs to|need to|tries to|try to|decides to|decided to|wants to|sets out to|"
    r"sets off to|is determined to|plans to|hopes to|intends to|vows to|is desperate to) (?P<v>\w+)(?P<r>(?: .+)?)$",
    r"\b(?:has|have) (?:only |just )?(?:\w+ ){1,2}(?:minutes?|hours?|nights?|days?|afternoons?|mornings?|evenings?|"
    r"weeks?|seconds?|chances?|crossings?|tries|attempts?|until \w+) to (?P<v>\w+)(?P<r>(?: .+)?)$",
]
# Verbs that say what happens to someone rather than what they set out to do: no want of their own.
UNWILLED = {"be", "have", "get", "lose", "receive", "find", "realize", "realise", "learn", "discover", "hear", "see",
            "wake", "notice", "inherit", "become", "fall", "forget", "die"}
GENERAL = 2  # a location word this few steps below WordNet's 'location' says no particular place
INSIDE = ("in", "inside", "aboard", "into", "on", "onto")  # a vehicle is the set when someone is in or on it


def _is_place(noun: str, prep: str = "", loose: bool = False) -> bool:
    """Whether WordNet knows the noun as a place; loosely, also an artifact one is in or at ('a stuck lift'),
    or a gathering one is at ('at a funeral': the film happens where it is held)."""
    category = lexicon.category(noun)
    if lexicon.is_a(noun, "barrier") or lexicon.is_a(noun, "garment") \
            or lexicon.is_a(noun, "vehicle") and prep not in INSIDE:
        return False  # 'over a fallen fence', 'in a hospital bed', 'into his coat', 'returns a stolen bike': an object
    if loose and prep == "at" and category in ("event", "act", "group"):
        return True
    if loose and prep in INSIDE + ("at",) and category == "group" and lexicon.category(noun, 1) == "artifact":
        return True  # 'into the post office': the building, though WordNet names the institution first
    if category in grammar.NEVER_CHARACTERS - {"location"} or category in ("person", "animal"):
        return False
    if category == "location" and (lexicon.steps_below(noun, "location.n.01") or 9) <= GENERAL:
        return False  # 'the place', 'the inside', 'an area': too general a word to be a set
    # loosely, an artifact that encloses one ('in a crate', 'inside a phone booth'); one is on or at only ground
    # or a vehicle ('on the fridge' is where a note hangs, 'into the lining of a coat' where a stitch goes)
    return lexicon.is_a(noun, "place") or category == "location" or loose and category == "artifact" and (
        lexicon.is_a(noun, "vehicle", first=2) or prep in ("in", "inside", "aboard", "into")
        and lexicon.is_a(noun, "enclosing", first=2) or prep in ("at", "on", "onto") and lexicon.is_a(noun, "ground"))


def place_phrase(text: str) -> str | None:
    """The place a short phrase names, as a heading says it: the noun phrase of its head ('a bank with the
    robber's voice in his ear' -> 'a bank'), when WordNet knows the head as somewhere one can be (a building, a
    room, a vehicle, a site) or a gathering held somewhere ('a funeral'); None for anything else ('a bank teller in
    an old building'), things included: asked for a place, the model also names what the pitch is about ('a new
    computer', 'a wooden doll'), which is no set to stand in."""
    doc = parse(text)
    head = next((t for t in doc if t.dep_ == "ROOT"), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN") or not _somewhere(grammar.noun(head)):
        return None
    return _place_phrase(head)


def _somewhere(noun: str) -> bool:
    """Whether a noun said with no preposition names somewhere a scene can be set: a place, a vehicle, ground to
    stand on, a gathering; an institution or trade whose building WordNet knows ('a clinic', 'a market'); not
    a thing ('a laptop', 'a doll'), which `_is_place` allows after 'in' ('stuck in a lift')."""
    category = lexicon.category(noun)
    if category == "artifact":
        return not (lexicon.is_a(noun, "barrier") or lexicon.is_a(noun, "garment")) and (
            lexicon.is_a(noun, "place", first=2) or lexicon.is_a(noun, "vehicle", first=2)
            or lexicon.is_a(noun, "ground"))
    return category == "event" or _is_place(noun, "in", loose=True) \
        or category in ("group", "act") and lexicon.is_a(noun, "place", first=3)


def _place_phrase(token) -> str:
    text = grammar.phrase(token)
    # 'her own home', 'this house', 'the same office window': the home, the house, the office window
    text = re.sub(r"(?i)^(?:his|her|their|its|our|my|your|this|that)\s+(?:own\s+)?", "the ", text)
    return re.sub(r"(?i)^(the|an?)\s+(?:same|very|usual)\s+", r"\1 ", text)


REGIONS = {"GPE", "LOC"}  # a city, a country, a region: where the story happens, never a set of its own


def _region(doc, people_tokens: set[int]) -> tuple[str, int | None]:
    """The city, country or region the pitch names as where it happens ('in Tallinn', 'on Mars'), and its head
    token; not the one a person comes from ('a Lagos taxi driver')."""
    given = given_names()
    found = [ent for ent in doc.ents if ent.label_ in REGIONS and not any(
        t.i in people_tokens or t.dep_ == "poss" for t in ent) and lexicon.category(ent.text.lower()) not in (
        "time", "person") and ent.text.lower() not in given]  # 'Noa' tagged a country is someone's name
    # a region that only says what a noun is ('a Lagos taxi driver', 'a Hokkaido fishing town') is still where
    # the story most likely happens, but one the pitch puts the story in ('in Tallinn') comes first
    found.sort(key=lambda ent: ent.root.dep_ in ("compound", "amod", "nmod") and ent.root.head.pos_ in (
        "NOUN", "PROPN"))
    for ent in found:
        the = ent.start > 0 and doc[ent.start - 1].lower_ == "the"
        return ("the " if the else "") + ent.text, ent.root.i
    for token in doc:  # a city WordNet knows that the tagger called something else ('Reykjavik' as an ORG)
        if token.pos_ == "PROPN" and token.i not in people_tokens and lexicon.category(token.lower_) == "location" \
                and token.dep_ == "pobj" and grammar.preposition(token):
            return token.text, token.i
    return "", None


DETERMINED = re.compile(r"(?i)(?:a|an|the|this|that|his|her|their|its|our|my|your)\b")


def _place(doc, people_tokens: set[int]) -> tuple[str, int | None]:
    """The pitch's set and its head token: a named building or site, a noun after a preposition of place that
    WordNet knows as a place, or failing both any noun that names a place. A city or country is no set
    (`_region`): the set is a room or a street in it."""
    for ent in doc.ents:
        if ent.label_ != "FAC" or any(t.i in people_tokens or t.dep_ == "poss" for t in ent) \
                or lexicon.category(ent.text.lower()) in ("time", "person"):
            continue
        if ent.root.dep_ in ("compound", "amod") and ent.root.head.i in people_tokens:
            continue
        the = ent.start > 0 and doc[ent.start - 1].lower_ == "the"
        return ("the " if the else "") + ent.text, ent.root.i
    for loose in (False, True):
        for token in doc:
            if token.dep_ == "pobj" and grammar.preposition(token) and token.i not in people_tokens \
                    and token.pos_ in ("NOUN", "PROPN") \
                    and _is_place(grammar.noun(token), grammar.preposition(token), loose):
                whole = _within(token)
                if whole is not None:
                    return _place_phrase(whole), whole.i
            if not loose and token.dep_ == "pobj" and grammar.preposition(token) and token.pos_ in ("NOUN", "PROPN") \
                    and not _is_place(grammar.noun(token), grammar.preposition(token), True) \
                    and (found := _place_of_thing(token)):
                return found
    # a pitch of images with no verb says where as one of them ('last bus, one seat, two tired nurses': the bus)
    listed = not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in doc)
    for token in doc:  # a plural said with no preposition of place is no one set ('twins swap places', 'asks for
        # directions'); 'a supermarket seconds before' is parsed as a compound of the seconds
        if token.pos_ == "NOUN" and token.i not in people_tokens \
                and (token.dep_ != "compound" or lexicon.category(token.head.lemma_.lower()) == "time") \
                and token.tag_ != "NNS" and not grammar.part_of_preposition(token) \
                and (_somewhere(grammar.noun(token)) if listed else _is_place(grammar.noun(token))) \
                and (whole := _within(token)) is not None:
            said = _place_phrase(whole)
            return ("the " if listed and not DETERMINED.match(said) else "") + said, whole.i  # 'last bus'
    for token in doc:  # where a person works, said in the role ('a bus driver', 'a ferry mechanic'): their set
        if token.dep_ == "compound" and token.head.i in people_tokens and token.pos_ == "NOUN" \
                and _somewhere(grammar.noun(token)):
            return grammar.article(grammar.phrase(token)), token.i
    return "", None


def _place_of_thing(token) -> tuple[str, int] | None:
    """The place a thing one is at or in belongs to, named before it ('at the airport gate', 'in a hospital bed':
    the airport, a hospital), and its token."""
    if lexicon.category(grammar.noun(token)) != "artifact":
        return None
    place = next((c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and _is_place(grammar.noun(c))),
                 None)
    if place is None:
        return None
    det = next((c.lower_ for c in token.lefts if c.dep_ == "det" and c.lower_ in ("a", "an", "the")), "")
    return (f"the {place.text}" if det == "the" else grammar.article(place.text)), place.i


def _within(token):
    """The place a part of a place belongs to ('the middle of a county fair's weigh-off': the fair, the set a
    film can draw), None for a part of a time or of what happens ('in the middle of the night', 'of the
    exam'), else the token itself."""
    if lexicon.category(grammar.noun(token)) != "location":
        return token
    wholes = [t for of in token.children if of.dep_ == "prep" and of.lower_ == "of" for c in of.children
              if c.dep_ == "pobj" for t in (c, *c.children) if t.dep_ in ("pobj", "poss") and t.pos_ == "NOUN"]
    for whole in wholes:
        if lexicon.category(grammar.noun(whole)) == "time":
            return None
        if _is_place(grammar.noun(whole), "at", loose=True):
            return whole
    if any(lexicon.category(grammar.noun(w)) in grammar.NEVER_CHARACTERS - {"location"} for w in wholes):
        return None
    return token


def _objects(doc, skip: set[int]) -> list[str]:
    """Things the pitch names that can be held or shown (WordNet artifacts, food, plants), in pitch order."""
    out = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in skip or token.dep_ == "compound":
            continue
        if lexicon.category(grammar.noun(token)) in OBJECT_CATEGORIES and not _is_place(grammar.noun(token)):
            out.append(token.lemma_.lower())
    return list(dict.fromkeys(out))


def _main(doc):
    """The first sentence's root: its main verb, or the head noun of a pitch that is one noun phrase. A verb
    the parser hung on the first of two subjects as their conjunct ('Marta, a clerk, and Dev, a trucker, wait
    out a storm': root 'Marta', 'wait' its conj) is the main verb."""
    root = next(iter(doc.sents)).root
    if root.pos_ in ("NOUN", "PROPN"):
        return next((c for c in root.rights if c.dep_ == "conj" and c.pos_ == "VERB"
                     and c.tag_ in ("VB", "VBP", "VBZ", "VBD")
                     and any(s.dep_ in grammar.SUBJECTS for s in c.children)), root)
    return root


def _subjects(main) -> list:
    """The main verb's subjects, with the first of them the parser made the verb's head (see `_main`)."""
    own = [c for c in main.children if c.dep_ in grammar.SUBJECTS]
    if main.dep_ == "conj" and main.head.pos_ in ("NOUN", "PROPN"):
        return [main.head, *own]
    return own


def _split(doc, main, person_tokens: set[int] = frozenset()) -> tuple[str, str, str]:
    """(leading place phrase, subject, predicate) of the main clause. Of several subjects, not one set off by a
    comma that has no person in it ('when a bar floods, its owner and a regular have ...': the parser makes the
    bar a subject too)."""
    sentence = main.sent
    verbal = any(c.dep_ in ("aux", "auxpass") and c.tag_.startswith(("VB", "MD")) for c in main.children)
    if main.pos_ not in ("VERB", "AUX") and not verbal:  # one noun phrase ('strangers under one bus stop roof')
        return "", sentence.text.strip().rstrip(".!?:"), ""
    subjects = _subjects(main) or [  # the parser may hang it on the auxiliary
        c for a in main.children if a.dep_ in ("aux", "auxpass") for c in a.children if c.dep_ in grammar.SUBJECTS]
    people = [s for s in subjects if {t.i for t in s.subtree} & person_tokens]
    if people:  # a subject set off by a comma that holds nobody is a clause's ('a teenage mall Santa' is one)
        subjects = [s for s in subjects if s in people or s.right_edge.text != ","]
    lead_place = ""
    first = min([main.i] + [c.i for c in main.children if c.dep_ in ("aux", "auxpass", "neg")])
    for c in main.children:
        if c.dep_ == "prep" and c.i < first and c.lower_ in grammar.PLACE_PREPS \
                and (not subjects or c.i < subjects[0].i) \
                and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree) \
                and any(t.dep_ == "pobj" and t.pos_ in ("NOUN", "PROPN") for t in c.children):  # not 'at 4:58'
            lead_place = " ".join(t.text for t in c.subtree if t.i != c.i)
    spans: list[list[int]] = []
    for s in subjects:  # each up to the verb; one that holds the next (see `_subjects`) is said once
        start, end = s.left_edge.i, min(s.right_edge.i, first - 1)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    subject = " ".join(doc[a:b + 1].text.strip(" ,") for a, b in spans)
    predicate = doc[first:sentence.end].text.strip().rstrip(".!?")
    if first == main.i and grammar.is_state(main):  # 'a driver stuck at a red light': a state, said whole
        plural = len(subjects) > 1 or any(c.tag_ in ("NNS", "NNPS") for c in subjects) or any(
            t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") for c in subjects for t in c.subtree)  # 'Noa and Tal'
        predicate = f"{'are' if plural else 'is'} {predicate}"
    return lead_place, subject, predicate


def _told_as_clause(main) -> tuple[str, str] | None:
    """(subject, predicate) of a pitch that is one noun phrase, said as the clause a scene would open on: a
    participle after the noun is what they are doing ('siblings dividing a record collection': the siblings are
    dividing it), a relative clause what it does ('a toast that reveals too much': the toast reveals too much),
    and a possessor has what it owns ('an astronaut's lonely birthday on Mars': the astronaut has a lonely
    birthday on Mars); None for any other noun phrase."""
    doc = main.doc
    plural = main.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in main.children)
    for c in main.children:
        if c.i <= main.i:
            continue
        if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"):
            return doc[main.left_edge.i:c.left_edge.i].text, \
                f"{'are' if plural else 'is'} {doc[c.left_edge.i:c.right_edge.i + 1].text}"
        if c.dep_ == "relcl" and any(w.dep_ in grammar.SUBJECTS and w.tag_ in ("WDT", "WP") for w in c.children):
            rel = next(w for w in c.children if w.dep_ in grammar.SUBJECTS)
            return doc[main.left_edge.i:c.left_edge.i].text, doc[rel.i + 1:c.right_edge.i + 1].text
    owner = next((c for c in main.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
    if owner is not None:
        case = next((c for c in owner.children if c.dep_ == "case"), None)
        after = (case.i if case is not None else owner.i) + 1
        rest = doc[after:main.right_edge.i + 1].text.rstrip(".!?")
        return doc[owner.left_edge.i:owner.i + 1].text, f"has {grammar.article(rest)}"
    return None


def _verb_after_person(doc, person_tokens: set[int]) -> tuple[str, str, str] | None:
    """(leading place phrase, subject, predicate) where the tagger missed the verb: a person followed by a word
    tagged as a plural noun that WordNet knows as a verb ('In X, a gondolier smuggles seeds', one noun phrase)."""
    for i in sorted(person_tokens):
        after = doc[i + 1] if i + 1 < len(doc) else None
        verb = after is not None and (grammar.hidden_verb(after) or lexicon.is_verb(after.lemma_) and (
            after.tag_ in ("NNS", "VBZ") and after.lower_.endswith("s")  # 'a gondolier smuggles'
            or after.tag_ == "NN" and doc[i].tag_ in ("NNS", "NNPS")))  # 'commuters race for a spot'
        if verb and i + 1 not in person_tokens:
            start = next((t.i + 1 for t in reversed(doc[:i]) if t.text == ","), 0)
            lead_place = doc[1:start - 1].text if start > 1 and doc[0].lower_ in grammar.PLACE_PREPS else ""
            return lead_place, doc[start:i + 1].text, doc[i + 1:next(iter(doc.sents)).end].text.strip().rstrip(".!?")
    return None


def _is_clause(text: str) -> bool:
    """Whether a text parsed alone says someone or something does something: a verb with a subject, finite or
    with a finite auxiliary ('is hired'), or a last word tagged as a plural noun that WordNet knows as a verb
    ('the old kiln cracks')."""
    def finite(t) -> bool:
        return t.tag_ in ("VBZ", "VBP", "VBD") or any(
            a.dep_ in ("aux", "auxpass") and a.tag_ in ("VBZ", "VBP", "VBD", "MD") for a in t.children)

    clause = parse(text)
    last = clause[-1] if len(clause) else None
    if last is not None and last.tag_ == "NNS" and last.i > 0 and lexicon.is_verb(last.lemma_.lower()):
        return True
    # a noun the parser hangs on the verb as a compound is its subject ('the ferry leaves')
    return any(finite(t) and any(c.dep_ in grammar.SUBJECTS or c.dep_ == "compound" and c.i < t.i for c in t.children)
               for t in clause)


def _occasion(doc) -> str:
    """A clause of time that opens the pitch and says what happens first ('When her dog refuses to leave the
    grave, a teen must ...', 'After the power fails, ...'), as a sentence of its own: 'Her dog refuses to leave
    the grave.' The clause ends at the first comma before which it reads as a clause parsed alone (in the whole
    pitch the small parser often takes its verb for a noun: 'the old kiln cracks, a potter ...'). 'If the cat
    wins' is no event."""
    if not len(doc) or doc[0].lower_ not in ("when", "after", "as", "once", "while", "whenever"):
        return ""
    for comma in (t.i for t in doc if t.text == "," and t.i > 2):
        text = doc[1:comma].text.strip()
        if _is_clause(text):
            return text[:1].upper() + text[1:] + "."
    return ""


def _base_verb(word: str) -> str:
    return parse(word)[0].lemma_ if word else word


UNSPECIFIC = {"time", "quantity", "location", "relation", "attribute"}  # WordNet categories that say no specific


def specifics(text: str) -> list[str]:
    """The nouns that make a text's story its own ('patient', 'record collection', 'report card'), compound
    nouns whole: no names (a name is any role's), no times, amounts or bare places."""
    out = []
    for t in parse(text):
        if t.pos_ not in ("NOUN", "PROPN") or t.dep_ == "compound" or t.ent_type_ or t.pos_ == "PROPN" \
                and not lexicon.senses(t.lower_) or not t.text[:1].isalpha():
            continue
        noun = grammar.noun(t)
        if lexicon.senses(noun) and lexicon.category(noun) not in UNSPECIFIC:
            out.append(noun)
    return list(dict.fromkeys(out))


def _time_of(predicate: str) -> tuple[str, str, str]:
    """(time, obstacle, action): when the predicate says it happens ('during a blizzard', 'the night before the
    final'), what that time puts in the way (the blizzard, the final), and the predicate without it."""
    for pattern, kind in TIME_RULES:
        m = re.search(pattern, predicate)
        if not m:
            continue
        obstacle = ""
        if kind == "obstacle":
            obstacle = m.group("obstacle")
        elif kind == "weather":
            obstacle = f"the {m.group('weather')}"
        elif kind == "event" and lexicon.category(m.group("event").split()[-1]) not in ("food", "time"):
            event = m.group("event").strip()
            clause = len(event.split()) > 3 or re.match(r"(?i)(a|an|the|their|his|her|its|my|our|your)\b", event)
            obstacle = event if clause else grammar.article(event)
        return m.group("time"), obstacle, predicate.replace(m.group(0), "").strip(" ,-–—")
    return "", "", predicate


def _after_an_event(doc) -> PitchReading | None:
    """A pitch of sentences whose first tells an event that happens to nobody it names and whose next tells what
    someone does ('The power fails at the gala. A waiter keeps serving in the dark.'): read from the person's
    sentence on, the event first said as what happens first (its occasion), as 'When ..., ...' is."""
    sentences = list(doc.sents)
    if len(sentences) < 2 or not _is_clause(sentences[0].text):
        return None
    first = parse(sentences[0].text)
    if people_in(first, _main(first)):
        return None
    rest = doc[sentences[1].start:].text
    second = parse(rest)
    living = {p.role for p in people_in(second, _main(second)) if p.kind in ("human", "child", "elder", "animal")}
    if not any(role_of(s) in living for s in _subjects(_main(second))):
        return None  # 'It starts blinking ...', 'Now it's half a dragon': the first sentence's own story goes on
    later = read_pitch(rest)
    if later.situation_pitch:
        return None
    event = sentences[0].text.strip()
    occasion = event[:1].upper() + event[1:] + ("" if event.endswith((".", "!", "?")) else ".")
    return later.model_copy(update={"occasion": occasion, "place": later.place or _place(first, set())[0],
                                    "lead": re.sub(r"^The\b", "the", later.lead)})


def read_pitch(pitch: str) -> PitchReading:
    """Read a one-line pitch (see the module's docstring): its people, place, time, objects, want, obstacle
    and action, as far as the pitch says them. A pitch that names nobody, or names people but no action, is a
    situation pitch: its story comes from the premise."""
    doc = parse(pitch.strip())
    told_after = _after_an_event(doc)
    if told_after is not None:
        return told_after.model_copy(update={"pitch": pitch, "content_words": content_words(pitch)})
    main = _main(doc)
    people = people_in(doc, main)
    person_tokens = {t.i for t in doc if any(role_of(t) == p.role for p in people)}
    lead_place, subject, predicate = _split(doc, main, person_tokens)
    if people and not predicate:
        lead_place, subject, predicate = _verb_after_person(doc, person_tokens) or (lead_place, subject, predicate)
    region, region_token = _region(doc, person_tokens)
    place, place_token = _place(doc, person_tokens | ({region_token} if region_token is not None else set()))
    if lead_place and (not region and all(t.pos_ in ("PROPN", "DET") for t in parse(lead_place))
                       or region and region in lead_place):
        region = lead_place  # 'In Reykjavik, ...', 'In a drowned future Oslo, ...': the world it happens in
    if lead_place and lead_place != place and not (region and region in lead_place):
        place, place_token = lead_place, None
    nobody_does_it = main.tag_ == "VBG" and main.i == 0  # 'Teaching grandma to use video calls': an activity
    situation_pitch = not people or not predicate or nobody_does_it
    if people and not predicate and main.pos_ in ("NOUN", "PROPN"):
        subject, predicate = _told_as_clause(main) or (subject, predicate)
    want = ""
    time, obstacle, action = _time_of(predicate)
    if not time:
        time = next((e.text for e in doc.ents if e.label_ in ("DATE", "TIME") and e.start <= 1
                     and e.root.dep_ not in ("amod", "compound", "nmod")  # 'eight-year-old Tomás' is his age
                     and e.root.head.i not in person_tokens), "")
    for pattern, template, cut in OBSTACLE_RULES:
        m = re.search(pattern, action)
        if m and not obstacle:
            obstacle = template.format(**{k: v or "" for k, v in m.groupdict().items()})
            if cut:
                action = action[:m.start()].strip(" ,-–—")
    for pattern in WANT_RULES:
        m = re.search(pattern, f"{subject} {action}")
        if m:
            want = m.group("w") if "w" in m.groupdict() else f"to {m.group('v')}{m.group('r')}"
            break
    passive = any(c.dep_ == "auxpass" for c in main.children) or grammar.is_state(main)
    joint = any(c.dep_ in grammar.SUBJECTS and (c.tag_ in ("NNS", "NNPS") or any(g.dep_ == "conj" for g in c.children))
                for c in main.children) and not any(c.dep_ == "dobj" for c in main.children)
    # 'two astronauts disagree about it': what two do together, with no object, is no one's want ('solve a case' is)
    if not want and action and not situation_pitch and not passive and not joint and grammar.willed(main):
        verb, _, rest = action.partition(" ")
        base = _base_verb(verb.lower())
        if base in ("want", "need", "crave", "seek"):  # 'wants a day off': to get it
            want = f"to get {rest.split(' who ')[0]}".strip()
        elif base not in UNWILLED:
            want = f"to {base} {rest.split(' who ')[0]}".strip()
    lead = lead_of(doc, main, subject, people)
    skip = person_tokens | {t for t in (place_token, region_token) if t is not None}
    at = doc[place_token] if place_token is not None else None
    while at is not None and at.dep_ in ("pobj", "poss") and not grammar.preposition(at) \
            and at.head.dep_ in ("prep", "pobj"):
        at = at.head.head if at.head.dep_ == "prep" else at.head  # the part's preposition: 'in the middle of' it
    place_prep = grammar.preposition(at) if at is not None and at.dep_ == "pobj" else \
        "on" if at is not None and lexicon.is_a(grammar.noun(at), "boarded", first=2) else ""  # 'a bus driver'
    # is on a bus
    return PitchReading(pitch=pitch, people=people, lead=lead, place=place, place_prep=place_prep, region=region,
                        time=time,
                        objects=_objects(doc, skip), want=want.strip(" \"'“”.!?"), obstacle=obstacle,
                        action=action,
                        occasion=_occasion(doc),
                        content_words=content_words(pitch), situation_pitch=situation_pitch)

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

from film.story import Person, PitchReading
from film.text import STOP, content_words
from memory.names import given_names
from tools import lexicon
from tools.parse import parse

# General English, not any pitch's words: adjectives of age, number words, prepositions of place.
YOUNG = {"young", "little", "teenage", "small", "baby", "infant", "juvenile", "adolescent"}
DEAD = {"late", "dead", "deceased"}
OLD = {"old", "retired", "elderly", "aged", "ageing", "aging", "ancient", "widowed", "veteran"}
MULTIPLIERS = {"dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200, "thousand": 1000, "thousands": 2000,
               "million": 10**6, "millions": 2 * 10**6}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2, "pair": 2, "couple": 2}
PLACE_PREPS = {"in", "inside", "at", "on", "aboard", "near", "outside", "under", "beside", "behind", "by", "into",
               "onto", "across", "through", "around", "atop", "within", "beneath", "above", "below", "along"}
# WordNet categories of nouns that never act in a scene (a debate, an afternoon, a colour); a subject of any
# other kind is a character even when it is no person ("your shadow decided to quit").
NEVER_CHARACTERS = {"act", "event", "time", "communication", "cognition", "attribute", "quantity", "relation",
                    "process", "motive", "feeling", "group", "location", "possession", "shape"}
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
    (r",?\s*\bbut (?P<o>.+)$", "{o}", True),  # 'tries to return the puppy but the puppy won't let him leave'
]
WANT_RULES = [
    r"\bwho (?:wants|wanted|longs|hopes|needs|wishes) (?P<w>to .+)$",
    r"\b(?:must|has to|have to|needs to|need to|tries to|try to|decides to|decided to|wants to|sets out to|"
    r"sets off to|is determined to|plans to|hopes to|intends to|vows to|is desperate to) (?P<v>\w+)(?P<r>(?: .+)?)$",
    r"\b(?:has|have) (?:only |just )?(?:\w+ ){1,2}(?:minutes?|hours?|nights?|days?|afternoons?|mornings?|evenings?|"
    r"weeks?|seconds?|chances?|crossings?|tries|attempts?|until \w+) to (?P<v>\w+)(?P<r>(?: .+)?)$",
]
SUBJECTS = {"nsubj", "nsubjpass", "expl"}
PLACE_ENTITIES = {"GPE", "LOC", "FAC", "NORP"}
# Verbs that say what happens to someone rather than what they set out to do: no want of their own.
UNWILLED = {"be", "have", "get", "lose", "receive", "find", "realize", "realise", "learn", "discover", "hear", "see",
            "wake", "notice", "inherit", "become", "fall", "forget", "die"}
UNMEANT = {"accidentally", "mistakenly", "inadvertently", "unwittingly", "unknowingly", "unintentionally"}
ANYONE = {"person", "people", "someone", "somebody", "anyone", "anybody", "one", "everyone", "everybody"}


def _number(token) -> int | None:
    for child in token.children:
        if child.dep_ == "nummod" or child.lower_ in NUMBER_WORDS:
            word = child.lower_
            if word in NUMBER_WORDS:
                return NUMBER_WORDS[word]
            if word.isdigit():
                return max(1, min(6, int(word)))
    return None


def _modifiers(token) -> set[str]:
    """The words before a noun that qualify it, not counting the parts of a hyphenated one ('twelve-year-old')."""
    doc = token.doc
    return {t.lower_ for t in token.lefts if not (t.i > 0 and doc[t.i - 1].text == "-")
            and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "-")}


def _noun(token) -> str:
    """The noun WordNet is asked about: with its compound modifier when WordNet knows the pair ('bus stop')."""
    noun = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
    compounds = [t.lower_ for t in token.lefts if t.dep_ == "compound"]
    if compounds and lexicon.senses(f"{compounds[-1]} {noun}"):
        return f"{compounds[-1]} {noun}"
    return noun


def _kind_and_sex(noun: str, modifiers: set[str], subject: bool) -> tuple[str, str] | None:
    """(kind, sex) of the character a noun names, or None when it names no character: a subject that is no
    person, animal or spirit acts only when nothing else in the pitch can (the caller decides). A compound the
    dictionary lacks is read by its head ('labmate': a mate)."""
    noun = lexicon.head(noun)
    category = lexicon.category(noun)
    if subject and category not in ("person", "animal") and lexicon.may_be_person(noun):
        category = "person"
    if lexicon.is_a(noun, "automaton"):
        return "machine", "unknown"
    if category == "person" or lexicon.is_a(noun, "spirit"):
        kind = ("spirit" if lexicon.is_a(noun, "spirit") else "child" if lexicon.is_a(noun, "child") or
                modifiers & YOUNG else "elder" if lexicon.is_a(noun, "elder") or modifiers & OLD else "human")
    elif category == "animal":
        kind = "animal"
    elif subject and category not in NEVER_CHARACTERS:
        kind = ("machine" if lexicon.is_a(noun, "machine") or category == "artifact" else
                "animal" if category == "plant" else "spirit")
    else:
        return None
    sex = lexicon.sex(noun)
    return kind, "unknown" if kind == "machine" else sex


def _phrase(token) -> str:
    """The noun phrase a token heads, without what follows it (relative clauses, prepositional phrases)."""
    left = [t for t in token.lefts if t.dep_ not in ("punct", "cc", "mark", "dep", "prep")]
    return _words_from(token.doc, min([token.i] + [t.left_edge.i for t in left]), token.i)


def _words_from(doc, start: int, end: int) -> str:
    """doc[start..end] without a clause's opening word ('When retired boxer Dolores learns ...': not 'When')."""
    while start < end and (doc[start].pos_ == "SCONJ" or doc[start].tag_ == "WRB"):
        start += 1
    return doc[start:end + 1].text


def _member_named(token) -> bool:
    """A person of a list that names the members of a plural person before it ('two brothers, a priest and a
    thief'): the brothers again, not two more people."""
    while token.dep_ == "conj" or token.dep_ == "appos" and token.head.tag_ not in ("NNS", "NNPS") \
            and token.head.dep_ in ("appos", "conj"):  # the parser chains a list's members as appositions
        token = token.head
    return token.dep_ == "appos" and token.head.tag_ in ("NNS", "NNPS") \
        and lexicon.category(token.head.lemma_.lower()) == "person"


def _title_first(token) -> bool:
    """'Intern Marcus has ...': a person noun capitalised only because it opens the pitch, before a name, is
    what they are (as 'apprentice Zofia'), not part of the name."""
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.i == 0 and nxt is not None and nxt.pos_ == "PROPN" and token.dep_ == "compound" \
        and lexicon.names_person(token.lower_, common=True) \
        and token.lower_ not in given_names()  # 'Mary Jane' is a name, and 'Lowell Adeyemi' (no kind of person)


def _capital_only_first(token) -> bool:
    """'Grandmother teaches ...': a person noun WordNet knows, capital only because it opens the pitch; not a
    first name people have, though WordNet knows a rare noun by it ('Mina, her cousins and ...': a myna bird)."""
    return token.i == 0 and token.pos_ == "PROPN" and token.ent_type_ != "PERSON" \
        and lexicon.category(token.lower_) in ("person", "animal") and token.lower_ not in given_names()


def _role(token) -> str:
    """A character's role in the pitch's words: the noun with its compound modifiers ('night nurse')."""
    if _capital_only_first(token):
        return token.lower_
    if token.pos_ == "PROPN" or token.ent_type_ == "PERSON" or _given_name(token):  # 'Mr. Pak' is Pak
        return _name_words(token)
    doc, start = token.doc, token.i
    while start > 0 and (doc[start - 1].dep_ == "compound" and doc[start - 1].head.i >= start - 1
                         or doc[start - 1].text == "-" or start > 1 and doc[start - 1].text != "-"
                         and doc[start - 2].text == "-" and doc[start - 1].dep_ == "compound"
                         or start < len(doc) and doc[start].text == "-"):
        start -= 1
    while start < token.i and (doc[start].ent_type_ in PLACE_ENTITIES or doc[start].pos_ == "PROPN") \
            and doc[start + 1].text != "-":  # but 'a Sunday-league goalkeeper' is one word's
        start += 1  # 'a Lagos wedding DJ' is a wedding DJ from Lagos
    head = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
    if start == token.i and token.i > 0 and doc[token.i - 1].dep_ == "amod" \
            and doc[token.i - 1].lower_ not in YOUNG | OLD and lexicon.senses(f"{doc[token.i - 1].lower_} {head}"):
        start -= 1  # a person WordNet names with an adjective ('the best man'), not a man
    words = " ".join(t.lower_ for t in doc[start:token.i]) + " " + head
    return re.sub(r"\s*-\s*", "-", words).strip()


def _name_words(token) -> str:
    """A name's own words, next to it and capitalised: 'Junior accountant Priya' is Priya, 'Ninth-grader Lucia
    Ferreira' is Lucia Ferreira (the tagger calls 'grader' a name too), 'Omar Abu-Salem' keeps the hyphen."""
    doc, start = token.doc, token.i

    def name_word(t) -> bool:
        return t.pos_ == "PROPN" and t.text[:1].isupper() and t.i >= token.left_edge.i

    while start > 0:
        if name_word(doc[start - 1]):
            start -= 1
        elif doc[start - 1].text == "-" and start > 1 and name_word(doc[start - 2]):
            start -= 2
        elif start > 2 and doc[start - 1].is_lower and doc[start - 2].text == "-" and not doc[start - 2].whitespace_ \
                and doc[start - 3].pos_ in ("PROPN", "NOUN") and doc[start - 3].text[:1].isupper() \
                and doc[start - 3].i >= token.left_edge.i and not lexicon.names_person(doc[start - 1].lower_):
            start -= 3  # 'Seo-yeon Choi': a given name's second part in lower case ('Ninth-grader'
            # is what someone is)
        else:
            break
    words = [t for t in doc[start:token.i + 1] if not _title_first(t) and not HONORIFIC.fullmatch(t.text)]
    return "".join(t.text + t.whitespace_ for t in words).strip() or token.text


def _given_name(token) -> bool:
    """A first name people have, capitalised inside the pitch, that the tagger took for a common noun ('Nine-year-old
    Dolores', read as sorrows)."""
    return token.i > 0 and token.pos_ == "NOUN" and token.text[:1].isupper() and not token.text.isupper() \
        and token.lower_ in given_names()


def _crowd(token) -> bool:
    """Whether the number before a noun makes it a crowd rather than a few people one can cast ('two hundred
    guests', 'forty cooks'): more than six."""
    said = [t for c in token.children if c.dep_ == "nummod" for t in c.subtree]
    value = 0
    for t in said:
        word = t.lower_.replace(",", "")
        if word.isdigit():
            value += int(word)
        elif _years(word) is not None:
            value += _years(word)
        elif word in MULTIPLIERS:
            value = max(value, 1) * MULTIPLIERS[word]
    return value > 6


def _people(doc, main) -> list[Person]:
    """Every character the pitch names, in pitch order: people, animals, spirits and named people, and the
    subject of any clause that can act; a possessor ('her brother's snake') is mentioned, not on screen."""
    given = given_names()
    people: list[tuple[int, Person]] = []
    acting_things: list[tuple[int, Person]] = []
    for token in doc:
        if token.i == 0 and token.pos_ == "PROPN" and lexicon.category(token.lower_) in NEVER_CHARACTERS \
                and token.lower_ not in given and not any(c.dep_ == "appos" for c in token.rights):
            continue  # a capital only because it starts the pitch ('Gossip in ...', 'Thaw'), not 'Ines, a florist,'
            # (INES: a scale of nuclear events)
        common = _capital_only_first(token)
        is_name = _given_name(token) or not common and _named(token) and token.pos_ == "PROPN" and (
            token.i + 1 == len(doc) or doc[token.i + 1].ent_type_ != "PERSON") and not (
            token.dep_ == "compound" and token.head.pos_ != "PROPN") and token.text[:1].isupper()
        nominal = token.pos_ in ("NOUN", "PROPN") or token.pos_ == "ADJ" and (  # a noun tagged an adjective
            token.dep_ in ("amod", "compound") and lexicon.may_be_person(token.lower_)
            and not lexicon.is_adjective(token.lower_)  # 'a cleaner argue': the parser read 'cleaner' as 'more clean'
            or lexicon.category(token.lower_) == "person" and token.dep_ == "conj"
            and token.head.pos_ in ("NOUN", "PROPN")
            or lexicon.may_be_person(token.lower_) and (  # 'finds a patient nobody ...', 'a night cleaner notices'
                token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "dative")
                or token.dep_ == "amod" and token.head.pos_ == "PRON")
            and (token.left_edge.dep_ in ("det", "poss") or any(c.dep_ == "det" and c.i < token.i
                                                                for c in [*token.children, *token.head.children])))
        owner_of_subject = token.dep_ == "poss" and (token.head.dep_ in SUBJECTS and token.head.head.i == main.i
                                                     or token.head.i == main.i and main.pos_ in ("NOUN", "PROPN"))
        subject_of_hidden_verb = token.dep_ == "compound" and (  # 'shows the groom kissing': the groom acts
            token.head.pos_ == "VERB" or _hidden_verb(token.head) or _person_before_verb(token))
        plural_after_one = token.tag_ in ("NNS", "NNPS") and token.head.tag_ not in ("NNS", "NNPS")
        if token.dep_ == "attr" or _member_named(token) or token.dep_ == "appos" and not plural_after_one and (
                token.head.pos_ == "PROPN" or lexicon.category(token.head.lemma_.lower()) == "person"
                and not any(t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") for t in token.subtree)):
            continue  # 'the groom is the man who ...', 'Desmond, a substitute teacher', 'her neighbour, a retired
            # judge,': the same person again ('a nurse, a soldier and a priest' is a list, which the parser also
            # calls appositions; 'Farida, her two brothers and ...' too: several are not the one before them)
        modifier = token.dep_ in ("poss", "compound") or token.dep_ == "amod" and token.pos_ == "NOUN" \
            and token.head.pos_ == "NOUN"  # 'the school pet room': a kind of room, nobody in it
        if modifier and not (is_name or owner_of_subject or subject_of_hidden_verb) \
                or not (nominal or is_name) \
                or token.lemma_.lower() in ANYONE:
            continue
        if token.pos_ == "ADJ" and token.dep_ != "conj" and token.head.pos_ != "PRON" and (lexicon.category(token.head.lemma_) == "person"
                                                             or lexicon.may_be_person(token.head.lemma_)):
            continue  # an adjective before a person ('a retired firefighter'), not a person of its own
        modifiers = _modifiers(token)
        subject = token.dep_ in SUBJECTS and token.head.i == main.i or (token.i == main.i and main.pos_ in ("NOUN", "PROPN"))
        noun = token.lower_ if common else _noun(token)
        if token.dep_ == "pobj" and _preposition(token) and lexicon.is_a(noun, "place", first=2):
            continue  # 'in front of the whole diner': where, not who
        # a capitalised subject is a name, unless the tagger's entity says a place or a body and WordNet knows the
        # word ('Twelve-year-old Noa talks ...', Noa tagged a country and hung on the verb as a compound)
        named = is_name or token.pos_ == "PROPN" and not common and (subject or subject_of_hidden_verb) \
            and lexicon.category(noun) != "location" and token.text[:1].isupper() \
            and (token.ent_type_ not in ("GPE", "LOC", "FAC", "ORG") or not lexicon.senses(noun))  # 'jukebox' is none
        if token.dep_ == "pobj" and token.head.lower_ == "as" and not named:
            continue  # 'signs up as lunch monitor': what someone serves as, not someone else
        # only a noun that does something, or that the pitch gives a name, is read by a rarer sense as a person ('a
        # first date' with no verb is the evening, not the person one dates; 'a runaway called Yusuf' is someone)
        acts = token.dep_ in SUBJECTS and token.head.i == main.i or subject_of_hidden_verb or any(
            c.dep_ == "acl" and c.lemma_ in ("name", "call") for c in token.children) \
            or token.pos_ == "ADJ"  # a word tagged an adjective is read as a noun only for its person sense
        found = ("human", "unknown") if named else _kind_and_sex(noun, modifiers, acts)
        if named:  # the role before a name says who they are ('her grandfather Femi' is an old man)
            found = next((said for c in token.lefts if c.dep_ == "compound" and (c.pos_ == "NOUN" or _title_first(c))
                          and lexicon.names_person(c.lemma_.lower())
                          and (said := _kind_and_sex(c.lemma_.lower(), _modifiers(c), False))), found)
        title = next((c.text.rstrip(".").lower() for c in token.lefts if HONORIFIC.fullmatch(c.text)), "")
        if found is not None and found[1] == "unknown" and title in TITLE_SEX:  # 'Mrs. Ota': a woman
            found = (found[0], TITLE_SEX[title])
        if found is None:
            continue
        if _crowd(token) and not subject:
            continue  # the crowd a scene happens among, not people it casts
        if _modifiers(token) & DEAD and not subject:
            continue  # 'his late wife': remembered, not on screen
        count = _number(token) or (2 if token.tag_ in ("NNS", "NNPS") and not named else 1)  # a name is one person
        role = _role(token)
        if any(p.role == role for _, p in people):
            continue
        living = named or found[0] in ("human", "child", "elder") or lexicon.category(noun) == "animal" \
            or lexicon.is_a(noun, "spirit") \
            or lexicon.is_a(noun, "automaton")
        if not living and (token.dep_ not in SUBJECTS or not _willed(token.head)
                           or not _minded(token.head, lexicon.category(lexicon.head(noun)) == "phenomenon")):
            continue  # a thing acts only as the subject of a deed ('every umbrella vanished' is no deed)
        (people if living else acting_things).append(
            (token.i, Person(role=role, count=count, kind=found[0], sex=found[1], phrase=_phrase(token))))
    # a thing that does the pitch's main deed leads it ('a vending machine falls in love with the janitor'), unless a
    # person does it too ('when a bar floods, its owner and a regular have one night to ...', parsed as two subjects)
    people_do_it = any(doc[i].dep_ in SUBJECTS and doc[i].head.i == main.i for i, _ in people)
    leading = [(i, p) for i, p in acting_things if doc[i].head.i == main.i and not people_do_it]
    ordered = _named_roles(sorted(people + leading, key=lambda x: x[0]), doc) or acting_things
    # 'singers Nadia Okoro and ... Nadia's debts': Nadia again, by her first name
    ordered = [(i, p) for k, (i, p) in enumerate(ordered) if not (p.role[:1].isupper() and any(
        q.role[:1].isupper() and p.role != q.role and p.role in q.role.split() for _, q in ordered[:k]))]
    _the_same_again(ordered, doc)
    _pronouns(ordered, doc)
    return [p for _, p in ordered]


UNITS = {w: i for i, w in enumerate("""zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen""".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}


def _years(word: str) -> int | None:
    """A number of years written in figures or words ('92', 'sixteen', 'seventy-two'), else None."""
    if word.isdigit():
        return int(word)
    parts = word.lower().split("-")
    if len(parts) == 1:
        return UNITS.get(parts[0], TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS:
        return TENS[parts[0]] + UNITS[parts[1]]
    return None


def _age_kind(years: int) -> str | None:
    return "child" if years < 18 else "elder" if years >= 65 else None


def _age(token) -> int | None:
    """The age the pitch gives a person noun: 'a sixteen-year-old girl', 'a 70-year-old surfer', 'Grandmother,
    92,'."""
    doc = token.doc
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "NUM" and child.ent_type_ != "TIME":  # '4 a.m.' is no age
            return _years(child.text)
    before = doc[max(0, token.i - 8):token.i].text
    m = re.search(r"\b([\w]+(?:-[a-z]+)?)[\s-]+years?[\s-]+old\s*$", before, re.I) or \
        re.search(r"\b([\w]+(?:-[a-z]+)?)[\s-]+years?[\s-]+old\b(?:\s+\w+)?\s*$", before, re.I)
    return _years(m.group(1)) if m else None


def _named(token) -> bool:
    """Whether a capitalised word is someone's name, mending the small tagger's entities: after a role
    ('apprentice Zofia') or described by one ('Marta, a toll booth operator') it is one whatever the entity
    says; a 'person' the pitch puts a story in ('in Kraków') is a place unless it is a first name people have."""
    if any(c.dep_ == "compound" and ((c.pos_ == "NOUN" or _title_first(c)) and lexicon.names_person(c.lemma_.lower())
                                     or c.text.islower() and lexicon.may_be_person(c.lower_))
           for c in token.lefts):
        return True  # 'baker Ines', 'porter Odile': a role before a name, whatever the tagger calls the role
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and lexicon.may_be_person(c.lemma_.lower()) for c in token.rights):
        return True  # 'Marta, a toll booth operator,' (tagged a country) is someone described
    before = token.doc[token.i - 1] if token.i else None
    if before is not None and before.pos_ == "NOUN" and lexicon.names_person(before.lemma_.lower()) \
            and token.dep_ in SUBJECTS:
        return True  # 'retired boxer Dolores learns ...', the role parsed apart from the name
    # 'confess to Sunniva', 'writes to Zofia': to whom, not where ('moves to Lyon')
    addressed = token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.pos_ == "VERB" \
        and lexicon.verb_category(token.head.head.lemma_) not in ("motion", "")
    if token.ent_type_ != "PERSON":
        return addressed and token.lower_ in given_names()
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "near", "outside", "from", "to"):
        return addressed or token.lower_ in given_names()
    return True


def _named_roles(people: list[tuple[int, Person]], doc) -> list[tuple[int, Person]]:
    """A role and the name after it are one person ('her colleague Tomasz', 'a taxi driver named Chidi', 'the
    oldest regular, Mrs. Ota'): called by the name, as 'biologist Ana' is, with the role's words in the phrase
    that introduces them and the sex and age the role gives ('his granddaughter Priya' is a girl). A name after
    'named' or 'called' is one whatever the tagger's entity says ('a baker named Ines')."""
    at = dict(people)
    for name in doc:
        if name.pos_ != "PROPN" or not name.text[:1].isupper() or name.dep_ == "compound":
            continue
        start = min([name.i] + [c.left_edge.i for c in name.lefts if c.dep_ == "compound"])
        before = start - 2 if start > 1 and doc[start - 1].text == "," else start - 1
        if before in at and doc[before].pos_ in ("NOUN", "ADJ") and (
                name.dep_ == "appos" and (name.i in at or lexicon.category(name.lower_) != "location")
                or before == start - 1 and name.i in at):
            role = before  # 'her colleague Tomasz', 'the regular, Mrs. Ota', 'her boss Henryk' (tagged a city);
            # 'her commanding officer Petru arrives' (the name parsed as the next clause's subject)
        elif name.dep_ in ("oprd", "attr", "dobj") and name.head.lemma_ in ("name", "call") \
                and name.head.dep_ == "acl":
            described = name.head.head  # 'a salesman named Otis', 'its owner, a cellist called Tomás'
            while described.i not in at and described.dep_ == "appos":
                described = described.head
            if described.i not in at:
                continue
            role = described.i
        else:
            continue
        described = at.pop(role)
        person = at.get(name.i) or Person(role=_role(name), kind="human", sex="unknown", phrase=name.text)
        at[name.i] = person.model_copy(update={
            "phrase": _words_from(doc, doc[role].left_edge.i, name.i),
            "sex": person.sex if person.sex != "unknown" else described.sex,
            "kind": described.kind if person.kind == "human" else person.kind})
        if described.count > 1:  # 'rival food-truck owners Priya and Tomasz': each name is one of them
            for other in name.conjuncts:
                if other.pos_ == "PROPN" and other.text[:1].isupper() and other.i not in at:
                    at[other.i] = Person(role=_role(other), kind=described.kind, sex="unknown", phrase=other.text)
    return sorted(at.items())


def _the_same_again(people: list[tuple[int, Person]], doc) -> None:
    """What the pitch says of a person by naming them again ('the only fighter ... is a stubborn
    sixteen-year-old girl', 'Priya, a tax auditor'): the second noun's sex, and an age it gives, are the first
    person's; and an age the pitch gives a person ('Grandmother, 92') decides whether they are a child or an
    elder."""
    by_role = {p.role: p for _, p in people}
    for token in doc:
        if token.dep_ == "attr":
            named = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
        elif token.dep_ == "appos":
            named = token.head
        else:
            continue
        same = by_role.get(_role(named)) if named is not None and named.pos_ in ("NOUN", "PROPN") else None
        if same is None or same.kind not in ("human", "child", "elder") or token.pos_ not in ("NOUN",):
            continue
        noun = _noun(token)
        if same.sex == "unknown":
            same.sex = lexicon.sex(noun)
        if same.kind == "human" and (lexicon.is_a(noun, "child") or _modifiers(token) & YOUNG):
            same.kind = "child"
        elif same.kind == "human" and (lexicon.is_a(noun, "elder") or _modifiers(token) & OLD):
            same.kind = "elder"
        years = _age(token)
        if years is not None and _age_kind(years):
            same.kind = _age_kind(years)
    for i, person in people:
        years = _age(doc[i])
        if years is not None and person.kind in ("human", "child", "elder"):
            person.kind = _age_kind(years) or "human"


FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
MALE_PRONOUNS = {"he", "his", "him", "himself"}


def _owner(pronoun, people: dict[int, Person]):
    """Whom a possessive or subject pronoun stands for by the grammar: the nearest clause above it whose subject
    is a person the pitch names ('the driver wants to teach his granddaughter', 'a nurse finds her patient
    gone', 'a landlady evicting her tenant', 'a clerk realizes he is late'), never the person it owns or a
    clause joined by 'and'/'but' (there 'she' may be anyone); None when the grammar does not say."""
    owned = pronoun.head.i if pronoun.dep_ == "poss" else None
    token = pronoun.head if pronoun.dep_ == "poss" else pronoun.head
    if pronoun.dep_ in SUBJECTS:  # 'he' in 'realizes he is late': the clause it is the subject of hangs below
        if token.dep_ not in ("ccomp", "advcl", "xcomp"):
            return None
        token = token.head
    while True:
        subjects = [c for c in token.children if c.dep_ in SUBJECTS and c.i != pronoun.i
                    and c.pos_ in ("NOUN", "PROPN") and owned not in (c.i, c.i - 1)]  # 'her boss Radu' is one
        if subjects:
            return people.get(subjects[0].i)
        if token.dep_ == "acl" and token.head.i in people and token.head.i != owned:
            return people[token.head.i]  # 'a landlady evicting her tenant': the noun the verb describes
        if token.dep_ in ("conj", "relcl") or token.head.i == token.i:
            return people.get(token.i) if token.i != owned and token.pos_ in ("NOUN", "PROPN") else None
        token = token.head


def _pronouns(people: list[tuple[int, Person]], doc) -> None:
    """The sex of people the pitch refers to by pronoun. A possessive or a subject pronoun whose person the
    grammar says (`_owner`) tells that person's sex, over what the noun only suggests ('a taxi driver wants to
    teach his granddaughter': a man). Any other 'she' or 'he' tells the sex of the first person whose sex
    nothing else tells, and only when no one of that sex is in the pitch already (in 'his granddaughter ..., but
    she is terrified', 'she' is the granddaughter)."""
    by_token = {i: p for i, p in people if p.count == 1 and p.kind not in ("machine", "animal")}
    pronouns = [t for t in doc if t.pos_ == "PRON" and t.lower_ in FEMALE_PRONOUNS | MALE_PRONOUNS]
    told: set[int] = set()
    for t in pronouns:
        if t.dep_ != "poss" and t.dep_ not in SUBJECTS:
            continue
        owner = _owner(t, by_token)
        if owner is None and t.dep_ == "poss" and t.head.i in by_token:  # 'his estranged son' where the parse
            owner = next((p for i, p in people if i != t.head.i and p.count == 1  # fails: another, the first
                          and p.kind not in ("machine", "animal")), None)
        if owner is None or lexicon.sex(owner.role.split()[-1]) != "unknown":
            continue
        sex = "female" if t.lower_ in FEMALE_PRONOUNS else "male"
        if id(owner) in told and owner.sex != sex:
            continue
        owner.sex = sex
        told.add(id(owner))
    for t in pronouns:
        sex = "female" if t.lower_ in FEMALE_PRONOUNS else "male"
        if any(p.sex == sex for _, p in people):
            continue
        for _, p in people:
            if p.sex == "unknown" and p.kind not in ("machine", "animal", "spirit") and p.count == 1:
                p.sex = sex
                break


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
    if category in NEVER_CHARACTERS - {"location"} or category in ("person", "animal"):
        return False
    if category == "location" and (lexicon.steps_below(noun, "location.n.01") or 9) <= GENERAL:
        return False  # 'the place', 'the inside', 'an area': too general a word to be a set
    # loosely, an artifact that encloses one ('in a crate', 'inside a phone booth'); one is on or at only ground
    # or a vehicle ('on the fridge' is where a note hangs, 'into the lining of a coat' where a stitch goes)
    return lexicon.is_a(noun, "place") or category == "location" or loose and category == "artifact" and (
        lexicon.is_a(noun, "vehicle", first=2) or prep in ("in", "inside", "aboard", "into")
        and lexicon.is_a(noun, "enclosing", first=2) or prep in ("at", "on") and lexicon.is_a(noun, "ground"))


def place_phrase(text: str) -> str | None:
    """The place a short phrase names, as a heading says it: the noun phrase of its head ('a bank with the
    robber's voice in his ear' -> 'a bank'), when WordNet knows the head as somewhere one can be (a building, a
    room, a vehicle, a site) or a gathering held somewhere ('a funeral'); None for anything else ('a bank teller in
    an old building'), things included: asked for a place, the model also names what the pitch is about ('a new
    computer', 'a wooden doll'), which is no set to stand in."""
    doc = parse(text)
    head = next((t for t in doc if t.dep_ == "ROOT"), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN") or not _somewhere(_noun(head)):
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


def _part_of_preposition(token) -> bool:
    """'front' in 'in front of', 'top' in 'on top of': no place of its own."""
    return not any(c.dep_ in ("det", "poss", "amod") for c in token.children) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _place_phrase(token) -> str:
    text = _phrase(token)
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
                and token.dep_ == "pobj" and _preposition(token):
            return token.text, token.i
    return "", None


TITLE_SEX = {"mr": "male", "sr": "male", "mrs": "female", "ms": "female", "miss": "female", "mme": "female",
             "mlle": "female", "sra": "female", "srta": "female"}
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Mme|Mlle|Sr|Sra|Srta)\.?")
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
            if token.dep_ == "pobj" and _preposition(token) and token.i not in people_tokens \
                    and token.pos_ in ("NOUN", "PROPN") and _is_place(_noun(token), _preposition(token), loose):
                whole = _within(token)
                if whole is not None:
                    return _place_phrase(whole), whole.i
    # a pitch of images with no verb says where as one of them ('last bus, one seat, two tired nurses': the bus)
    listed = not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in doc)
    for token in doc:  # a plural said with no preposition of place is no one set ('twins swap places', 'asks for
        # directions'); 'a supermarket seconds before' is parsed as a compound of the seconds
        if token.pos_ == "NOUN" and token.i not in people_tokens \
                and (token.dep_ != "compound" or lexicon.category(token.head.lemma_.lower()) == "time") \
                and token.tag_ != "NNS" and not _part_of_preposition(token) \
                and (_somewhere(_noun(token)) if listed else _is_place(_noun(token))) \
                and (whole := _within(token)) is not None:
            said = _place_phrase(whole)
            return ("the " if listed and not DETERMINED.match(said) else "") + said, whole.i  # 'last bus'
    for token in doc:  # where a person works, said in the role ('a bus driver', 'a ferry mechanic'): their set
        if token.dep_ == "compound" and token.head.i in people_tokens and token.pos_ == "NOUN" \
                and _somewhere(_noun(token)):
            return article(_phrase(token)), token.i
    return "", None


def _within(token):
    """The place a part of a place belongs to ('the middle of a county fair's weigh-off': the fair, the set a
    film can draw), None for a part of a time ('in the middle of the night'), else the token itself."""
    if lexicon.category(_noun(token)) != "location":
        return token
    for of in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        for whole in (t for c in of.children if c.dep_ == "pobj" for t in (c, *c.children)
                      if t.dep_ in ("pobj", "poss") and t.pos_ == "NOUN"):
            if lexicon.category(_noun(whole)) == "time":
                return None
            if _is_place(_noun(whole), "at", loose=True):
                return whole
    return token


def _preposition(token) -> str:
    """The preposition of place before a noun ('at', 'inside', 'in front of'), or '' when it is none."""
    prep = token.head
    if prep.lower_ == "of" and _part_of_preposition(prep.head) and prep.head.head.dep_ == "prep":
        return f"{prep.head.head.lower_} {prep.head.lower_} of"
    return prep.lower_ if prep.lower_ in PLACE_PREPS and not _part_of_preposition(token) else ""


def _objects(doc, skip: set[int]) -> list[str]:
    """Things the pitch names that can be held or shown (WordNet artifacts, food, plants), in pitch order."""
    out = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in skip or token.dep_ == "compound":
            continue
        if lexicon.category(_noun(token)) in OBJECT_CATEGORIES and not _is_place(_noun(token)):
            out.append(token.lemma_.lower())
    return list(dict.fromkeys(out))


def _main(doc):
    """The first sentence's root: its main verb, or the head noun of a pitch that is one noun phrase. A verb
    the parser hung on the first of two subjects as their conjunct ('Marta, a clerk, and Dev, a trucker, wait
    out a storm': root 'Marta', 'wait' its conj) is the main verb."""
    root = next(iter(doc.sents)).root
    if root.pos_ in ("NOUN", "PROPN"):
        return next((c for c in root.rights if c.dep_ == "conj" and c.pos_ == "VERB"
                     and c.tag_ in ("VB", "VBP", "VBZ", "VBD") and any(s.dep_ in SUBJECTS for s in c.children)), root)
    return root


def _subjects(main) -> list:
    """The main verb's subjects, with the first of them the parser made the verb's head (see `_main`)."""
    own = [c for c in main.children if c.dep_ in SUBJECTS]
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
        c for a in main.children if a.dep_ in ("aux", "auxpass") for c in a.children if c.dep_ in SUBJECTS]
    people = [s for s in subjects if {t.i for t in s.subtree} & person_tokens]
    if people:  # a subject set off by a comma that holds nobody is a clause's ('a teenage mall Santa' is one)
        subjects = [s for s in subjects if s in people or s.right_edge.text != ","]
    lead_place = ""
    first = min([main.i] + [c.i for c in main.children if c.dep_ in ("aux", "auxpass", "neg")])
    for c in main.children:
        if c.dep_ == "prep" and c.i < first and c.lower_ in PLACE_PREPS and (not subjects or c.i < subjects[0].i) \
                and not any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree):
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
    if first == main.i and _state(main):  # 'a driver stuck at a red light': a state, said whole
        plural = any(c.tag_ in ("NNS", "NNPS") for c in subjects)
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
        if c.dep_ == "relcl" and any(w.dep_ in SUBJECTS and w.tag_ in ("WDT", "WP") for w in c.children):
            rel = next(w for w in c.children if w.dep_ in SUBJECTS)
            return doc[main.left_edge.i:c.left_edge.i].text, doc[rel.i + 1:c.right_edge.i + 1].text
    owner = next((c for c in main.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
    if owner is not None:
        case = next((c for c in owner.children if c.dep_ == "case"), None)
        after = (case.i if case is not None else owner.i) + 1
        rest = doc[after:main.right_edge.i + 1].text.rstrip(".!?")
        return doc[owner.left_edge.i:owner.i + 1].text, f"has {article(rest)}"
    return None


def _state(verb) -> bool:
    """A participle with no auxiliary heading the clause ('stuck at a red light', 'lost in a maze'): the tagger
    may call it a past tense, but one WordNet also knows as an adjective, with no object and a preposition after
    it, says how things stand ('a man died in the war' stays a past)."""
    children = {c.dep_ for c in verb.children}
    return verb.tag_ in ("VBN", "VBG") or verb.tag_ == "VBD" and "dobj" not in children and "prep" in children \
        and not children & {"aux", "auxpass"} and lexicon.is_adjective(verb.lower_)


def _willed(verb) -> bool:
    """Whether the main clause says what someone does rather than how things stand for them ('two exes stuck
    sharing a taxi', 'a clerk trapped in a lift'): an act is a want, a state is none."""
    to_do = any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in verb.children)
    if any(c.dep_ == "advmod" and c.lower_ in UNMEANT for c in verb.children):
        return False  # 'accidentally burns the map': it happens to them
    if any(c.dep_ == "acomp" for c in verb.children) and not any(c.dep_ == "dobj" for c in verb.children):
        return False  # 'the trick goes wrong', 'the room falls silent': a change, no deed
    return to_do or not (_state(verb) or any(c.dep_ == "auxpass" for c in verb.children)
                         or verb.tag_ in ("VBN", "VBD") and lexicon.is_adjective(verb.lower_)
                         and not any(c.dep_ in ("dobj", "aux") and c.tag_ not in ("WP", "WDT") for c in verb.children))


MINDED = {"cognition", "communication", "emotion", "social", "competition", "possession", "consumption"}
THINKING = {"cognition", "communication", "emotion"}  # all a storm or the wind can do that takes a mind


def _minded(verb, weather: bool = False) -> bool:
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


def _hidden_verb(token) -> bool:
    """A word tagged as a noun that takes a direct object and that WordNet knows as a verb ('a tourist share a
    flask' parsed as a compound noun): a verb the tagger missed."""
    return token.pos_ == "NOUN" and any(c.dep_ == "dobj" for c in token.children) and lexicon.is_verb(token.lemma_)


def _person_before_verb(token) -> bool:
    """A person or animal taken for the modifier of a noun that is really a verb ('let a crying child cross': 'child
    cross' is no compound WordNet knows, and 'cross' is a verb); a noun that is the subject of a verb of its own
    is a noun ('a detective cat investigates': a cat, though WordNet also knows 'cat' as a verb)."""
    head = token.head
    person = lexicon.category(_noun(token)) in ("person", "animal") \
        or token.tag_ == "NNS" and lexicon.may_be_person(_noun(token))  # 'a goose chases the postman': it acts
    return person and head.pos_ == "NOUN" and head.i == token.i + 1 and head.dep_ not in SUBJECTS \
        and lexicon.is_verb(head.lemma_) and not lexicon.senses(f"{token.lower_} {head.lower_}") \
        and not any(c.dep_ in ("det", "poss") for c in head.children if c.i > token.i)


def _verb_after_person(doc, person_tokens: set[int]) -> tuple[str, str, str] | None:
    """(leading place phrase, subject, predicate) where the tagger missed the verb: a person followed by a word
    tagged as a plural noun that WordNet knows as a verb ('In X, a gondolier smuggles seeds', one noun phrase)."""
    for i in sorted(person_tokens):
        after = doc[i + 1] if i + 1 < len(doc) else None
        verb = after is not None and (_hidden_verb(after) or lexicon.is_verb(after.lemma_) and (
            after.tag_ in ("NNS", "VBZ") and after.lower_.endswith("s")  # 'a gondolier smuggles'
            or after.tag_ == "NN" and doc[i].tag_ in ("NNS", "NNPS")))  # 'commuters race for a spot'
        if verb and i + 1 not in person_tokens:
            start = next((t.i + 1 for t in reversed(doc[:i]) if t.text == ","), 0)
            lead_place = doc[1:start - 1].text if start > 1 and doc[0].lower_ in PLACE_PREPS else ""
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
    return any(finite(t) and any(c.dep_ in SUBJECTS or c.dep_ == "compound" and c.i < t.i for c in t.children)
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


def article(phrase: str) -> str:
    """'a bus', 'an office'; a phrase with its own article stays."""
    return phrase if re.match(r"(?i)(a|an|the)\b", phrase) else ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


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
        noun = _noun(t)
        if lexicon.senses(noun) and lexicon.category(noun) not in UNSPECIFIC:
            out.append(noun)
    return list(dict.fromkeys(out))


def kind_of(role: str) -> tuple[str, str]:
    """(kind, sex) of a role named in a few words ('old fisherman', 'robot'), as the reader would cast it."""
    if role[:1].isupper() and not lexicon.common_senses(role.split()[-1]):
        return "human", "unknown"  # a name ('Tomás', 'Mrs. Okafor', 'Dana' though WordNet has a goddess of it)
    doc = parse(role)
    head = next((t for t in reversed(doc) if t.pos_ in ("NOUN", "PROPN")), doc[-1])  # 'lost robot': the robot
    found = _kind_and_sex(_noun(head), {t.lower_ for t in doc if t.i < head.i}, subject=True)
    return found or ("human", "unknown")


def _lead(doc, main, subject: str, people: list[Person]) -> str:
    """Who the pitch is about, as a phrase the beats can open on ('the twins', 'the old fisherman'): the
    subject, or with no subject the parser found, the first person the pitch names, never the verb's own phrase
    ('Siblings at a sale, then both grab the same saw': not 'then both grab')."""
    lead = subject or ((_phrase(main) if main.pos_ in ("NOUN", "PROPN") else people[0].phrase) if people else "")
    lead = re.split(r",\s*(?:and\s+)?(?:then|so|now)\b", lead)[0]  # 'cousins at a market, then both': the cousins
    if people and lead and not {t.lower_ for t in parse(lead)} & {w.lower() for p in people for w in p.phrase.split()}:
        lead = people[0].phrase  # 'both', 'all of them': the people the pitch names
    if lead and _capital_only_first(doc[0]) or lead[:1].isalpha() and lead.startswith(doc[0].text) and (
            doc[0].tag_ == "NNS" or doc[0].pos_ in ("NOUN", "ADJ") and doc[0].ent_type_ != "PERSON"):
        lead = "the " + lead[:1].lower() + lead[1:]  # 'Twins swap places': the twins
    lead = re.sub(r"(?i)(^|\band\s+)(?:a|an|your|my|our|every|each)\s+", r"\1the ", lead)
    first = lead.split()[0] if lead else ""
    if first[:1].islower() and first not in STOP and first not in NUMBER_WORDS and (
            lexicon.senses(first) or lexicon.is_adjective(first)):
        lead = "the " + lead  # 'a time traveler', the article parsed onto 'time': the traveler
    return re.sub(r"(?i)^(two|three|four|five|six)\b", lambda m: "the " + m.group(1).lower(), lead)


def read_pitch(pitch: str) -> PitchReading:
    """Read a one-line pitch (see the module's docstring): its people, place, time, objects, want, obstacle
    and action, as far as the pitch says them. A pitch that names nobody, or names people but no action, is a
    situation pitch: its story comes from the premise."""
    doc = parse(pitch.strip())
    main = _main(doc)
    people = _people(doc, main)
    person_tokens = {t.i for t in doc if any(_role(t) == p.role for p in people)}
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
    time = obstacle = want = ""
    action = predicate
    for pattern, kind in TIME_RULES:
        m = re.search(pattern, action)
        if not m:
            continue
        time = m.group("time")
        if kind == "obstacle":
            obstacle = m.group("obstacle")
        elif kind == "weather":
            obstacle = f"the {m.group('weather')}"
        elif kind == "event" and lexicon.category(m.group("event").split()[-1]) not in ("food", "time"):
            event = m.group("event").strip()
            clause = len(event.split()) > 3 or re.match(r"(?i)(a|an|the|their|his|her|its|my|our|your)\b", event)
            obstacle = event if clause else article(event)
        action = action.replace(m.group(0), "").strip(" ,")
        break
    if not time:
        time = next((e.text for e in doc.ents if e.label_ in ("DATE", "TIME") and e.start <= 1
                     and e.root.dep_ not in ("amod", "compound", "nmod")  # 'eight-year-old Tomás' is his age
                     and e.root.head.i not in person_tokens), "")
    for pattern, template, cut in OBSTACLE_RULES:
        m = re.search(pattern, action)
        if m and not obstacle:
            obstacle = template.format(**{k: v or "" for k, v in m.groupdict().items()})
            if cut:
                action = action[:m.start()].strip(" ,")
    for pattern in WANT_RULES:
        m = re.search(pattern, f"{subject} {action}")
        if m:
            want = m.group("w") if "w" in m.groupdict() else f"to {m.group('v')}{m.group('r')}"
            break
    passive = any(c.dep_ == "auxpass" for c in main.children) or _state(main)
    joint = any(c.dep_ in SUBJECTS and (c.tag_ in ("NNS", "NNPS") or any(g.dep_ == "conj" for g in c.children))
                for c in main.children) and not any(c.dep_ == "dobj" for c in main.children)
    # 'two astronauts disagree about it': what two do together, with no object, is no one's want ('solve a case' is)
    if not want and action and not situation_pitch and not passive and not joint and _willed(main):
        verb, _, rest = action.partition(" ")
        base = _base_verb(verb.lower())
        if base in ("want", "need", "crave", "seek"):  # 'wants a day off': to get it
            want = f"to get {rest.split(' who ')[0]}".strip()
        elif base not in UNWILLED:
            want = f"to {base} {rest.split(' who ')[0]}".strip()
    lead = _lead(doc, main, subject, people)
    skip = person_tokens | {t for t in (place_token, region_token) if t is not None}
    at = doc[place_token] if place_token is not None else None
    while at is not None and at.dep_ in ("pobj", "poss") and not _preposition(at) and at.head.dep_ in ("prep", "pobj"):
        at = at.head.head if at.head.dep_ == "prep" else at.head  # the part's preposition: 'in the middle of' it
    place_prep = _preposition(at) if at is not None and at.dep_ == "pobj" else \
        "on" if at is not None and lexicon.is_a(_noun(at), "boarded", first=2) else ""  # 'a bus driver': on a bus
    return PitchReading(pitch=pitch, people=people, lead=lead, place=place, place_prep=place_prep, region=region,
                        time=time,
                        objects=_objects(doc, skip), want=want.strip(" \"'“”.!?"), obstacle=obstacle,
                        action=action,
                        occasion=_occasion(doc),
                        content_words=content_words(pitch), situation_pitch=situation_pitch)

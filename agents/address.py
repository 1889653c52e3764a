"""Who a line speaks to and as: a line calls the people in its scene by name only to their face, speaks of
nobody present as 'she' or 'the neighbour', never calls its own speaker by their name, role or family word, and
has a child call a parent 'Mum' and a grandchild a grandparent 'Grandpa', never their first name. The checks the
Writer (agents/writer.py) makes of every line the model proposes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents import story, wording
from agents.people import FEMALE_PRONOUNS, MALE_PRONOUNS
from film.cast import Character
from tools.parse import parse

SPLIT = re.compile(r"\w ' ?(?:s|t|re|ll|ve|d|m)\b|\w' (?:s|t|re|ll|ve|d|m)\b", re.I)
REPORTED = re.compile(r"\b(?:he|she|they)\s+(?:said|says|asked|asks|replied|replies|whispered|shouted|cried)\b|"
                      r"\bsaid\s+(?:he|she)\b", re.I)  # a narrator's words inside a spoken line
TITLE_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St)\.?\s*$")  # "talk with Mr." is cut off before the name
FRAGMENT = re.compile(r"(?:\b(?:and|or|but|the|a|an|to|of|with|for|my|your|his|her)|,)\s*$", re.I)
KIN = {"mum", "mom", "mother", "dad", "father", "grandma", "grandpa", "granny", "nan", "nanna", "papa", "mama",
       "sir", "madam", "miss", "boss", "doc", "doctor", "god", "lord"}  # words a line calls a person by, not names


def _vocative(text: str, at: int, end: int) -> bool:
    """The name at text[at:end] calls the listener ('Otto, look.', 'Look, Otto.', 'Otto!'), not speaks of them."""
    before, after = text[:at].rstrip(), text[end:].lstrip()
    opens = not before or before.endswith((".", "!", "?", ","))
    closes = not after or after[:1] in ",.!?"
    return opens and closes


def addressed(text: str, speaker: Character, cast: list[Character], characters: list[Character]) -> bool:
    """A line spoken to the people in the scene, not about them: it names nobody of the film who is not in the
    scene, names someone who is only to call them ('Look, Otto.', never 'Otto did it.' to Otto's face), calls
    nobody present 'the <role>' (unless saying who they are: 'you're the new nurse'), and names no person the
    film does not have (a base model invents a 'John' nobody meets)."""
    here = {c.id for c in cast}
    for c in characters:
        if c.id == speaker.id:
            continue
        first = c.name.split(" ")[0]
        for m in re.finditer(rf"\b{re.escape(first)}\b", text):
            if c.id not in here or not _vocative(text, m.start(), m.end()):
                return False
        if c.id in here and not c.role[:1].isupper():
            for m in re.finditer(rf"\bthe {re.escape(c.role)}\b", text, re.I):
                if not re.search(r"\b(?:you|you're|you’re|are|am|i'm|i’m)\s+$", text[:m.start()], re.I):
                    return False
    known = {w.lower() for c in characters for w in c.name.split()} | {w for c in characters for w in
                                                                        wording.words(c.role)}
    for ent in parse(text).ents:
        said = {re.sub(r"['’]s$", "", w) for w in wording.words(ent.text)}
        if ent.label_ == "PERSON" and not said <= known | KIN:
            return False
    return True


def speaks_of_present(text: str, speaker: Character, cast: Sequence[Character], characters: list[Character]) -> bool:
    """The line says 'she' (or 'he') where everyone of the film it could mean is in the scene: it speaks of the
    listener to their face ('What's she doing here?' to the girl), or of someone the film never shows."""
    said = set(wording.words(text))
    here = {c.id for c in cast}
    for pronouns, sex in ((FEMALE_PRONOUNS, "female"), (MALE_PRONOUNS, "male")):
        if not said & pronouns:
            continue
        could = [c for c in characters if c.id != speaker.id and c.sex in (sex, "unknown")]
        if could and all(c.id in here for c in could):
            return True
    return False


# what family calls one to their face ('Grandma, ...'): a speaker never calls themself by it
KIN_CALLED = {"grandmother": {"grandma", "granny", "gran", "nana"}, "grandfather": {"grandpa", "granddad", "gramps"},
              "mother": {"mom", "mum", "mama", "ma", "mommy", "mummy"}, "father": {"dad", "daddy", "papa", "pa"},
              "sister": {"sis"}, "brother": {"bro"}, "aunt": {"auntie"}}


def _calls_self(text: str, speaker: Character, cast: Sequence[Character] = ()) -> bool:
    """The line calls its own speaker by their role or what family calls it ('Grandma, you are so careful.' said
    by the grandmother), or by what the scene's child or grandchild (`cast`) calls them (`calls_self_by_kin`)."""
    head = speaker.role.split()[-1] if speaker.role else ""
    return bool(head) and any(_kin(w) == _kin(head) for w in _called(text)) or calls_self_by_kin(text, speaker, cast)


def _called(text: str) -> list[str]:
    """The words a line calls its listener by, opening a sentence of it ('Grandma, ...') or closing one ('Okay,
    Grandma. I ...')."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        found += [m.group(1) for m in (re.match(r"\s*(\w+)\s*[,!]", sentence),
                                       re.search(r",\s*(\w+)\s*[.!?]*$", sentence)) if m]
    return found


def calls_wrong_kin(text: str, speaker: Character, cast: Sequence[Character]) -> bool:
    """The line calls the scene's parent or grandparent by another relation's word ('Grandma' said to her
    grandfather, 'Mom' to him): the model's word, where the scene says what the speaker calls them."""
    due = {_kin(call) for c in cast if c.id != speaker.id and (call := kin_call(speaker, c, cast))}
    return bool(due) and any(word in KIN_CALLED and word not in due for word in map(_kin, _called(text)))


def _kin(word: str) -> str:
    """A role's head as family says it, one word for each relation ('mum', 'mother' -> 'mother')."""
    word = word.lower()
    return next((role for role, called in KIN_CALLED.items() if word in called), word)


# how a child or grandchild calls a parent or grandparent to their face, by the relation and the elder's sex
CALLED_BY_KIN = {("mother", "female"): "Mum", ("father", "male"): "Dad", ("parent", "female"): "Mum",
                 ("parent", "male"): "Dad", ("grandmother", "female"): "Grandma",
                 ("grandfather", "male"): "Grandpa", ("grandparent", "female"): "Grandma",
                 ("grandparent", "male"): "Grandpa"}
DESCENDANTS = {"son": "parent", "daughter": "parent", "child": "parent", "kid": "parent",
               "grandson": "grandparent", "granddaughter": "grandparent", "grandchild": "grandparent",
               "grandkid": "grandparent"}
SIBLINGS = {"brother", "sister", "sibling", "twin"}  # a family's children, when their mother is in the scene
# a parent's or grandparent's family word as a role ('his mom', 'the dad who walked out'), and who never calls
# anyone by it: the family's elders and the spouses
FAMILY_WORDS = set().union(*(KIN_CALLED[k] for k in ("mother", "father", "grandmother", "grandfather")))
ELDERS = {"mother", "father", "parent", "grandmother", "grandfather", "grandparent", "husband", "wife", "spouse",
          "partner"}


def kin_call(speaker: Character, listener: Character, cast: Sequence[Character]) -> str | None:
    """What the speaker calls the listener to their face when the listener is their parent or grandparent: 'Mum',
    'Grandpa', not their first name. Known from the listener's role ('the mother') or, when the speaker's role is a
    child's or grandchild's ('the granddaughter'), from the listener being the scene's one elder of a sex."""
    head, mine = (_kin(c.role.split()[-1]) if c.role.strip() else "" for c in (listener, speaker))
    word = listener.role.split()[-1].lower() if listener.role.strip() else ""
    if word in FAMILY_WORDS and word != head and speaker.kind != "elder" and mine not in ELDERS:
        return word.capitalize()  # the pitch named them by what their child calls them ('his mom'): so do they
    relation = DESCENDANTS.get(mine)
    if not (relation or speaker.kind == "child" or mine in SIBLINGS):
        return None  # a husband, a neighbour, a parent: the listener is their equal or their child
    if (head, listener.sex) in CALLED_BY_KIN:
        return CALLED_BY_KIN[head, listener.sex]
    older = [c for c in cast if c.id != speaker.id and (c.kind == "elder" if relation == "grandparent"
                                                       else c.kind in ("human", "elder"))]
    if relation and older == [listener] and listener.kind != "child" \
            and (relation == "grandparent" or speaker.kind == "child"):
        return CALLED_BY_KIN.get((relation, listener.sex))
    return None


def calls_self_by_kin(text: str, speaker: Character, cast: Sequence[Character]) -> bool:
    """The line calls someone 'Grandma' or 'Mum' where that is what the scene's child or grandchild calls its
    own speaker (the grandmother saying 'Grandma, look.' to her granddaughter)."""
    mine = {kin_call(c, speaker, cast) for c in cast if c.id != speaker.id} - {None}
    return any(_vocative(m.string, m.start(), m.end()) for call in mine
               for m in re.finditer(rf"\b{re.escape(call)}\b", text))


def kin_address(text: str, speaker: Character, cast: Sequence[Character]) -> str:
    """The line with a parent or grandparent called as family calls them ('Michael, I can drive.' said by his
    granddaughter: 'Grandpa, I can drive.'), never by the first name the model read in the cast list."""
    for c in cast:
        call = kin_call(speaker, c, cast) if c.id != speaker.id else None
        first = c.name.split(" ")[0]
        if call:
            text = re.sub(rf"\b{re.escape(first)}\b",
                          lambda m: call if _vocative(m.string, m.start(), m.end()) else m.group(0), text)
    return text


def _says_who_is_who_wrong(text: str, speaker: Character, characters: list[Character]) -> bool:
    """'You are my father!' said by the father, 'I am your tailor' said by someone who is not the tailor: the
    line gives its own speaker's role to someone else, or another's role to its speaker."""
    def heads(c: Character) -> set[str]:
        return {_kin(c.role.split()[-1])} if c.role and not c.role[:1].isupper() else set()

    mine = heads(speaker)
    others = set().union(*(heads(c) for c in characters if c.id != speaker.id)) - mine
    for m in re.finditer(r"\b(you are|you're|i am|i'm) (?:my|your) (?:own |real |new |only )?(\w+)", text, re.I):
        said = _kin(m.group(2))
        if m.group(1).lower() in ("you are", "you're") and said in mine or \
                m.group(1).lower() in ("i am", "i'm") and said in others:
            return True
    return False


def spoken(text: str, speaker: Character, characters: list[Character], story_text: str,
            cast: Sequence[Character] = ()) -> str | None:
    """A line only its speaker could say: no stray bracket, no split contraction, no trailing fragment, not
    addressed to the speaker by their own name or role (or, among `cast`, what family calls them), nothing
    violent or sexual the story did not ask for. A name in capitals, as a cue prints it ('ZOFIA, wait.'), is said
    as a name."""
    for c in characters:
        name = c.name.split(" ")[0]
        if len(name) > 1 and name.upper() != name:
            text = re.sub(rf"\b{re.escape(name.upper())}\b", name, text)
    first = speaker.name.split(" ")[0]
    if "(" in text or ")" in text or TITLE_END.search(text) or SPLIT.search(text) \
            or FRAGMENT.search(text.rstrip(".!?…")) and not text.rstrip().endswith((".", "!", "?")):
        return None
    if re.search(rf"\b{re.escape(first)}\b", text) or _calls_self(text, speaker, cast) \
            or calls_wrong_kin(text, speaker, cast) or REPORTED.search(text) \
            or story.unasked(text, story_text) or _says_who_is_who_wrong(text, speaker, characters):
        return None
    return text

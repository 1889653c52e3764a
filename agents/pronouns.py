"""The sex the story's own sentences give each role, by the pronouns that stand for them.

The model writes a film's beats before anyone is cast ("The manager finds the numbers are lost, but she knows
what to do"), so a role the pitch does not sex may already be 'she' in the treatment; cast as a man named Peter,
the screenplay would read "Peter, the manager, ... but she knows". Each he, him, his, she, her or hers is read
as standing for a role named before it in its sentence (spaCy's parse: `_read`), and the roles' votes decide; a
tie or no vote says nothing.
"""

from __future__ import annotations

from agents.people import FEMALE_PRONOUNS, MALE_PRONOUNS
from tools.parse import parse

PRONOUNS = {w: "female" for w in FEMALE_PRONOUNS} | {w: "male" for w in MALE_PRONOUNS}


def _mentions(doc, roles: dict[str, str]) -> list[tuple[int, str, bool]]:
    """(token index, role, is a subject) for each role named in the sentence, by its head word or its name."""
    out = []
    for t in doc:
        role = roles.get(t.lower_) or roles.get(t.lemma_.lower())
        if role is not None and t.dep_ != "compound":
            out.append((t.i, role, t.dep_ in ("nsubj", "nsubjpass")))
    return out


def _subject_of(token, mentions: list[tuple[int, str, bool]], said: dict[int, str]) -> str | None:
    """The role the subject of the token's own clause stands for (named, or a pronoun already read); for 'him'
    or 'her' as the subject of a bare verb ('lets him listen', 'makes her cry'), the clause that governs it."""
    verb = token.head.head if token.dep_ == "nsubj" and token.head.dep_ == "ccomp" else token.head
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i != token.i:
            return said.get(c.i) or next((r for i, r, _ in mentions if i == c.i), None)
    return None


def _read(doc, mentions: list[tuple[int, str, bool]]) -> dict[int, str]:
    """Each pronoun of the sentence (by token index) with the role it stands for: the one a pronoun of the
    same sex already stands for, else the nearest role named before it (subjects first) that a pronoun of the
    other sex does not stand for, and for 'him' or 'her' as an object, not the subject of its own clause ('the
    teller promises the robber she will speak for him': him is the robber); a pronoun that stands for nobody
    the sentence names leaves those of its sex after it standing for nobody named too."""
    said: dict[int, str] = {}
    by_sex: dict[str, str] = {}
    for t in doc:
        sex = PRONOUNS.get(t.lower_)
        if sex is None:
            continue
        if sex in by_sex:
            if by_sex[sex] is not None:
                said[t.i] = by_sex[sex]
            continue
        taken = {r for x, r in by_sex.items() if x != sex}
        if t.dep_ in ("dobj", "pobj", "dative", "iobj") and t.lower_ in ("him", "her") or t.lower_ == "him":
            taken.add(_subject_of(t, mentions, said))
        before = [m for m in mentions if m[0] < t.i and m[1] not in taken]
        # one the sentence does not name ('the nurse lets him listen to his own heart': the boy) is who the
        # pronouns of that sex after it stand for too
        said_for = ([m for m in before if m[2]] or before)[-1][1] if before else None
        by_sex[sex] = said_for
        if said_for is not None:
            said[t.i] = said_for
    return said


def sexes_in(sentences: list[str], roles: list[str]) -> dict[str, str]:
    """Each role's sex as the sentences' pronouns give it ('female' or 'male'); roles with no clear vote are
    left out. A role is known by its last word ('the night nurse': 'nurse'), or whole when it is a name."""
    heads = {}
    for role in roles:
        words = role.lower().split()
        key = words[-1] if words else ""
        if key and sum(r.lower().split()[-1:] == [key] for r in roles) == 1:
            heads[key] = role  # a head word two roles share ('sister') says neither
    votes: dict[str, list[str]] = {r: [] for r in roles}
    for text in sentences:
        for sentence in parse(text).sents:
            doc = sentence.as_doc()
            for i, role in _read(doc, _mentions(doc, heads)).items():
                votes[role].append(PRONOUNS[doc[i].lower_])
    out = {}
    for role, said in votes.items():
        women, men = said.count("female"), said.count("male")
        if women != men:
            out[role] = "female" if women > men else "male"
    return out

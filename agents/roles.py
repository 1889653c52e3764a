"""Where a text names the story's people by their role: "the fisherman", and in the plural "the fishermen",
which names every one of them who has that role (a group the pitch counts: "three fishermen")."""

from __future__ import annotations

import re

from film.cast import Character


def plurals(head: str) -> set[str]:
    """A noun's regular plurals and the -man/-men kind ("fisherman": "fishermen")."""
    forms = {head + "s", head + "es"}
    if head.endswith("y"):
        forms.add(head[:-1] + "ies")
    if head.endswith("man"):
        forms.add(head[:-3] + "men")
    if head.endswith("f"):
        forms.add(head[:-1] + "ves")
    if head.endswith("fe"):
        forms.add(head[:-2] + "ves")
    if head == "child":
        forms.add("children")
    if head == "person":
        forms.add("people")
    return forms


def named_by_role(characters: list[Character], text: str) -> dict[str, tuple[int, bool]]:
    """character id -> (where `text` first names their role, whether in the plural), for those it names. Everyone
    who shares a role is named where it is."""
    low = text.lower()
    at: dict[str, tuple[int, bool]] = {}
    for c in characters:
        role = c.role.lower().split()
        for form in [role[-1], *sorted(plurals(role[-1]))] if role else []:
            m = re.search(rf"\b{re.escape(' '.join(role[:-1] + [form]))}\b", low)
            if m and (c.id not in at or m.start() < at[c.id][0]):
                at[c.id] = (m.start(), form != role[-1])
    return at

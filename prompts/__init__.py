"""Prompts are data: one `.txt` template per prompt, `$name` placeholders, rendered strictly.

A missing variable or an unused one is an error, so a renamed field can never silently blank a prompt.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from string import Template


class PromptError(KeyError):
    """A prompt was rendered with missing or unexpected variables."""


@cache
def template(name: str) -> Template:
    """The template; its final newline is dropped so the model continues right after the last label."""
    text = files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return Template(text.removesuffix("\n"))


def example_names(name: str) -> set[str]:
    """The speaker cues and cast names of a prompt's examples: a piece that uses one copied the example."""
    text = template(name).template
    cues = set(re.findall(r"^([A-Z]{2,}):", text, re.M))
    cast = set(re.findall(r'"name": "([^"]+)"', text))
    return {w.lower() for n in cues | cast for w in n.split()}


def placeholders(name: str) -> set[str]:
    return {m.group("named") or m.group("braced") for m in template(name).pattern.finditer(template(name).template)
            if m.group("named") or m.group("braced")}


def render(name: str, **values: str) -> str:
    expected = placeholders(name)
    missing, extra = expected - values.keys(), values.keys() - expected
    if missing or extra:
        raise PromptError(f"prompt {name!r}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    return template(name).substitute(values)

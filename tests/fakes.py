"""A LangChain fake completion model for graph-logic tests: answers by the label the prompt ends with.

It is a real LangChain `LLM`, so it goes through the same TextModel and recorder as Gemma does; only the
text is scripted. Each label has a list of answers used in turn, so retries see the next one.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from langchain_core.language_models.llms import LLM
from pydantic import PrivateAttr

DEFAULT = {
    "Characters:": [" lighthouse keeper; lost robot"],
    "Place:": [" a lighthouse on a rocky coast"],
    "beat": [" Mara trims the lamp as the storm gathers.", " A battered robot washes up on the rocks.",
             " The robot fixes the broken light just in time.", " They watch the ships pass safely home.",
             " The robot learns to whistle.", " Mara paints the robot a new coat."],
    "name": ["Mara Quinn", "Bolt Ferro", "Ada Lind", "Otto Vance"],
    "trait": ["stubborn and kind", "curious"],
    "wardrobe": ["yellow raincoat and boots", "dented silver plating"],
    "Action:": [" Waves smash against the rocks below the tower.", " Sparks fly from the robot's chest.",
                " The beam sweeps across the dark water.", " Morning light fills the lamp room."],
    "line": [" Who's out there?", " I am lost, and my lamp is broken.", " Then come inside and dry off.",
             " What is this bright thing?", " It keeps the ships off the rocks.", " Can I help it shine?",
             " Hold the lens steady.", " Look, it works!", " You saved them all tonight.",
             " Stay as long as you like.", " I will.", " Goodnight, Mara."],
    "Detail:": [" rain streaks across the lamp glass.", " a lone gull rides the wind.",
                " foam glitters in the beam.", " a kettle steams on the stove.", " the robot's eye glows blue.",
                " ropes creak against the pier.", " the clouds break apart.", " a compass spins on the table."],
}


class ScriptedLLM(LLM):
    """Returns scripted answers keyed by the prompt's final label; `calls` counts every answer given."""

    script: dict[str, list[str]] = {}
    _cycles: dict[str, Any] = PrivateAttr(default_factory=dict)
    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _key(self, prompt: str) -> str:
        last = prompt.rsplit("\n", 1)[-1]
        if m := re.search(r'"(name|trait|wardrobe)": "$', last):
            return m.group(1)
        if re.fullmatch(r"(Setup|Meeting|Trouble|Turn|Climax|Resolution):", last):
            return "beat"
        if re.fullmatch(r"[^\s:]+:(?: [^:]*)?", last) and last not in self.script and last not in DEFAULT:
            return "line"  # a speaker's cue, maybe with the opening words of the line the writer gave it
        return last

    def _call(self, prompt: str, stop: list[str] | None = None, run_manager=None, **kwargs: Any) -> str:
        key = self._key(prompt)
        answers = self.script.get(key) or DEFAULT[key]
        if key not in self._cycles:
            self._cycles[key] = itertools.cycle(answers)
        self.calls += 1
        return next(self._cycles[key])

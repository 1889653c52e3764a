"""Fountain (https://fountain.io) from the typed screenplay: headings, action, character cues, dialogue."""

from __future__ import annotations

from agents.state import CrewState
from film.script import Action


def _cue(name: str) -> str:
    """A character cue; names Fountain would not read as a cue (non-Latin, lowercase left) are forced with @."""
    first = name.split(" ")[0].upper()
    return first if first.isascii() and first.isupper() else f"@{first}"


def _heading(interior: bool, name: str, time: str) -> str:
    text = f"{'INT' if interior else 'EXT'}. {name} - {time}"
    return text if name.isascii() else f".{text}"


def screenplay(state: CrewState) -> str:
    title = state.pitch.text.replace("\n", " ")
    out = [f"Title: {title}", "Credit: written by", "Author: the filmcrew Writer", "", "FADE IN:", ""]
    for scene in state.scenes:
        loc = state.location(scene.location_id)
        out += [_heading(loc.interior, loc.name, loc.time_of_day), ""]
        for element in scene.elements:
            if isinstance(element, Action):
                text = element.text
                # A line of action in all capitals would parse as a character cue; `!` forces action.
                out += [f"!{text}" if text.isupper() else text, ""]
            else:
                out += [_cue(state.character(element.character_id).name), element.text, ""]
    out += ["FADE OUT.", ""]
    return "\n".join(out)

"""Text helpers of the scorecard: normalised scene text, chunks for embedding, sentences, and the faults of a
line of dialogue (a dangling end, a split contraction, a narrated "he said")."""

from __future__ import annotations

import re

import numpy as np

from film.text import WORD
from filmcrew.scorecard.deliverables import Scene


def norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def scene_text(scene: Scene) -> str:
    return " ".join([scene.place.title()] + [e.text for e in scene.elements])


def chunks(scenes: list[Scene], words: int = 150) -> list[str]:
    """The screenplay body in pieces MiniLM reads whole (it stops at 256 tokens)."""
    body = " ".join(e.text for s in scenes for e in s.elements).split()
    return [" ".join(body[i:i + words]) for i in range(0, len(body), words)] or [""]


def unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


CONTRACTION = re.compile(r"\b\w+ '(?:s|t|re|ve|ll|d|m)\b|\b\w+' (?:s|t|re|ve|ll|d|m)\b|\b\w+ n'?t\b", re.I)
SAID = re.compile(r"\b(?:he|she)\s+(?:said|says|asked|asks|replied|replies|whispered|shouted|cried)\b|"
                  r"\bsaid\s+(?:he|she)\b", re.I)
DANGLING = set("and or but the a an of with because my your their".split())  # words no finished line ends on


def line_defects(text: str, speaker_names: list[str], spoken: bool) -> list[str]:
    """What makes a line read as broken: split contractions, a trailing fragment, and for spoken lines the
    speaker naming themself or a narrator's 'he said'."""
    found = []
    if CONTRACTION.search(text):
        found.append("split contraction")
    stripped = text.strip()
    last = WORD.findall(stripped.lower())[-1:] or [""]
    if stripped.endswith((",", ";", ":", "-")) or last[0] in DANGLING:
        found.append("trailing fragment")
    if spoken:
        words = set(WORD.findall(text.lower()))
        if any(n and n in words for n in speaker_names):
            found.append("speaker names themself")
        if SAID.search(text):
            found.append("'he said' inside a spoken line")
    return found

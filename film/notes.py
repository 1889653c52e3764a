"""The crew's discussion: typed notes between agents (and from people) and the turns people read.

A note carries a kind from a closed set and the ids it is about; agents act on the kind and the ids. Its
text is for people only: no agent reads the words of a note to decide what to do (a person's note is the
exception by nature: it is direction, and it joins the story the model is given).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

NoteKind = Literal[
    "person",  # a person's note at a gate: direction with the weight of the pitch
    # the screenplay (Director -> Writer)
    "repeated_line",  # a line repeats an earlier sentence: write a new one
    "no_action",  # a scene has no action line: show us where we are
    "speaker_not_cast",  # a line's speaker is not in the cast: give it to someone who is
    "speaker_left",  # the speaker has left the scene by then (the ledger says so): cut the line
    "runs_long",  # a scene's dialogue outruns its time: cut its longest line
    "drifts",  # a line plays no part in its scene's beat, or someone there says nothing (`about`: who): rewrite it
    "no_answer",  # a reply does not answer the line before it: rewrite the reply
    # the shot list (Director -> Cinematographer)
    "coverage",  # a line is covered by no shot, or by more than one
    "framed_not_cast",  # a shot frames someone who is not in the cast
    "too_short",  # a shot is shorter than its dialogue
    "jump_cut",  # a shot repeats the framing of the one before on the same people
    "runtime",  # the shot list misses the film's length
    # continuity (Director -> Cinematographer), from the ledger in memory
    "absent_in_frame",  # someone is in frame who is not in the scene at that point
    "time_of_day",  # the picture shows day at night, or night by day
    "wardrobe",  # someone is not wearing what the ledger says
    "prop",  # a prop appears from nowhere
]
CONTINUITY_KINDS = ("absent_in_frame", "time_of_day", "wardrobe", "prop")


class Note(BaseModel):
    """A review note addressed to one agent; the addressee's next turn must answer it."""

    id: str
    author: str
    to: str
    kind: NoteKind
    target: str  # the id the note is about (scene-2/line-1, scene-1/shot-2, scene-2, film)
    about: list[str] = []  # further ids or names it concerns: a character id, a prop
    text: str  # for people


class Message(BaseModel):
    """One turn of the crew's discussion (and a person's intervention)."""

    speaker: str
    addressee: str
    text: str
    node: str

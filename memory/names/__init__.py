"""First names by the sex most viewers read in them, written by the team (female.txt, male.txt: one a line, any
culture; names worn by both, such as Alex or Robin, are in neither). Casting gives a person one of these, so the
name a viewer reads matches the person and the voice they hear."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@cache
def first_names() -> dict[str, frozenset[str]]:
    """{'female': ..., 'male': ...}: lower-case first names of each sex."""
    out = {}
    for sex in ("female", "male"):
        lines = (FOLDER / f"{sex}.txt").read_text(encoding="utf-8").splitlines()
        out[sex] = frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
    return out


@cache
def given_names() -> frozenset[str]:
    """Every lower-case first name of either list: is this word someone's name?"""
    return frozenset().union(*first_names().values())

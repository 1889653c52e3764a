"""Checks on model-written text: what a small base model gets wrong, caught before it reaches the film.

A piece passes only if it is plain prose (no URLs, markup, speaker cues or prompt labels), of a sensible
length, not an echo of the prompt it came from, and says nothing the screenplay already said. Each check
returns the cleaned text or None; callers retry with a new seed on None.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from film.text import SENTENCE_END as _SENTENCE_END, words  # noqa: F401  (agents say wording.words)
from tools.parse import parse

_URL = re.compile(r"https?:|www\.|\.(com|org|net|io)\b|@\w", re.I)
_MARKUP = re.compile(r"[<>\[\]{}#*_`|\\=~^$]")
_LABEL = re.compile(r"\b(story|scene|action|detail|role|characters|place|setup|meeting|turn|trouble|"
                    r"climax|resolution|pitch|prompt|instruction|instructions|assistant|user)\s*:", re.I)
_CUE = re.compile(r"(^|\s)[^\W\d_][^\W\d_ .'-]{1,20}\s*:", re.U)
STOP_WORDS = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "his", "her", "their"}
NOT_NAMES = {"role", "name", "story", "scene", "character", "characters", "unknown", "none", "null", "the",
             "mr", "mrs", "ms", "dr", "robot", "man", "woman", "boy", "girl", "keeper", "owner"}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def norm(sentence: str) -> str:
    """A sentence reduced to its words, so 'I am lost!' and 'i am lost.' count as the same sentence."""
    return " ".join(words(sentence))


def repeats(sentence: str, seen: set[str], ratio: float = 0.78) -> bool:
    """True when a normalised sentence was said before, exactly or nearly ('It's the same.' / 'It's the same, I hope.')."""
    if sentence in seen:
        return True
    padded = f" {sentence} "
    for s in seen:
        if not s:
            continue
        shorter = s if len(s) < len(sentence) else sentence
        if len(shorter.split()) >= 3 and (f" {s} " in padded or padded in f" {s} "):
            return True
        if len(sentence) > 8 and SequenceMatcher(None, sentence, s).ratio() >= ratio:
            return True
    return False


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t" for ch in text)


def echoes(text: str, source: str, n: int = 5) -> bool:
    """True when `text` shares a run of `n` words with `source` (copying the prompt or its examples)."""
    a, b = words(text), words(source)
    if len(a) < n:
        return False
    grams = {tuple(b[i:i + n]) for i in range(len(b) - n + 1)}
    return any(tuple(a[i:i + n]) in grams for i in range(len(a) - n + 1))


_LIST_MARK = re.compile(r"^\s*(?:\(\d+\)|\d+[.)]|[-–—•*])\s*")


def prose(raw: str, *, min_words: int = 2, max_words: int = 20, prompt: str = "",
          seen: set[str] | None = None, banned: set[str] = frozenset()) -> str | None:
    """One or two clean sentences of prose, or None.

    `prompt`: text it must not copy five words of; `seen`: sentences already said; `banned`: words it must
    not use (the names of a prompt's example characters).
    """
    text = _LIST_MARK.sub("", " ".join(raw.replace("\u200b", "").split())).strip(" \"'“”-–—")
    if not text or has_control(raw.strip("\n")) or _URL.search(text) or _MARKUP.search(text):
        return None
    if _LABEL.search(text) or _CUE.search(text):
        return None
    parts = sentences(text)[:2]
    text = " ".join(parts)
    if not re.search(r"[.!?…]$", text):
        text += "."
    count = len(words(text))
    if count < min_words or count > max_words:
        return None
    if prompt and echoes(text, prompt):
        return None
    if banned and set(words(text)) & banned:
        return None
    if seen is not None and any(repeats(norm(s), seen) for s in sentences(text)):
        return None
    if len({norm(s) for s in parts}) < len(parts):
        return None
    return text


def phrase(raw: str, *, min_words: int = 1, max_words: int = 10) -> str | None:
    """A short descriptive phrase (a place, a trait, a wardrobe): letters, spaces and light punctuation."""
    text = " ".join(raw.split()).strip(" \"'.,;:-")
    if not text or _URL.search(text) or _MARKUP.search(text) or _LABEL.search(text) or has_control(raw):
        return None
    if re.search(r"[^\w\s,'’-]", text, re.U):
        return None
    return text if min_words <= len(words(text)) <= max_words else None


def name(raw: str, taken: set[str]) -> str | None:
    """A person's name: one to three capitalised words of letters, not a role word, not already cast."""
    text = " ".join(raw.split()).strip(" \"'.,")
    parts = text.split(" ")
    if not 1 <= len(parts) <= 3 or len(text) > 32:
        return None
    for part in parts:
        core = part.replace("-", "").replace("'", "")
        if not core.isalpha() or (part[0].isalpha() and part[0].islower()):
            return None
        if part.isupper() and len(part) > 1 and part.isascii():
            return None
    if any(p.lower() in NOT_NAMES for p in parts) or text.lower() in {t.lower() for t in taken}:
        return None
    if parts[0].lower() in {t.split(" ")[0].lower() for t in taken}:
        return None
    return text


def has_clause(text: str) -> bool:
    """The text says something: one of its sentences has a verb ('Looks like rain.'), as a base model's
    fragments ('So, Daniel?', 'A big old oak tree.') do not. A verbless line stands only where it answers."""
    return any(t.pos_ in ("VERB", "AUX") for t in parse(text))

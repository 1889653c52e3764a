"""Ids and the file names made from them: stable slugs (`char-mara`, `scene-2`, `scene-2/shot-3`)."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, fallback: str = "x") -> str:
    """A lowercase ASCII slug for ids; never empty, never contains a path separator."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return s or fallback

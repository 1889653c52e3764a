"""Words as the crew compares them: lowercase, letters and digits, inner apostrophes kept ("don't")."""

from __future__ import annotations

import re


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:'[^\W_]+)?", text.lower(), re.U)


def short(text: object, limit: int = 80) -> str:
    """Text quoted back in a message, on one line and cut to a readable length."""
    text = " ".join(str(text).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")

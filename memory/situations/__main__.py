"""Remake the situation library's stored vectors (memory/situations/vectors.npz) after editing its YAML:
    python3 -m memory.situations
"""

import numpy as np

from memory.embedding import MiniLMEmbedding
from memory.situations import VECTORS, digest, library

situations = library()
v = np.asarray(MiniLMEmbedding()([s.matched_text() for s in situations]), dtype=np.float32)
v /= np.linalg.norm(v, axis=1, keepdims=True)
np.savez(VECTORS, digest=np.array(digest(situations)), vectors=v)
print(f"{VECTORS}: {len(situations)} situations")

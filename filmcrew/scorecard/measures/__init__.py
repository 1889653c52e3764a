"""The scorecard's measures by family; importing this package registers every one of them in MEASURES."""

from filmcrew.scorecard.measures import cast, container, performance, shots, sound, story
from filmcrew.scorecard.measures.registry import MEASURES

FAMILIES = (story, cast, shots, performance, sound, container)
__all__ = ["FAMILIES", "MEASURES"]

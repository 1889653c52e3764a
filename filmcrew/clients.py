"""The media clients a run's settings choose: pictures, motion, voices and score.

Both the driver (filmcrew/opening.py) and a cluster's shot workers (filmcrew/cluster.py) build them here, so a
shot renders with the same clients wherever it runs.
"""

from __future__ import annotations

from film.media import MediaClients
from film.settings import Settings


def media_clients(settings: Settings) -> MediaClients:
    """The media clients that settings choose; raises BackendMissing (naming the install or path) up front."""
    from tools.image import image_backend
    from tools.music import Score
    from tools.video import video_backend
    from tools.voice import Voices

    return {"pictures": image_backend(settings.image_backend, settings.image_model,
                                      ip_adapter_path=settings.image_ip_adapter),
            "motion": video_backend(settings.video_backend, settings.video_model),
            "voices": Voices(settings.coqui_model), "score": Score()}

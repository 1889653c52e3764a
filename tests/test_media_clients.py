"""The crew asks its media clients only what film/media.py's protocols say: a film is made with a fake for
each of pictures, motion, voices, score and memory, and the real clients satisfy the same protocols."""

from __future__ import annotations

from film.media import MemoryClient, MotionClient, PicturesClient, ScoreClient, VoicesClient
from memory.embedding import recorded
from tests.conftest import SHORT_FILM, copy_of_short_film, open_crew, run_crew
from tests.fakes import FakeMemory, FakeMotion, FakePictures, FakeScore, FakeVoices, ScriptedLLM

PROTOCOLS = {"pictures": PicturesClient, "motion": MotionClient, "voices": VoicesClient, "score": ScoreClient,
             "memory": MemoryClient}


def test_the_real_clients_satisfy_the_protocols():
    from tools.image import Animatic
    from tools.music import Score
    from tools.video import CameraMoves
    from tools.voice import Voices

    real = {"pictures": Animatic(), "motion": CameraMoves(), "voices": Voices(), "score": Score()}
    assert {name: isinstance(client, PROTOCOLS[name]) for name, client in real.items()} == dict.fromkeys(real, True)


def test_a_film_is_made_with_a_fake_for_every_media_client(short_film, tmp_path):
    """The short film made again with fakes: its text calls come from its cache, every medium from a fake."""
    run_dir = copy_of_short_film(short_film, tmp_path / "fakes")
    fakes = {"pictures": FakePictures(), "motion": FakeMotion(), "voices": FakeVoices(), "score": FakeScore(),
             "memory": FakeMemory()}
    assert all(isinstance(fake, PROTOCOLS[name]) for name, fake in fakes.items())
    run = open_crew(run_dir, ScriptedLLM(), clients=fakes)
    fakes["memory"].embed = recorded(run.context.recorder)
    state = run_crew(run, SHORT_FILM, seconds=5)
    run.close()
    assert (run_dir / "film.mp4").stat().st_size > 0
    assert sorted(fakes["pictures"].drawn) == sorted(shot.id for shot in state.shots)
    assert fakes["motion"].clips == len(state.shots)  # flat pictures: every shot is a clip, none a performance
    assert sorted(fakes["voices"].spoken) == sorted(line.text for s in state.scenes for line in s.lines())
    assert len(fakes["score"].scored) == 1
    assert fakes["memory"].items["characters"].keys() == {c.id for c in state.characters}
    assert fakes["memory"].closed

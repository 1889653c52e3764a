"""A LangChain fake completion model for graph-logic tests: answers by the label the prompt ends with.

It is a real LangChain `LLM`, so it goes through the same TextModel and recorder as Gemma does; only the
text is scripted. Each label has a list of answers used in turn, so retries see the next one.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from langchain_core.language_models.llms import LLM
from pydantic import PrivateAttr

DEFAULT = {
    "Characters:": [" lighthouse keeper; lost robot"],
    "Place:": [" a lighthouse on a rocky coast"],
    "beat": [" Mara trims the lamp as the storm gathers.", " A battered robot washes up on the rocks.",
             " The robot fixes the broken light just in time.", " They watch the ships pass safely home.",
             " The robot learns to whistle.", " Mara paints the robot a new coat."],
    "opening": [" turns to see what is happening.", " stops what they are doing and looks up."],
    "name": ["Mara Quinn", "Bolt Ferro", "Ada Lind", "Otto Vance"],
    "trait": ["stubborn and kind", "curious"],
    "wardrobe": ["yellow raincoat and boots", "dented silver plating"],
    "Action:": [" Waves smash against the rocks below the tower.", " Sparks fly from the robot's chest.",
                " The beam sweeps across the dark water.", " Morning light fills the lamp room."],
    "line": [" Who's out there?", " I am lost, and my lamp is broken.", " Then come inside and dry off.",
             " What is this bright thing?", " It keeps the ships off the rocks.", " Can I help it shine?",
             " Hold the lens steady.", " Look, it works!", " You saved them all tonight.",
             " Stay as long as you like.", " I will.", " Goodnight, Mara."],
    "Detail:": [" rain streaks across the lamp glass.", " a lone gull rides the wind.",
                " foam glitters in the beam.", " a kettle steams on the stove.", " the robot's eye glows blue.",
                " ropes creak against the pier.", " the clouds break apart.", " a compass spins on the table."],
}


class ScriptedLLM(LLM):
    """Returns scripted answers keyed by the prompt's final label; `calls` counts every answer given and
    `prompts` keeps each prompt it was given."""

    script: dict[str, list[str]] = {}
    _cycles: dict[str, Any] = PrivateAttr(default_factory=dict)
    calls: int = 0
    prompts: list[str] = []

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _key(self, prompt: str) -> str:
        last = prompt.rsplit("\n", 1)[-1]
        if m := re.search(r'"(name|trait|wardrobe)": "$', last):
            return m.group(1)
        if re.fullmatch(r"(Setup|Meeting|Trouble|Turn|Climax|Resolution):", last):
            return "beat"
        if last.startswith("Setup: "):
            return "opening"  # the opening's event sentence and the cast member the model goes on with
        if re.fullmatch(r"[^\s:]+:(?: [^:]*)?", last) and last not in self.script and last not in DEFAULT:
            return "line"  # a speaker's cue, maybe with the opening words of the line the writer gave it
        return last

    def _call(self, prompt: str, stop: list[str] | None = None, run_manager=None, **kwargs: Any) -> str:
        key = self._key(prompt)
        answers = self.script.get(key) or DEFAULT[key]
        if key not in self._cycles:
            self._cycles[key] = itertools.cycle(answers)
        self.calls += 1
        self.prompts.append(prompt)
        return next(self._cycles[key])


class FakePictures:
    """A PicturesClient that paints each keyframe one flat colour from the shot's id (no stage, no plan)."""

    backend, model, expressive, staged = "fake", "flat-1", False, False

    def __init__(self):
        self.drawn: list[str] = []

    def keyframe(self, shot, characters, location, seed, out, size=(1280, 720), expression="neutral") -> dict:
        from PIL import Image

        self.drawn.append(shot.id)
        Image.new("RGB", size, (sum(map(ord, shot.id)) % 256, 90, 120)).save(out, format="PNG")
        return {"width": size[0], "height": size[1]}


class FakeMotion:
    """A MotionClient that holds the keyframe still for the shot's length (a clip, never a performance)."""

    backend, model, performs = "fake", "still-1", False

    def __init__(self):
        self.clips = 0

    def motion(self, keyframe, camera, seconds, out, fps=24, size=(1280, 720), seed=0) -> dict:
        import numpy as np
        from PIL import Image

        from tools.video import encode, even_size, fit, frame_count

        self.clips += 1
        size, n = even_size(size), frame_count(seconds, fps)
        with Image.open(keyframe) as img:
            still = np.asarray(fit(img, size))
        written = encode((still for _ in range(n)), size, fps, out)
        return {"seconds": round(written / fps, 4), "frames": written, "width": size[0], "height": size[1]}


class FakeVoices:
    """A VoicesClient whose every voice is at hand and speaks a quiet tone a tenth of a second per word."""

    backend = "fake"

    def __init__(self):
        self.spoken: list[str] = []

    def available(self, voice):
        return voice

    def missing(self, voice) -> str:
        return ""

    def model(self, voice) -> str:
        return f"fake:{voice.voice_id}"

    def speak(self, text, voice, seed, out) -> dict:
        import numpy as np

        from tools.voice import RATE, write_wav

        self.spoken.append(text)
        n = int(RATE * 0.1 * max(1, len(text.split())))
        write_wav(out, 0.1 * np.sin(np.arange(n) * 2 * np.pi * 220 / RATE))
        return {"seconds": round(n / RATE, 4)}


class FakeScore:
    """A ScoreClient that writes silence of the asked length at the film's sound rate."""

    backend, model = "fake", "silence-1"

    def __init__(self):
        self.scored: list[str] = []

    def score(self, seconds, mood, tempo, seed, out) -> dict:
        import numpy as np

        from tools.music import SR
        from tools.voice import write_wav

        self.scored.append(mood)
        write_wav(out, np.zeros((round(seconds * SR), 2)), SR)
        return {"seconds": seconds}


class FakeMemory:
    """A MemoryClient held in a dict: recall ranks by words shared with the query; `embed` is the one it is
    given (None: the story engine embeds by itself)."""

    def __init__(self, embed=None):
        self.items: dict[str, dict[str, tuple[str, dict]]] = {}
        self.closed, self.embed = False, embed

    def remember(self, collection, items, *, node) -> None:
        self.items.setdefault(collection, {}).update({i: (t, m) for i, t, m in items})

    def forget(self, collection, where, *, node) -> None:
        kept = self.items.get(collection, {})
        self.items[collection] = {i: (t, m) for i, (t, m) in kept.items()
                                  if any(m.get(k) != v for k, v in where.items())}

    def recall(self, collection, query, *, node, n=5, where=None):
        from film.media import Recall

        words = set(query.lower().split())
        hits = [Recall(collection, i, t, m, 1.0 - len(words & set(t.lower().split())) / max(1, len(words)))
                for i, (t, m) in self.items.get(collection, {}).items()
                if all(m.get(k) == v for k, v in (where or {}).items())]
        return sorted(hits, key=lambda h: h.distance)[:n]

    def facts(self, where):
        from film.media import Recall

        hits = [Recall("continuity", i, t, m, 0.0) for i, (t, m) in self.items.get("continuity", {}).items()
                if all(m.get(k) == v for k, v in where.items())]
        return sorted(hits, key=lambda h: (h.meta.get("scene_index", 0), h.meta.get("at", 0), h.id))

    def close(self) -> None:
        self.closed = True

"""Which characters did not speak in the voice Casting gave them, and the one command that fixes it.

A cast voice whose engine is missing on this machine is spoken by a stand-in (tools/voice.py `available`), and
the render logs a `voice_fallback` event for each such line. `stand_ins` gathers those events per character;
`one_line` says it in one line for the end of `filmcrew make`; the studio's cast page shows each character's
own. The command comes from tools/voice.py's `install_command`, which reads the same package list
(tools/voice_packages.txt) that requirements/install.sh installs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from film.cast import VoiceSpec
from tools.voice import FESTIVAL_SLT, install_command, say_voice, usable


@dataclass
class StandIn:
    """One character who spoke in a stand-in voice: who, the voice the cast sheet promised, the voice heard,
    the engine that is missing, and the lines it changed."""

    character: str
    name: str
    cast: dict[str, Any]
    used: dict[str, Any]
    engine: str
    lines: list[str] = field(default_factory=list)

    @property
    def promised(self) -> str:
        """The cast voice in a few words: 'festival slt', 'flite awb'."""
        vid = self.cast.get("voice_id", "")
        return f"{self.engine} {'slt' if vid == FESTIVAL_SLT else vid}".strip()

    @property
    def heard(self) -> str:
        """The stand-in voice in words for people (tools/voice.py `say_voice`)."""
        try:
            return say_voice(VoiceSpec.model_validate(self.used))
        except ValueError:
            return str(self.used.get("engine", "another voice"))

    @property
    def installed_now(self) -> bool:
        """Whether the missing engine is here now (installed since the lines were spoken)."""
        return usable(self.engine)

    @property
    def command(self) -> str:
        return install_command([self.engine])


def stand_ins(events: Iterable[Any], characters: Iterable[Any]) -> list[StandIn]:
    """The characters of the run's latest making who spoke in a stand-in voice, in cast order. `events` are
    logged events (film/events.py `Logged`, or their `data` dicts); `characters` the cast (Character models or
    characters.json's dicts). A log written before events named the speaker is matched by the cast voice."""
    cast = [c.model_dump() if hasattr(c, "model_dump") else dict(c) for c in characters]
    by_id = {c.get("id"): c for c in cast}
    found: dict[str, StandIn] = {}
    for e in events:
        d = e.data if hasattr(e, "data") else e
        if d.get("kind") != "voice_fallback":
            continue
        cid = d.get("character") or next((c.get("id") for c in cast if c.get("voice") == d.get("cast")), None)
        if cid is None:
            continue
        if cid not in found or found[cid].cast != d.get("cast"):  # a voice edited at a gate: the latest counts
            found[cid] = StandIn(character=cid, name=str(by_id.get(cid, {}).get("name", cid)),
                                 cast=d.get("cast") or {}, used=d.get("used") or {},
                                 engine=str((d.get("cast") or {}).get("engine", "")))
        if d.get("line") not in found[cid].lines:
            found[cid].lines.append(d.get("line"))
    order = [c.get("id") for c in cast]
    return sorted(found.values(), key=lambda s: (order.index(s.character) if s.character in order else len(order),
                                                 s.character))


def one_line(found: list[StandIn]) -> str:
    """What the end of `filmcrew make` says about stand-in voices, in one line with the command that fixes it;
    '' when every character spoke in their own voice."""
    if not found:
        return ""
    names = [f"{s.name} ({s.promised})" for s in found]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    voices = "a stand-in voice" if len(found) == 1 else "stand-in voices"
    missing = list(dict.fromkeys(s.engine for s in found if not s.installed_now))
    if not missing:
        return (f"Voices: {who} spoke in {voices}; the cast's voices are installed now: run the same command "
                "again to hear them.")
    verb = "is" if len(missing) == 1 else "are"
    return (f"Voices: {who} spoke in {voices} because {' and '.join(missing)} {verb} not installed here; for the "
            f"cast's own voices run: {install_command(missing)} (then the same make again)")

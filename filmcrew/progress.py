"""Where a run stands and about how long it has left, read from its own log as it is written.

`Progress` takes the run's events one by one (the live recorder's, or events.jsonl as the studio follows it) and
says: the stage (six, in the order the crew works), the shots rendered of those planned, and an estimate of the
time left. The estimate is computed from this run only:

- the plan: the `plan` events the crew logs after each turn (length asked, scenes, characters, lines, shots);
  before a count is decided it is guessed from what is (shots from lines and scenes, lines from the length);
- the costs: each stage's work is counted in its own unit (a character cast, a line written, a shot listed, a
  shot rendered, a second of film edited). A stage costs its units times REFERENCE (seconds per unit on the
  reference films, bench/progress.py) times this run's pace: its finished stages' time over what REFERENCE gave
  them, kept apart for the model's stages (casting, screenplay, shot list: the model's calls) and the rest
  (treatment, render, edit: loading and the media tools), since a busy machine slows the one far more than the
  other. The stage at work is also timed per unit as its units finish, and the larger of the two is said. So a
  busy machine, a cached remake or a stronger model moves every estimate after the first stage, and each
  finished stage corrects it.

Time the crew did not work (stopped at a gate, a person answering one, between sessions) is not counted. It is
shown, never stored: nothing here writes to a run folder, so replays and rebuilds stay byte-identical.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

PHASES = ("treatment", "casting", "screenplay", "shot list", "render", "edit")
UNITS = {"treatment": "run", "casting": "character", "screenplay": "line", "shot list": "shot", "render": "shot",
         "edit": "second of film"}
# the studio's stage bar (filmcrew/studio/views.py STAGES) for each stage
STAGE = {"treatment": "Writer", "casting": "Casting", "screenplay": "Writer", "shot list": "Cinematographer",
         "render": "render", "edit": "Editor"}
PHASE_OF = {"writer.treatment": "treatment", "gate.treatment": "treatment", "casting.cast": "casting",
            "gate.casting": "casting", "writer.screenplay": "screenplay", "director.review_script": "screenplay",
            "writer.revise": "screenplay", "gate.screenplay": "screenplay", "cinematographer.shots": "shot list",
            "director.review_shots": "shot list", "cinematographer.revise": "shot list",
            "director.continuity": "shot list", "gate.shots": "shot list", "render.shot": "render",
            "editor.cut": "edit", "director.review_cut": "edit", "gate.cut": "edit", "editor.render": "edit"}
# Seconds per unit of each stage: the medians of the ten development films (../shared/pitches.txt, 30 s each,
# Gemma 3 270M on 2 idle cores), measured from their logs by bench/progress.py, which also scores the estimate.
REFERENCE = {"treatment": 7.2, "casting": 0.65, "screenplay": 3.1, "shot list": 0.29, "render": 0.145, "edit": 0.26}
# the stages whose time is the model's (its calls make nearly all of it), and the rest (media tools, loading)
MODEL_BOUND = {"treatment": False, "casting": True, "screenplay": True, "shot list": True, "render": False,
               "edit": False}
PAUSES = ("stopped", "failed", "session_end")  # after these the crew is not working until the next session
_UNIT = {"casting": re.compile(r"cast/([^#:]+)"), "screenplay": re.compile(r"(scene-\d+/line-\d+)(?:#|$)"),
         "shot list": re.compile(r"(scene-\d+/shot-\d+)/detail"), "render": re.compile(r"(scene-\d+/shot-\d+)/motion")}


@dataclass
class Snapshot:
    """Where the run stands: its stage (index into PHASES, and the stage bar's name), the shots rendered of
    those planned (`shots_known` false while the shot list is still a guess), the estimate of the seconds left
    (None until one stage has been timed), and all of it in one line of words."""

    phase: str
    index: int
    stage: str
    shots_done: int
    shots: int
    shots_known: bool
    left: float | None
    finished: bool

    @property
    def text(self) -> str:
        if self.finished:
            return f"finished: {self.shots} shots"
        if self.index < PHASES.index("render"):
            shots = f"{self.shots} shots planned" if self.shots_known else f"about {self.shots} shots"
        else:
            shots = f"shot {self.shots_done} of {self.shots} rendered"
        left = "estimating the time left" if self.left is None else f"about {say_seconds(self.left)} left"
        return f"stage {self.index + 1} of {len(PHASES)}, {self.phase} · {shots} · {left}"

    def as_dict(self) -> dict[str, Any]:
        return {"phase": self.phase, "index": self.index, "stage": self.stage, "shots_done": self.shots_done,
                "shots": self.shots, "shots_known": self.shots_known,
                "left": None if self.left is None else round(self.left, 1), "finished": self.finished,
                "text": self.text}


def say_seconds(seconds: float) -> str:
    """A time left in words, as precise as an estimate deserves: '5 s', '40 s', '1 min 20 s', '12 min'."""
    if seconds < 7.5:
        return "a few seconds" if seconds >= 2.5 else "a moment"
    if seconds < 60:
        return f"{max(5, round(seconds / 5) * 5)} s"
    if seconds < 600:
        whole = round(seconds / 10) * 10
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min" + (f" {rest} s" if rest else "")
    return f"{round(seconds / 60)} min"


class Progress:
    """A run's progress, fed its events in log order (`feed`, thread-safe); `snapshot()` at any moment."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset(None)

    def reset(self, seconds: float | None) -> None:
        """A new making of the film (make, rebuild, fork): nothing done yet, `seconds` asked."""
        self.plan: dict[str, Any] = {"seconds": seconds}
        self.phase = ""
        self.active = 0.0  # seconds the crew has worked in this making
        self.last_t: float | None = None
        self.paused = False
        self.started: dict[str, float] = {}  # phase -> active time it (last) began
        self.spent: dict[str, float] = {}  # finished phase -> active seconds it took
        self.units_at_end: dict[str, float] = {}
        self.seen: dict[str, set[str]] = {p: set() for p in _UNIT}
        self.unit_done_at: dict[str, float] = {}  # phase -> active time its latest unit finished
        self.last_call: dict[str, float] = {}  # phase -> active time of its latest call
        self.finished = False

    def feed(self, event: Any) -> None:
        """Take one event: a dict as logged (film/events.py), or a `Logged` from read_events / follow."""
        d = event.data if hasattr(event, "data") else event
        with self._lock:
            self._take(d)

    def _take(self, d: dict) -> None:
        kind, t = d.get("kind"), float(d.get("t") or 0.0)
        if kind == "session" and d.get("command") in ("make", "rebuild", "fork"):
            self.reset(d.get("seconds"))
        person = kind == "intervention" and d.get("gate")  # the time a person took to answer does not count
        worked = 0.0
        if self.last_t is not None and not self.paused and not person and kind != "session":
            worked = max(0.0, t - self.last_t)
        self.last_t, self.paused = t, kind in PAUSES
        phase = PHASE_OF.get(str(d.get("node", "")))
        if kind == "call" and phase:  # a call is logged as it ends: the time before it is its stage's
            self._enter(phase)
        self.active += worked
        if kind == "session_end":
            self.finished = self.phase == "edit"
            if self.finished:
                self.spent["edit"] = self.active - self.started["edit"]
                self.units_at_end["edit"] = self.units("edit")
            return
        if kind == "plan":
            self.plan.update({k: d[k] for k in ("seconds", "scenes", "characters", "lines", "shots")
                              if d.get(k) is not None})
        if kind in ("turn", "plan") and phase:  # a turn is logged as it begins: the time before was the last's
            self._enter(phase)
        if kind == "call" and phase in _UNIT and d.get("tool") in ("llm", "video"):
            found = _UNIT[phase].match(str(d.get("artifact", "")))
            if found and found.group(1) not in self.seen[phase]:
                self.seen[phase].add(found.group(1))
                # a unit is finished when the next one's first call begins: at the stage's call before this
                # one (a rendered shot's motion is its last call: it is finished now)
                self.unit_done_at[phase] = self.active if phase == "render" else \
                    self.last_call.get(phase, self.active)
            self.last_call[phase] = self.active

    def _enter(self, phase: str) -> None:
        if phase == self.phase:
            return
        if self.phase:
            self.spent[self.phase] = self.active - self.started[self.phase]
            self.units_at_end[self.phase] = self.units(self.phase)
        if PHASES.index(phase) < PHASES.index(self.phase or PHASES[0]):  # sent back (a note at the cut gate)
            for later in PHASES[PHASES.index(phase):]:
                self.spent.pop(later, None)
                if later in self.seen:
                    self.seen[later] = set()
                    self.last_call.pop(later, None)
        self.phase = phase
        self.started[phase] = self.active
        self.finished = False

    def units(self, phase: str) -> float:
        """How many units the phase has (as planned, or guessed while the plan does not say yet)."""
        plan = self.plan
        seconds = float(plan.get("seconds") or 30)
        lines = plan.get("lines") or max(1, round(seconds / 5))
        return {"treatment": 1, "casting": plan.get("characters") or 2, "screenplay": lines,
                "shot list": self.shots(), "render": self.shots(), "edit": seconds}[phase]

    def shots(self) -> int:
        plan = self.plan
        if plan.get("shots"):
            return int(plan["shots"])
        seconds = float(plan.get("seconds") or 30)
        return int((plan.get("lines") or max(1, round(seconds / 5))) + (plan.get("scenes") or
                                                                           max(1, round(seconds / 10))) + 1)

    def _done(self, phase: str) -> int:
        """Units of the phase at work that are finished: sequential stages have one in hand (the latest seen)."""
        seen = len(self.seen.get(phase, ()))
        return seen if phase == "render" else max(0, seen - 1)

    def pace(self, phase: str) -> float | None:
        """This run's time over REFERENCE's for the same work, for `phase`: from the finished stages of its kind
        (the model's stages, casting to shot list, go by the model's speed; the treatment, render and edit by
        the media tools' and the machine's), or the units done of the stage at work, else from any finished
        stage. The treatment counts only while no other stage of its kind is finished: it holds the loading."""
        def ratio(phases) -> float | None:
            done = [(self.spent[p], self.units_at_end[p] * REFERENCE[p]) for p in phases]
            spent, expected = sum(a for a, _ in done), sum(b for _, b in done)
            return spent / expected if expected > 0 and spent > 0 else None

        finished = [p for p in PHASES if p in self.spent]
        mine = [p for p in finished if MODEL_BOUND[p] == MODEL_BOUND[phase]]
        if len(mine) > 1 and "treatment" in mine:
            mine.remove("treatment")
        if mine:
            return ratio(mine)
        here = self.phase
        if here in _UNIT and MODEL_BOUND[here] == MODEL_BOUND[phase] and self._done(here) and here not in self.spent:
            spent = self.unit_done_at[here] - self.started[here]
            return spent / (self._done(here) * REFERENCE[here]) if spent > 0 else None
        return ratio(finished) if finished else None

    def left(self) -> float | None:
        """Seconds the crew has left, about: the stage at work (its units at this run's pace, or at its own
        measured rate per unit when that says more) and the stages after it (their units at REFERENCE times this
        run's pace for their kind); None until there is a pace to go by."""
        if not self.phase or self.finished:
            return 0.0 if self.finished else None
        paces = {p: self.pace(p) for p in PHASES[PHASES.index(self.phase):]}
        if any(pace is None for pace in paces.values()):
            return None
        now = self.active - self.started[self.phase]
        total, done = self.units(self.phase), self._done(self.phase)
        here = max(0.0, total * REFERENCE[self.phase] * paces[self.phase] - now)
        if done and self.phase in _UNIT:  # its own rate, when that says more: the stage runs slower than paced
            rate = (self.unit_done_at[self.phase] - self.started[self.phase]) / done
            here = max(here, (total - done) * rate - (self.active - self.unit_done_at[self.phase]))
        after = sum(self.units(p) * REFERENCE[p] * paces[p] for p in PHASES[PHASES.index(self.phase) + 1:])
        return here + after

    def snapshot(self) -> Snapshot:
        with self._lock:
            phase = self.phase or PHASES[0]
            return Snapshot(phase=phase, index=PHASES.index(phase), stage=STAGE[phase],
                            shots_done=len(self.seen["render"]), shots=self.shots(),
                            shots_known=bool(self.plan.get("shots")), left=self.left(), finished=self.finished)


def of_events(events) -> Progress:
    """The progress of a run read from its events (a log read back, or any list of event dicts)."""
    progress = Progress()
    for e in events:
        progress.feed(e)
    return progress

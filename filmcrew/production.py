"""The production: every use case a person starts — make, resume, answer a gate, note, fork, rebuild — with
typed requests and results.

The command line (filmcrew/cli.py) parses arguments into these requests and prints what comes back; the studio
(filmcrew/studio/) turns forms into the same requests and streams the run's log. Neither knows the other: a film
started in one is the same run in the other because both come here. Opening a run is filmcrew/opening.py, the
session that drives the crew is filmcrew/session.py, rebuild and fork are filmcrew/replay.py; this module holds
what a request must pass before any of them touches a run folder, and the one check of a gate answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from agents.state import CrewState
from film import events, safe
from film.cast import Character
from film.events import last_run, read_events
from film.script import Pitch
from film.settings import Settings, SettingsError, load_settings
from filmcrew.failures import UsageError
from filmcrew.opening import OpenRun, claim, open_run
from filmcrew.replay import Outcome
from filmcrew.runs import PitchError, clean_pitch, printable, read_info, run_id, settings_of, summarise, \
    write_run_json
from filmcrew.session import Answer, NotesFile, approve, check_answer, run_crew_session

MIN_SECONDS, MAX_SECONDS = 5, 600


@dataclass(frozen=True)
class MakeRequest:
    """`filmcrew make` or the studio's "Start a film": a pitch, its length and seed, where runs go, and the
    settings to override (None: the profile's, or FILMCREW_* from the environment)."""

    pitch: str
    seconds: int = 30
    seed: int = 1
    runs_dir: Path = Path("runs")
    profile: str = "cpu"
    llm_backend: str | None = None
    llm_model: str | None = None
    llm_url: str | None = None
    schema_mode: str | None = None
    cast_from: str | None = None  # a run (folder or id) or a library cast whose characters to reuse
    library_cast_only: bool = False  # the studio: `cast_from` must name a library cast, never a path
    executor: str | None = None
    ray_address: str | None = None
    wait: bool = False  # wait for another writer of the run folder instead of stopping


@dataclass(frozen=True)
class ResumeRequest:
    """`filmcrew resume` or the studio's Resume: a run folder to continue from its checkpoint; `executor` and
    `ray_address` override what the run recorded (finish a cluster's run here, or on another cluster)."""

    run_dir: Path
    wait: bool = False
    executor: str | None = None
    ray_address: str | None = None


@dataclass(frozen=True)
class GateAnswerRequest:
    """An answer to the gate a stopped run waits at: approve, a note, or edits (as session.parse_typed makes)."""

    run_dir: Path
    answer: dict


@dataclass(frozen=True)
class NoteRequest:
    """A person's note to a stopped run: given at the gate it waits at, to the agent whose work is there."""

    run_dir: Path
    text: str


@dataclass(frozen=True)
class ForkRequest:
    """`filmcrew fork`: a new run from a logged one with one decision changed at `at`."""

    run_dir: Path
    at: str
    note: str | None = None
    edits: list[str] = field(default_factory=list)
    runs_dir: Path = Path("runs")


@dataclass(frozen=True)
class RebuildRequest:
    """`filmcrew replay --rebuild`: the logged run made again from its log into a new folder, and compared."""

    run_dir: Path
    runs_dir: Path = Path("runs")


@dataclass
class Answerers:
    """Who answers the gates of a session: `answer` at each gate, `turn_notes` between turns ({node: [text]}),
    `typed` for lines a person typed while the crew worked."""

    answer: Answer = approve
    turn_notes: dict[str, list[str]] | None = None
    typed: Callable[[], list[str]] | None = None


@dataclass
class Production:
    """A run opened and claimed, ready to drive: from `state` (a make), or from its checkpoint (`state` None),
    with `first` the checked answer to the gate it waits at (an answered gate)."""

    run: OpenRun
    state: CrewState | None = None
    first: dict | None = None

    @property
    def run_dir(self) -> Path:
        return self.run.run_dir


class NotWaiting(UsageError):
    """The run waits at no gate (it was answered, or it finished): there is nothing to answer."""


def find_run(run: str, runs_dir: Path) -> Path:
    """A run given as a folder path or as an id inside the runs folder, checked to hold only plain files and
    folders (film/safe.py: a link, FIFO or device anywhere in it is refused by name before anything is read)."""
    for candidate in (Path(run), runs_dir / run):
        if os.path.lexists(candidate / "run.json"):
            safe.scan(candidate)
            return candidate
    raise UsageError(f"no run {printable(run)!r} (looked for {printable(str(Path(run) / 'run.json'))} and "
                     f"{printable(str(runs_dir / run / 'run.json'))})")


def library(settings: Settings | None = None):
    """The studio library of cast members kept across films (memory/library.py)."""
    from memory.library import Library

    return Library((settings or load_settings()).library_dir)


def reuse_cast(source: str, runs_dir: Path, library_only: bool = False) -> list[Character]:
    """Characters from a run (folder or id) or from a library cast; `library_only`: from a library cast, and a
    name that is none is refused with the casts there are, before any path is read."""
    from memory.library import LibraryError, characters_of_run

    if library_only:
        try:
            casts = library().casts()
        except (LibraryError, OSError) as exc:
            raise UsageError(f"the studio library cannot be read ({exc}); choose \"a new cast\"") from None
        if source not in casts:
            raise UsageError(f"no cast named {source!r} in the studio library (casts: "
                             f"{', '.join(casts) or 'none yet'}); choose one the form lists, or \"a new cast\" "
                             "(save a run's cast with: filmcrew cast add NAME --from RUN)")
        return casts[source]
    for candidate in (Path(source), runs_dir / source):
        if os.path.lexists(candidate / "characters.json"):
            safe.scan(candidate)
            return characters_of_run(candidate)
    return library().cast(source)


def ray_cluster(settings: Settings):
    """For --executor ray: the Ray cluster, connected and its shot workers started (None for local)."""
    if settings.executor != "ray":
        return None
    from filmcrew.cluster import Cluster, require_ray

    require_ray()
    return Cluster(settings).start()


def refuse_changing_a_finished_film(run_dir: Path, notes: NotesFile) -> None:
    """Say so, before touching it, when a notes file would change the film of a finished run in place."""
    if not (run_dir / "run.json").exists() or summarise(run_dir).status != "finished":
        return
    change = notes.changes(last_run(read_events(run_dir)))
    if change:
        raise UsageError(f"{run_dir} is a finished film, and this notes file answers {change}: it would change "
                         f"that film in place. Fork it instead (filmcrew fork {run_dir} --at GATE --note TEXT "
                         f"or --edit EDIT), or make the new version beside it with another --seed or --runs-dir")


def open_make(request: MakeRequest, llm=None, notes: NotesFile | None = None) -> Production:
    """The run a make request names, opened and claimed, with the crew's starting state. `llm` None builds the
    model the settings choose. Everything that can be refused is refused before a file is written: the pitch,
    the length, the settings, a missing backend or Ray, a cluster that does not answer, and a notes file
    (`notes`) that would answer a finished run's gates differently (the run id does not hold the notes, so it
    would change the finished film in place)."""
    from tools.llm import build_llm, identity

    from filmcrew.clients import media_clients

    try:
        pitch = clean_pitch(request.pitch)
    except PitchError as exc:
        raise UsageError(str(exc)) from None
    if not MIN_SECONDS <= request.seconds <= MAX_SECONDS:
        raise UsageError(f"--seconds {request.seconds} is out of range; choose {MIN_SECONDS} to {MAX_SECONDS}")
    reused = reuse_cast(request.cast_from, request.runs_dir, library_only=True) \
        if request.cast_from and request.library_cast_only else None  # a name from a form: refused up front
    try:
        settings = load_settings(request.profile, llm_backend=request.llm_backend, llm_model=request.llm_model,
                                 llm_url=request.llm_url, schema_mode=request.schema_mode,
                                 executor=request.executor, ray_address=request.ray_address)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    if settings.executor == "ray":
        from filmcrew.cluster import require_ray

        require_ray()  # a missing Ray is said before anything loads or any file is written
    llm, clients = llm or build_llm(settings), media_clients(settings)  # a missing backend stops us before any file
    cluster = ray_cluster(settings)  # so does a cluster that does not answer
    model = identity(llm)
    if reused is None:
        reused = reuse_cast(request.cast_from, request.runs_dir) if request.cast_from else []
    run_dir = request.runs_dir / run_id(pitch, request.seconds, request.seed, model, settings.llm_backend,
                                        [c.model_dump() for c in reused])
    if notes is not None:
        refuse_changing_a_finished_film(run_dir, notes)
    lock = claim(run_dir, "make", wait=request.wait)
    try:
        write_run_json(run_dir, pitch=pitch, seconds=request.seconds, seed=request.seed, settings=settings,
                       model=model, reuse_cast=[c.model_dump() for c in reused])
    except BaseException:
        lock.release()
        raise
    run = open_run(run_dir, settings, request.seed, llm=llm, clients=clients, lock=lock, cluster=cluster)
    run.context.recorder.log(events.Session(command="make", pitch=pitch, seconds=request.seconds,
                                            seed=request.seed))
    return Production(run, CrewState(pitch=Pitch(text=pitch, seconds=request.seconds), reuse_cast=reused))


def _reopen(request: ResumeRequest, llm=None) -> tuple[OpenRun, dict]:
    """A run opened and claimed to continue from its checkpoint, and its run.json; refused (and let go) when it
    has no checkpoint. Nothing is logged yet."""
    info = read_info(request.run_dir)
    settings = settings_of(info).model_copy(update={k: v for k, v in (("executor", request.executor),
                                                                        ("ray_address", request.ray_address)) if v})
    parent = Path(info.get("parent", {}).get("path", ""))  # a fork goes on reusing what its original made
    cluster = ray_cluster(settings)
    run = open_run(request.run_dir, settings, info["seed"],
                   sources=[parent] if info.get("parent") and parent.is_dir() else [], llm=llm,
                   lock=claim(request.run_dir, "resume", wait=request.wait), cluster=cluster)
    if not run.has_checkpoint():  # said before anything is logged, so a finished run stays finished
        run.close()
        lost = " (its checkpoints were unreadable and are kept as checkpoints.sqlite.corrupt)" \
            if (request.run_dir / "checkpoints.sqlite.corrupt").exists() else ""
        raise UsageError(f"{request.run_dir} has no checkpoint to resume{lost}; make it again with the same "
                         "filmcrew make command: every finished call and shot is reused from the cache")
    return run, info


def open_resume(request: ResumeRequest, llm=None) -> Production:
    """A run opened and claimed to continue from its checkpoint, its resume logged."""
    run, info = _reopen(request, llm)
    run.context.recorder.log(events.Session(command="resume", thread=f"session-{info['sessions']}"))
    return Production(run)


def waiting_gate(run: OpenRun) -> tuple[dict, CrewState] | None:
    """The gate an opened run waits at (its payload: gate, visit, agent, summary, valid ids) and the crew's
    state there, from its checkpoint; None when it waits at none."""
    snapshot = run.graph.get_state(run.config)
    waiting = [i for task in snapshot.tasks for i in task.interrupts]
    return (waiting[0].value, CrewState.model_validate(snapshot.values)) if waiting else None


def open_answer(request: GateAnswerRequest, llm=None) -> Production:
    """A stopped run opened to go on with `request.answer` to the gate it waits at. The answer is checked here,
    once, against that gate and the crew's state there (session.check_answer: its shape, the ids it names and
    a dry run of its edits); a refused answer, or a run that waits at no gate, leaves the run as it was."""
    run, info = _reopen(ResumeRequest(request.run_dir), llm)
    try:
        found = waiting_gate(run)
        if found is None:
            raise NotWaiting(f"{request.run_dir.name} waits at no gate now (it was answered, or the run finished)")
        payload, state = found
        check_answer(request.answer, payload, state)
    except BaseException:
        run.close()
        raise
    run.context.recorder.log(events.Session(command="resume", thread=f"session-{info['sessions']}"))
    return Production(run, first=request.answer)


def open_note(request: NoteRequest, llm=None) -> Production:
    """A stopped run opened to go on with a person's note at the gate it waits at (open_answer); an empty note
    is refused before the run is touched."""
    text = request.text.strip()
    if not text:
        raise UsageError("the note is empty; write what you want the crew to change")
    return open_answer(GateAnswerRequest(request.run_dir, {"note": text}), llm)


def drive(production: Production, answerers: Answerers, console) -> Path:
    """Run (a make) or continue (a resume or an answered gate) the crew to its end or its next stop, with live
    status on `console`, then let the run folder go; returns the run folder."""
    first = [production.first] if production.first is not None else []

    def answer(payload: dict) -> dict:
        return first.pop() if first else answerers.answer(payload)
    try:
        return run_crew_session(production.run, production.state, console, answer, answerers.turn_notes,
                                answerers.typed)
    finally:
        production.run.close()


def make(request: MakeRequest, answerers: Answerers, console, llm=None, notes: NotesFile | None = None) -> Path:
    """Make a film: open the run (open_make) and drive the crew through it."""
    return drive(open_make(request, llm, notes), answerers, console)


def resume(request: ResumeRequest, answerers: Answerers, console, llm=None) -> Path:
    """Continue a run from its last checkpoint; finished calls and shots come from the cache."""
    return drive(open_resume(request, llm), answerers, console)


def fork(request: ForkRequest, console, llm=None) -> Outcome:
    """A new run sharing the original up to `at`, with the change there (filmcrew/replay.py)."""
    from filmcrew import replay

    return replay.fork(request.run_dir, request.at, request.note, request.edits, request.runs_dir, console, llm=llm)


def rebuild(request: RebuildRequest, console) -> Outcome:
    """The logged run made again from its log with no model call, every deliverable compared (filmcrew/replay.py)."""
    from filmcrew import replay

    return replay.rebuild(request.run_dir, request.runs_dir, console)

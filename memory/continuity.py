"""The continuity ledger: facts read off the screenplay, and the check of each shot against them.

Facts are what a script supervisor writes down: who is in the scene and who leaves, what each character wears,
injuries, props that appear, time of day and weather. They are read by rule from the typed screenplay (the
program owns them, not the model) and stored in the run's memory with their source. `shot_problems` compares
a shot with the facts that hold when it plays and says what contradicts them; `moves_in` finds the entrances
and exits that happen inside a shot, so the actor walks in or out on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from film.cast import Character
from film.ledger import Fact
from film.script import Action, Line, Location, Scene
from film.shots import Move, Shot
from film.text import words
from film.media import Recall
from memory.store import Memory

EXITS = re.compile(r"\b(leaves|exits|walks out|runs off|runs out|storms out|goes out|disappears|vanishes|"
                   r"steps out|slips away|walks away|heads out)\b", re.I)
ENTRANCES = re.compile(r"\b(enters|arrives|comes in|walks in|steps in|returns|appears|bursts in)\b", re.I)
INJURIES = {"hurt", "injured", "bleeding", "bleeds", "bruised", "limps", "limping", "bandaged", "wounded",
            "sprained"}  # not "broken" or "cut": the pitch's broken elevator is not a broken arm
PROPS = {"umbrella", "lamp", "lantern", "box", "key", "letter", "knife", "map", "compass", "book", "phone",
         "camera", "violin", "guitar", "bag", "suitcase", "bottle", "cup", "mug", "kettle", "rope", "ladder",
         "flashlight", "torch", "candle", "sandwich", "bread", "loaf", "ticket", "photo", "photograph",
         "telescope", "seeds", "urn", "wand", "hat", "coin", "ring", "clock", "watch", "radio", "wrench",
         "hammer", "basket", "flower", "flowers", "chessboard", "gun", "sword", "shell", "net", "oar"}
WEATHER = {"storm": "storm", "stormy": "storm", "rain": "rain", "raining": "rain", "rainy": "rain", "snow": "snow",
           "snowing": "snow", "fog": "fog", "foggy": "fog", "wind": "wind", "windy": "wind", "thunder": "storm"}
DAY_WORDS = {"sunlight", "sunshine", "noon", "midday", "daylight", "sunny", "morning"}
NIGHT_WORDS = {"moonlight", "midnight", "stars", "starlit", "moon", "night"}


def _fact(scene: Scene, at: int, subject: str, kind: str, value: str, source: str) -> Fact:
    return Fact(id=f"{scene.id}/{kind}/{subject}/{at}", scene_id=scene.id, scene_index=scene.index, at=at,
                subject=subject, kind=kind, value=value, source=source)


def _named(text: str, characters: list[Character]) -> list[Character]:
    ws = set(words(text))
    return [c for c in characters if c.name.split(" ")[0].lower() in ws or set(words(c.role)) <= ws]


CLAUSE = re.compile(r"[.;!?]\s+|,\s*(?:and|but|while|as|so|then|until)\s+|\s+(?:and then|while|but|until)\s+", re.I)


def _doers(text: str, cast: list[Character], verb: re.Pattern) -> list[Character]:
    """Whom an action line says does `verb` (leaves, enters): those its clause names before the verb. In "Lara
    claims to be a woman, and John leaves her in peace" only John leaves."""
    out: list[Character] = []
    for clause in CLAUSE.split(text):
        if m := verb.search(clause):
            out += [c for c in _named(clause[:m.start()], cast) if c not in out]
    return out


def scene_facts(scene: Scene, location: Location, characters: list[Character], world: str,
                carried: list[Fact] = (), source: str = "Writer") -> list[Fact]:
    """The ledger entries of one scene. `world` is the pitch and setting (for weather); `carried` are facts
    from earlier scenes that last (injuries)."""
    cast = [c for c in characters if c.id in scene.characters]
    facts = [_fact(scene, 0, "scene", "time", location.time_of_day, source)]
    for w in words(f"{world} {location.description}"):
        if w in WEATHER:
            facts.append(_fact(scene, 0, "scene", "weather", WEATHER[w], source))
            break
    for c in cast:
        facts.append(_fact(scene, 0, c.id, "presence", f"{c.name} is at {location.name}", source))
        facts.append(_fact(scene, 0, c.id, "wardrobe", c.look.wardrobe, source))
    for old in carried:
        if old.kind == "injury" and old.subject in scene.characters:
            facts.append(_fact(scene, 0, old.subject, "injury", old.value, f"{source} (carried from {old.scene_id})"))
    for at, element in enumerate(scene.elements):
        if not isinstance(element, Action):
            continue
        text = element.text
        leaving = _doers(text, cast, EXITS)
        for c in leaving:
            facts.append(_fact(scene, at, c.id, "exit", f"{c.name} leaves: {text}", source))
        for c in _doers(text, cast, ENTRANCES):
            if c not in leaving:
                facts.append(_fact(scene, at, c.id, "entrance", f"{c.name} enters: {text}", source))
        for c in _named(text, cast):
            if set(words(text)) & INJURIES:
                facts.append(_fact(scene, at, c.id, "injury", f"{c.name} is hurt: {text}", source))
        for prop in sorted(set(words(text)) & PROPS):
            facts.append(_fact(scene, at, prop, "prop", f"a {prop}: {text}", source))
    return facts


def remember_facts(memory: Memory, facts: list[Fact], *, node: str) -> None:
    """Write facts to the ledger; a fact that holds already from the same point (an injury carried into a
    scene whose action names it again) is written once, with its first source."""
    seen: set[str] = set()
    first = [f for f in facts if not (f.id in seen or seen.add(f.id))]
    memory.remember("continuity", [(f.id, f"{f.scene_id}: {f.kind} — {f.value}",
                                    {**f.model_dump(exclude={"id"}), "source": f.source}) for f in first],
                    node=node)


def fact_of(hit: Recall) -> Fact:
    """A ledger entry back from memory."""
    return Fact(id=hit.id, **{k: hit.meta[k] for k in Fact.model_fields if k != "id"})


def ledger(memory: Memory, scene_id: str) -> list[Fact]:
    """The scene's facts back from memory, in the order they take hold."""
    return [fact_of(h) for h in memory.facts({"scene_id": scene_id})]


def present_at(facts: list[Fact], at: int) -> set[str]:
    """Who is in the scene at element `at`: present from the start or entered, and not yet gone."""
    here: set[str] = set()
    for f in sorted(facts, key=lambda f: (f.at, f.kind == "exit")):  # at one point: arrive first, then leave
        if f.at > at:
            break
        if f.kind in ("presence", "entrance"):
            here.add(f.subject)
        elif f.kind == "exit":
            here.discard(f.subject)
    return here


def moves_in(shot: Shot, scene: Scene, facts: list[Fact]) -> list[Move]:
    """The entrances and exits inside this shot: someone in frame whose entrance comes after the scene's line
    before one of the shot's lines walks in before it; someone whose exit comes after one of the shot's lines,
    before the scene's next line, walks out after it."""
    at_of = {e.id: i for i, e in enumerate(scene.elements) if isinstance(e, Line)}
    lines = sorted(at_of.values())
    moves: list[Move] = []
    for k, at in enumerate(at_of[lid] for lid in shot.line_ids if lid in at_of):
        before = max((i for i in lines if i < at), default=-1)
        after = min((i for i in lines if i > at), default=len(scene.elements))
        for f in sorted(facts, key=lambda f: (f.at, f.subject)):
            if f.subject not in shot.characters:
                continue
            if f.kind == "entrance" and before < f.at < at:
                move = Move(character_id=f.subject, kind="enter", at=k)
            elif f.kind == "exit" and at < f.at < after:
                move = Move(character_id=f.subject, kind="exit", at=k + 1)
            else:
                continue
            if all(m.character_id != move.character_id or m.kind != move.kind for m in moves):
                moves.append(move)
    return moves


@dataclass(frozen=True)
class Problem:
    """A contradiction between a shot and the ledger: its kind (a continuity note kind), whom or what it is
    about (a character id or a prop), and the same in words for people."""

    kind: str  # absent_in_frame | time_of_day | wardrobe | prop
    subject: str
    text: str


def shot_problems(shot: Shot, scene: Scene, facts: list[Fact], characters: list[Character]) -> list[Problem]:
    """What in this shot contradicts the ledger (empty when nothing does)."""
    index = {e.id: i for i, e in enumerate(scene.elements) if hasattr(e, "id")}
    at = max((index[lid] for lid in shot.line_ids if lid in index), default=0)
    names = {c.id: c.name for c in characters}
    problems = []
    for cid in sorted(set(shot.characters) - present_at(facts, at)):
        problems.append(Problem("absent_in_frame", cid,
                                f"{names.get(cid, cid)} is in frame but not in the scene at this point"))
    detail = set(words(shot.detail))  # what the model added; the rest of the prompt is the ledger's own
    time = next((f.value for f in facts if f.kind == "time"), None)
    if time == "NIGHT" and detail & DAY_WORDS:
        problems.append(Problem("time_of_day", "scene", f"the picture shows day "
                                f"({', '.join(sorted(detail & DAY_WORDS))}) in a night scene"))
    if time == "DAY" and detail & (NIGHT_WORDS - {"night"}):
        problems.append(Problem("time_of_day", "scene", f"the picture shows night "
                                f"({', '.join(sorted(detail & NIGHT_WORDS))}) in a day scene"))
    wardrobe = {f.subject: f.value for f in facts if f.kind == "wardrobe"}
    for cid in shot.characters:
        if cid in wardrobe and wardrobe[cid] not in shot.prompt:
            problems.append(Problem("wardrobe", cid,
                                    f"{names.get(cid, cid)} is not wearing {wardrobe[cid]} as the ledger says"))
    props = {f.subject for f in facts if f.kind == "prop" and f.at <= at}
    for prop in sorted(detail & PROPS - props):
        problems.append(Problem("prop", prop, f"a {prop} appears from nowhere"))
    return problems

"""Blocking: where the people of each shot sit or stand, whom they face, and what their bodies do on each line.

The Cinematographer's coverage says who is in frame; the blocking says how they play it, decided by the program
from the set and the meaning of the scene, never from lists of words:

- **Whom they face.** Every dialogue shot's subject addresses someone (`Shot.toward`): the one who spoke last
  if that was someone else, else the next to speak, else the nearest in the cast; a reaction shot's subject
  faces whoever spoke last. Screen sides follow the cast's order in every shot of a scene (the scene's line of
  action), so the framing puts the one who addresses someone later in that order on the left looking right
  and the other on the right looking left, and consecutive singles never cross the line.
- **Where they sit.** A set with seats (a dining or meeting table's chairs, desks, a sofa, a bench, a bar's
  stools, a bed, a carriage's seats) has the people of the scene seated as it opens (`Shot.seat`,
  `Shot.seated`), except whoever walks in and whoever the scene's action line has arrive and sit down; someone
  who stands up on a line stays standing for the rest of the scene.
- **How near.** The scene's meaning sets the distance of its two-shots and wides (`Shot.distance`): close when
  it reads nearer to tenderness and reconciliation than to a quarrel, apart when nearer to a quarrel.
- **What the body does.** Each line gets the physical action (film/performance.py ACTIONS) it is nearest to in
  meaning (MiniLM sentence embeddings, the names in the line spoken as pronouns): half the action's written
  description, half the nearest of a few short lines people say while doing it (agents/gestures.py `EXAMPLES`,
  generic speech), when near enough and clearly nearer than to plain talk (`TALK`: a question, a fact), so a
  line that only informs keeps the body still; an action already played in the scene counts less, so a scene is
  not one gesture repeated. What the vectors miss is read from the words: a line that denies something is
  measured against the example lines that deny something (`_unsaid`: "I'm not leaving you" never walks out), and
  one that opens with a yes or a no nods or shakes its head when it plays nothing else (`_answering`). A two-person action (a hug, a handshake, a clink, a hand over) is played in a shot
  that holds both people; one that needs feet (a hug, a handshake, pacing, walking out, kneeling) by someone
  seated begins with their standing up (both, for a hug or a handshake); rising, sitting, pacing and kneeling
  are played in two-shots and wides, never in a single (the single holds on the face; the rise happens off
  screen), and a single whose speaker walks out becomes a medium, so the leaving is seen; a walk out before the
  scene's last line is a turn away, since the scene goes on with them. A line that names one of the story's objects
  puts it in the speaker's hand. A listener in frame with the speaker (a two-shot, an over-the-shoulder) takes
  the line as their answer means, among what a face and shoulders can play (`REACTIONS`: a nod, a shake of the
  head, a shrug, tears...), never turning from the one who speaks to them and never mirroring the speaker's own
  gesture; a group's others in a medium take in what they heard (`HEARD`, laughing or crying along with the speaker) when they have no answer to give.
- **Shots without lines** act too, each by meaning and only past a bar (`_silent`): a scene's opening wide
  plays what a clause of its action line says one of its people does (agents/narrated.py: comforting the
  other, pacing, on the phone, arriving and sitting down...; all of a group it names in the plural), else,
  when the scene leans clearly to a quarrel or to tenderness and one of its lines comes near it, arms crossed or
  a hand on the other's shoulder by that line's speaker; an object a clause names is in the hands of whom it is
  about, whatever they do; on a set with seats one person is busy with the place's own activity (eating at a dinner
  table, typing at desks, when the place is near enough to it); standing, a story object there that people use
  (a cup: drinking) is in the first one's hand. A listener seen alone after a line reacts as their answer (the
  next line, theirs) means, by the same measure and bar as a line's action, among `REACTIONS`; when the scene
  ends on the line, as what they heard means (`HEARD`: tears at a death, a laugh at a joke, a shake of the
  head at an accusation).
- **The moment, near.** What the opening played of the action line (a hug, a hand over, a raised glass, a
  reach and crossed arms) is played again in the scene's first cut with lines, both bodies of a two-person
  action together (a single becomes a medium two-shot of the two when one of them says its line: `_carry`),
  and a state the opening put someone in (arms crossed, tears, a drink, a phone) holds through the scene's
  cuts, their singles included, until their own line gives them another action (`_holding`); the place's
  activity (eating, typing) holds only into the next two-shot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from agents import meaning, narrated, wording
from agents.gestures import ASSENT, DISSENT, EXAMPLES, FAR, MEANINGS, NARRATED, NARRATION, NEAR, TALK
from agents.state import CrewState
from film.performance import TWO_PERSON
from film.script import Line, Location, Scene
from film.shots import Act, Shot
from tools.image.sets import place_of
from tools.parse import parse

THRESHOLD = 0.33  # the least similarity for a line to get an action; below it the body simply listens and talks
OVER_TALK = 0.10  # how much nearer a line must be to its action than to plain talk (TALK)
REPEAT = 0.06  # how much less an action already played in the scene counts
NEEDS_FEET = ("hug", "handshake", "pace", "walk out", "kneel")
HOLDS = ("arms crossed", "head in hands", "slump", "cry", "drink", "eat", "type", "write", "phone")  # states
HALVES = ("hug", "handshake", "clink", "hand over")  # two-person actions whose partner plays the other half
FEET = ("stand up", "sit down", "pace", "walk out", "kneel")  # played in two-shots and wides, never in a single
# the seat a place gives its people, by the set library's place (tools/image/sets/catalogue.py)
SEATS = {"dining room": "chair", "kitchen": "chair", "meeting room": "chair", "office": "chair",
         "classroom": "chair", "library": "chair", "room": "chair", "café": "stool", "living room": "sofa",
         "bedroom": "bed", "hospital ward": "bed", "park": "bench", "train carriage": "car", "church": "bench"}
ACTIVITY = ("eat", "drink", "type", "write", "phone")  # what a seated scene does before anyone speaks
# how far a scene must lean to a quarrel (arms crossed), or to tenderness (a hand on the shoulder: a touch, so
# further, as scenes lean that way more often), for its opening to show it in a body
LEAN_ACT = {"arms crossed": -0.06, "hand on shoulder": 0.10}
LEAN_SUPPORT = 0.25  # ...and one of its lines must come this near to the body that shows it (whoever plays it says it)
PLACE_THRESHOLD = 0.25  # the least nearness of a place to the activity its seated people are busy with
PROP_THRESHOLD = 0.36  # the least nearness of a story object's name to the activity it is used in
# what a listener seen alone shows of what they heard: the reactions a face and shoulders play in a single
REACTIONS = ("nod", "head shake", "shrug", "laugh", "cry", "head in hands", "slump", "arms crossed", "turn away")
# ...and how one takes in a line one does not answer: the answering gestures (hearing "I'm so tired" does not
# tire the listener, hearing "I don't know" does not make them shrug)
HEARD = ("nod", "head shake", "laugh", "cry", "head in hands", "arms crossed", "turn away")

OPENING_WORD = re.compile(r"\W*([A-Za-z]+)\s*(?:[,.!?;:\u2014-]|$)")  # a first word set off by punctuation

Embed = Callable[[list[str]], np.ndarray]


def seat_of(location: Location) -> str:
    """The seat the location's set gives ("" for a place people stand in)."""
    return SEATS.get(place_of(location), "")


def _addressee(scene: Scene, k: int) -> str:
    """Whom line k of the scene is said to: the last other speaker, else the next, else another present."""
    lines = scene.lines()
    me = lines[k].character_id
    before = [ln.character_id for ln in reversed(lines[:k]) if ln.character_id != me]
    after = [ln.character_id for ln in lines[k + 1:] if ln.character_id != me]
    others = [c for c in scene.characters if c != me]
    return (before or after or others or [""])[0]


def block(shots: list[Shot], state: CrewState, vectors: Embed | None = None) -> list[Shot]:
    """The shots with their blocking: whom each faces, seats, distance and the physical actions (see the
    module's docstring). `vectors` gives unit sentence vectors (agents/meaning.py by default)."""
    m = _meanings(state, vectors or meaning.vectors)
    out: list[Shot] = []
    for scene in state.scenes:
        _block_scene(scene, shots, state, m, out)
    return out


@dataclass(frozen=True)
class _Meanings:
    """What the story's words mean to blocking, embedded at once: the actions' meanings (`acts`), each line's fit
    to each action (`fit`), and by scene id how far the scene leans to tenderness over a quarrel (`lean`: NEAR
    less FAR) and how near its place is to each seated ACTIVITY (`busy`)."""

    names: list[str]
    lines: dict[str, Line]
    acts: np.ndarray
    fit: dict
    lean: dict
    busy: dict
    beat: dict  # scene id -> the (action, character id, partner) its action line tells, nearest first
    offers: dict  # story object -> (activity, nearness) it is used in
    parts: list = field(default_factory=list)  # the clauses of the scenes' action lines (agents/narrated.py)


def _meanings(state: CrewState, vectors: Embed) -> _Meanings:
    names = list(MEANINGS)
    lines = {ln.id: ln for scene in state.scenes for ln in scene.lines()}
    spoken = [narrated.as_pronouns(state, [c.id for c in state.characters], ln.text, said=True)[0]
            for ln in lines.values()]  # a name means nothing to MiniLM: it blurs what the line says
    examples = [(k, t) for k, a in enumerate(names) for t in EXAMPLES.get(a, [])]
    parts = narrated.clauses(state)
    told = [(k, t) for k, a in enumerate(names) for t in NARRATED.get(a, [])]
    objects = sorted({p for loc in state.locations for p in loc.props})
    groups = [[MEANINGS[a] for a in names], [NEAR, FAR], spoken,
              [" ".join(e.text for e in sc.elements) for sc in state.scenes],
              [state.location(sc.location_id).description for sc in state.scenes],
              [t for _, t in examples], TALK, [c.text for c in parts], NARRATION, objects, [t for _, t in told]]
    v = vectors([t for g in groups for t in g])  # one call: the texts in this order, split back by group
    acts, (near, far), line_v, scene_v, place_v, said, talk, part_v, narration, object_v, told_v = np.split(
        v, np.cumsum([len(g) for g in groups])[:-1])
    owner = np.array([k for k, _ in examples])
    denies = np.array([_negated(t) for _, t in examples], dtype=bool)
    fit = {lid: _answering(_unsaid(x, acts, said, owner, talk, denies) if _negated(lines[lid].text) else
                           _fit(x, acts, said, owner, talk), lines[lid].text, names) for lid, x in zip(lines, line_v)}
    ids = [sc.id for sc in state.scenes]
    lean = {sid: float(x @ near - x @ far) for sid, x in zip(ids, scene_v)}
    handled = acts[[names.index(a) for a in ACTIVITY]]
    busy = {sid: handled @ x for sid, x in zip(ids, place_v)}
    seated = {sc.id for sc in state.scenes if seat_of(state.location(sc.location_id))}
    told_owner = np.array([k for k, _ in told])
    said_by: dict = {}  # (scene id, speaker) and (scene id, ""): how near their lines come to each action, at most
    for sc in state.scenes:
        for ln in sc.lines():
            for key in ((sc.id, ln.character_id), (sc.id, "")):
                said_by[key] = np.maximum(said_by[key], fit[ln.id][0]) if key in said_by else fit[ln.id][0]
    beat = narrated.told(state, names, [_fit(x, acts, told_v, told_owner, narration)[0] for x in part_v],
                         [_nearest_of(told_v @ x, told_owner, len(names)) for x in part_v],
                         [float((narration @ x).max()) for x in part_v], parts, seated, said_by)
    offers = {o: (ACTIVITY[int(np.argmax(handled @ x))], float((handled @ x).max())) for o, x in zip(objects, object_v)}
    return _Meanings(names, lines, acts, fit, lean, busy, beat, offers, parts)


@dataclass
class _Staging:
    """One scene being blocked: its location and seat, who sits, how often each action has played, each line's
    place in the scene, the scene's shots, and the states its opening put people in (`held`, into the next cut)."""

    scene: Scene
    location: Location
    seat: str
    seated: set[str]
    played: dict[str, int]
    index: dict[str, int]
    mine: list[Shot]
    held: dict[str, str] = field(default_factory=dict)  # who holds what state the opening put them in
    busy: set[str] = field(default_factory=set)  # who of `held` is only busy with the place (eating, typing)
    told: list[Act] = field(default_factory=list)  # what the opening played of the action line, to play again near


def _block_scene(scene: Scene, shots: list[Shot], state: CrewState, m: _Meanings, out: list[Shot]):
    """The scene's shots blocked, appended to `out` (the shots blocked so far)."""
    location = state.location(scene.location_id)
    seat = seat_of(location)
    lean = m.lean[scene.id]
    distance = "close" if lean > 0.04 else ("apart" if lean < -0.04 else "")
    entering = {mv.character_id for s in shots if s.scene_id == scene.id for mv in s.moves if mv.kind == "enter"}
    seated = {c for c in scene.characters if c not in entering} if seat else set()
    index = {ln.id: k for k, ln in enumerate(scene.lines())}
    st = _Staging(scene, location, seat, seated, {}, index, [s for s in shots if s.scene_id == scene.id])
    for n, shot in enumerate(st.mine):
        update: dict = {"seat": seat if shot.characters else "",
                        "seated": [c for c in shot.characters if c in seated], "distance": distance}
        if shot.line_ids and shot.line_ids[0] in index:
            k = index[shot.line_ids[0]]
            update["toward"] = _addressee(scene, k)
        elif shot.subject:
            spoken = [m.lines[i].character_id for s in out if s.scene_id == scene.id for i in s.line_ids]
            update["toward"] = next((c for c in reversed(spoken) if c != shot.subject), "")
        chosen: list[Act] = []
        if shot.line_ids and st.told:  # the first cut with lines after the opening: the action line's moment
            chosen += _carry(st, m, shot, update)
        moment = {a.character_id for a in chosen} | {a.partner for a in chosen if a.action in HALVES}
        for j, lid in enumerate(shot.line_ids):
            line = m.lines.get(lid)
            if line is None:
                continue
            if line.character_id in moment:  # they play the moment as they speak
                prop = next((p for p in st.location.props if _names(p, line.text)), "")
                if prop and not any(a.character_id == line.character_id and a.prop for a in chosen):
                    chosen.append(Act(character_id=line.character_id, action="", at=j, prop=prop))
                continue
            _line_act(st, m, out, n, shot, update, chosen, j, lid, line)
        if shot.line_ids and shot.line_ids[-1] in m.lines:
            chosen += _listening(st, m, update.get("characters", shot.characters), shot.line_ids, chosen)
        if not shot.line_ids and shot.characters:
            chosen += _silent(st, m, out, n, shot, update)
        if st.held and shot.characters and n:
            said = {m.lines[i].character_id for i in shot.line_ids if i in m.lines}
            chosen += _holding(st, update.get("characters", shot.characters), chosen, len(shot.line_ids), said)
        update["acts"] = chosen
        shot = shot.model_copy(update=update)
        out.append(shot)


def _silent(st: _Staging, m: _Meanings, out: list[Shot], n: int, shot: Shot, update: dict) -> list[Act]:
    """What the people of a shot without lines do: the scene's opening wide plays its opening (`_opening`); a
    later wide with people seated plays the place's activity; a listener seen alone reacts to what they heard
    (`_reaction`)."""
    scene, at = st.scene, len(shot.line_ids)
    if shot.framing == "wide" and all(s.scene_id != scene.id or not s.characters for s in out):
        return _opening(st, m, shot, update)
    if shot.framing == "wide" and update["seated"]:
        act = _act_for(m.busy[scene.id], -1.0, list(ACTIVITY), {}, threshold=PLACE_THRESHOLD)
        return [Act(character_id=update["seated"][0], action=act, at=at)] if act else []
    if shot.subject and shot.framing in ("close-up", "over-shoulder", "medium"):
        react = _reaction(st, m, out, shot.subject)
        if react:
            st.played[react] = st.played.get(react, 0) + 1
            return [Act(character_id=shot.subject, action=react, at=at)]
    return []


def _opening(st: _Staging, m: _Meanings, shot: Shot, update: dict) -> list[Act]:
    """The scene's opening wide: what its action line tells its people in frame do (agents/narrated.py:
    comforting the other, pacing, on the phone; sitting down: arriving; "she begs him, but he will not": both),
    rising first for what needs feet, else, when the scene
    leans clearly to tenderness or to a quarrel (NEAR, FAR), a hand on the other's shoulder or arms crossed by
    whoever has a line near enough to it; then the place's own activity by whoever sits (eating at a dinner
    table, typing at desks), or, standing, what a story object there is used for (a cup: drinking)."""
    at, acts, free = len(shot.line_ids), [], list(shot.characters)
    for action, who, partner, together in m.beat.get(st.scene.id, []):  # nearest first, each in frame once
        if who not in free or (partner and partner not in free) or (
                not together and any(a.action == action for a in acts)):
            continue
        if action in NEEDS_FEET:  # those seated rise first, play it on their feet and stay on them
            acts += [Act(character_id=c, action="stand up", at=at) for c in (who, partner) if c in update["seated"]]
            st.seated -= {who, partner}
        elif action == "sit down":  # one sitting down arrives first
            update["seated"] = [c for c in update["seated"] if c != who]
        prop = next((p for p in st.location.props if _names(p, _clause_text(m, st.scene.id, who))), "")
        acts.append(Act(character_id=who, action=action, at=at, partner=partner, prop=prop))
        free = [c for c in free if c not in (who, partner if action in HALVES else who)]
    lean = m.lean[st.scene.id]
    action = "hand on shoulder" if lean > 0 else "arms crossed"
    if not acts and len(free) > 1 and abs(lean) >= abs(LEAN_ACT[action]):
        who = _nearest(st, m, action, free, LEAN_SUPPORT)
        partner = next((c for c in free if c != who), "") if action in TWO_PERSON else ""
        if who:
            acts.append(Act(character_id=who, action=action, at=at, partner=partner))
            free = [c for c in free if c not in (who, partner)]
    for clause in (c for c in m.parts if c.scene_id == st.scene.id):  # an object the line names: in their hands
        prop = next((p for p in st.location.props if _names(p, clause.text)), "")
        for who in (clause.group or clause.named[:1]) if prop else ():
            if who in free and not any(a.character_id == who for a in acts):
                acts.append(Act(character_id=who, action="", at=at, prop=prop))
    free = [c for c in free if not any(a.character_id == c for a in acts)]
    told = len(acts)  # what the action line (or the scene's lean) has them do; then what the place has them do
    seated = [c for c in update["seated"] if c in free]
    if seated:
        act = _act_for(m.busy[st.scene.id], -1.0, list(ACTIVITY), {}, threshold=PLACE_THRESHOLD)
        if act:
            acts.append(Act(character_id=seated[0], action=act, at=at))
    elif free:
        use = [(act, o, v) for o, (act, v) in m.offers.items() if o in st.location.props and v >= PROP_THRESHOLD]
        if use:
            act, o, _ = max(use, key=lambda u: u[2])
            acts.append(Act(character_id=free[0], action=act, at=at, prop=o))
    for a in acts:
        st.played[a.action] = st.played.get(a.action, 0) + 1
    st.held = {a.character_id: a.action for a in acts if a.action in HOLDS}
    st.busy = {a.character_id for a in acts[told:]}
    st.told = [a for a in acts[:told] if a.action not in ("stand up", "sit down")]
    return acts


def _holding(st: _Staging, people: list[str], chosen: list[Act], at: int, said: set[str]) -> list[Act]:
    """Whoever the opening put in a state (arms crossed, head in hands, in tears, at their drink or phone) and
    has nothing else to play in this shot is still in it, singles included (framed to show the hands), so the
    state reads near and holds across the cuts, until their own line gives them something else to do."""
    busy = {a.character_id for a in chosen if a.action} | {a.partner for a in chosen if a.action in HALVES}
    for a in chosen:
        if a.action and a.character_id in said and a.character_id in st.held and \
                a.action != st.held[a.character_id]:
            del st.held[a.character_id]  # their own line moves them on
    acts = [Act(character_id=c, action=st.held[c], at=at, held=True) for c in people if c in st.held and c not in busy
            and (c not in st.busy or len(people) > 1)]  # the place's activity: only into the next two-shot
    for c in st.busy:
        st.held.pop(c, None)
    st.busy = set()
    return acts


def _carry(st: _Staging, m: _Meanings, shot: Shot, update: dict) -> list[Act]:
    """The first shot with lines after the opening plays again, near, what the opening played of the action
    line (the moment the scene is about: a hug, a hand over, a glass raised, a hand on the shoulder), both bodies
    of a two-person action together: a single becomes a medium two-shot of the two when one of them says its
    line. Then it is let go (states are held by `_holding`)."""
    told, st.told = st.told, []
    people = list(update.get("characters", shot.characters))
    first = m.lines[shot.line_ids[0]].character_id if shot.line_ids[0] in m.lines else ""
    acts: list[Act] = []
    for a in told:
        pair = [a.character_id, a.partner] if a.partner and a.action in TWO_PERSON else [a.character_id]
        if any(c in {b.character_id for b in acts} | {b.partner for b in acts if b.action in HALVES} for c in pair):
            continue
        if len(pair) == 2 and (not set(pair) <= set(people) or shot.framing not in ("medium", "wide")):
            if first not in pair or acts:
                continue
            both = sorted(pair, key=lambda c: c != shot.subject)  # the shot stays on its subject
            update["characters"], update["framing"] = both, "medium"
            update["seated"] = [c for c in both if c in st.seated]
            people = both
        if a.character_id not in people:
            continue
        acts.append(Act(character_id=a.character_id, action=a.action, at=0, partner=a.partner, prop=a.prop,
                        held=a.action in HOLDS))  # a state is still on; a moment (a hug, a hand over) plays again
        st.played[a.action] = st.played.get(a.action, 0) + 1
    return acts


def _clause_text(m: _Meanings, scene_id: str, who: str) -> str:
    """What the scene's action line says `who` does: its clauses that name them first (or name them among a
    group in the plural), as measured."""
    return " ".join(c.text for c in m.parts if c.scene_id == scene_id and (c.named[:1] == (who,) or who in c.group))


def _listening(st: _Staging, m: _Meanings, people: list[str], line_ids: list[str], chosen: list[Act]) -> list[Act]:
    """The listeners in frame with the speaker of a shot's last line, each taking it as their answer means (or,
    when the scene ends on it, as what they heard means: `_taken`), unless they already play a part in the shot."""
    lid = line_ids[-1]
    busy = {a.character_id for a in chosen} | {a.partner for a in chosen} | {m.lines[lid].character_id}
    acts = []
    for who in [c for c in people if c not in busy]:
        besides = tuple(a.action for a in chosen) + tuple(st.held[c] for c in people if c in st.held and c != who)
        react = _taken(st, m, lid, who, facing=True, besides=besides)  # nor what the other holds
        if not react and len(people) > 2:  # a group's others, behind the two: they take in what they heard, and
            held = tuple(st.held[c] for c in people if c in st.held and c != who)  # may laugh or cry along
            react = _taken(st, m, lid, who, facing=True, besides=held, heard=True)
        if react:
            acts.append(Act(character_id=who, action=react, at=len(line_ids) - 1))
            st.played[react] = st.played.get(react, 0) + 1
    return acts


def _nearest(st: _Staging, m: _Meanings, action: str, people: list[str], least: float) -> str:
    """Of `people`, the one whose line in the scene comes nearest in meaning to `action`, at least `least` near
    ("" when no line does)."""
    k = m.names.index(action)
    said = [(float(m.fit[ln.id][0][k]), ln.character_id) for ln in st.scene.lines() if ln.character_id in people]
    best = max(said, default=(-1.0, ""))
    return best[1] if best[0] >= least else ""


def _reaction(st: _Staging, m: _Meanings, out: list[Shot], who: str) -> str:
    """How a listener seen alone takes the line just said: the reaction (REACTIONS) nearest in meaning to their
    own answer to it (the scene's next line, when it is theirs), or, when the scene ends on that line, to the line
    itself (HEARD: how one takes in what one heard), by the same measure and bar as a line's action; "" when
    someone else answers, or the line or answer is plain talk."""
    said = [i for s in out if s.scene_id == st.scene.id for i in s.line_ids]
    if not said or m.lines[said[-1]].character_id == who:
        return ""
    return _taken(st, m, said[-1], who)


def _taken(st: _Staging, m: _Meanings, lid: str, who: str, facing: bool = False, besides: tuple = (),
           heard: bool = False) -> str:
    """The reaction of `who`, who hears line `lid`: by their answer (the next line, when theirs), else, when the
    scene ends on it (or `heard`: one of a group, listening), by what they heard; "" otherwise. `facing`: they
    stay turned to the speaker (no turning away while spoken to in frame); `besides`: what the speaker plays in
    the same shot (not mirrored)."""
    lines = st.scene.lines()
    after = st.index.get(lid, -1) + 1
    answer = None if heard else (lines[after] if after < len(lines) else None)
    if answer is not None and answer.character_id == who:
        keep, scores, talk = REACTIONS, *m.fit[answer.id]
    elif answer is None:
        keep, scores, talk = HEARD, *m.fit[lid]
    else:
        return ""
    keep = [a for a in keep if not (facing and a == "turn away") and a not in besides]
    return _act_for(scores[[m.names.index(a) for a in keep]], talk, keep, {})


def _line_act(st: _Staging, m: _Meanings, out: list[Shot], n: int, shot: Shot, update: dict, chosen: list[Act],
              j: int, lid: str, line: Line):
    """The physical action the `j`th line of the `n`th shot gets (into `chosen`), what its speaker rising or
    sitting does to who sits, and a shot that must hold both bodies of a two-person action (into `update`)."""
    scene, index, seated, seat = st.scene, st.index, st.seated, st.seat
    act = _act_for(*m.fit[lid], m.names, st.played)
    speaker = line.character_id
    if act == "walk out" and scene.lines()[index.get(lid, 0) + 1:]:
        act = "turn away"  # the scene goes on with them: they turn from the other, they do not leave
    if act == "stand up" and speaker not in seated:
        act = ""  # already on their feet (a standing body would crouch to rise)
    single = shot.framing in ("close-up", "over-shoulder") and not (
        act in TWO_PERSON and partner_of(update, scene, index, lid))
    if single and act == "walk out":  # leaving for good is the scene's last moment: seen whole, not in a face
        update["framing"] = "medium"
    elif single and act in FEET:
        if act == "stand up" or (act in NEEDS_FEET and speaker in seated):
            seated.discard(speaker)  # they rise off screen: the single holds on the face
        act = ""
    partner = update.get("toward", "") or _addressee(scene, index.get(lid, 0))
    if act in NEEDS_FEET and speaker in seated:  # they rise first, then play it
        chosen.append(Act(character_id=speaker, action="stand up", at=j))
        seated.discard(speaker)
    elif act == "sit down" and (not seat or speaker in seated):
        act = ""  # nothing to sit on, or already sitting
    elif act == "sit down":
        seated.add(speaker)
    prop = next((p for p in st.location.props if _names(p, line.text)), "")
    if act or prop:
        chosen.append(Act(character_id=speaker, action=act or "", at=j,
                          partner=partner if act in TWO_PERSON or act == "hand over" else "",
                          prop=prop))
        st.played[act] = st.played.get(act, 0) + 1
    if act == "stand up":
        seated.discard(speaker)
    if act in TWO_PERSON and partner and (partner not in shot.characters or shot.framing not in
                                          ("medium", "wide")):
        both = [speaker, partner]  # the speaker first: the shot is on them
        mine = st.mine
        around = [s for s in (out[-1] if out and out[-1].scene_id == scene.id else None,
                              mine[n + 1] if n + 1 < len(mine) else None) if s is not None]
        update["characters"] = both
        update["seated"] = [c for c in both if c in seated or c in update["seated"]]
        update["framing"] = next((f for f in ("medium", "wide") if not any(
            s.framing == f and set(s.characters) == set(both) for s in around)), "medium")  # no jump cut
    if act in TWO_PERSON and act in NEEDS_FEET and partner in seated:  # both rise to embrace or shake hands
        chosen.insert(len(chosen) - 1, Act(character_id=partner, action="stand up", at=j))
        seated.discard(partner)
    if act == "walk out":
        seated.discard(speaker)


def partner_of(update: dict, scene: Scene, index: dict[str, int], lid: str) -> str:
    """Whom a line's two-person action is with: whom the shot's subject addresses, else the line's addressee."""
    return update.get("toward", "") or _addressee(scene, index.get(lid, 0))


def _fit(line: np.ndarray, acts: np.ndarray, said: np.ndarray, owner: np.ndarray,
         talk: np.ndarray) -> tuple[np.ndarray, float]:
    """How near a line is to each action (half its description, half the nearest of its example lines) and to
    plain talk (the nearest of TALK)."""
    near = said @ line
    examples = np.array([near[owner == k].max() if (owner == k).any() else acts[k] @ line
                         for k in range(len(acts))])
    return 0.5 * (acts @ line) + 0.5 * examples, float((talk @ line).max()) if len(talk) else -1.0


def _negated(text: str) -> bool:
    """Whether the text denies something ('It's not your fault', 'I never left'); a 'no' on its own is an answer,
    and a question with a 'not' asks or suggests ('Why don't you ask her?')."""
    return any(any(t.dep_ == "neg" or t.lower_ in ("never", "nobody", "nothing") for t in sent)
               for sent in parse(text).sents if not sent.text.rstrip().endswith("?") and sent[0].lower_ != "why")


def _unsaid(line: np.ndarray, acts: np.ndarray, said: np.ndarray, owner: np.ndarray, talk: np.ndarray,
            denies: np.ndarray) -> tuple[np.ndarray, float]:
    """`_fit` for a line that denies something, against the example lines that deny something too (`denies`):
    sentence vectors hardly see a 'not', so 'It's not your fault' came nearest 'This is your fault' and an
    accusing point. An action none of whose example lines denies anything is not played at all."""
    scores, plain = _fit(line, acts, said[denies], owner[denies], talk)
    return np.where(np.isin(np.arange(len(acts)), owner[denies]), scores, -1.0), plain


def _answering(fit: tuple[np.ndarray, float], text: str, names: list[str]) -> tuple[np.ndarray, float]:
    """A line that opens with a yes or a no (ASSENT, DISSENT: "Yes, it's true.", "No!") is said with a nod or a
    shake of the head when it plays no other action; and a yes never with a shake of the head, which sentence
    vectors, blind to yes and no, would give it. ("No, you're right." may still nod.)"""
    scores, talk = fit
    first = OPENING_WORD.match(text)
    word = first.group(1).lower() if first else ""
    if word not in ASSENT and word not in DISSENT:
        return fit
    mine, other = (names.index("nod"), names.index("head shake"))[::1 if word in ASSENT else -1]
    scores = scores.copy()
    if word in ASSENT:
        scores[other] = -1.0
    top = float(scores.max())
    if top < THRESHOLD or top < talk + OVER_TALK:  # nothing else it would play
        scores[mine] = max(top, THRESHOLD, talk + OVER_TALK) + 1e-6
    return scores, talk


def _nearest_of(near: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Per action (of `n`), the largest of `near` among the sentences it owns (-1 for one with none)."""
    return np.array([near[owner == k].max() if (owner == k).any() else -1.0 for k in range(n)])


def _act_for(scores: np.ndarray, talk: float, names: list[str], played: dict[str, int],
             threshold: float = THRESHOLD) -> str:
    """The action nearest the line in meaning, less for each time the scene has played it; "" below the
    threshold or when the line is not clearly nearer to it than to plain talk."""
    score = scores - REPEAT * np.array([played.get(a, 0) for a in names])
    best = int(np.argmax(score))
    return names[best] if score[best] >= threshold and score[best] >= talk + OVER_TALK else ""


def _names(prop: str, text: str) -> bool:
    """Does the line name the object? By its head word, singular or plural."""
    head = (wording.words(prop)[-1:] or [""])[0]
    ws = set(wording.words(text))
    return bool(head) and (head in ws or head + "s" in ws)

"""Blocking: where the people of each shot sit or stand, whom they face, and what their bodies do on each line.

The Cinematographer's coverage says who is in frame; the blocking says how they play it, decided by the program
from the set and the meaning of the scene, never from lists of words:

- **Whom they face.** Every dialogue shot's subject addresses someone (`Shot.toward`): the one who spoke last
  if that was someone else, else the next to speak, else the nearest in the cast; a reaction shot's subject
  faces whoever spoke last. Screen sides follow the cast's order in every shot of a scene (the scene's line of
  action), so the framing puts the one who addresses someone later in that order on the left looking right
  and the other on the right looking left, and consecutive singles never cross the line.
- **Where they sit.** A set with seats (a dining or meeting table's chairs, desks, a sofa, a bench, a bar's
  stools, a bed, a carriage's seats) seats the people of the scene as it opens (`Shot.seat`, `Shot.seated`),
  except whoever walks in; someone who stands up on a line stays standing for the rest of the scene.
- **How near.** The scene's meaning sets the distance of its two-shots and wides (`Shot.distance`): close when
  it reads nearer to tenderness and reconciliation than to a quarrel, apart when nearer to a quarrel.
- **What the body does.** Each line gets the physical action (film/performance.py ACTIONS) it is nearest to in
  meaning (MiniLM sentence embeddings): half the action's written description, half the nearest of a few short
  lines people say while doing it (`EXAMPLES`, generic speech), when near enough and clearly nearer than to
  plain talk (`TALK`: a question, a fact, a name), so a line that only informs keeps the body still; an
  action already played in the scene counts less, so a scene is not one gesture repeated. A
  two-person action (a hug, a handshake, a clink, a hand over) is played in a shot that holds both people;
  one that needs feet (a hug, pacing, walking out, kneeling) by someone seated begins with their standing up;
  rising, sitting, pacing, kneeling and walking out are played in two-shots and wides, never in a single (the
  single holds on the face; the rise happens off screen); a walk out before the scene's last line is a turn
  away, since the scene goes on with them. A
  line that names one of the story's objects puts it in the speaker's hand.
- **Shots without lines** act too, each by meaning and only past a bar (`_silent`): a scene's opening wide
  plays what a clause of its action sentence says one of its people does (pacing, on the phone...), else,
  when the scene leans clearly to a quarrel or to tenderness and one of its lines comes near it, arms crossed
  or a hand on the other's shoulder by that line's speaker; on a set with seats one person is busy with the
  place's own activity (eating at a dinner table, typing at desks, when the place is near enough to it) and,
  with two or more to seat, the last of them arrives and sits down as the scene opens; standing, a story
  object there that people use (a cup: drinking) is in the first one's hand. A listener seen alone after a
  line reacts as their answer (the next line, theirs) means, by the same measure and bar as a line's action,
  among what a face and shoulders can play (a nod, a shake of the head, a shrug, tears...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from agents import meaning, wording
from agents.state import CrewState
from film.performance import TWO_PERSON
from film.script import Line, Location, Scene
from film.shots import Act, Shot
from tools.image.sets import place_of

# what each physical action is for, in plain words: the line's meaning is matched against these
MEANINGS: dict[str, str] = {
    "hug": "They embrace and hold each other close: forgiveness, a reunion after a long time, comfort in grief, "
           "I love you, I missed you so much, we are together again.",
    "handshake": "They shake hands: a deal is agreed, we have an agreement, partners, pleased to meet you, a "
                 "promise between equals.",
    "hand on shoulder": "A hand on the shoulder to comfort and reassure: it will be all right, I am here for "
                        "you, you are not alone, don't worry.",
    "cry": "Weeping, in tears, heartbroken: sobbing over a loss, a death, a grief too heavy to bear; he is gone, "
           "she died, I can't believe I lost them.",
    "head in hands": "Head in the hands in despair: everything is ruined, what have I done, I cannot go on, "
                     "hopeless.",
    "slump": "Shoulders sag in defeat and exhaustion: tired, beaten, giving up, it is no use.",
    "point": "Pointing an accusing finger: it was you, this is your fault, you did this, look there.",
    "arms crossed": "Arms folded, closed and defiant: stubborn refusal, I don't believe you, suspicion, no.",
    "fists": "Fists clenched in fury: rage, shouting, I have had enough, how dare you.",
    "shrug": "A shrug of the shoulders: I don't know, maybe, who knows, it does not matter, whatever.",
    "pace": "Pacing up and down, restless and anxious: worried waiting, nervous, thinking hard about what to do.",
    "turn away": "Turning away in hurt or shame, unable to face the other: leave me alone, I can't look at you.",
    "walk out": "Walking out and leaving for good: I am leaving, goodbye forever, I'm done, the door.",
    "wave": "Waving hello or goodbye from a distance: hi there, see you soon, farewell, over here.",
    "raise glass": "Raising a glass in a toast: to us, cheers, let's celebrate this success and this day.",
    "clink": "Clinking glasses together in celebration: cheers to our friendship, we did it, a toast together.",
    "hand over": "Handing something over to the other person: here, take this, this is for you, a gift, the "
                 "letter, the keys.",
    "drink": "Sipping a drink, a cup of coffee or tea or wine, thirsty, taking a moment.",
    "eat": "Eating a meal at the table: dinner, food, hungry, the taste of the dish.",
    "write": "Writing with a pen: signing the papers, a note, a letter, a list, the contract.",
    "type": "Typing on a computer keyboard: work, the code, the report, emails, the deadline, the screen.",
    "phone": "Talking on the phone, making or answering a call: hello, who is this, call me, ring.",
    "kneel": "Kneeling down: begging, pleading, proposing marriage, please, I beg you, will you marry me.",
    "sit down": "Sitting down and taking a seat: please sit, let us talk calmly, I need to sit, settle in.",
    "stand up": "Standing up abruptly to make a point or to protest: enough, I won't sit here and listen.",
    "laugh": "Laughing out loud with joy: that's so funny, a joke, ha ha, delight, happiness.",
    "nod": "Nodding in agreement: yes, I understand, of course, you are right, agreed.",
    "head shake": "Shaking the head in disagreement: no, no way, I don't think so, that is not true.",
    "reach out": "Reaching out a hand to the other: come with me, trust me, take my hand, please stay.",
}
# short lines a person says while doing each: a line is matched against these too, as short lines match short
# lines better than a description does (generic speech, never words from the pitches the films are made of)
EXAMPLES: dict[str, list[str]] = {
    "hug": ["Come here, I missed you so much.", "I love you.", "We're together again at last.",
            "I forgive you, come here.", "I'm so glad you're safe.", "Welcome home."],
    "handshake": ["It's a deal.", "Pleased to meet you.", "We have an agreement.", "Partners, then?",
                  "You have my word."],
    "hand on shoulder": ["It's going to be all right.", "I'm here for you.", "You're not alone.",
                         "Don't worry, I've got you.", "Easy, take a breath."],
    "cry": ["She's gone.", "He died last night.", "I can't believe I lost her.", "I miss him every day.",
            "It hurts so much."],
    "head in hands": ["What have I done?", "Everything is ruined.", "I can't do this anymore.", "It's hopeless."],
    "slump": ["I'm so tired.", "It's no use.", "I give up.", "We lost."],
    "point": ["It was you!", "This is your fault.", "You did this.", "Look over there!", "That one, there."],
    "arms crossed": ["I don't believe you.", "No. I won't do it.", "Prove it.", "I'm not moving."],
    "fists": ["How dare you!", "I've had enough of this!", "Get out of my sight!", "I hate you!"],
    "shrug": ["I don't know.", "Maybe, who knows.", "Whatever.", "It doesn't matter to me."],
    "pace": ["What do we do now?", "We're running out of time.", "Where is he? He should be here by now.",
             "I can't stop thinking about it."],
    "turn away": ["Leave me alone.", "I can't look at you.", "Don't talk to me.", "I'm ashamed."],
    "walk out": ["I'm leaving.", "Goodbye, forever.", "I'm done with you.", "Don't follow me."],
    "wave": ["Hi there!", "See you soon!", "Bye!", "Over here!"],
    "raise glass": ["A toast!", "To us!", "Cheers, everyone.", "Here's to a new beginning."],
    "clink": ["Cheers!", "We did it, cheers!", "To our friendship."],
    "hand over": ["Here, take this.", "This is for you.", "I brought you something.", "Here are the keys.",
                  "Take it, it's yours."],
    "drink": ["I need a drink.", "Have some tea.", "This coffee is good.", "Pour me another glass."],
    "eat": ["I'm hungry.", "This tastes delicious.", "Dinner is ready, let's eat.", "Have some more soup."],
    "write": ["Sign here.", "Let me write that down.", "I'll write you a letter.", "Put your name on the form."],
    "type": ["I'm almost done with the report.", "Let me check my email.", "The code won't compile.",
             "I'll look it up on the computer."],
    "phone": ["Hello? Who is this?", "I'll call you back.", "Answer the phone!", "She's not picking up."],
    "kneel": ["Will you marry me?", "Please, I'm begging you.", "I beg you, forgive me."],
    "sit down": ["Please, sit down.", "Take a seat.", "I need to sit.", "Sit with me for a while."],
    "stand up": ["I won't sit here and listen to this!", "Enough! We're leaving.", "Get up, we have to go."],
    "laugh": ["That's hilarious!", "You're so funny.", "Ha! I can't believe it.", "Stop, you're making me laugh."],
    "nod": ["Yes, I understand.", "Of course.", "You're right.", "Okay, agreed."],
    "head shake": ["No, no, no.", "That's not true.", "No way.", "I don't think so."],
    "reach out": ["Come with me.", "Take my hand.", "Trust me.", "Please stay."],
}
# lines that call for no gesture: an action is chosen only when the line is nearer to it than to all of these
TALK = ["What time is it?", "Where are you going?", "Tell me what happened.", "Who was that?", "That's my car.",
        "I work here.", "We should check the map.", "It's on the second shelf.", "How long have you lived here?",
        "Did you get my message?", "My sister lives in town.", "The meeting starts at nine."]
THRESHOLD = 0.33  # the least similarity for a line to get an action; below it the body simply listens and talks
OVER_TALK = 0.10  # how much nearer a line must be to its action than to plain talk (TALK)
REPEAT = 0.06  # how much less an action already played in the scene counts
NEEDS_FEET = ("hug", "pace", "walk out", "kneel")
FEET = ("stand up", "sit down", "pace", "walk out", "kneel")  # played in two-shots and wides, never in a single
# the seat a place gives its people, by the set library's place (tools/image/sets/catalogue.py)
SEATS = {"dining room": "chair", "kitchen": "chair", "meeting room": "chair", "office": "chair",
         "classroom": "chair", "library": "chair", "room": "chair", "café": "stool", "living room": "sofa",
         "bedroom": "bed", "hospital ward": "bed", "park": "bench", "train carriage": "car", "church": "bench"}
NEAR = "Tenderness and reconciliation: they forgive each other, comfort, trust, love and closeness."
FAR = "A quarrel: anger, accusation, blame, distrust, a bitter argument and coldness between them."
ACTIVITY = ("eat", "drink", "type", "write", "phone")  # what a seated scene does before anyone speaks
# what a scene's action (its beat, in written English) may open the scene with: a state or an occupation of one
# person that the lines after it cannot contradict (never an exchange with the other, nor a way out)
OPENING = ("pace", "arms crossed", "slump", "head in hands", "cry", "phone", "drink", "eat", "type", "write")
# plain narration: a beat's sentence opens its scene with an action only when it is clearly nearer to the action
# than to all of these (someone arriving, telling, asking, waiting, remembering)
NARRATION = ["They talk in the room.", "She arrives at the station.", "He tells her about his plans.",
             "They meet on the street.", "She asks him a question.", "He explains the problem to her.",
             "They wait together for the news.", "She remembers the old days.", "He finds out the truth."]
BEAT_THRESHOLD = 0.36  # the least nearness of a beat's sentence to its action
OVER_NARRATION = 0.06  # how much nearer to the action than to plain narration
# how far a scene must lean to a quarrel (arms crossed), or to tenderness (a hand on the shoulder: a touch, so
# further, as scenes lean that way more often), for its opening to show it in a body
LEAN_ACT = {"arms crossed": -0.06, "hand on shoulder": 0.10}
LEAN_SUPPORT = 0.25  # ...and one of its lines must come this near to the body that shows it (whoever plays it says it)
PLACE_THRESHOLD = 0.25  # the least nearness of a place to the activity its seated people are busy with
PROP_THRESHOLD = 0.36  # the least nearness of a story object's name to the activity it is used in
# what a listener seen alone shows of what they heard: the reactions a face and shoulders play in a single
REACTIONS = ("nod", "head shake", "shrug", "laugh", "cry", "head in hands", "slump", "arms crossed", "turn away")

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
    beat: dict  # scene id -> (action, character id) its action sentence opens it with, if any
    offers: dict  # story object -> (activity, nearness) it is used in


def _meanings(state: CrewState, vectors: Embed) -> _Meanings:
    names = list(MEANINGS)
    lines = {ln.id: ln for scene in state.scenes for ln in scene.lines()}
    examples = [(k, t) for k, a in enumerate(names) for t in EXAMPLES.get(a, [])]
    pieces = [(sc.id, p) for sc in state.scenes for e in sc.actions() for p in _pieces(e.text)]
    objects = sorted({p for loc in state.locations for p in loc.props})
    groups = [[MEANINGS[a] for a in names], [NEAR, FAR], [ln.text for ln in lines.values()],
              [" ".join(e.text for e in sc.elements) for sc in state.scenes],
              [state.location(sc.location_id).description for sc in state.scenes],
              [t for _, t in examples], TALK, [p for _, p in pieces], NARRATION, objects]
    v = vectors([t for g in groups for t in g])  # one call: the texts in this order, split back by group
    acts, (near, far), line_v, scene_v, place_v, said, talk, piece_v, narration, object_v = np.split(
        v, np.cumsum([len(g) for g in groups])[:-1])
    owner = np.array([k for k, _ in examples])
    fit = {lid: _fit(x, acts, said, owner, talk) for lid, x in zip(lines, line_v)}
    ids = [sc.id for sc in state.scenes]
    lean = {sid: float(x @ near - x @ far) for sid, x in zip(ids, scene_v)}
    handled = acts[[names.index(a) for a in ACTIVITY]]
    busy = {sid: handled @ x for sid, x in zip(ids, place_v)}
    beat = _beats(state, names, acts, pieces, piece_v, narration)
    offers = {o: (ACTIVITY[int(np.argmax(handled @ x))], float((handled @ x).max())) for o, x in zip(objects, object_v)}
    return _Meanings(names, lines, acts, fit, lean, busy, beat, offers)


def _pieces(text: str) -> list[str]:
    """A scene's action sentence in its clauses ("A does this, and B does that" -> two), each still naming whom
    it is about."""
    out = []
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        out += [p.strip(" ,.;") for p in re.split(r",\s+and\s+|;\s+|\s+while\s+", sentence) if p.strip(" ,.;")]
    return out


def _beats(state: CrewState, names: list[str], acts: np.ndarray, pieces: list[tuple[str, str]],
           piece_v: np.ndarray, narration: np.ndarray) -> dict:
    """scene id -> (action, character id): what the scene's own action sentence says one person does, when one of
    its clauses is clearly nearer in meaning to an OPENING action than to plain narration and names whom it is
    about (the first of the scene's people it names)."""
    opening = [names.index(a) for a in OPENING]
    best: dict = {}
    for (sid, piece), x in zip(pieces, piece_v):
        scene = next(sc for sc in state.scenes if sc.id == sid)
        scores = acts[opening] @ x
        k = int(np.argmax(scores))
        plain = float((narration @ x).max()) if len(narration) else -1.0
        who = _named(state, scene, piece)
        if who and scores[k] >= BEAT_THRESHOLD and scores[k] >= plain + OVER_NARRATION and \
                scores[k] > best.get(sid, ("", "", -1.0))[2]:
            best[sid] = (OPENING[k], who, float(scores[k]))
    return {sid: (a, who) for sid, (a, who, _) in best.items()}


def _named(state: CrewState, scene: Scene, text: str) -> str:
    """The first of the scene's people the text names (by any word of their name), "" for none."""
    ws = wording.words(text)
    found = []
    for c in scene.characters:
        person = next((p for p in state.characters if p.id == c), None)
        parts = [w for w in wording.words(person.name) if len(w) > 2] if person else []
        at = [ws.index(w) for w in parts if w in ws]
        if at:
            found.append((min(at), c))
    return min(found)[1] if found else ""


@dataclass
class _Staging:
    """One scene being blocked: its location and seat, who sits, how often each action has played, each line's
    place in the scene, and the scene's shots."""

    scene: Scene
    location: Location
    seat: str
    seated: set[str]
    played: dict[str, int]
    index: dict[str, int]
    mine: list[Shot]


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
        for j, lid in enumerate(shot.line_ids):
            line = m.lines.get(lid)
            if line is None:
                continue
            _line_act(st, m, out, n, shot, update, chosen, j, lid, line)
        if not shot.line_ids and shot.characters:
            chosen += _silent(st, m, out, n, shot, update)
        update["acts"] = chosen
        shot = shot.model_copy(update=update)
        out.append(shot)


def _silent(st: _Staging, m: _Meanings, out: list[Shot], n: int, shot: Shot, update: dict) -> list[Act]:
    """What the people of a shot without lines do. The scene's opening wide plays what its action sentence says
    one of them does (`_beats`), else, when the scene leans clearly to tenderness or to a quarrel (NEAR, FAR),
    a hand on the other's shoulder or arms crossed by whoever has a line near enough to it; then the place's own
    activity by whoever sits (eating at a dinner table, typing at desks; with two or more seated, the last of them
    arrives and sits down as it opens), or, standing, what a story object there is used for (a cup: drinking); a
    later wide with people seated plays the place's activity; a listener seen alone reacts to what they heard
    (`_reaction`)."""
    scene, at = st.scene, len(shot.line_ids)
    first = all(s.scene_id != scene.id or not s.characters for s in out)
    acts: list[Act] = []
    free = list(shot.characters)
    if shot.framing == "wide" and first:
        action, who = m.beat.get(scene.id, ("", ""))
        if who in free and not (action in FEET and who in update["seated"]):
            acts.append(Act(character_id=who, action=action, at=at))
            free.remove(who)
            st.played[action] = st.played.get(action, 0) + 1
    lean = m.lean[scene.id]
    action = "hand on shoulder" if lean > 0 else "arms crossed"
    if shot.framing == "wide" and first and not acts and len(free) > 1 and abs(lean) >= abs(LEAN_ACT[action]):
        who = _nearest(st, m, action, free, LEAN_SUPPORT)
        partner = next((c for c in free if c != who), "") if action in TWO_PERSON else ""
        if who:
            acts.append(Act(character_id=who, action=action, at=at, partner=partner))
            free = [c for c in free if c not in (who, partner)]
            st.played[action] = st.played.get(action, 0) + 1
    seated = [c for c in update["seated"] if c in free]
    if shot.framing == "wide" and seated:
        act = _act_for(m.busy[scene.id], -1.0, list(ACTIVITY), {}, threshold=PLACE_THRESHOLD)
        if act:
            acts.append(Act(character_id=seated[0], action=act, at=at))
        if first and len(seated) > 1:
            update["seated"] = [c for c in update["seated"] if c != seated[-1]]
            acts.append(Act(character_id=seated[-1], action="sit down", at=at))
    elif shot.framing == "wide" and first and free:
        use = [(act, o, v) for o, (act, v) in m.offers.items() if o in st.location.props and v >= PROP_THRESHOLD]
        if use:
            act, o, _ = max(use, key=lambda u: u[2])
            acts.append(Act(character_id=free[0], action=act, at=at, prop=o))
    elif shot.subject and shot.framing in ("close-up", "over-shoulder", "medium"):
        react = _reaction(st, m, out, shot.subject)
        if react:
            acts.append(Act(character_id=shot.subject, action=react, at=at))
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
    own answer to it (the scene's next line, when it is theirs), by the same measure and bar as a line's action; "" when
    they do not answer or the answer is plain talk."""
    said = [i for s in out if s.scene_id == st.scene.id for i in s.line_ids]
    lines = st.scene.lines()
    after = st.index.get(said[-1], -1) + 1 if said else 0
    answer = lines[after] if after < len(lines) else None
    if answer is None or answer.character_id != who or not said or m.lines[said[-1]].character_id == who:
        return ""
    scores, talk = m.fit[answer.id]
    keep = [m.names.index(a) for a in REACTIONS]
    return _act_for(scores[keep], talk, list(REACTIONS), {})


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
    if single and act in FEET:
        if act in ("stand up", "walk out") or (act in NEEDS_FEET and speaker in seated):
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
        if act == "hug" and partner in seated:  # both rise to embrace
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

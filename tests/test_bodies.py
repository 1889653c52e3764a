"""Actors who act: bodies turn, sit, reach and carry (tools/image/poses.py, actions.py, stage.py), the blocking
chooses by meaning (agents/blocking.py), acting plays it over time (agents/acting.py) and poses.json records it."""

from __future__ import annotations

import json

import numpy as np
from test_figures import ADA, BEN, place, shot

from agents import acting
from agents.blocking import MEANINGS, block, seat_of
from agents.deliverables import poses_of
from agents.state import CrewState
from film.performance import ACTIONS, TWO_PERSON, Performance, Pose
from film.script import Line, Location, Pitch, Scene
from film.shots import Act, Shot, Take
from tools.image import build_stage
from tools.image.actions import limbs
from tools.image.figures import figure
from tools.image.poses import REST, two_bone

SIZE = (480, 270)
DINING = Location(id="loc-1", name="DINING ROOM", interior=True, time_of_day="NIGHT", setting="room",
                  description="a dining room with the family's dinner table", props=["letter"])


def alpha_width(img) -> int:
    cols = np.nonzero(np.asarray(img.getchannel("A")).max(axis=0) > 0)[0]
    return int(cols[-1] - cols[0])


def test_a_body_narrows_as_it_turns_and_every_action_moves_it():
    stage = build_stage(shot("medium", ["char-ada"], subject="char-ada"), [ADA, BEN], place(), 1, SIZE)
    actor = stage._actors[0]
    widths = [alpha_width(actor.body(actor.limbs(Pose(turn=t), 0.0))[0]) for t in (0.0, 0.5, 1.0)]
    assert widths[0] > widths[1] > widths[2]  # front, three-quarter, profile
    f = figure(ADA)
    rest = limbs(f, Pose()).key()
    still = [a for a in ACTIONS if all(limbs(f, Pose(action=a, phase=p, partner="x" if a in TWO_PERSON else ""),
                                             0.5).key() == rest for p in (0.3, 0.5, 0.7))]
    assert still == [] and len(ACTIONS) >= 24


def test_an_arm_reaches_its_target_with_the_elbow_down():
    elbow, hand = two_bone((0.1, 0.8), (0.4, 0.6), 0.2, 0.2, 1)
    assert np.hypot(hand[0] - 0.4, hand[1] - 0.6) < 1e-6
    assert elbow[1] < 0.8 and abs(np.hypot(elbow[0] - 0.1, elbow[1] - 0.8) - 0.2) < 1e-6
    _, far = two_bone((0.0, 0.8), (2.0, 0.8), 0.2, 0.2, 1)
    assert abs(far[0] - 0.4) < 1e-3  # beyond reach: the arm stretches out toward it


def test_a_handshake_steps_both_bodies_in_until_their_hands_meet():
    stage = build_stage(shot("wide", ["char-ada", "char-ben"]), [ADA, BEN], place(), 1, SIZE)
    poses = {"char-ada": Pose(turn=0.5, action="handshake", phase=0.5, partner="char-ben"),
             "char-ben": Pose(turn=-0.5, action="handshake", phase=0.5, partner="char-ada")}
    hands = []
    for a, pose, lim, dx in stage.play(poses):
        u, v = lim.hands[0 if lim.lead < 0 else 1]
        hands.append(a.p.x + dx + (u + lim.lean * 0.5) * a.p.unit)
        assert dx != 0 and lim.facing == (1 if a.cid == "char-ada" else -1)
    assert abs(hands[0] - hands[1]) < SIZE[0] * 0.03


def test_a_seated_actor_sits_lower_on_a_drawn_seat_and_rises_on_stand_up():
    stage = build_stage(shot("wide", ["char-ada"]), [ADA], place(), 1, SIZE)
    actor = stage._actors[0]
    sitting = actor.limbs(Pose(seat="chair"), 0.0)
    risen = actor.limbs(Pose(seat="chair", action="stand up", phase=1.0), 0.0)
    assert actor.head_shift(sitting)[1] > 0 and sitting.legs == "sit" and sitting.seat == "chair"
    assert actor.head_shift(risen)[1] == 0 and risen.legs == "stand"
    assert np.asarray(stage.frame({"char-ada": Pose(seat="chair")})).tobytes() != \
        np.asarray(stage.frame({"char-ada": Pose()})).tobytes()
    assert limbs(figure(ADA), Pose(action="drink", phase=0.5)).prop == "cup"  # a drink is held
    sat = build_stage(shot("wide", ["char-ada"], seat="chair", seated=["char-ada"]), [ADA], place(), 1, SIZE,
                      draw=False).faces()["char-ada"]
    assert sat[1] > build_stage(shot("wide", ["char-ada"]), [ADA], place(), 1, SIZE, draw=False).faces()["char-ada"][1]
    assert REST.key() == limbs(figure(ADA), Pose()).key()


def test_the_partner_plays_the_other_half_and_a_seated_one_stays_seated_till_they_rise():
    mouth = [acting.MouthFrame("open", 0.5)] * 30
    cues = [acting.cue("char-ada", "char-ben", 5, mouth, "Here, this letter is for you.")]
    beats = acting.beats_of([Act(character_id="char-ada", action="hand over", partner="char-ben", prop="letter"),
                             Act(character_id="char-ben", action="stand up", at=1)], cues, 200, 24,
                            {"char-ada", "char-ben"})
    assert [(b.actor, b.action) for b in beats] == [("char-ada", "hand over"), ("char-ben", "take"),
                                                     ("char-ben", "stand up")]
    poses = acting.performance([ADA, BEN], {"char-ada": 0.3, "char-ben": 0.7}, cues, 200, 24, 1, (), beats,
                               "chair", frozenset({"char-ada", "char-ben"}))
    assert poses[20]["char-ada"].action == "hand over" and poses[20]["char-ben"].action == "take"
    assert poses[20]["char-ada"].turn > 0 and poses[20]["char-ben"].turn < 0  # they face each other
    assert poses[20]["char-ada"].seat == "chair" and poses[20]["char-ada"].prop == "letter"
    assert poses[199]["char-ben"].action == "stand up" and poses[199]["char-ben"].phase == 1.0


def crew_state() -> CrewState:
    said = [("char-ada", "You did this! It is all your fault."), ("char-ben", "Here, this letter is for you."),
            ("char-ada", "I forgive you. I missed you so much.")]
    scene = Scene(id="scene-1", index=1, beat=1, location_id="loc-1", characters=["char-ada", "char-ben"],
                  seconds=10, elements=[Line(id=f"scene-1/line-{k + 1}", character_id=who, text=text)
                                        for k, (who, text) in enumerate(said)])
    shots = [Shot(id="scene-1/shot-1", scene_id="scene-1", characters=["char-ada", "char-ben"], framing="wide",
                  camera="static", seconds=2, line_ids=[], prompt="")]
    shots += [Shot(id=f"scene-1/shot-{k + 2}", scene_id="scene-1", characters=[who], framing="close-up",
                   camera="static", seconds=2, line_ids=[f"scene-1/line-{k + 1}"], prompt="", subject=who)
              for k, (who, _) in enumerate(said)]
    return CrewState(pitch=Pitch(text="Two old friends meet again."), characters=[ADA, BEN], scenes=[scene],
                     locations=[DINING], shots=shots)


def test_the_blocking_seats_the_table_faces_the_addressee_and_acts_each_line_by_meaning():
    state = crew_state()
    shots = block(state.shots, state)
    assert seat_of(DINING) == "chair" and all(s.seat == "chair" for s in shots)
    assert shots[0].seated == ["char-ada", "char-ben"] and shots[0].acts[0].action in ("eat", "drink")  # busy
    assert len(shots[0].acts) == 1  # nothing tells of anyone arriving: they are at the table already
    assert [s.toward for s in shots[1:]] == ["char-ben", "char-ada", "char-ben"]
    acts = [(a.character_id, a.action, a.prop) for s in shots[1:] for a in s.acts]
    assert acts == [("char-ada", "point", ""), ("char-ben", "hand over", "letter"), ("char-ada", "stand up", ""),
                    ("char-ben", "stand up", ""), ("char-ada", "hug", "")]  # both rise to embrace
    assert shots[2].framing == "medium" and shots[2].characters == ["char-ben", "char-ada"]  # both, on the speaker
    assert "hug" in MEANINGS and shots[3].seated == ["char-ada", "char-ben"]  # the embrace lifts her from her seat


def test_a_second_scene_is_blocked_anew_and_an_embrace_holds_both_in_frame():
    state = crew_state()
    park = Location(id="loc-2", name="PARK", interior=False, time_of_day="DAY", setting="field",
                    description="a park with a bench under the trees")
    again = Scene(id="scene-2", index=2, beat=2, location_id="loc-2", characters=["char-ada", "char-ben"],
                  seconds=4, elements=[Line(id="scene-2/line-1", character_id="char-ben",
                                            text="Let me hold you. I missed you so much, forgive me.")])
    shots = state.shots + [Shot(id="scene-2/shot-1", scene_id="scene-2", characters=["char-ben"],
                                framing="close-up", camera="static", seconds=2, line_ids=["scene-2/line-1"],
                                prompt="", subject="char-ben")]
    state = state.model_copy(update={"scenes": state.scenes + [again], "locations": [DINING, park],
                                     "shots": shots})
    last = block(state.shots, state)[-1]
    assert last.seat == "bench" and set(last.seated) == {"char-ada", "char-ben"}  # a new scene sits down anew
    assert [(a.character_id, a.action) for a in last.acts] == [
        ("char-ben", "stand up"), ("char-ada", "stand up"), ("char-ben", "hug")]  # from the bench: both rise first
    assert last.framing == "medium" and last.characters == ["char-ben", "char-ada"]  # on the speaker, with her


def test_poses_json_records_every_figure_s_view_stance_action_and_seat(tmp_path):
    state = crew_state()
    shot_ = block(state.shots, state)[2]
    poses = [{"char-ada": {"turn": 0.5, "seat": "chair"}, "char-ben": {"turn": -0.5, "seat": "chair"}}] * 3 + \
        [{"char-ada": {"turn": 0.5, "seat": "chair", "action": "hand over", "phase": 0.5, "partner": "char-ben"},
          "char-ben": {"turn": -0.5, "action": "take", "phase": 0.5, "partner": "char-ada"}}] * 2
    take = Performance(shot=shot_, characters=state.characters, location=DINING, size=SIZE, fps=24, stage_seed=1,
                       camera_seed=2, poses=poses)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "p.json").write_text(take.model_dump_json())
    state = state.model_copy(update={"shots": [shot_], "takes": [Take(shot_id=shot_.id, video="media/p.json")]})
    got = json.loads(json.dumps(poses_of(tmp_path, state)))[shot_.id]
    assert got["toward"] == "char-ada" and got["set_seat"] == "chair"
    ben = got["figures"]["char-ben"]
    assert ben["x"] > got["figures"]["char-ada"]["x"] and ben["back"] is False
    assert ben["spans"] == [
        {"from": 0, "to": 2, "view": "3/4-left", "stance": "seated", "action": "", "seat": "chair", "prop": ""},
        {"from": 3, "to": 4, "view": "3/4-left", "stance": "standing", "action": "take", "seat": "", "prop": ""}]


def test_a_three_quarter_body_and_face_swing_toward_whom_they_face():
    from PIL import Image, ImageDraw

    from tools.image.figures import _Pen, draw_head_base

    pen = _Pen(ImageDraw.Draw(Image.new("RGB", (10, 10))), 0.0, 0.0, 100.0).turned(0.45, 0.2)
    assert pen.p(0.0, 0.0)[0] > 5 and pen.p(0.2, 0.0)[0] == 20 and pen.p(-0.2, 0.0)[0] == -20  # the middle swings
    f = figure(ADA)

    def skin_right(look: float) -> int:  # skin-coloured pixels right of the middle of a head seen from behind
        img = Image.new("RGB", (200, 200))
        draw_head_base(_Pen(ImageDraw.Draw(img), 100, 100, 400.0), f, look, back=True)
        a = np.asarray(img)[:, 100:].astype(int)
        return int((np.abs(a - np.array(f.skin)).sum(axis=2) < 40).sum())

    assert skin_right(0.5) > skin_right(0.0) + 20  # turned right, the cheek and ear show on the right


def test_an_over_the_shoulder_s_near_shoulder_plays_what_reads_from_behind():
    stage = build_stage(shot("over-shoulder", ["char-ada", "char-ben"], subject="char-ada", toward="char-ben"),
                        [ADA, BEN], place(), 1, SIZE)
    back = next(a for a in stage._actors if a.p.back)
    assert back.limbs(Pose(action="shrug", phase=0.5), 0.0).key() != back.limbs(Pose(), 0.0).key()
    assert back.limbs(Pose(action="pace", phase=0.5), 0.0).key() == back.limbs(Pose(), 0.0).key()


def test_people_seated_in_a_wide_sit_behind_the_set_s_table():
    sat = shot("wide", ["char-ada", "char-ben"], seat="chair", seated=["char-ada", "char-ben"])
    drawn = build_stage(sat, [ADA, BEN], DINING, 1, SIZE)
    planned = build_stage(sat, [ADA, BEN], DINING, 1, SIZE, draw=False)
    assert drawn._front and [round(p.x) for p in drawn.composition.placed] == \
        [round(p.x) for p in planned.composition.placed]  # the performance is planned where they are drawn
    furniture: dict = {}
    from PIL import Image

    from tools.image.sets import draw_set
    draw_set(Image.new("RGB", (SIZE[0] * 2, SIZE[1] * 2)), DINING, 1, view=0, furniture=furniture)
    (x0, _, x1, y1), _, _ = furniture["dinner table"]
    for p in drawn.composition.placed:
        assert x0 * SIZE[0] - 5 < p.x < x1 * SIZE[0] + 5 and p.ground < y1 * SIZE[1]  # at the table, behind it
    img, (_, top) = drawn._front[0]
    assert top < min(p.ground for p in drawn.composition.placed)  # its top before their laps


def test_a_line_that_only_informs_keeps_the_body_still():
    state = crew_state()
    scene = state.scenes[0]
    plain = Scene(id="scene-1", index=1, beat=1, location_id="loc-1", characters=scene.characters, seconds=10,
                  elements=[Line(id="scene-1/line-1", character_id="char-ada",
                                 text="My office is on the fourth floor."), *scene.elements[1:]])
    shots = block(state.shots, state.model_copy(update={"scenes": [plain]}))
    assert shots[1].acts == [] and shots[2].acts[0].action == "hand over"


def test_someone_already_standing_never_stands_up():
    state = crew_state()
    scene = state.scenes[0]
    up = Scene(id="scene-1", index=1, beat=1, location_id="loc-2", characters=scene.characters, seconds=10,
               elements=[Line(id="scene-1/line-1", character_id="char-ada", text="Get up, we have to go."),
                         *scene.elements[1:]])
    street = Location(id="loc-2", name="STREET", interior=False, time_of_day="DAY", setting="street",
                      description="a quiet street")
    shots = [s.model_copy(update={"framing": "wide"}) for s in state.shots]
    got = block(shots, state.model_copy(update={"scenes": [up], "locations": [street], "shots": shots}))
    assert all(a.action != "stand up" for s in got for a in s.acts)


def scene_of(location: Location, said: list[tuple[str, str]], action: str = "") -> CrewState:
    """Ada and Ben in one scene at `location`: an opening wide, then a close-up on each line's speaker, and a
    reaction close-up on Ben after Ada's first line."""
    from film.script import Action
    elements = ([Action(text=action)] if action else []) + [
        Line(id=f"scene-1/line-{k + 1}", character_id=who, text=text) for k, (who, text) in enumerate(said)]
    scene = Scene(id="scene-1", index=1, beat=1, location_id=location.id, characters=["char-ada", "char-ben"],
                  seconds=10, elements=elements)
    shots = [Shot(id="scene-1/shot-1", scene_id="scene-1", characters=["char-ada", "char-ben"], framing="wide",
                  camera="static", seconds=2, line_ids=[], prompt="")]
    for k, (who, _) in enumerate(said):
        shots.append(Shot(id=f"scene-1/shot-{len(shots) + 1}", scene_id="scene-1", characters=[who],
                          framing="close-up", camera="static", seconds=2, line_ids=[f"scene-1/line-{k + 1}"],
                          prompt="", subject=who))
        if k == 0:
            shots.append(Shot(id=f"scene-1/shot-{len(shots) + 1}", scene_id="scene-1", characters=["char-ben"],
                              framing="close-up", camera="static", seconds=1.3, line_ids=[], prompt="",
                              subject="char-ben"))
    return CrewState(pitch=Pitch(text="Two people."), characters=[ADA, BEN], scenes=[scene], locations=[location],
                     shots=shots)


STREET = Location(id="loc-2", name="STREET", interior=False, time_of_day="DAY", setting="street",
                  description="a quiet street")


def test_a_quarrel_opens_with_arms_crossed_and_tenderness_with_a_hand_on_the_shoulder():
    quarrel = scene_of(STREET, [("char-ada", "You lied to me! This is all your fault."),
                                ("char-ben", "I don't believe a word you say. I won't apologise.")])
    opening = block(quarrel.shots, quarrel)[0]
    assert [(a.character_id, a.action) for a in opening.acts] == [("char-ben", "arms crossed")]  # his lines nearest
    tender = scene_of(STREET, [("char-ada", "I forgive you. I'm here for you, you're not alone."),
                               ("char-ben", "Thank you. I love you, I missed you so much.")])
    opening = block(tender.shots, tender)[0]
    assert [(a.action, a.partner) for a in opening.acts] == [("hand on shoulder", "char-ben")]
    plain = scene_of(STREET, [("char-ada", "My office is on the fourth floor."),
                              ("char-ben", "The meeting starts at nine.")])
    assert block(plain.shots, plain)[0].acts == []  # neither: the opening only stands there


def test_a_story_object_standing_people_can_use_gives_the_opening_its_activity():
    cafe = STREET.model_copy(update={"props": ["a cup of coffee"]})
    state = scene_of(cafe, [("char-ada", "My office is on the fourth floor."),
                            ("char-ben", "The meeting starts at nine.")])
    opening = block(state.shots, state)[0]
    assert [(a.character_id, a.action, a.prop) for a in opening.acts] == [("char-ada", "drink", "a cup of coffee")]
    violin = STREET.model_copy(update={"props": ["violin"]})  # nothing one drinks, eats, types or phones with
    state = scene_of(violin, [("char-ada", "My office is on the fourth floor."),
                              ("char-ben", "The meeting starts at nine.")])
    assert block(state.shots, state)[0].acts == []


def test_a_listener_seen_alone_reacts_as_their_answer_means_and_a_plain_answer_keeps_them_still():
    state = scene_of(STREET, [("char-ada", "Mum died last night."), ("char-ben", "She's gone. I can't believe it.")])
    reaction = block(state.shots, state)[2]
    assert reaction.line_ids == [] and [(a.character_id, a.action) for a in reaction.acts] == [("char-ben", "cry")]
    state = scene_of(STREET, [("char-ada", "Mum called last night."), ("char-ben", "The meeting starts at nine.")])
    assert block(state.shots, state)[2].acts == []


def test_a_scene_s_action_sentence_opens_it_with_what_it_says_someone_does():
    state = scene_of(STREET, [("char-ada", "My office is on the fourth floor."),
                              ("char-ben", "The meeting starts at nine.")],
                     action="Ben paces up and down the street, restless and anxious, waiting.")
    assert [(a.character_id, a.action) for a in block(state.shots, state)[0].acts] == [("char-ben", "pace")]


def test_a_place_that_is_busy_with_nothing_in_particular_seats_its_people_without_an_activity():
    church = Location(id="loc-3", name="CHURCH", interior=True, time_of_day="DAY", setting="room",
                      description="an empty church", place="church")
    state = scene_of(church, [("char-ada", "My office is on the fourth floor."),
                              ("char-ben", "The meeting starts at nine.")])
    opening = block(state.shots, state)[0]
    assert seat_of(church) == "bench" and opening.acts == []  # no phone in a pew
    assert opening.seated == ["char-ada", "char-ben"]  # in their pew already


def test_a_scene_s_action_line_tells_a_touch_by_its_verb_with_the_names_as_pronouns():
    from agents.narrated import as_pronouns
    state = scene_of(STREET, [("char-ada", "My office is on the fourth floor."),
                              ("char-ben", "The meeting starts at nine.")], action="Ada comforts Ben at the graveside.")
    assert as_pronouns(state, ["char-ada", "char-ben"], "Ada comforts Ben.")[0] == "she comforts him."
    opening = block(state.shots, state)[0]
    assert [(a.character_id, a.action, a.partner) for a in opening.acts] == [("char-ada", "hand on shoulder",
                                                                              "char-ben")]


def test_someone_sits_down_as_a_seated_scene_opens_only_when_its_action_line_says_they_arrive():
    said = [("char-ada", "My office is on the fourth floor."), ("char-ben", "The meeting starts at nine.")]
    state = scene_of(DINING.model_copy(update={"props": []}), said,
                     action="Ben comes in and takes a seat beside Ada.")
    opening = block(state.shots, state)[0]
    assert ("char-ben", "sit down") in [(a.character_id, a.action) for a in opening.acts]
    assert "char-ben" not in opening.seated  # he arrives on his feet, then sits
    state = scene_of(DINING.model_copy(update={"props": []}), said, action="Ada and Ben talk about work.")
    assert all(a.action != "sit down" for a in block(state.shots, state)[0].acts)  # both at the table already


def test_a_listener_seen_alone_as_the_scene_ends_takes_in_what_they_heard():
    state = scene_of(STREET, [("char-ada", "Mum died last night. She's gone.")])
    last = block(state.shots, state)[-1]
    assert last.line_ids == [] and [(a.character_id, a.action) for a in last.acts] == [("char-ben", "cry")]
    state = scene_of(STREET, [("char-ada", "The meeting starts at nine.")])
    assert block(state.shots, state)[-1].acts == []  # plain talk: nothing to take in


def test_a_listener_in_a_two_shot_takes_the_line_as_their_answer_means():
    state = scene_of(STREET, [("char-ada", "You took the money from the drawer."),
                              ("char-ben", "No, no, no. That's not true.")])
    two = state.shots[1].model_copy(update={"characters": ["char-ada", "char-ben"], "framing": "medium"})
    shots = block([state.shots[0], two, *state.shots[2:]], state.model_copy(update={"shots": []}))
    assert [(a.character_id, a.action) for a in shots[1].acts] == [("char-ben", "head shake")]


def test_an_action_line_that_tells_what_both_do_opens_with_both_bodies_playing_it():
    state = scene_of(STREET, [("char-ada", "My office is on the fourth floor."),
                              ("char-ben", "The meeting starts at nine.")],
                     action="Ada begs Ben to give it up, but Ben will not.")
    opening = block(state.shots, state)[0]
    assert [(a.character_id, a.action) for a in opening.acts] == [("char-ada", "reach out"),
                                                                  ("char-ben", "arms crossed")]


def test_a_state_the_opening_puts_someone_in_holds_through_the_scene_singles_included():
    quarrel = scene_of(STREET, [("char-ada", "You lied to me! This is all your fault."),
                                ("char-ben", "I don't believe a word you say. I won't apologise.")])
    two = quarrel.shots[1].model_copy(update={"characters": ["char-ada", "char-ben"], "framing": "medium"})
    later = quarrel.shots[3].model_copy(update={"characters": ["char-ben", "char-ada"], "framing": "medium"})
    shots = block([quarrel.shots[0], two, quarrel.shots[2], later], quarrel)
    assert [(a.character_id, a.action) for a in shots[0].acts] == [("char-ben", "arms crossed")]
    assert ("char-ben", "arms crossed") in [(a.character_id, a.action) for a in shots[1].acts]  # still, nearer
    assert [(a.character_id, a.action) for a in shots[2].acts] == [("char-ben", "arms crossed")]  # his close-up
    assert ("char-ada", "arms crossed") not in [(a.character_id, a.action) for a in shots[3].acts]  # not mirrored


def test_a_state_is_let_go_when_the_holders_own_line_gives_them_another_action():
    quarrel = scene_of(STREET, [("char-ada", "You lied to me! This is all your fault."),
                                ("char-ben", "I don't believe a word you say. I won't apologise."),
                                ("char-ben", "Leave me alone. I can't look at you.")])
    shots = block(quarrel.shots, quarrel)
    assert [(a.character_id, a.action) for a in shots[0].acts] == [("char-ben", "arms crossed")]
    assert [(a.character_id, a.action) for a in shots[2].acts] == [("char-ben", "arms crossed")]  # close up
    last = [(a.character_id, a.action) for a in shots[-1].acts]
    assert ("char-ben", "turn away") in last and ("char-ben", "arms crossed") not in last


def test_a_group_the_action_line_names_in_the_plural_all_play_what_it_tells_with_the_object_in_hand():
    from test_figures import person
    from film.script import Action
    crew = [person(f"char-{n}", role="sailor") for n in ("ann", "bob", "cy")]
    scene = Scene(id="scene-1", index=1, beat=1, location_id="loc-2", characters=[c.id for c in crew], seconds=10,
                  elements=[Action(text="The three sailors lift the heavy crate together and carry it up."),
                            Line(id="scene-1/line-1", character_id="char-ann", text="The meeting starts at nine.")])
    wide = Shot(id="scene-1/shot-1", scene_id="scene-1", characters=[c.id for c in crew], framing="wide",
                camera="static", seconds=2, line_ids=[], prompt="")
    state = CrewState(pitch=Pitch(text="Three sailors."), characters=crew, scenes=[scene],
                      locations=[STREET.model_copy(update={"props": ["crate"]})], shots=[wide])
    acts = block([wide], state)[0].acts
    assert sorted(a.character_id for a in acts if a.action == "carry") == [c.id for c in crew]
    assert {a.prop for a in acts} == {"crate"}


def test_a_group_medium_stands_two_in_front_and_the_others_behind_them():
    from test_figures import person
    from tools.image.framing import compose
    crew = [person(f"char-{n}", role="sailor") for n in ("ann", "bob", "cy", "dee")]
    medium = Shot(id="scene-1/shot-2", scene_id="scene-1", characters=[c.id for c in crew], framing="medium",
                  camera="static", seconds=2, line_ids=[], prompt="", subject="char-bob", toward="char-dee")
    placed = {p.cid: p for p in compose(medium, crew, (640, 360)).placed}
    front, back = [placed["char-bob"], placed["char-dee"]], [placed["char-ann"], placed["char-cy"]]
    assert all(b.unit < f.unit and b.ground < f.ground for b in back for f in front)
    assert placed["char-bob"].facing == 1 and placed["char-dee"].facing == -1  # the two in front face each other


def test_an_object_no_word_names_is_held_as_the_shape_its_meaning_asks_for():
    from tools.image.poses import held_kind
    assert [held_kind(n) for n in ("a fishing net", "the signed lease", "an old accordion", "a hammer",
                                   "a tea towel", "a loaf of dough", "a wine glass", "a bread knife", "a rusty sabre")] == [
        "net", "paper", "instrument", "tool", "cloth", "food", "glass", "blade", "blade"]


def test_a_clause_that_names_a_group_or_one_of_it_is_about_them():
    from test_figures import person
    from agents.narrated import clauses
    from film.script import Action
    crew = [person(f"char-{n}", role="dancer") for n in ("ann", "bob", "cy")] + [person("char-max", role="coach")]
    scene = Scene(id="scene-1", index=1, beat=1, location_id="loc-2", characters=[c.id for c in crew], seconds=10,
                  elements=[Action(text="The dancers rehearse in the studio until one bursts out laughing, and "
                                        "Max frowns.")])
    state = CrewState(pitch=Pitch(text="Three dancers."), characters=crew, scenes=[scene], locations=[STREET])
    told = [(c.named, c.group) for c in clauses(state)]
    dancers = ("char-ann", "char-bob", "char-cy")
    assert told[:2] == [(dancers, dancers), (("char-ann",), ())] and told[-1] == (("char-max",), ())


def test_a_group_s_others_in_a_medium_take_in_what_they_heard():
    from test_figures import person
    crew = [person(f"char-{n}", role="sailor") for n in ("ann", "bob", "cy")]
    scene = Scene(id="scene-1", index=1, beat=1, location_id="loc-2", characters=[c.id for c in crew], seconds=10,
                  elements=[Line(id="scene-1/line-1", character_id="char-ann", text="Ha! You should have seen his face, it was hilarious!"),
                            Line(id="scene-1/line-2", character_id="char-bob", text="The meeting starts at nine.")])
    medium = Shot(id="scene-1/shot-1", scene_id="scene-1", characters=[c.id for c in crew], framing="medium",
                  camera="static", seconds=2, line_ids=["scene-1/line-1"], prompt="", subject="char-ann")
    state = CrewState(pitch=Pitch(text="Three sailors."), characters=crew, scenes=[scene], locations=[STREET],
                      shots=[medium])
    acts = block([medium], state)[0].acts
    from agents.blocking import HEARD
    theirs = [a.action for a in acts if a.character_id == "char-cy"]
    assert len(theirs) == 1 and theirs[0] in HEARD, acts  # not the one who answers: they take in what they heard


def test_a_yes_is_said_with_a_nod_and_never_with_a_shake_of_the_head():
    for ask, yes in [("Did you sell the boat?", "Yes, it's true."), ("Is that the new teacher?", "Yeah, that's her.")]:
        state = scene_of(STREET, [("char-ada", ask), ("char-ben", yes)])
        his = [a.action for s in block(state.shots, state) for a in s.acts if a.character_id == "char-ben"]
        assert his and set(his) == {"nod"}, (yes, his)
    plain = scene_of(STREET, [("char-ada", "Did you sell the boat?"), ("char-ben", "Nobody bought it last spring.")])
    assert not any(s.acts for s in block(plain.shots, plain))  # no yes or no: plain talk keeps the body still


def test_a_verb_that_is_an_action_in_wordnet_tells_it_and_a_thing_decides_a_hand_over():
    """Sentence vectors put 'she gives him a spanner' nearer despair than a hand over; the verb's own sense tells
    it, as it tells a sob (under weeping) and a plea; what is given must be a thing in the hands."""
    plain = [("char-ada", "My office is on the fourth floor."), ("char-ben", "The meeting starts at nine.")]
    for action, told in [("hand over", "Ada gives Ben a spanner and tells him to be quick."),
                         ("cry", "Ben sobs in the doorway."), ("reach out", "Ada pleads with Ben to stay.")]:
        state = scene_of(STREET, plain, action=told)
        assert [a.action for a in block(state.shots, state)[0].acts][:1] == [action], told
    from agents.narrated import doing
    assert doing("she gives him a second chance") == doing("she does not hug him") == ""
    assert doing("she buys a ring") == doing("he is handed a spanner") == ""  # nobody takes it; the other's doing


def test_a_line_that_denies_something_never_plays_what_its_affirmation_calls_for():
    """Sentence vectors hardly see a 'not': 'I'm not leaving you' came nearest 'I'm leaving' and walked out, and
    'I never said it was your fault' pointed an accusing finger."""
    for denial, wrong in [("I'm not leaving you. Not tonight.", {"walk out", "turn away"}),
                          ("It wasn't you. I never said it was your fault.", {"point"})]:
        state = scene_of(STREET, [("char-ada", "Will you go away tonight?"), ("char-ben", denial)])
        his = {a.action for s in block(state.shots, state) for a in s.acts if a.character_id == "char-ben"}
        assert not his & wrong, (denial, his)
    from agents.blocking import _negated
    assert not _negated("Why don't you sit with me?") and not _negated("No, it's fine.")

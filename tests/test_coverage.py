"""Coverage like an editor's: the speaker gets the shot, the listener a reaction, no set-up repeats in a film,
each scene is seen from its own side of the set, and a story object named in a scene gets an insert."""

from __future__ import annotations

from agents.cinematographer import cover
from film.cast import Character, Look, VoiceSpec
from film.script import Action, Line, Location, Scene

PLACE = Location(id="loc-1", name="TAILOR'S SHOP", interior=True, time_of_day="NIGHT", setting="room",
                 description="a tailor's shop in Lisbon", place="shop", props=["coat", "urn"])


ANA_AND_RUI = [Character(id=c, name=c[5:].title(), role="r", trait="t", voice=VoiceSpec(),
                         look=Look(palette=["#204080"], silhouette="tall", wardrobe="coat", hair="grey", accessory=""))
               for c in ("char-ana", "char-rui")]


def scene(index: int, speakers: list[str], action: str) -> Scene:
    lines = [Line(id=f"scene-{index}/line-{k + 1}", character_id=who, text=f"Line {k} of scene {index}.")
             for k, who in enumerate(speakers)]
    return Scene(id=f"scene-{index}", index=index, beat=index, location_id=PLACE.id,
                 characters=["char-ana", "char-rui"], seconds=10, elements=[Action(text=action), *lines])


def test_the_speaker_gets_every_dialogue_shot_and_no_setup_repeats():
    scenes = [scene(1, ["char-ana", "char-rui", "char-ana", "char-rui", "char-ana"], "Ana holds up the coat."),
              scene(2, ["char-rui", "char-ana", "char-rui"], "Rui looks at the coat again."),
              scene(3, ["char-ana", "char-rui", "char-ana", "char-ana"], "The urn stands on the counter.")]
    shown: set[str] = set()
    used: set[tuple] = set()
    shots = [s for i, sc in enumerate(scenes) for s in cover(sc, PLACE, i == 2, shown, used)]
    speaker = {line.id: line.character_id for sc in scenes for line in sc.lines()}
    for s in shots:
        if s.line_ids:
            assert s.subject == speaker[s.line_ids[0]] == s.characters[0]
    setups = [(s.framing, s.subject, s.angle) for s in shots if s.subject]
    assert len(set(setups)) == len(setups)  # no set-up on a person repeats anywhere in the film
    assert [s.props for s in shots if s.framing == "insert"] == [["coat"], ["urn"]]  # once per object
    opens = [s for s in shots if s.framing == "wide"]
    assert len({s.view for s in opens}) == 3
    reactions = [s for s in shots if not s.line_ids and s.subject]
    assert [r.subject for r in reactions] == ["char-rui", "char-ana", "char-rui"]  # the one who did not speak last
    assert shots[-1].camera == "pull-out"


def test_an_exit_and_an_entrance_in_the_action_are_walked_inside_the_shots_around_them():
    from film.ledger import Fact
    from film.shots import Move, Shot
    from memory.continuity import moves_in, scene_facts

    s = Scene(id="scene-1", index=1, beat=1, location_id=PLACE.id, characters=["char-ana", "char-rui"], seconds=10,
              elements=[Line(id="scene-1/line-1", character_id="char-ana", text="I am going."),
                        Action(text="Ana leaves the shop."),
                        Line(id="scene-1/line-2", character_id="char-rui", text="Wait for me."),
                        Action(text="Ana comes in again."),
                        Line(id="scene-1/line-3", character_id="char-ana", text="I forgot my coat.")])
    facts: list[Fact] = scene_facts(s, PLACE, ANA_AND_RUI, "")

    def shot(line: str, who: list[str]) -> Shot:
        return Shot(id="scene-1/shot-x", scene_id="scene-1", characters=who, framing="medium", camera="static",
                    seconds=3, line_ids=[line], prompt="")

    assert moves_in(shot("scene-1/line-1", ["char-ana", "char-rui"]), s, facts) == [
        Move(character_id="char-ana", kind="exit", at=1)]
    assert moves_in(shot("scene-1/line-3", ["char-ana", "char-rui"]), s, facts) == [
        Move(character_id="char-ana", kind="enter", at=0)]
    assert moves_in(shot("scene-1/line-2", ["char-rui"]), s, facts) == []


def test_only_whom_the_exit_s_clause_names_leaves():
    from memory.continuity import present_at, scene_facts

    s = Scene(id="scene-1", index=1, beat=1, location_id=PLACE.id, characters=["char-ana", "char-rui"], seconds=10,
              elements=[Line(id="scene-1/line-1", character_id="char-ana", text="Give it back."),
                        Action(text="Ana asks for the coat back, and Rui storms out of the shop."),
                        Line(id="scene-1/line-2", character_id="char-ana", text="Rui, wait.")])
    facts = scene_facts(s, PLACE, ANA_AND_RUI, "")
    assert [(f.subject, f.at) for f in facts if f.kind == "exit"] == [("char-rui", 1)]
    assert present_at(facts, 2) == {"char-ana"}

"""Casting: who each character is (kind and sex from the story engine's reading, else the role's words), a look
that follows from it and differs from cast to cast, and a voice that fits them and no one else in the cast has."""

from __future__ import annotations

import random

import numpy as np
import pytest

from agents.casting import design_look, settle_sex, who_is
from film.story import Person
from tools.image.palette import COLOURS

PALE = {COLOURS[n] for n in ("white", "cream", "silver", "grey")}


def test_kind_and_sex_come_from_the_reading_then_the_role_words():
    assert who_is("astronaut", Person(role="astronaut", kind="elder", sex="female"), "", True) == ("elder", "female")
    assert who_is("old fisherman", None, "", False) == ("elder", "unknown")
    assert who_is("little girl", None, "", False) == ("child", "female")
    assert who_is("lost robot", None, "she", True) == ("machine", "unknown")
    assert who_is("street musician", None, "A street musician finds her violin.", True) == ("human", "female")
    assert who_is("street musician", None, "A street musician finds her violin.", False) == ("human", "unknown")
    # last, the pronouns the treatment's beats use for the role (agents/pronouns.py)
    assert who_is("street musician", None, "", False, "male") == ("human", "male")
    assert who_is("aunt", None, "", False, "male") == ("human", "female")  # the role's own word first


def test_a_person_nothing_sexes_is_cast_to_keep_the_cast_mixed():
    rng = random.Random(1)
    assert settle_sex("human", "unknown", ["female"], rng) == "male"
    assert settle_sex("human", "unknown", ["male", "male"], rng) == "female"
    assert settle_sex("machine", "unknown", [], rng) == "unknown"
    assert settle_sex("human", "female", ["female"], rng) == "female"


def test_looks_follow_who_the_character_is():
    rng = random.Random(3)
    elder = design_look("retired astronaut", "blue cardigan", "elder", "female", rng, set())
    child = design_look("granddaughter", "green dress", "child", "female", rng, set())
    robot = design_look("lost robot", "dented plating", "machine", "unknown", rng, set())
    ghost = design_look("ghost", "red gown", "spirit", "female", rng, set())
    keeper = design_look("lighthouse keeper", "yellow raincoat", "human", "male", rng, set())
    assert elder.hair.split()[0] in ("grey", "white", "silver") and elder.palette[0] == COLOURS["blue"]
    assert child.silhouette == "short"
    assert robot.silhouette == "boxy" and robot.hair == "none"
    assert ghost.palette[0] in PALE, "a ghost is pale, whatever the wardrobe's colour"
    assert keeper.accessory.endswith("lantern") and keeper.palette[0] == COLOURS["yellow"]


def test_no_fixed_template_across_casts():
    """The first and second characters of casts with different seeds wear different things (no red scarf on
    every first character, no round glasses on every second)."""
    firsts, seconds = set(), set()
    for seed in range(8):
        rng, used, worn = random.Random(seed), set(), set()
        firsts.add(design_look("baker", "plain clothes", "human", "female", rng, used, worn).accessory)
        seconds.add(design_look("courier's friend", "plain clothes", "human", "male", rng, used, worn).accessory)
        assert len(worn) == 2, "two characters of one cast never share an accessory"
    assert len(firsts) >= 4 and len(seconds) >= 4


@pytest.mark.slow
def test_a_situation_pitch_casts_a_woman_and_a_man_with_fitting_voices(tmp_path):
    """A couple's quarrel implies a woman and a man (the premise's couple): Casting makes them a woman and a man,
    and their real voices measure in the eval's ranges and apart from each other; the cast line says each voice
    in words; the cast reused in a second film keeps its voices."""
    from conftest import crew_context, run_crew
    from fakes import ScriptedLLM
    from filmcrew.scorecard import F0_RANGE, voice_print
    from tools.voice import Voices, read_wav, resample

    pitch = "A couple quarrel the night before their wedding."
    state = run_crew(crew_context(tmp_path / "a", ScriptedLLM()), pitch, seconds=10, until="writer.screenplay")
    assert [(p.kind, p.sex) for p in state.treatment.reading.people] == [("human", "female"), ("human", "male")]
    woman, man = state.characters
    assert (woman.kind, woman.sex, man.kind, man.sex) == ("human", "female", "human", "male")
    line = next(m.text for m in state.discussion if m.speaker == "Casting")
    assert "voice: festival slt, +2 st (US woman)" in line and "voice: flite rms (US man)" in line
    heard = {}
    for c, kind in ((woman, "woman"), (man, "man")):
        Voices().speak("I never thought the cake would fall over like that.", c.voice, 1, tmp_path / "v.wav")
        audio, rate = read_wav(tmp_path / "v.wav")
        f0s, spectrum = voice_print([resample(audio, round(len(audio) * 16000 / rate))])
        heard[kind] = float(np.median(f0s))
        assert F0_RANGE[kind][0] <= heard[kind] <= F0_RANGE[kind][1], (kind, heard[kind])
    assert abs(12 * np.log2(heard["woman"] / heard["man"])) > 6
    again = run_crew(crew_context(tmp_path / "b", ScriptedLLM(), seed=2), pitch, seconds=10,
                     until="writer.screenplay", reuse_cast=state.characters)
    assert {c.name: c.voice for c in again.characters} == {c.name: c.voice for c in state.characters}


def test_a_sheet_whose_name_is_refused_stops_at_the_name_and_the_next_try_asks_again(tmp_path):
    from agents.casting import CastSheet
    from prompts import render
    from tests.conftest import crew_context
    from tests.fakes import ScriptedLLM

    llm = ScriptedLLM(script={"name": ["Mara Quinn", "Ada Lind"]})
    ctx = crew_context(tmp_path, llm)
    sheet = ctx.llm.fill(CastSheet, render("character", pitch="A ferry crosses at night.", role="ferry pilot"),
                         node="test", artifact="cast/pilot", accept_field=lambda f, v: f != "name" or v != "Mara Quinn")
    assert sheet is not None and sheet.name == "Ada Lind"
    assert llm.calls == 4  # the refused name, then a whole sheet: no trait or wardrobe for the refused one


def test_a_person_the_pitch_names_keeps_that_name_and_is_a_person(tmp_path):
    """'Tomás' is who the pitch names: Casting refuses any other name the model offers (falling back to the
    pitch's own) and never reads an unknown name as a spirit."""
    from conftest import crew_context, run_crew
    from fakes import ScriptedLLM

    llm = ScriptedLLM(script={"name": ["Tomahawk", "Tomahawk", "Tomahawk", "Tomahawk", "Tomahawk", "Tomahawk"]})
    state = run_crew(crew_context(tmp_path, llm), "Tomás hides a stray dog from his aunt.", seconds=10,
                     until="writer.screenplay")
    tomas = next(c for c in state.characters if c.role == "Tomás")
    assert tomas.name.split()[0] == "Tomás" and tomas.kind == "human"


def test_a_person_whose_first_name_reads_as_no_sex_or_the_other_gets_one_of_their_own_sex():
    import random

    from agents.casting import FIRST_NAMES, own_sex_name

    rng = random.Random(3)
    renamed = own_sex_name("Skeeter Lang", "female", "human", rng, {"Ada Lind"})
    assert renamed.endswith(" Lang") and renamed.split(" ")[0].lower() in FIRST_NAMES["female"]
    assert own_sex_name("Gordon Pike", "male", "human", rng, set()) == "Gordon Pike"
    assert own_sex_name("Sprocket", "male", "machine", rng, set()) == "Sprocket"


def test_a_note_that_asks_for_a_garment_dresses_the_one_it_names(tmp_path):
    """'Dress the keeper in a red coat.': whatever the model writes for the keeper's wardrobe (here a long coat),
    the keeper wears a red coat, in red; the robot the note does not name is not dressed by it."""
    from conftest import crew_context, run_crew
    from fakes import ScriptedLLM

    ctx = crew_context(tmp_path, ScriptedLLM(script={"wardrobe": ["grey suit and a long coat"] * 4}))
    ctx.scheduled[("casting.cast", 1)] = ["Dress the keeper in a red coat."]
    state = run_crew(ctx, "A lonely lighthouse keeper befriends a lost robot during a storm.", seconds=10,
                     until="writer.screenplay")
    keeper = next(c for c in state.characters if "keeper" in c.role)
    robot = next(c for c in state.characters if c is not keeper)
    assert keeper.look.wardrobe == "red coat and grey suit" and keeper.look.palette[0] == COLOURS["red"]
    assert robot.look.wardrobe == "grey suit and a long coat"  # the note does not name the robot
    reply = next(m.text for m in state.discussion if m.speaker == "Casting" and m.text.startswith("Re your note"))
    assert "it is in now" in reply and "could not" not in reply  # 'Dress' is the instruction, not a word asked
    sheets = [p for p in ctx.llm.llm.prompts if '"wardrobe": "' in p]
    assert sheets and not any("red coat" in p for p in sheets)  # the model is not shown what the program puts on


def test_what_the_pitch_dresses_someone_in_they_wear_and_no_one_else_does(tmp_path):
    """'A juggler in a yellow raincoat ...': whatever the model writes, the juggler wears a yellow raincoat; the
    busker in the same sentence does not, nor does 'her' coat go to a man ('her brother hides her scarf')."""
    from conftest import crew_context, run_crew
    from fakes import ScriptedLLM

    from agents.casting import worn_in

    ctx = crew_context(tmp_path, ScriptedLLM(script={"wardrobe": ["grey suit and a long coat"] * 4}))
    state = run_crew(ctx, "A juggler in a yellow raincoat steals the pitch of an old busker.", seconds=10,
                     until="writer.screenplay")
    juggler = next(c for c in state.characters if c.role == "juggler")
    busker = next(c for c in state.characters if c is not juggler)
    assert juggler.look.wardrobe.startswith("yellow raincoat") and juggler.look.palette[0] == COLOURS["yellow"]
    assert "raincoat" not in busker.look.wardrobe
    assert worn_in("A goalkeeper throws down his scarf and walks off.", "goalkeeper") == ["scarf"]
    assert worn_in("Her brother hides her scarf.", "brother") == []


def test_two_people_are_never_given_one_manner(tmp_path):
    """A trait the model gives a second person that says no more than the first's ('cheerful' after 'happy and
    cheerful') is refused and the sheet asked again, so two people in a scene speak two ways."""
    from conftest import crew_context, run_crew
    from fakes import ScriptedLLM

    llm = ScriptedLLM(script={"trait": ["happy and cheerful", "cheerful", "slow and sarcastic"]})
    state = run_crew(crew_context(tmp_path, llm), "A tram driver argues with a ticket inspector.", seconds=10,
                     until="writer.screenplay")
    assert [c.trait for c in state.characters[:2]] == ["happy and cheerful", "slow and sarcastic"]

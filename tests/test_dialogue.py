"""Lines a viewer follows, with no language model: spoken to the people in the scene (not about them), nobody
asleep talks, a rewrite stays the line its reply answers, each speaker has a manner, and the prompt shows the
library's exchanges spoken by this scene's people. Every line and pitch here is written for these tests."""

from __future__ import annotations

from agents.premise import premise_for
from agents.reading import read_pitch
from agents.address import addressed, calls_self_by_kin, calls_wrong_kin, kin_address, speaks_of_present, spoken
from agents.writer import _answering_last, _first_sentence, asleep, examples, people_line, speechless, voice_of
from film.cast import Character, Look, VoiceSpec
from film.script import Line, Scene


def person(cid: str, name: str, role: str, trait: str = "calm") -> Character:
    return Character(id=cid, name=name, role=role, trait=trait, voice=VoiceSpec(),
                     look=Look(palette=["#000000"], silhouette="tall", wardrobe="coat", hair="grey", accessory="hat"))


BEA = person("char-bea", "Bea Hollis", "beekeeper", "blunt, counts everything")
TOM = person("char-tom", "Tom Reyes", "neighbour", "nervous, talks too much")
IVY = person("char-ivy", "Ivy Marsh", "niece")


def test_a_line_calls_the_listener_by_name_but_never_speaks_of_them_to_their_face():
    cast, everyone = [BEA, TOM], [BEA, TOM, IVY]
    assert addressed("Tom, the hives are empty.", BEA, cast, everyone)
    assert addressed("The hives are empty, Tom.", BEA, cast, everyone)
    assert not addressed("Tom took the honey again.", BEA, cast, everyone)
    assert not addressed("I think the neighbour took the honey.", BEA, cast, everyone)
    assert addressed("You're the neighbour who took the honey.", BEA, cast, everyone)


def test_a_line_names_nobody_outside_the_scene_and_nobody_the_film_lacks():
    cast, everyone = [BEA, TOM], [BEA, TOM, IVY]
    assert not addressed("Ivy, bring the smoker.", BEA, cast, everyone)  # Ivy is not in this scene
    assert not addressed("Margaret Dunmore sold us these bees.", BEA, cast, everyone)
    assert addressed("Mum sold us these bees.", BEA, cast, everyone)


def test_nobody_asleep_in_the_beat_speaks_but_who_falls_asleep_did():
    assert asleep(TOM, "Bea finds the neighbour asleep on the porch swing.")
    assert asleep(TOM, "Bea tiptoes past the sleeping neighbour with the jar.")
    assert not asleep(TOM, "The neighbour falls asleep holding the jar, and Bea covers him.")
    assert not asleep(BEA, "Bea finds the neighbour asleep on the porch swing.")
    assert asleep(TOM, "Bea reads to the neighbour, who lies asleep in the hammock.")


def test_one_awake_with_a_sleeper_says_one_line_to_them_not_a_monologue(tmp_path):
    from tests.conftest import crew_context, run_crew
    from tests.fakes import ScriptedLLM

    beat = "The beekeeper sings to the neighbour, who lies asleep in the hammock."
    llm = ScriptedLLM(script={"beat": [beat] * 12})
    state = run_crew(crew_context(tmp_path, llm), "A beekeeper watches over her sleeping neighbour through a storm.",
                     seconds=20, until="director.review_script")
    slept = [s for s, b in zip(state.scenes, state.treatment.beats) if "asleep" in b.summary]
    assert slept and all(len(s.lines()) == 1 for s in slept)


def test_an_animal_among_people_is_silent_unless_the_pitch_gives_it_speech():
    goat = person("char-goat", "Clover", "goat").model_copy(update={"kind": "animal"})
    crow = person("char-crow", "Ash", "crow").model_copy(update={"kind": "animal"})
    assert speechless(goat, [BEA, goat], "A beekeeper chases her runaway goat through the village fair.")
    assert not speechless(goat, [BEA, goat], "A beekeeper and her talking goat run for mayor.")
    assert not speechless(goat, [BEA, goat], "A goat tells a beekeeper where the queen bee went.")
    assert not speechless(goat, [goat, crow], "A goat and a crow share a winter in one barn.")  # animals only
    assert not speechless(goat, [BEA, goat], "A detective goat investigates the stolen honey.",
                          lead="the detective goat")  # the story is told through it
    assert not speechless(BEA, [BEA, goat], "A beekeeper chases her runaway goat through the village fair.")


def test_nobody_calls_themself_by_their_role_or_what_family_calls_it():
    gran = person("char-gran", "Edna Pike", "grandmother")
    assert spoken("Grandma, you drive too slowly.", gran, [gran, TOM], "") is None
    assert spoken("You drive too slowly, grandma.", gran, [gran, TOM], "") is None
    assert spoken("Grandma, you drive too slowly.", TOM, [gran, TOM], "") is not None
    assert spoken("Beekeeper, the hive is empty.", BEA, [BEA, TOM], "") is None


def test_nobody_gives_their_own_role_away_or_takes_another_s():
    """'You are my father!' said by the father; 'I am your beekeeper' said by the neighbour."""
    gran = person("char-gran", "Edna Pike", "grandmother")
    assert spoken("Stop it. You are my grandma!", gran, [gran, TOM], "") is None
    assert spoken("You are my grandma, and I love you.", TOM, [gran, TOM], "") is not None
    assert spoken("I'm your beekeeper, so listen.", TOM, [BEA, TOM], "") is None
    assert spoken("I'm your beekeeper, so listen.", BEA, [BEA, TOM], "") is not None


def test_a_name_in_capitals_as_a_cue_prints_it_is_said_as_a_name():
    assert spoken("TOM, the hive is empty.", BEA, [BEA, TOM], "") == "Tom, the hive is empty."


def test_a_dog_among_people_says_nothing_and_no_note_asks_it_to(tmp_path):
    from tests.conftest import crew_context, run_crew
    from tests.fakes import ScriptedLLM

    llm = ScriptedLLM(script={"beat": ["The shepherd whistles, and the sheepdog runs back to her side."] * 12})
    state = run_crew(crew_context(tmp_path, llm), "A shepherd searches the hills for her lost sheepdog.", seconds=20,
                     until="gate.screenplay")
    dogs = {c.id for c in state.characters if c.kind == "animal"}
    assert dogs and len(state.characters) > len(dogs)
    assert all(set(s.characters) & dogs for s in state.scenes)
    assert not [line for s in state.scenes for line in s.lines() if line.character_id in dogs]
    assert not [n for n in state.notes if set(n.about) & dogs]


def test_cutting_a_line_that_is_answered_cuts_the_scenes_last_line_instead():
    scene = Scene(id="scene-1", index=1, beat=1, location_id="loc-1", characters=[BEA.id, TOM.id], seconds=10,
                  elements=[Line(id="scene-1/line-1", character_id=BEA.id, text="Who opened the hive?"),
                            Line(id="scene-1/line-2", character_id=TOM.id, text="I did, to count them.")])
    assert _answering_last(scene, "scene-1/line-1").id == "scene-1/line-2"
    assert _answering_last(scene, "scene-1/line-2") is None


def test_each_speaker_has_a_manner_and_the_examples_are_spoken_by_the_films_people():
    assert people_line([BEA, TOM], None) == ("BEA, the beekeeper, blunt, counts everything. "
                                             "TOM, the neighbour, nervous, talks too much.")
    pitch = "Two roommates argue over who ate the last of the birthday cake."
    premise = premise_for(read_pitch(pitch))
    shown = examples(premise, "trouble", [BEA, TOM])
    assert shown.startswith("Story: ") and "People: " in shown and "Scene: " in shown
    assert all(voice_of(c, premise) for c in (BEA, TOM))


def test_a_possessive_of_a_name_in_the_scene_is_still_that_person():
    assert addressed("Tom, is that Bea's smoker?", IVY, [BEA, TOM, IVY], [BEA, TOM, IVY]) is False  # of Bea to Bea
    assert addressed("Tom, where is your smoker?", BEA, [BEA, TOM], [BEA, TOM, IVY])


def test_she_or_he_for_the_only_one_it_can_mean_standing_there_loses():
    girl = person("char-kit", "Kit Vale", "girl").model_copy(update={"sex": "female"})
    man = person("char-ned", "Ned Vale", "guard").model_copy(update={"sex": "male"})
    aunt = person("char-ada", "Ada Vale", "aunt").model_copy(update={"sex": "female"})
    assert speaks_of_present("Why is she here?", man, [man, girl], [man, girl])
    assert not speaks_of_present("Why is she here?", man, [man, girl], [man, girl, aunt])  # the aunt, elsewhere
    assert not speaks_of_present("Why are you here?", man, [man, girl], [man, girl])


def test_a_line_that_runs_long_is_trimmed_to_its_first_sentence_before_any_line_is_cut():
    scene = Scene(id="scene-1", index=1, beat=1, location_id="loc-1", characters=[BEA.id, TOM.id], seconds=10,
                  elements=[Line(id="scene-1/line-1", character_id=BEA.id,
                                 text="Tom, the queen is gone. She left this morning while you were still asleep."),
                            Line(id="scene-1/line-2", character_id=TOM.id, text="Then we follow her.")])
    assert _first_sentence(scene, "scene-1/line-1") == "Tom, the queen is gone."
    assert _first_sentence(scene, "scene-1/line-2") is None  # one sentence: nothing to trim


def test_a_child_or_grandchild_calls_a_parent_or_grandparent_as_family_does_not_by_name():
    sailor = person("char-sailor", "Anders Holm", "sailor").model_copy(update={"kind": "elder", "sex": "male"})
    grandson = person("char-kid", "Luca Holm", "grandson")
    assert kin_address("Anders, the boat is leaking.", grandson, [grandson, sailor]) == "Grandpa, the boat is leaking."
    assert kin_address("I know Anders built it.", grandson, [grandson, sailor]) == "I know Anders built it."
    assert kin_address("Luca, bail faster.", sailor, [grandson, sailor]) == "Luca, bail faster."
    assert calls_self_by_kin("Grandpa, bail faster.", sailor, [grandson, sailor])  # he is the grandpa here
    assert not calls_self_by_kin("Grandpa, bail faster.", grandson, [grandson, sailor])
    mother = person("char-mum", "Rosa Vidal", "mother").model_copy(update={"sex": "female"})
    twin, husband = person("char-twin", "Pol Vidal", "twin"), person("char-hus", "Jordi Vidal", "husband")
    assert kin_address("Leave the light on, Rosa.", twin, [mother, twin]) == "Leave the light on, Mum."
    assert kin_address("Leave the light on, Rosa.", husband, [mother, husband]) == "Leave the light on, Rosa."


def test_a_parent_the_pitch_names_by_the_family_word_is_called_by_it():
    mom = person("char-mom", "Greta Lind", "mom").model_copy(update={"sex": "female"})
    courier, dad = person("char-cou", "Oskar Lind", "courier"), person("char-dad", "Nils Lind", "husband")
    assert kin_address("Greta, the van is ready.", courier, [courier, mom]) == "Mom, the van is ready."
    assert kin_address("Greta, the van is ready.", dad, [dad, mom]) == "Greta, the van is ready."
    assert calls_self_by_kin("Mom, the van is ready.", mom, [courier, mom])


def test_a_grandchild_never_calls_a_grandfather_grandma():
    sailor = person("char-sailor", "Anders Holm", "sailor").model_copy(update={"kind": "elder", "sex": "male"})
    grandson = person("char-kid", "Luca Holm", "grandson")
    assert calls_wrong_kin("Grandma, the sail is torn.", grandson, [grandson, sailor])
    assert calls_wrong_kin("The sail is torn, Mom.", grandson, [grandson, sailor])
    assert not calls_wrong_kin("Grandpa, the sail is torn.", grandson, [grandson, sailor])
    assert not calls_wrong_kin("Mom, the sail is torn.", sailor, [grandson, sailor])  # nothing says what he calls Luca
    assert calls_wrong_kin("Okay, Grandma. The sail is torn.", grandson, [grandson, sailor])  # any sentence's

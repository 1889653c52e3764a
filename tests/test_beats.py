"""Beats the model writes from the library's beat sheets: refused unless they are a sentence of action about the
cast, scored, recorded, and the template kept where nothing passes (scripted model; pitches written for this
file)."""

from __future__ import annotations

from agents import beats, story
from agents.premise import complete, premise_for
from agents.reading import read_pitch
from film import events
from film.events import read_events
from film.recorder import Recorder
from tests.fakes import ScriptedLLM
from tools.llm import TextModel

PITCH = "A tired ferry mechanic must fix the engine before the last crossing of the night."
CAST = ["the ferry mechanic", "the deckhand"]


def test_a_sentence_of_action_about_the_cast_passes():
    said = beats.check(" The ferry mechanic climbs into the engine room while the deckhand holds the lamp.\n",
                       CAST, PITCH, set())
    assert said == "The ferry mechanic climbs into the engine room while the deckhand holds the lamp."


def test_what_a_screenwriter_would_not_write_is_refused():
    refused = [
        "I climb into the engine room with my lamp.",  # first person
        "You hold the lamp while the engine coughs.",  # second person
        "Mara climbs into the engine room with the deckhand.",  # a name nobody cast
        "The ferry mechanic climbed into the engine room last night.",  # not the present tense
        "The engine coughs black smoke over the water.",  # nobody of the cast does it
        "The ferry mechanic must fix the engine before the last crossing.",  # the pitch pasted
        "The ferry mechanic climbs into the engine room while the",  # cut off
        "DECKHAND: Hold the lamp steady.",  # dialogue, not action
    ]
    for text in refused:
        assert beats.check(text, CAST, PITCH, beats._runs(beats._normal(PITCH, CAST))) is None, text


def test_an_example_or_an_earlier_beat_said_again_is_a_copy():
    earlier = "The deckhand finds a crack in the fuel line and hides it from the captain."
    seen = beats._runs(beats._normal(earlier, CAST))
    assert beats.check("The deckhand finds a crack in the fuel line and says nothing.", CAST, PITCH, seen) is None


def test_a_beat_that_puts_one_of_the_cast_to_sleep_is_refused_unless_the_pitch_has_someone_asleep():
    """Two people in a scene, one asleep: the other talks alone. A pitch with a sleeper may have one."""
    for text in ("The deckhand is asleep while the ferry mechanic climbs into the engine room.",
                 "The ferry mechanic sleeps on the bench while the deckhand holds the lamp."):
        assert beats.check(text, CAST, PITCH, set()) is None, text
        assert beats.check(text, CAST, PITCH.replace("tired", "sleeping"), set()) == text


def test_a_beat_that_makes_one_of_the_cast_another_is_refused():
    """Named, 'the deckhand is a ferry mechanic' reads 'Ada is Tom': the film loses one of its two people."""
    for text in ("The deckhand is a ferry mechanic who knows the engine better than anyone.",
                 "The ferry mechanic is the deckhand, and he holds the lamp over the engine.",
                 "The deckhand, the ferry mechanic is sent down into the engine room."):
        assert beats.check(text, CAST, PITCH, set()) is None, text
    kept = "The ferry mechanic is covered in oil while the deckhand holds the lamp."
    assert beats.check(kept, CAST, PITCH, set()) == kept


def _model(tmp_path, answers):
    recorder = Recorder(tmp_path, 1)
    return TextModel(ScriptedLLM(script={"beat": answers}), recorder, "scripted", "scripted"), recorder


def test_the_model_writes_each_beat_from_the_library_sheets_and_every_choice_is_recorded(tmp_path):
    answers = [" The ferry mechanic opens the hatch and the deckhand sees how rusted the engine is.",
               " The deckhand admits he broke the pump, so the ferry mechanic has to rebuild it by hand.",
               " The ferry mechanic starts the engine at last, and the deckhand casts off the ropes."]
    llm, recorder = _model(tmp_path, answers)
    with beats.drafting(llm, "writer.treatment"):
        written = beats.write(PITCH, CAST, ["setup", "turn", "resolution"], ["a", "b", "c"])
    assert sorted(written) == sorted(a.strip() for a in answers)  # each the best, none said twice
    prompt = llm.llm.prompts[-1]
    assert prompt.endswith("Resolution:") and "Story: " + PITCH in prompt and written[1] in prompt
    assert prompt.count("Setup:") == beats.EXAMPLES + 1  # the library's sheets, then this film's
    choices = [e.event for e in read_events(tmp_path) if isinstance(e.event, events.Choice)]
    assert [c.artifact for c in choices] == ["treatment/beat-1", "treatment/beat-2", "treatment/beat-3"]


def test_a_beat_no_candidate_passes_keeps_its_template_and_no_model_means_templates(tmp_path):
    llm, _ = _model(tmp_path, [" I fix it.", " The sea is calm tonight."])
    with beats.drafting(llm, "writer.treatment"):
        assert beats.write(PITCH, CAST, ["setup", "resolution"], ["first.", "last."]) == ["first.", "last."]
    assert beats.write(PITCH, CAST, ["setup"], ["template."]) == ["template."]


def test_a_logline_no_situation_carries_is_planned_from_written_beats_about_its_own_people(tmp_path):
    pitch = "A beekeeper must find the stolen queen bee before the village fair opens."
    reading = read_pitch(pitch)
    premise = premise_for(reading)
    reading = complete(reading, premise)
    cast = story.cast_of(reading, story._slots(reading))
    lead = cast[0]
    answers = [f" {lead[:1].upper() + lead[1:]} lifts the lid of an empty hive and counts the missing frames.",
               f" {lead[:1].upper() + lead[1:]} follows a trail of wax to the orchard behind the church.",
               f" {lead[:1].upper() + lead[1:]} carries the queen home in a matchbox as the fair bells ring."]
    llm, _ = _model(tmp_path, answers)
    with beats.drafting(llm, "writer.treatment"):
        plan = story.plan_story(pitch, [10.0, 10.0, 10.0], reading)
    assert [s.function for s in plan.scenes] == ["setup", "turn", "resolution"]
    assert plan.scenes[0].beat == "The" + pitch[1:]  # the pitch's situation names everyone: it is the setup
    assert {s.beat for s in plan.scenes[1:]} <= {a.strip() for a in answers}


def test_a_person_the_pitchs_verb_acts_on_is_cast_even_where_the_tagger_calls_the_word_an_adjective():
    for pitch, second in [("A tired dentist meets a patient nobody booked", "patient"),
                          ("A sheriff arrests a criminal nobody reported", "criminal")]:
        assert [p.role for p in read_pitch(pitch).people][1:] == [second], pitch


def test_a_cast_member_called_by_part_of_their_role_is_called_by_all_of_it():
    cast = ["the old harbour pilot", "the keeper"]
    assert beats.full_names("The pilot hands the keeper a rope.", cast) == \
        "The old harbour pilot hands the keeper a rope."


def test_a_pitch_with_no_subject_leads_with_its_first_person_not_its_verb():
    reading = read_pitch("Cousins at a flea market, then both reach for the same lamp")
    assert reading.lead == "the cousins" and reading.action.startswith("reach for the same lamp")
    assert read_pitch("Stubborn beekeepers share one ladder").lead == "the stubborn beekeepers"


def test_a_beat_that_says_what_the_pitch_did_not_ask_for_is_refused(tmp_path):
    llm, _ = _model(tmp_path, [" The ferry mechanic finds the deckhand dead in the engine room."])
    with beats.drafting(llm, "writer.treatment"):
        assert beats.write(PITCH, CAST, ["setup"], ["template."],
                           unasked=lambda text: story.unasked(text, PITCH)) == ["template."]


def test_an_opening_far_from_the_pitch_gives_way_to_the_pitchs_own(tmp_path):
    llm, _ = _model(tmp_path, [" The deckhand paints a picture of his mother and hangs it in the kitchen."])
    with beats.drafting(llm, "writer.treatment"):
        assert beats.write(PITCH, CAST, ["setup"], ["The pitch's own opening."]) == ["The pitch's own opening."]


def test_a_person_wordnet_names_with_an_adjective_keeps_it():
    assert [p.role for p in read_pitch("A shy florist falls for the best man at a garden party").people] == \
        ["florist", "best man"]


def test_an_opening_that_leaves_the_cast_out_brings_them_in_doing_something(tmp_path):
    """A pitch whose situation names nobody of the cast opens on that situation, then the model's sentence
    about the first person it left out; without a sentence that passes, the template's onlooker."""
    event, cast = "A power cut plunges the night market into darkness.", ["the fruit seller", "the fire marshal"]
    llm, recorder = _model(tmp_path, [" asks her neighbour for a torch.", " calls the fire marshal over."])
    llm.llm.script["opening"] = [" and the fire marshal count the stalls by torchlight.", " I see."]
    with beats.drafting(llm, "writer.treatment"):
        written = beats.write(event, cast, ["setup"], ["fallback."], opening=(event, cast))
    assert written == [f"{event} The fruit seller and the fire marshal count the stalls by torchlight."]
    assert llm.llm.prompts[-1].endswith(f"Setup: {event} The fruit seller")
    llm, _ = _model(tmp_path / "none", [" x"])
    llm.llm.script["opening"] = [" I see.", " said nothing yesterday."]
    with beats.drafting(llm, "writer.treatment"):
        assert beats.write(event, cast, ["setup"], ["fallback."], opening=(event, cast)) == ["fallback."]


def test_a_beat_that_brings_in_a_person_nobody_plays_is_refused():
    """'Her husband', 'a security guard': a part the cast does not have. A crowd ('shoppers') is no part."""
    assert beats.check("The deckhand calls her husband to hold the lamp.", CAST, PITCH, set()) is None
    assert beats.check("The deckhand waves to a security guard on the pier.", CAST, PITCH, set()) is None
    said = "The deckhand waves to the passengers on the pier."
    assert beats.check(said, CAST, PITCH, set()) == said


def test_a_loglines_own_obstacle_is_its_turn_and_the_model_goes_on_from_it(tmp_path):
    pitch = "A harbour pilot must guide the freighter in before dark, but the fog horn has stopped working."
    reading = complete(read_pitch(pitch), premise_for(read_pitch(pitch)))
    lead = story.cast_of(reading, story._slots(reading))[0]
    lead = lead[:1].upper() + lead[1:]
    answers = [f" {lead} climbs to the bridge and takes the wheel from the tired captain.",
               f" {lead} rings the ship's bell by hand all the way into the harbour."]
    llm, _ = _model(tmp_path, answers)
    with beats.drafting(llm, "writer.treatment"):
        plan = story.plan_story(pitch, [10.0, 10.0, 10.0], reading)
    assert plan.scenes[1].beat == "The fog horn has stopped working."
    assert plan.scenes[2].beat in {a.strip() for a in answers}
    assert "Turn: The fog horn has stopped working.\nResolution:" in llm.llm.prompts[-1]


def test_a_deadline_the_film_runs_up_to_is_not_told_as_its_turn():
    reading = read_pitch("A clockmaker repairs her father's clock the night before the shop is sold.")
    assert story.obstacle_told(reading) == ""


def test_an_opening_that_names_the_whole_cast_is_the_setup_without_the_models_free_one(tmp_path):
    event, cast = "The fruit seller and the fire marshal count the stalls in the dark.", ["the fruit seller",
                                                                                       "the fire marshal"]
    llm, _ = _model(tmp_path, [" The fruit seller sells a melon to the fire marshal at the night market."])
    with beats.drafting(llm, "writer.treatment"):
        assert beats.write(event, cast, ["setup"], ["fallback."], opening=(event, [])) == [event]
    assert llm.llm.calls == 0

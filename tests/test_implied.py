"""The people a pitch that names nobody implies: the roles the model's lists agree on, each a person by WordNet,
instead of the nearest library story's cast (scripted model; pitches and lists written for this file)."""

from __future__ import annotations

from agents import beats, implied
from film.events import read_events
from film.recorder import Recorder
from tests.fakes import ScriptedLLM
from tools.llm import TextModel


def test_a_list_names_people_by_their_head_noun_and_nothing_else():
    assert implied.roles(" lifeguard, the swimmers and a seagull") == ["lifeguard", "swimmer"]
    assert implied.roles(" pool, the crowd, the night watchman who sleeps there.") == ["night watchman"]
    assert implied.roles(" coach's son, the mother of the twins (or the aunt)") == ["mother", "aunt"]


def test_the_roles_most_lists_name_are_the_people_and_the_choice_is_recorded(tmp_path):
    lists = [" lifeguard, the swimmer", " lifeguard, the night watchman", " swimmer, the lifeguard's dog",
             " crowd, the lifeguard", " ticket seller, the diver", " pool, the crowd"]
    recorder = Recorder(tmp_path, 1)
    llm = TextModel(ScriptedLLM(script={"People: the": lists}), recorder, "scripted", "scripted")
    with beats.drafting(llm, "writer.treatment"):
        found = implied.people("The public pool floods on the hottest day of the year.")
    assert [(p.role, p.kind) for p in found] == [("lifeguard", "human"), ("swimmer", "human")]
    choice = [e for e in read_events(tmp_path) if e.kind == "choice" and e.artifact == "treatment/people"]
    assert len(choice) == 1 and choice[0].candidates[choice[0].chosen]["text"] == "lifeguard"


def test_without_a_model_nobody_is_implied():
    assert implied.people("The public pool floods on the hottest day of the year.") == []


def test_a_pitch_that_names_nobody_is_cast_with_the_people_it_implies_not_a_library_story(tmp_path):
    from tests.conftest import crew_context, run_crew

    llm = ScriptedLLM(script={"People: the": [" lifeguard, the swimmer"]})
    state = run_crew(crew_context(tmp_path, llm), "The public pool floods on the hottest day of the year.",
                     seconds=20, until="casting.cast")
    assert state.treatment.roles == ["lifeguard", "swimmer"]
    assert not state.treatment.premise.played  # a library story far from the pitch is not played with them


def test_a_pitch_of_one_person_is_cast_with_whom_their_story_needs_not_a_library_stranger(tmp_path):
    """The lists begin with the lead; the other person they agree on joins the cast (before, a pigeon at an office
    window met the nearest library story's house cat)."""
    from tests.conftest import crew_context, run_crew

    llm = ScriptedLLM(script={"People: the crossing guard, the": [" bus driver", " bus driver, the children",
                                                                  " crossing guard", " bus driver"]})
    state = run_crew(crew_context(tmp_path, llm), "A lonely crossing guard counts the cars every morning.",
                     seconds=20, until="casting.cast")
    assert state.treatment.roles == ["crossing guard", "bus driver"]


def test_the_lead_is_not_implied_again_by_the_role_the_pitch_describes_them_with(tmp_path):
    lists = [" lifeguard, the swimmer", " lifeguard, the swimmer", " swimmer, the coach"]
    llm = TextModel(ScriptedLLM(script={"People: Tovah, the": lists}), Recorder(tmp_path, 1), "scripted", "scripted")
    with beats.drafting(llm, "writer.treatment"):
        found = implied.people("Tovah, a shy lifeguard, must save a swimmer she dislikes.", lead="Tovah",
                               described="Tovah, a shy lifeguard")
    assert [p.role for p in found] == ["swimmer"]

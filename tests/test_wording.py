"""The checks that stand between the small model and the screenplay."""

from agents import wording
from agents.places import location_for


def test_names_are_names():
    assert wording.name("Mara Quinn", set()) == "Mara Quinn"
    assert wording.name("Zoë", set()) == "Zoë"
    assert wording.name("灯台守", set()) == "灯台守"
    for bad in ("http://x.io", "<b>Mara</b>", "the keeper", "ROLE", "Mara: hello", "Robot", "A B C D", ""):
        assert wording.name(bad, set()) is None, bad
    assert wording.name("Mara Bell", {"Mara Quinn"}) is None  # first names stay distinct


def test_prose_refuses_urls_markup_labels_echo_and_repeats():
    seen = {wording.norm("I am lost.")}
    assert wording.prose("Look at the sky", seen=seen) == "Look at the sky."
    assert wording.prose("(1) The wind howls.") == "The wind howls."
    for bad in ("see www.lighthouse.com", "<i>help</i>", "Scene: a room", "MARA: hello there", "I am lost!",
                "I am lost, I think."):
        assert wording.prose(bad, seen=seen) is None, bad
    assert wording.prose("a lonely lighthouse keeper befriends a robot", prompt="A lonely lighthouse keeper "
                         "befriends a lost robot") is None
    assert wording.prose("Pip runs home.", banned={"pip"}) is None


def test_locations_are_typed_from_words():
    loc = location_for("a small lighthouse on a rocky coast", "during a storm")
    assert (loc.setting, loc.interior, loc.time_of_day) == ("sea", False, "NIGHT")
    lift = location_for("a broken elevator", "on the night of a city festival")
    assert (lift.setting, lift.interior) == ("room", True)
    assert "/" not in loc.id and ".." not in loc.id

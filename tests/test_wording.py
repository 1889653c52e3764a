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


# --- a line the model can no longer make pass is stopped (agents/writer.py LINE_STOP_WORDS) -----------------

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from agents.writer import LINE_STOP_WORDS, LINE_WORDS  # noqa: E402
from film.text import opening_words  # noqa: E402

_BITS = ["word ", "word ", "word ", "it's ", "don'", "t ", ". ", "! ", "? ", "… ", ".", "\n", "\u200b", " ", "-",
         "_", "1. ", "(2) ", "\"", "MARY-JO: ", "Mary: ", "x'y ", "5.5 "]
PIECES = st.lists(st.sampled_from(_BITS), max_size=70).map("".join)
# a long piece: a few bits (a cue, a list mark, a short sentence), a run of words, then anything
LONG = st.tuples(st.lists(st.sampled_from(_BITS), max_size=4).map("".join), st.integers(12, 30), PIECES).map(
    lambda t: t[0] + "word " * t[1] + t[2])


@settings(max_examples=150, deadline=None)
@given(PIECES, PIECES)
def test_a_piece_never_loses_opening_words_to_what_follows(head, tail):
    assert opening_words(head) <= opening_words(head + tail)


@settings(max_examples=150, deadline=None)
@given(LONG, PIECES)
def test_a_line_stopped_for_its_length_is_one_the_check_refuses_whatever_follows(head, tail):
    """The Writer's check strips the speaker's cue and a list mark before it counts: the stop leaves room for
    them, so a piece stopped at `head` is refused as it stands and with anything the model would have added."""
    if opening_words(head) <= LINE_STOP_WORDS:
        return
    for cue in ("MARY-JO", "MARY"):
        own_cue = re.compile(rf"^\s*{re.escape(cue)}\s*:", re.I)
        for text in (head, head + tail):
            assert wording.prose(own_cue.sub("", text), min_words=1, max_words=LINE_WORDS) is None, text

"""Replies that answer: tools/exchange.py reads what a line asks and whether the reply gives it, and the scorecard's
replies_answer measure scores a screenplay by it (a planted defect: the same lines with the replies moved so that
none answers the line before it must score lower)."""

from __future__ import annotations

from pathlib import Path

from filmcrew.scorecard.measures import MEASURES
from filmcrew.scorecard.readers import Run
from tools.exchange import asked, takes_up

# Written for this test: two scenes of a quarrel between a cook and a waiter over a dropped tray.
EXCHANGES = [
    ("Where did you put the spare plates?", "On the shelf behind the ovens, where they always are."),
    ("Did you drop the tray on purpose?", "No. Somebody left the door open and it swung into me."),
    ("Why would anyone leave that door open?", "Because the kitchen was too hot to breathe in."),
    ("Hand me the mop before the chef sees this.", "Fine, but you are explaining the broken glass."),
    ("The chef will take it out of our wages again.", "Then we tell him the door is broken, which is true."),
    ("When does the dinner rush start?", "In twenty minutes, so hurry."),
]


def _fountain(pairs: list[tuple[str, str]]) -> str:
    out = ["Title: Test", "", "FADE IN:", ""]
    for line, reply in pairs:  # a scene each: only the reply follows the line
        out += ["INT. KITCHEN - NIGHT", "", "The cook and the waiter kneel over the broken plates.", ""]
        out += ["NOOR", line, "", "BASIL", reply, ""]
    return "\n".join(out + ["FADE OUT."])


def _measure(folder: Path, pairs: list[tuple[str, str]]) -> float:
    folder.mkdir()
    (folder / "screenplay.fountain").write_text(_fountain(pairs), encoding="utf-8")
    return MEASURES["replies_answer"](Run(folder))["value"]


def test_a_line_asks_for_what_its_grammar_asks():
    assert [asked(a) for a, _ in EXCHANGES] == ["wh:where", "yes-no", "wh:why", "request", "statement", "wh:when"]


def test_an_answer_of_the_kind_asked_scores_above_a_reply_that_gives_something_else():
    where, place = EXCHANGES[0]
    assert takes_up(where, place).score == 1.0
    assert takes_up(where, "Do you ever think about the sea?").score < 0.5


def test_a_screenplay_whose_replies_do_not_answer_scores_lower(tmp_path):
    answered = _measure(tmp_path / "answered", EXCHANGES)
    replies = [r for _, r in EXCHANGES]
    moved = [(line, replies[(k + 3) % len(replies)]) for k, (line, _) in enumerate(EXCHANGES)]
    assert answered >= 0.8 and _measure(tmp_path / "moved", moved) < answered - 0.2


def test_a_reason_nobody_asked_for_does_not_take_up_a_statement():
    line = "The chef will take it out of our wages again."
    assert takes_up(line, "Because the door swung into me.").score < takes_up(line, "Then the door swung into me.").score
    assert takes_up("Why is the floor wet?", "Because the door swung into me.").score == 1.0

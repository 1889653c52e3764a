"""A question pitch is told as the statement its story plays (agents/questions.py)."""

from __future__ import annotations

import pytest

from agents.questions import as_statement, third_person


@pytest.mark.parametrize("question, statement", [
    ("Why did the potter smash the vase?", "The potter smashes the vase. Nobody knows why."),
    ("Why do owls never blink?", "Owls never blink. Nobody knows why."),
    ("Who painted the chapel door green?", "Someone painted the chapel door green. Nobody knows who."),
    ("What if the tide stopped coming in?", "The tide stopped coming in."),
    ("Could a scarecrow learn to dance?", "A scarecrow learns to dance."),
])
def test_a_question_is_told_as_the_statement_its_story_plays(question, statement):
    assert as_statement(question) == statement


def test_a_sentence_that_asks_nothing_stays_as_it_is():
    assert as_statement("A potter smashes a vase.") == "A potter smashes a vase."


def test_a_singular_subject_takes_the_present_tense_s():
    assert [third_person(v) for v in ("carry", "wash", "play", "go", "bake")] == \
        ["carries", "washes", "plays", "goes", "bakes"]

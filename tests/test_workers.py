"""The fast tier's two workers: the tests of a session film are dealt to one worker, so it is made once."""

from __future__ import annotations

import os

import pytest


def test_the_tests_of_a_session_film_are_dealt_to_one_worker(request, short_film):
    """xdist deals a group to one worker by the '@group' its worker adds to the test's id; a pytest whose ids
    ignore it (9.2 with xdist 3.8) dealt these tests to both workers, each making the film."""
    if "PYTEST_XDIST_WORKER" not in os.environ or request.config.workerinput.get("dist") != "loadgroup":
        pytest.skip("not run on workers dealt by group (-n 0, or --dist other than loadgroup)")
    assert request.node.nodeid.endswith("@short_film")

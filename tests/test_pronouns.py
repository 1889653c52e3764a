"""The sex the treatment's pronouns give a role the pitch does not sex, so the name cast matches the beats."""

from __future__ import annotations

from agents.pronouns import sexes_in


def test_each_pronoun_stands_for_the_nearest_role_before_it_a_subject_first():
    beats = ["The surveyor checks the map, but she cannot find the border stone.",
             "The farmer leans on his fence, and the surveyor makes her mark beside it."]
    assert sexes_in(beats, ["surveyor", "farmer"]) == {"surveyor": "female", "farmer": "male"}


def test_a_head_word_two_roles_share_or_no_pronoun_says_nothing():
    assert sexes_in(["The elder sister calls, and she waits."], ["elder sister", "younger sister"]) == {}
    assert sexes_in(["The surveyor checks the map."], ["surveyor"]) == {}


def test_a_pronoun_of_the_other_sex_or_an_object_of_its_own_subjects_clause_is_someone_else():
    """'The pilot promises the sailor she will wait for him': she is the pilot, so him is the sailor."""
    beats = ["The pilot promises the sailor she will wait for him."]
    assert sexes_in(beats, ["pilot", "sailor"]) == {"pilot": "female", "sailor": "male"}


def test_him_made_to_do_something_is_not_who_makes_him_nor_is_his_after_it():
    assert sexes_in(["The coach makes him run to his own corner with her whistle."], ["coach", "striker"]) == {
        "coach": "female"}

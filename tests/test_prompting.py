"""The diffusers prompt is the shot's plan in words: framing, the subject's look in colour names, the set, its
weather and props, most important first and inside CLIP's 77 tokens. Pure Python: no torch here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from film.cast import Character, Look, VoiceSpec
from film.script import Location
from film.shots import Shot
from tools.image import palette
from tools.image.prompting import (
    CLIP_TOKENS,
    clauses,
    clip_words,
    colour_name,
    estimate_tokens,
    fit,
    look_words,
    shot_prompt,
    who,
)


def person(cid: str, role: str, wardrobe: str, palette_: list[str], hair: str, accessory: str, kind: str = "human",
           sex: str = "unknown", silhouette: str = "tall") -> Character:
    return Character(id=cid, name=cid[5:].title(), role=role, trait="kind", voice=VoiceSpec(), kind=kind, sex=sex,
                     look=Look(palette=palette_, silhouette=silhouette, wardrobe=wardrobe, hair=hair,
                               accessory=accessory))


NELL = person("char-nell", "lighthouse keeper", "oilskin coat", [palette.COLOURS["navy"], "#ecf0f1", "#8d3b1f"],
              "long", "brass lantern", sex="female")
BOLT = person("char-bolt", "robot", "riveted plating", [palette.COLOURS["copper"], "#7f8c8d", "#bdc3c7"], "none",
              "antenna", kind="machine", silhouette="boxy")
CAST = [NELL, BOLT]
COAST = Location(id="loc-coast", name="LIGHTHOUSE", interior=False, time_of_day="NIGHT", setting="sea",
                 description="a lighthouse on a rocky coast", weather="storm", props=["rope"])


def shot(framing: str, characters: list[str], subject: str = "", props: list[str] | None = None,
         angle: str = "eye") -> Shot:
    return Shot(id="scene-1/shot-1", scene_id="scene-1", characters=characters, framing=framing, camera="static",
                seconds=3, line_ids=[], prompt="the Cinematographer's sentence", subject=subject, angle=angle,
                props=props or [])


def test_the_prompt_carries_framing_subject_look_in_colour_names_place_weather_and_props():
    text = shot_prompt(shot("medium", ["char-nell", "char-bolt"], "char-nell", ["letter"]), CAST, COAST)
    assert text.startswith("medium shot, a tall female lighthouse keeper, navy oilskin coat")
    for words in ("auburn long hair", "brass lantern", "a lighthouse on a rocky coast", "at night", "storm",
                  "with a boxy robot in copper", "letter", "rope"):
        assert words in text, words
    assert "Cinematographer" not in text and "Nell" not in text  # the plan, not the prose; no names
    assert text.index("keeper") < text.index("lighthouse on") < text.index("storm") < text.index("robot")


def test_a_long_plan_fits_77_tokens_with_framing_and_subject_first_and_extras_dropped_whole():
    wordy = person("char-ada", "retired deep-sea cartographer and amateur astronomer",
                   "embroidered velvet waistcoat over a linen shirt with rolled sleeves and patched corduroy trousers",
                   ["#7d3c98", "#f1c40f", "#e8e8e8"], "silver braided", "antique brass telescope on a leather strap",
                   kind="elder", sex="female", silhouette="slim")
    coast = COAST.model_copy(update={"description": "a crumbling Victorian lighthouse perched above a roaring grey "
                                                    "sea with jagged black rocks below",
                                     "props": ["rope", "oil lamp", "logbook", "barometer", "kettle"]})
    the_shot = shot("over-shoulder", ["char-ada", "char-nell", "char-bolt"], "char-ada", ["sextant"], angle="low")
    text = shot_prompt(the_shot, [wordy, *CAST], coast, "surprise")
    assert estimate_tokens(text) <= CLIP_TOKENS
    assert text.startswith("over-the-shoulder shot, low angle, a slim elderly female retired deep-sea cartographer")
    assert "surprised" in text and "purple" in text
    assert "a crumbling Victorian lighthouse perched above a roaring grey sea, at night, storm" in text  # the set
    assert "astronomer" not in text and "corduroy" not in text  # long free text is cut to leave room for it
    everything = ", ".join(clauses(the_shot, [wordy, *CAST], coast, "surprise"))
    assert estimate_tokens(everything) > CLIP_TOKENS  # so something had to go...
    kept = text.split(", ")
    assert all(part in everything for part in kept) and kept == sorted(kept, key=everything.index)  # ...in order


def test_fit_skips_a_clause_that_does_not_fit_and_cuts_only_a_first_clause_too_long():
    words = lambda text: len(text.replace(",", " ").split())  # noqa: E731 - a word counter stands in for a tokenizer
    assert fit(["a b", "c d e f g", "h"], count=words, limit=4) == "a b, h"
    assert fit(["a b c d e f"], count=words, limit=3) == "a b c"
    assert fit([], count=words, limit=3) == ""


def test_free_text_is_cut_to_a_few_words_without_a_dangling_one():
    assert clip_words("embroidered velvet waistcoat over a linen shirt with rolled sleeves", 8) == \
        "embroidered velvet waistcoat over a linen shirt"
    assert clip_words("a lighthouse", 10) == "a lighthouse" and clip_words("with", 1) == "with"


def test_framings_put_the_right_people_in_the_prompt():
    close = shot_prompt(shot("close-up", ["char-bolt", "char-nell"]), CAST, COAST)  # a single on the first
    assert close.startswith("close-up portrait, a boxy robot, copper riveted plating, antenna")
    assert "keeper" not in close
    ots = shot_prompt(shot("over-shoulder", ["char-bolt", "char-nell"], "char-bolt"), CAST, COAST)
    assert "seen over the shoulder of a tall female lighthouse keeper in navy" in ots
    insert = shot_prompt(shot("insert", ["char-nell"], props=["brass key"]), CAST, COAST)
    assert insert.startswith("insert shot, extreme close-up of a brass key") and "keeper" not in insert
    empty = shot_prompt(shot("wide", []), CAST, COAST)
    assert empty.startswith("wide shot, empty set, a lighthouse on a rocky coast")


def test_expression_reads_on_a_visible_face_and_not_in_a_wide_shot():
    assert "smiling" in shot_prompt(shot("close-up", ["char-nell"]), CAST, COAST, "smile")
    assert "angry" in shot_prompt(shot("medium", ["char-nell"]), CAST, COAST, "anger")
    assert "smiling" not in shot_prompt(shot("wide", ["char-nell"]), CAST, COAST, "smile")
    assert shot_prompt(shot("medium", ["char-nell"]), CAST, COAST, "neutral") == \
        shot_prompt(shot("medium", ["char-nell"]), CAST, COAST)


def test_inside_sets_see_the_weather_through_the_window():
    room = COAST.model_copy(update={"interior": True, "description": "the keeper's kitchen", "time_of_day": "DAWN"})
    text = shot_prompt(shot("wide", ["char-nell"]), CAST, room)
    assert "inside the keeper's kitchen, at dawn, storm outside the window" in text


def test_colour_names_come_from_the_one_colour_table():
    for name, hexa in palette.COLOURS.items():
        assert colour_name(hexa) == ("grey" if name == "gray" else name)
    assert colour_name("#1a2b4c") == "navy" and colour_name("not a colour") == "grey"


def test_looks_and_kinds_in_words_a_picture_model_knows():
    assert look_words(BOLT) == ["copper riveted plating", "antenna"]  # no hair on a robot
    assert look_words(NELL)[:2] == ["navy oilskin coat", "auburn long hair"]
    red = NELL.model_copy(update={"look": NELL.look.model_copy(update={"wardrobe": "red dress", "hair": "blond"})})
    assert look_words(red)[:2] == ["red dress", "blond hair"]  # colours the wardrobe names win over the palette
    child = person("char-pip", "stowaway", "patched jumper", ["#2e86c1"], "curly", "cap", kind="child", sex="male",
                   silhouette="short")
    assert who(child) == "a short young boy stowaway"
    ghost = person("char-wren", "widow", "grey gown", ["#ecf0f1"], "long", "veil", kind="spirit", silhouette="slim")
    assert who(ghost) == "a slim ghostly translucent widow"


def test_a_character_missing_from_the_cast_is_named():
    with pytest.raises(ValueError, match="char-nobody.*full cast"):
        shot_prompt(shot("medium", ["char-nobody"]), CAST, COAST)


def test_the_prompt_builder_needs_no_torch():
    tree = ast.parse((Path(__file__).resolve().parents[1] / "tools/image/prompting.py").read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m for m in imported if m.split(".")[0] in ("torch", "diffusers", "transformers", "numpy")}

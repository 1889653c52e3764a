"""Acting: the mouth follows the voice it is given, faces follow their lines, heads turn to whom they address."""

from __future__ import annotations

import numpy as np

from agents import acting
from film.cast import Character, Look, VoiceSpec
from film.shots import Move
from tools.lipsync import mouth_track

RATE, FPS = 22050, 24


def vowel(seconds: float, f0: float = 140.0) -> np.ndarray:
    """A voiced vowel: a harmonic buzz shaped by two formants (an 'ah'), with a syllable's rise and fall."""
    t = np.arange(int(seconds * RATE)) / RATE
    buzz = sum(np.sin(2 * np.pi * f0 * k * t) * (1.0 / k) * (1.0 + 2.5 * np.exp(-((f0 * k - 800) / 300) ** 2)
                                                             + 1.5 * np.exp(-((f0 * k - 1200) / 300) ** 2))
               for k in range(1, 30))
    return (0.3 * buzz / np.abs(buzz).max() * np.sin(np.pi * t / seconds) ** 0.3).astype(np.float32)


def person(cid: str, trait: str = "quiet") -> Character:
    return Character(id=cid, name=cid[5:].title(), role="r", trait=trait, voice=VoiceSpec(),
                     look=Look(palette=["#204080", "#c04020", "#302010"], silhouette="tall", wardrobe="coat",
                               hair="short brown", accessory="scarf"))


def test_the_mouth_rests_in_silence_and_opens_on_the_vowel():
    audio = np.concatenate([np.zeros(int(0.5 * RATE), np.float32), vowel(0.6), np.zeros(int(0.3 * RATE), np.float32)])
    track = mouth_track(audio, RATE, FPS)
    silent, voiced = track[:10], track[13:24]
    assert all(m.mouth == "rest" and m.jaw == 0.0 for m in silent)
    assert all(m.mouth in ("open", "wide", "round") and m.jaw > 0.2 for m in voiced)
    assert len({m.jaw for m in voiced}) >= 4  # the jaw moves with the syllable, frame to frame
    assert track[-1].mouth == "rest"


def test_the_speaker_talks_the_listener_turns_and_reacts():
    mara, otto = person("char-mara"), person("char-otto")
    mouth = mouth_track(np.concatenate([vowel(0.5), np.zeros(2000, np.float32), vowel(0.5)]), RATE, FPS)
    line = acting.cue("char-mara", "char-otto", 5, mouth, "Thank you, my friend, I love this lighthouse!")
    poses = acting.performance([mara, otto], {"char-mara": 0.3, "char-otto": 0.7}, [line], 50, FPS, seed=3)
    speaking = [p["char-mara"] for p in poses[5:5 + len(mouth)]]
    assert sum(p.jaw > 0 for p in speaking) > len(speaking) * 0.6
    assert all(p["char-mara"].mouth == "rest" for p in poses[:5])
    assert speaking[0].look > 0 and poses[10]["char-otto"].look < 0  # each turns toward the other
    assert speaking[0].expression == "smile" and poses[5 + len(mouth) - 1]["char-otto"].expression == "smile"
    assert max(p.gesture for p in speaking) > 0.8  # a strong line lands a gesture on its stress
    assert all(p["char-otto"].jaw == 0 for p in poses)
    assert poses == acting.performance([mara, otto], {"char-mara": 0.3, "char-otto": 0.7}, [line], 50, FPS, seed=3)


def test_expressions_follow_the_words_and_the_trait():
    assert acting.expression_of("I miss her, she is gone.") == "sorrow"
    assert acting.expression_of("You lied to me, never again!") == "anger"
    assert acting.expression_of("Really? The lighthouse is alive?") == "surprise"
    assert acting.expression_of("The tide comes in at nine.") == "neutral"
    assert acting.resting_face(person("char-a", "cheerful and kind")) == "smile"


def test_a_talking_head_moves_every_voiced_frame_and_settles_when_the_line_ends():
    mara, otto = person("char-mara"), person("char-otto")
    mouth = mouth_track(np.concatenate([vowel(0.8), vowel(0.8)]), RATE, FPS)
    line = acting.cue("char-mara", "char-otto", 4, mouth, "The tide comes in at nine.")
    poses = acting.performance([mara, otto], {"char-mara": 0.3, "char-otto": 0.7}, [line], 4 + len(mouth) + 6, FPS, 5)
    head = [(p["char-mara"].sway, p["char-mara"].nod) for p in poses]
    talking = head[4:4 + len(mouth)]
    moved = sum(a != b for a, b in zip(talking, talking[1:]))
    assert moved >= 0.95 * (len(talking) - 1)  # a loop, so never still while the voice is
    assert max(abs(s) for s, _ in talking) > 0.4
    assert talking[0][0] == talking[-1][0] == 0.0  # eases in and out of the line
    assert all(h == (0.0, 0.0) for h in head[:4] + head[4 + len(mouth):])  # at rest around the line
    assert all(p["char-otto"].sway == 0.0 for p in poses)


def test_who_leaves_walks_out_by_the_nearer_side_and_who_comes_in_walks_to_their_mark():
    mara, otto = person("char-mara"), person("char-otto")
    mouth = mouth_track(vowel(0.6), RATE, FPS)
    line = acting.cue("char-mara", "char-otto", 8, mouth, "I am going now.")
    walks = acting.walks_of([Move(character_id="char-mara", kind="exit", at=1),
                             Move(character_id="char-otto", kind="enter", at=0)], [line], 80)
    poses = acting.performance([mara, otto], {"char-mara": 0.3, "char-otto": 0.7}, [line], 80, FPS, 1, walks)
    end = 8 + len(mouth)
    mara_steps = [p["char-mara"].step for p in poses]
    assert all(s == 0.0 and p["char-mara"].visible for s, p in zip(mara_steps[:end], poses))  # says the line
    assert all(b <= a for a, b in zip(mara_steps[end:], mara_steps[end + 1:]))  # then leaves to the left
    assert not poses[-1]["char-mara"].visible and mara_steps[end + acting.WALK - 1] < -0.6
    otto_steps = [p["char-otto"].step for p in poses]
    assert otto_steps[0] > 0.6 and otto_steps[acting.WALK] == 0.0  # in from the right, at his mark by then
    assert all(p["char-otto"].visible for p in poses[acting.WALK - 13:])

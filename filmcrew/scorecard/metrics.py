"""The scorecard's metrics: every measure's name, group, direction, label and explanation (METRICS), the
registry the measures join (`measure`), and the shape of a result: `taken` with its value, or `null` with why."""

from __future__ import annotations

from typing import Any




FORMAT = 1
HIGHER, LOWER, TARGET, INFO = "higher", "lower", "target", "info"
TARGET_LUFS = -16.0
AUDIBLE_DB = 10.0  # a line at least this far over the music bed is clearly audible
RATE = 16000  # the decoded sound: mono float at 16 kHz
DECODE_WIDTH = 320  # the decoded picture: grey, this wide
KEYFRAME_SAME = 12.0  # mean abs grey difference (0..255, 80x45 thumbnails) under which two shots look the same:
# the same setup again (camera drift, another point of a pan or zoom) differs by 1-10, another setup by 40+
FACE_CHANGE = 2.0  # mean abs grey difference left inside the face box, once the camera move is taken out ...
FACE_OVER_RING = 1.6  # ... that also exceeds what is left around the box by this factor: the face changed
RING = (0.3, 0.8)  # the ring around a face box, from and to this share of the box's size outside it
FACE_MIN_PX = 20  # faces shorter than this at the decoded size (wide shots) are not judged

# name: (group, direction, short column label, one-line explanation)
METRICS: dict[str, tuple[str, str, str, str]] = {
    "pitch_words_carried": ("story", HIGHER, "pitch→story",
                            "share of the pitch's content words (stemmed) in the screenplay past its opening line"),
    "pitch_words_spoken": ("story", HIGHER, "pitch→spoken",
                           "share of the pitch's content words (stemmed) spoken in film.srt"),
    "pitch_cosine_screenplay": ("story", HIGHER, "cos script",
                                "MiniLM cosine between the pitch and the whole screenplay"),
    "pitch_cosine_scene_min": ("story", HIGHER, "cos scene min",
                               "MiniLM cosine between the pitch and its least related scene"),
    "pitch_cosine_scene_mean": ("story", HIGHER, "cos scene",
                                "mean MiniLM cosine between the pitch and each scene"),
    "reply_cosine": ("story", INFO, "reply cos",
                     "mean MiniLM cosine of each line with the reply to it (next line, other speaker, same scene): "
                     "shared words and topic, not answering; information only"),
    "replies_answer": ("story", HIGHER, "answers",
                       "mean 0..1 of how each reply takes up the line before it, by its grammar: a question gets an "
                       "answer of its kind (yes/no, a place for where, a reason for why), a request a yes or no, a "
                       "statement its words again, 'that' pointing back, agreement, a question back; form, not sense"),
    "repeated_sentences": ("story", LOWER, "repeats",
                           "sentences of 3+ words that appear again in the screenplay (each extra copy counts)"),
    "broken_lines": ("story", LOWER, "broken",
                     "lines with split contractions, a speaker naming themself, a trailing fragment or 'he said'"),
    "distinct_2": ("story", HIGHER, "distinct-2",
                   "distinct word pairs ÷ word pairs in the dialogue (1.0: nothing said twice)"),
    "unasked_content": ("story", LOWER, "unasked",
                        "lines with violent or sexual words the pitch did not ask for"),
    "distinct_voices": ("cast", HIGHER, "voices",
                        "distinct voices ÷ speaking characters (measured median F0 and spectrum, and voice specs)"),
    "voice_fit": ("cast", HIGHER, "voice fit",
                  "share of characters whose measured median pitch fits them (woman, man, child); others unjudged"),
    "characters_named": ("cast", HIGHER, "named",
                         "share of characters named at least once in the dialogue or action"),
    "distinct_keyframes": ("shots", HIGHER, "keyframes",
                           "distinct pictures ÷ shots, by pixel difference of each shot's middle frame"),
    "speaker_framed": ("shots", HIGHER, "on speaker",
                       "share of dialogue shots' lines spoken by the shot's main subject (first in frame)"),
    "distinct_coverage": ("shots", HIGHER, "coverage",
                          "distinct (framing, subject) pairs ÷ shots"),
    "distinct_sets": ("shots", HIGHER, "sets", "distinct sets (places in the scene headings)"),
    "face_moves_voiced": ("performance", HIGHER, "face talks",
                          "share of voiced frames in which the speaker's face changes (camera move taken out)"),
    "face_still_silent": ("performance", HIGHER, "face rests",
                          "share of silent frames in which the main subject's face stays still"),
    "facing_each_other": ("performance", HIGHER, "face each other",
                          "share of dialogue shots with speaker and listener in frame in which they face each "
                          "other mid-line (poses.json views and places; goal 0.9)"),
    "eyeline_crossings": ("performance", LOWER, "eyeline x",
                          "consecutive singles of a scene, on different people, whose eyelines do not meet (both "
                          "look the same way across the screen, or at the lens); goal 0"),
    "physical_actions": ("performance", HIGHER, "actions",
                         "distinct physical actions played in the film (poses.json); goal 3 in 30 s, 8 in 2 min"),
    "seated_scenes": ("performance", INFO, "seated",
                      "share of scenes on a set with seats (poses.json set_seat) where someone sits"),
    "loudness_lufs": ("sound", TARGET, "LUFS", f"integrated loudness, EBU R128 (target {TARGET_LUFS:g} LUFS)"),
    "true_peak_dbtp": ("sound", LOWER, "peak dBTP", "true peak, EBU R128 (at most -1 dBTP)"),
    "line_over_bed_db": ("sound", HIGHER, "over bed dB",
                         "mean level of each subtitle window over the bed under it (its pauses, or the nearest gaps)"),
    "line_over_bed_min_db": ("sound", HIGHER, "over bed min",
                             "the least audible subtitle window's level over the bed, dB"),
    "lines_audible": ("sound", HIGHER, "audible",
                      f"share of lines clearly audible: at least {AUDIBLE_DB:g} dB over the bed"),
    "av_difference_s": ("sound", LOWER, "A/V Δs", "difference between the sound's and the picture's length, s"),
    "duration_s": ("container", INFO, "seconds", "length of film.mp4, s"),
    "duration_off_s": ("container", LOWER, "Δ asked s", "distance of the film's length from the asked --seconds"),
    "video_codec": ("container", INFO, "video", "video codec"),
    "audio_codec": ("container", INFO, "audio", "audio codec"),
    "resolution": ("container", INFO, "size", "picture size, width x height"),
    "fps": ("container", INFO, "fps", "frames per second"),
    "file_mb": ("container", INFO, "MB", "size of film.mp4, MB"),
}
GROUPS = ("story", "cast", "shots", "performance", "sound", "container")


class EvalError(ValueError):
    """Bad input to the scorer (no such run, unreadable file): one line that says what to do."""


class Missing(Exception):
    """A deliverable is missing or unreadable, or there is nothing to measure: the measure is null, this is why."""


def taken(value: Any, **detail: Any) -> dict:
    out = {"value": value, "why": None}
    if detail:
        out["detail"] = detail
    return out


def null(why: str) -> dict:
    return {"value": None, "why": why}

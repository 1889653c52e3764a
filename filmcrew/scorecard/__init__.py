"""`filmcrew eval`: a scorecard of what a viewer notices, measured from a finished film's deliverables.

Every measure is taken from what a run delivers — film.mp4 decoded, film.srt, screenplay.fountain,
characters.json, shots.json, film.otio (and run.json for the pitch and the asked length) — never from
events.jsonl or the crew's own reports, so a crew that claims more than it made cannot score better than it is.

Each measure is `{"value": ..., "why": None}` when taken, or `{"value": None, "why": "<deliverable> is
missing"}` (or corrupt, or nothing to measure) when not; some carry a `detail` that says which line, shot or
character it is about. METRICS names every measure with its group, its direction (higher or lower is better,
closer to a target, or information only) and a one-line explanation; `filmcrew eval --help` prints them.

Speed: the film is decoded once at low resolution (320 px wide, grey) and its sound once (mono 16 kHz float,
with EBU R128 measured in the same ffmpeg run), in parallel with the text measures; all texts are embedded
in one MiniLM call. A 30 s 1280x720 film scores in a few seconds on 2 cores (bench/eval.py times it).

The package, one concept a module: metrics (the table and a result's shape), deliverables (the types read),
readers (reading them once), text, voices and framing (helpers), measures/ (one module a family, registered
by name), scoring (a run's eval.json, summaries, comparisons) and command (`filmcrew eval`).
"""

from film.text import WORD, content_words, stem
from filmcrew.scorecard.command import command, register
from filmcrew.scorecard.measures import MEASURES
from filmcrew.scorecard.measures.performance import face_change
from filmcrew.scorecard.metrics import GROUPS, KEYFRAME_SAME, METRICS, EvalError, Missing
from filmcrew.scorecard.readers import Run, read_otio
from filmcrew.scorecard.scoring import compare, score_run, summarise, values
from filmcrew.scorecard.voices import f0_track, voice_print
from filmcrew.scorecard.words import F0_RANGE

__all__ = ["F0_RANGE", "GROUPS", "KEYFRAME_SAME", "MEASURES", "METRICS", "WORD", "EvalError", "Missing", "Run",
           "command", "compare", "content_words", "f0_track", "face_change", "read_otio", "register", "score_run",
           "stem", "summarise", "values", "voice_print"]

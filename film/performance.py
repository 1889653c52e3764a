"""A performance: what each actor on screen does in one frame (`Pose`), decided by the program from the voices
and the scene, and drawn by the picture renderer (tools/image/stage.py); and a shot's whole take (`Performance`).
Poses are frozen dataclasses, not Pydantic: a 30 s film has thousands of them and they are built per frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from film.cast import Character
from film.script import Location
from film.shots import Shot

Expression = Literal["neutral", "smile", "frown", "surprise", "sorrow", "anger"]
Mouth = Literal["rest", "closed", "open", "wide", "round"]  # rest: lips together at ease; closed: m, b, p
EXPRESSIONS: tuple[str, ...] = ("neutral", "smile", "frown", "surprise", "sorrow", "anger")
MOUTHS: tuple[str, ...] = ("rest", "closed", "open", "wide", "round")
# The body's view, as `Pose.turn` is quantised when drawn: front, three-quarter and profile either way (the view
# from behind is the over-the-shoulder figure's, set by the framing).
VIEWS: dict[float, str] = {-1.0: "profile-left", -0.5: "3/4-left", 0.0: "front", 0.5: "3/4-right",
                           1.0: "profile-right"}
# The physical actions a body plays over time (tools/image/actions.py draws each; agents/blocking.py chooses them
# by meaning). Two-person actions move both bodies: `Pose.partner` names the other.
ACTIONS: tuple[str, ...] = (
    "hug", "handshake", "hand on shoulder", "cry", "head in hands", "slump", "point", "arms crossed", "shrug",
    "pace", "turn away", "walk out", "wave", "raise glass", "clink", "hand over", "take", "drink", "eat", "write",
    "type", "phone", "kneel", "stand up", "sit down", "laugh", "nod", "head shake", "reach out", "fists", "cheer",
    "carry")
TWO_PERSON: frozenset[str] = frozenset({"hug", "handshake", "hand on shoulder", "clink", "hand over", "take",
                                        "reach out"})


@dataclass(frozen=True)
class Pose:
    """One actor in one frame. `mouth` is the shape (a viseme class) and `jaw` how open it is (0..1, from the
    voice's loudness in this frame, drawn in six steps, so a talking face changes from frame to frame as real
    speech does); `look` turns the head (-1 to their screen left, 0 to camera, 1 to the right); `gesture` raises
    a hand (0 at rest, 1 at its height); `nod` dips the head (0..1); `sway` moves the head sideways (-1..1), as
    a speaker's head drifts with their voice; `step` moves the whole figure sideways (a share of the frame's
    width) while they walk in or out; `visible` is False while the actor is out of the scene (not yet come in,
    or gone). The body: `turn` is the way it faces (-1 profile to screen left, -0.5 three-quarter left, 0 the
    camera, 0.5 and 1 to the right); `action` the physical action being played (one of ACTIONS, "" for none)
    and `phase` how far through it (0..1); `partner` the other body of a two-person action; `seat` the seat the
    actor sits on ("" standing), and `prop` the object in their hand."""

    mouth: Mouth = "rest"
    jaw: float = 0.0
    blink: bool = False
    expression: Expression = "neutral"
    look: float = 0.0
    gesture: float = 0.0
    nod: float = 0.0
    sway: float = 0.0
    step: float = 0.0
    visible: bool = True
    turn: float = 0.0
    action: str = ""
    phase: float = 0.0
    partner: str = ""
    seat: str = ""
    prop: str = ""


REST = Pose()


def view_of(pose: Pose, back: bool = False) -> str:
    """The body's view as poses.json names it: front, 3/4-left, 3/4-right, profile-left, profile-right or
    back (the near shoulder of an over-the-shoulder)."""
    if back:
        return "back"
    return VIEWS[round(max(-1.0, min(1.0, pose.turn)) * 2) / 2]


def stance_of(pose: Pose) -> str:
    """What the body is doing with its legs: seated, standing, kneeling, walking, or off (out of the shot)."""
    if not pose.visible:
        return "off"
    if pose.action == "stand up":
        return "seated" if pose.phase < 0.5 else "standing"
    if pose.action == "sit down":
        return "seated" if pose.phase >= 0.5 else "standing"
    if pose.action == "kneel" and pose.phase > 0.15:
        return "kneeling"
    if pose.action in ("pace", "walk out"):
        return "walking"
    return "seated" if pose.seat else "standing"


_FIELDS = tuple(Pose.__dataclass_fields__)


def pose_record(pose: Pose) -> dict:
    """A pose as the JSON of a take: only the fields that differ from rest (most frames change two or three)."""
    return {k: getattr(pose, k) for k in _FIELDS if getattr(pose, k) != getattr(REST, k)}


class Performance(BaseModel):
    """A shot's take as the actors play it, recorded instead of a video clip: everything the picture needs
    to be drawn frame by frame where the film's segments are encoded (tools/video.py `CameraMoves.frames`),
    so each frame is composed once, straight into the film's encoder, and never encoded twice.

    `poses` has one entry per frame of the take: each actor on the stage, the pose fields that differ from
    rest. `stage_seed` draws the set and the actors (the keyframe's seed, so frame 0 at rest is the keyframe);
    `camera_seed` is the take's own seed, which the camera is given as a clip's would be."""

    shot: Shot
    characters: list[Character]
    location: Location
    size: tuple[int, int]
    fps: int
    stage_seed: int
    camera_seed: int
    poses: list[dict[str, dict]]
    faces: dict[str, list[float]] = {}

    def pose(self, frame: int) -> dict[str, Pose]:
        """The poses of frame `frame` (the last one held past the take's end)."""
        row = self.poses[min(max(0, frame), len(self.poses) - 1)]
        return {cid: Pose(**fields) for cid, fields in row.items()}

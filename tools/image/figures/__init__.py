"""Figures: each character drawn as who they are, in parts that an actor's performance can move.

A character becomes a `Figure` once (colours, build, outfit, hair, headwear), read from the cast sheet:

- kind: a child is small with a big head, an elder grey and stooped with a cane, a spirit pale and
  translucent with a wisp for legs, a machine a robot, an animal a cat (a dog when its words say dog);
- sex: hair and clothes default by it (a woman's hair is longer), and the wardrobe can say otherwise;
- palette: clothes, accent and hair colours exactly as Casting wrote them (flat areas keep their colour through
  the downscale, so the palette stays measurable in the frame); a colour the wardrobe or accessory names wins
  for its own garment ("blue dress" is blue whatever the palette says);
- wardrobe and accessory words: dresses, gowns, skirts, coats, jackets, suits, uniforms, aprons, robes,
  overalls, sweaters, scarves, boots, and hats (felt hat, cap, wide brim, beret, helmet, top hat, beanie,
  hood, crown, bonnet), glasses, bags, canes, lanterns and the rest.

It is drawn as separate sprites so a frame is a few pastes: the body (per pose: its view, hands, seat and legs,
tools/image/poses.py), the head without its features (per head turn, to profile), the eyes and brows (per
expression, blink and turn) and the mouth (per mouth shape, expression and turn). Every part is drawn by a `_Pen` in the character's own units: u across from
its centre line (positive to screen right), v up from its feet (the body) or from the head's centre (the head
parts); one unit is the height of an adult.

One concept a module:

- look: the `Figure` read from the cast sheet (`figure`)
- pen: the drawing primitives (`_Pen`, `sprite`)
- bodies: the body below the head in a pose (`draw_body`, `draw_front_hands`, the boxes a pose needs)
- clothes: the garments over a person's torso and what they carry below the head
- heads: the head without its features (`draw_head_base`, `head_extent`, `face_extent`)
- faces: eyes, brows and mouths (`draw_eyes`, `draw_mouth`)
"""

from tools.image.figures.bodies import body_extent, draw_body, draw_front_hands, gesture_limbs, pose_extent
from tools.image.figures.faces import EYES_BOX, MOUTH_BOX, draw_eyes, draw_mouth
from tools.image.figures.heads import draw_head_base, face_extent, head_extent
from tools.image.figures.look import Figure, figure
from tools.image.figures.pen import _Pen, sprite

__all__ = ["EYES_BOX", "MOUTH_BOX", "Figure", "_Pen", "body_extent", "draw_body", "draw_eyes", "draw_front_hands",
           "draw_head_base", "draw_mouth", "face_extent", "figure", "gesture_limbs", "head_extent", "pose_extent",
           "sprite"]

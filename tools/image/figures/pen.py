"""The drawing primitives of a figure: `_Pen` draws in a character's own units (u across from an origin, v up
from it), and `sprite` draws a part at twice its size, reduces it, and rings it with a soft outline."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


OUTLINE = (22, 20, 30)



class _Pen:
    """Draws in a character's own units: u across from an origin, v up from it, k pixels per unit."""

    def __init__(self, d: ImageDraw.ImageDraw, cx: float, cy: float, unit: float, sx: float = 1.0,
                 bend: float = 0.0, bw: float = 1.0):
        self.d, self.cx, self.g, self.k, self.sx = d, cx, cy, unit, sx
        self.bend, self.bw = bend, bw

    def p(self, u, v):
        if self.bend and abs(u) < self.bw:  # a turned body: its middle swings toward the way it faces
            u = u + self.bend * self.bw * (1 - (u / self.bw) ** 2)
        return (self.cx + u * self.sx * self.k, self.g - v * self.k)

    def moved(self, du: float = 0.0, dv: float = 0.0, sx: float = 1.0) -> "_Pen":
        """The same pen with its origin moved (units) and its drawing narrowed across by `sx` (a turned body)."""
        return _Pen(self.d, self.cx + du * self.k, self.g - dv * self.k, self.k, self.sx * sx, self.bend, self.bw)

    def turned(self, bend: float, half: float) -> "_Pen":
        """The same pen seen three-quarter: what lies within `half` units of the middle swings toward the side
        the body faces (`bend`, a share of `half`, signed), the edges stay, so the front's middle (buttons,
        lapels, a tie, the neck) sits off centre, the near side wide and the far side narrow."""
        return _Pen(self.d, self.cx, self.g, self.k, self.sx, bend, half)

    def box(self, u0, v0, u1, v1):
        (x0, y0), (x1, y1) = self.p(u0, v1), self.p(u1, v0)
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]

    def rect(self, u0, v0, u1, v1, fill, r=0.0):
        self.d.rounded_rectangle(self.box(u0, v0, u1, v1), radius=max(0, round(r * self.k)), fill=fill)

    def ellipse(self, u, v, ru, rv, fill, outline=None, width=0.0):
        self.d.ellipse(self.box(u - ru, v - rv, u + ru, v + rv), fill=fill, outline=outline,
                       width=max(1, round(width * self.k)) if outline else 0)

    def poly(self, pts, fill):
        self.d.polygon([self.p(u, v) for u, v in pts], fill=fill)

    def line(self, pts, fill, width):
        self.d.line([self.p(u, v) for u, v in pts], fill=fill, width=max(1, round(width * self.k)), joint="curve")

    def chord(self, u0, v0, u1, v1, start, end, fill):
        self.d.chord(self.box(u0, v0, u1, v1), start, end, fill=fill)

    def arc(self, u0, v0, u1, v1, start, end, fill, width):
        self.d.arc(self.box(u0, v0, u1, v1), start, end, fill=fill, width=max(1, round(width * self.k)))



SS = 2  # parts are drawn at twice their size and box-reduced: smooth edges, flat colours kept exact



def _dilate(a: np.ndarray) -> np.ndarray:
    """The alpha grown by one pixel each way (a 3x3 maximum, edges repeated: what ImageFilter.MaxFilter(3)
    gives, pixel for pixel, in a fraction of its time) at 170/255 of its strength: the outline's ring."""
    p = np.pad(a, 1, mode="edge")
    h = np.maximum(np.maximum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
    m = np.maximum(np.maximum(h[:-2], h[1:-1]), h[2:])
    return (m.astype(np.uint16) * 170 // 255).astype(np.uint8)


def sprite(size: tuple[int, int], origin: tuple[float, float], unit: float, draw, outline: bool = True,
           blur: float = 0.0, alpha: float = 1.0) -> Image.Image:
    """An RGBA part: `draw(pen)` in units around `origin` (pixels of the final sprite), drawn at SS times the
    size and reduced; with a soft dark outline for a silhouette, blurred when out of focus, faded for a ghost."""
    w, h = max(1, size[0]), max(1, size[1])
    big = Image.new("RGBA", (w * SS, h * SS), (0, 0, 0, 0))
    draw(_Pen(ImageDraw.Draw(big), origin[0] * SS, origin[1] * SS, unit * SS))
    img = big.convert("RGBa").reduce(SS).convert("RGBA")
    if outline:
        ring = Image.fromarray(_dilate(np.asarray(img.getchannel("A"))))
        back = Image.new("RGBA", img.size, OUTLINE + (0,))
        back.putalpha(ring)
        img = Image.alpha_composite(back, img)
    if blur:
        small = img.convert("RGBa").reduce(2) if min(img.size) >= 8 else img.convert("RGBa")
        small = small.filter(ImageFilter.GaussianBlur(blur / 2))
        img = small.resize(img.size, Image.BICUBIC).convert("RGBA")
    if alpha < 1:
        img.putalpha(img.getchannel("A").point(lambda v: round(v * alpha)))
    return img

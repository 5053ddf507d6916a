"""The demo pictures' paint box: palette, colour helpers, batik and weave patterns, and a
pen that draws in object units (used by motifs.py and images.py)."""

import colorsys
import math

from PIL import Image, ImageDraw

Color = tuple[int, ...]
Ink = Color | None
Pts = list[tuple[float, float]]

DEFAULT_COLOR: Color = (176, 98, 60)
CREAM, INK, GOLD, LEAF = (246, 238, 220), (38, 28, 24), (214, 170, 66), (78, 134, 60)
SILVER, SILVER_D, SILVER_L = (198, 202, 210), (112, 116, 128), (248, 249, 252)
WHITE, BLACK = (255, 255, 255), (0, 0, 0)
BATIK = ("kawung", "parang", "surya")


def parse_color(color: object) -> Color:
    """Turn "#rrggbb" (or "#rgb") into an RGB tuple, else return the default colour."""
    s = color.strip().lstrip("#") if isinstance(color, str) else ""
    s = "".join(ch * 2 for ch in s) if len(s) == 3 else s
    ok = len(s) == 6 and all(ch in "0123456789abcdefABCDEF" for ch in s)
    return tuple(int(s[i : i + 2], 16) for i in (0, 2, 4)) if ok else DEFAULT_COLOR


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend colour a towards colour b by fraction t."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a[:3], b[:3], strict=True))


def shade(c: Color, t: float) -> Color:
    """Lighten (t > 0) or darken (t < 0) a colour."""
    return mix(c, WHITE if t > 0 else BLACK, min(1.0, abs(t)))


def tint(c: Color, dh: float, s: float, v: float) -> Color:
    """The colour's hue shifted by dh, with the given HSV saturation and value."""
    h = colorsys.rgb_to_hsv(*(x / 255 for x in c[:3]))[0]
    return tuple(round(x * 255) for x in colorsys.hsv_to_rgb((h + dh) % 1.0, s, v))


def smooth(pts: Pts, n: int = 5, closed: bool = False) -> Pts:
    """Catmull-Rom spline through the points, n samples per segment."""
    p = [pts[-1], *pts, pts[0], pts[1]] if closed else [pts[0], *pts, pts[-1]]
    out: Pts = []
    for i in range(1, len(p) - 2):
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = p[i - 1 : i + 3]
        for t in (k / n for k in range(n)):
            w0, w1 = t * ((2 - t) * t - 1) / 2, (t * t * (3 * t - 5) + 2) / 2
            w2, w3 = t * ((4 - 3 * t) * t + 1) / 2, t * t * (t - 1) / 2
            out.append((w0 * ax + w1 * bx + w2 * cx + w3 * dx,
                        w0 * ay + w1 * by + w2 * cy + w3 * dy))
    return out if closed else [*out, pts[-1]]


def vgrad(w: int, h: int, top: Color, bottom: Color) -> Image.Image:
    """A vertical two-colour gradient image."""
    mask = Image.linear_gradient("L").resize((w, h), Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), mask)


def pattern(kind: str, w: int, h: int, c: Color, q: float) -> Image.Image:
    """A w x h tile of woven strips or a batik motif (kawung, parang, surya) with cell size q."""
    q, w, h = max(6, int(q)), max(1, w), max(1, h)
    if kind == "weave":
        im = Image.new("RGB", (w, h), shade(c, -0.5))
        d, g = ImageDraw.Draw(im), max(1, q // 12)
        for j in range(h // q + 1):
            for i in range(w // q + 1):
                x, y, o = i * q, j * q, (i + j) % 2  # o: the horizontal strand lies on top
                gx, gy = g * (3 - 2 * o), g * (1 + 2 * o)
                d.rounded_rectangle([x + gx, y + gy, x + q - gx, y + q - gy], q // 5,
                                    shade(c, 0.16 if o else -0.1))
                a, b = (q * 0.2, q * 0.5) if o else (q * 0.5, q * 0.2)
                d.line([(x + a, y + b), (x + q - a, y + q - b)], shade(c, -0.2), g)
        return im
    bg, dk = mix(c, CREAM, 0.8), shade(c, -0.55)
    im = Image.new("RGB", (w, h), bg)
    d, lw = ImageDraw.Draw(im), max(1, q // 20)
    if kind == "parang":  # diagonal bands with blade arcs, small diamonds between them
        for x in range(-(h // q + 2) * q, w + q, q):
            d.polygon([(x, 0), (x + q * 0.55, 0), (x + q * 0.55 + h, h), (x + h, h)], c)
            d.line([(x, 0), (x + h, h)], dk, lw * 2)
            for t in range(-q, h + q, max(2, int(q * 0.7))):
                cx, r, gx, e = x + q * 0.3 + t, q * 0.2, x + q * 0.8 + t, q * 0.1
                d.arc([cx - r, t - r, cx + r, t + r], 200, 430, dk, lw)
                d.polygon([(gx, t - e), (gx + e * 0.7, t), (gx, t + e), (gx - e * 0.7, t)], dk)
        return im
    star = [(0.46 if k % 2 == 0 else 0.24, k * math.pi / 8) for k in range(16)]
    petals = ((-q / 4, 0, 0.22, 0.14), (q / 4, 0, 0.22, 0.14), (0, -q / 4, 0.14, 0.22),
              (0, q / 4, 0.14, 0.22))
    for j in range(-1, h // q + 2):
        for i in range(-1, w // q + 2):
            x, y = i * q + (q / 2 if j % 2 and kind == "surya" else 0), j * q
            if kind == "kawung":  # four-petal palm-fruit crosses with dots between
                for ox, oy, rx, ry in petals:
                    px, py, rx, ry = x + ox, y + oy, rx * q, ry * q
                    d.ellipse([px - rx, py - ry, px + rx, py + ry], c, dk, lw)
                    d.ellipse([px - rx * .35, py - ry * .35, px + rx * .35, py + ry * .35], bg)
                for cx, cy, r in ((x, y, q * .05), (x + q / 2, y + q / 2, q * .07)):
                    d.ellipse([cx - r, cy - r, cx + r, cy + r], dk)
            else:  # Surya Majapahit: eight-rayed sun
                d.polygon([(x + r * q * math.cos(a), y + r * q * math.sin(a)) for r, a in star],
                          c, dk, lw)
                for r, col in ((0.17 * q, bg), (0.07 * q, dk)):
                    d.ellipse([x - r, y - r, x + r, y + r], col, dk, lw)
    return im


class Pen:
    """Draws in object units (about -1..1, y down) mapped to pixels around an anchor point."""

    def __init__(self, img: Image.Image, cx: float, cy: float, s: float) -> None:
        self.img, self.cx, self.cy, self.s = img, cx, cy, s
        self.blend, self.plain = ImageDraw.Draw(img, "RGBA"), ImageDraw.Draw(img)

    def on(self, *inks: Ink) -> ImageDraw.ImageDraw:
        """The blending drawer if any ink is translucent, else the much faster plain one."""
        return self.blend if any(i is not None and len(i) > 3 for i in inks) else self.plain

    def pt(self, x: float, y: float) -> tuple[float, float]:
        """Map a unit point to pixels."""
        return (self.cx + x * self.s, self.cy + y * self.s)

    def px(self, w: float) -> int:
        """Map a unit stroke width to whole pixels."""
        return max(1, round(w * self.s))

    def poly(self, pts: Pts, fill: Ink, line: Ink = None, w: float = 0.01) -> None:
        """Filled polygon with an optional outline."""
        self.on(fill, line).polygon([self.pt(*q) for q in pts], fill, line, self.px(w))

    def oval(self, x: float, y: float, rx: float, ry: float, fill: Ink = None, line: Ink = None,
             w: float = 0.01) -> None:
        """Ellipse around a centre point."""
        box = [*self.pt(x - rx, y - ry), *self.pt(x + rx, y + ry)]
        self.on(fill, line).ellipse(box, fill, line, self.px(w))

    def line(self, pts: Pts, fill: Color, w: float = 0.02) -> None:
        """Polyline with rounded joints."""
        self.on(fill).line([self.pt(*q) for q in pts], fill, self.px(w), "curve")

    def arc(self, x: float, y: float, rx: float, ry: float, a0: float, a1: float, fill: Color,
            w: float = 0.02) -> None:
        """Elliptical arc, angles in degrees clockwise from 3 o'clock."""
        box = [*self.pt(x - rx, y - ry), *self.pt(x + rx, y + ry)]
        self.on(fill).arc(box, a0, a1, fill, self.px(w))

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Ink, line: Ink = None,
             w: float = 0.01, r: float = 0.0) -> None:
        """Axis-aligned rectangle, optionally with rounded corners."""
        box = [*self.pt(x0, y0), *self.pt(x1, y1)]
        self.on(fill, line).rounded_rectangle(box, r * self.s, fill, line, self.px(w))

    def clip(self, pts: Pts, kind: str, c: Color, cell: float, shade: bool = False) -> None:
        """Fill a polygon with a pattern, optionally darkening its right half."""
        xy = [self.pt(*q) for q in pts]
        x0, y0 = max(0, int(min(p[0] for p in xy))), max(0, int(min(p[1] for p in xy)))
        x1 = min(self.img.width, int(max(p[0] for p in xy)) + 2)
        y1 = min(self.img.height, int(max(p[1] for p in xy)) + 2)
        w, h = x1 - x0, y1 - y0
        if w < 1 or h < 1:
            return
        pat = pattern(kind, w, h, c, cell * self.s)
        if shade and w > 1:
            ramp = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90)
            ramp = ramp.resize((w - w // 2, h), Image.Resampling.NEAREST).point(lambda v: v // 2)
            pat.paste(BLACK, (w // 2, 0, w, h), ramp)
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in xy], 255)
        self.img.paste(pat, (x0, y0), mask)


def contact_shadow(p: Pen, x: float, y: float, rx: float, ry: float) -> None:
    """Soft contact shadow made of stacked translucent ellipses."""
    for f in (1.25, 1.15, 1.05, 0.95, 0.85, 0.75, 0.65):
        p.oval(x, y, rx * f, ry * f, (30, 20, 10, 18))


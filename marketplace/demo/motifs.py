"""What each motif looks like: ceramics, jewellery, textiles and woven goods, food, and
wood carvings, drawn with the pen of paint.py."""

import math
import random

from marketplace.demo.paint import (
    BATIK,
    BLACK,
    CREAM,
    GOLD,
    INK,
    LEAF,
    SILVER,
    SILVER_D,
    SILVER_L,
    WHITE,
    Color,
    Ink,
    Pen,
    Pts,
    contact_shadow,
    mix,
    shade,
    smooth,
)


def _lathe(p: Pen, prof: Pts, c: Color, glaze: bool = True, k: float = 0.22) -> None:
    """A turned body from (y, radius) profile points, shaded like a lit cylinder."""
    dense = smooth(prof, 5)
    yb, rb = dense[-1]
    out = [(1.0, r, y) for y, r in dense]
    out += [(math.cos(a * math.pi / 12), rb, yb + rb * k * math.sin(a * math.pi / 12))
            for a in range(13)]
    out += [(-1.0, r, y) for y, r in reversed(dense)]
    for i in range(14):
        t = i / 13
        p.poly([(r * (u - (0.35 + u) * 0.86 * t), y) for u, r, y in out], shade(c, 0.66 * t - 0.4))
    if glaze:
        mid = dense[len(dense) // 6 : -(len(dense) // 5) or None]
        p.poly([(-r * 0.72, y) for y, r in mid] + [(-r * 0.6, y) for y, r in reversed(mid)],
               (*WHITE, 95))


def _rim(p: Pen, y: float, r: float, c: Color, inner: Color, k: float = 0.22) -> None:
    """Top opening of a turned vessel: a light lip around a dark inside."""
    p.oval(0, y, r, r * k, shade(c, 0.28), shade(c, -0.2), 0.006)
    p.oval(0, y + r * k * 0.08, r * 0.86, r * k * 0.78, inner)


def _band(p: Pen, y: float, r: float, col: Color, w: float = 0.02, k: float = 0.22) -> None:
    """Decorative line around the front of a turned body."""
    p.arc(0, y, r * 0.99, r * k, 8, 172, col, w)


def _leaf(p: Pen, x: float, y: float, ang: float, ln: float, wd: float, col: Color,
          vein: bool = True, line: Ink = None) -> None:
    """A pointed leaf or petal from (x, y) towards ang degrees (0 = right, -90 = up)."""
    ca, sa = math.cos(math.radians(ang)), math.sin(math.radians(ang))
    side = [(t / 8 * ln, wd * math.sin(math.pi * t / 8) ** 0.8) for t in range(9)]
    pts = [(x + ca * a - sa * o, y + sa * a + ca * o) for a, o in side]
    pts += [(x + ca * a + sa * o, y + sa * a - ca * o) for a, o in reversed(side)]
    line = line or shade(col, -0.35)
    p.poly(pts, col, line, 0.006)
    if vein:
        p.line([(x, y), (x + ca * ln * 0.85, y + sa * ln * 0.85)], line, 0.008)


def _box(p: Pen, x0: float, y0: float, x1: float, y1: float, dx: float, dy: float,
         c: Color) -> None:
    """A box seen from the front right: front face, lit top and darker side."""
    line = shade(c, -0.45)
    p.poly([(x0, y0), (x1, y0), (x1 + dx, y0 - dy), (x0 + dx, y0 - dy)], shade(c, 0.25), line)
    p.poly([(x1, y0), (x1 + dx, y0 - dy), (x1 + dx, y1 - dy), (x1, y1)], shade(c, -0.3), line)
    p.rect(x0, y0, x1, y1, c, line)


def _gem(p: Pen, x: float, y: float, r: float, c: Color) -> None:
    """A faceted gemstone in a silver setting."""
    p.oval(x, y, r * 1.22, r * 1.1, SILVER, SILVER_D, 0.008)
    octa = [(math.cos(math.pi * (i + .5) / 4), math.sin(math.pi * (i + .5) / 4)) for i in range(8)]
    p.poly([(x + r * u, y + r * .9 * v) for u, v in octa], shade(c, -.35), shade(c, -.6), .005)
    p.poly([(x + r * 0.55 * u, y + r * 0.5 * v - r * 0.1) for u, v in octa], shade(c, 0.2))
    p.poly([(x - r * .6, y - r * .35), (x - r * .25, y - r * .6), (x - r * .45, y - r * .05)],
           (*WHITE, 190))


def _drop(p: Pen, x: float, y: float, r: float, c: Color) -> None:
    """A silver teardrop frame holding a coloured stone."""
    shape = [(0, -1.15), (0.62, -0.1), (0.72, 0.5), (0, 1), (-0.72, 0.5), (-0.62, -0.1)]
    pts = smooth(shape, 4, closed=True)
    p.poly([(x + r * u, y + r * v) for u, v in pts], SILVER, SILVER_D, 0.01)
    p.poly([(x + r * 0.7 * u, y + r * (0.7 * v + 0.12)) for u, v in pts], shade(c, -0.25))
    p.oval(x - r * 0.15, y + r * 0.3, r * 0.22, r * 0.3, shade(c, 0.25))
    p.oval(x - r * 0.22, y + r * 0.05, r * 0.07, r * 0.14, (*WHITE, 200))


def _ceramic(p: Pen, m: str, c: Color, rng: random.Random) -> None:
    """Glazed vase, bowl, plate, cup on a saucer, or flowerpot (gerabah) with a plant."""
    if m == "vase":
        b, n = rng.uniform(0.5, 0.64), rng.uniform(0.15, 0.2)
        _lathe(p, [(-.9, n + .06), (-.72, n), (-.5, n + .04), (-.15, b * .92), (.2, b),
                   (.6, b * .76), (.96, .3)], c)
        _band(p, -0.15, b * 0.92, shade(c, 0.45), 0.025)
        _band(p, 0.6, b * 0.76, shade(c, -0.3), 0.015)
        _rim(p, -0.9, n + 0.06, c, shade(c, -0.6))
    elif m == "bowl":
        _lathe(p, [(0.5, 0.3), (0.64, 0.32)], shade(c, -0.2), glaze=False)
        _lathe(p, [(-0.3, 0.92), (-0.05, 0.88), (0.2, 0.72), (0.42, 0.5), (0.54, 0.34)], c)
        _band(p, -0.1, 0.9, shade(c, 0.5), 0.03)
        _rim(p, -0.3, 0.92, c, shade(c, -0.35))
        p.oval(0, -0.27, 0.62, 0.1, shade(c, -0.15))
    elif m == "plate":
        p.oval(0, 0.36, 0.95, 0.4, shade(c, -0.45))
        p.oval(0, 0.3, 0.95, 0.4, c, shade(c, 0.35), 0.015)
        p.oval(0, 0.33, 0.62, 0.25, shade(c, -0.2))
        p.oval(0, 0.345, 0.58, 0.225, shade(c, 0.12))
        n, dot = rng.choice((16, 20, 24)), mix(c, CREAM, 0.75)
        for a in (2 * math.pi * i / n for i in range(n)):
            p.oval(0.79 * math.cos(a), 0.31 + 0.32 * math.sin(a), 0.035, 0.022, dot)
        p.arc(0, 0.3, 0.87, 0.34, 195, 250, (*WHITE, 150), 0.025)
        p.arc(0, 0.34, 0.45, 0.16, 200, 240, (*WHITE, 110), 0.02)
    elif m == "cup":
        p.oval(0, 0.66, 0.82, 0.2, shade(c, -0.4))
        p.oval(0, 0.62, 0.82, 0.2, shade(c, 0.2), shade(c, -0.2), 0.006)
        p.oval(0, 0.6, 0.5, 0.12, shade(c, -0.05))
        p.oval(0.5, 0.05, 0.22, 0.24, None, shade(c, -0.35), 0.1)
        p.oval(0.49, 0.04, 0.22, 0.24, None, c, 0.07)
        _lathe(p, [(-0.4, 0.5), (0.0, 0.48), (0.4, 0.42), (0.56, 0.36)], c)
        _rim(p, -0.4, 0.5, c, (74, 44, 26))
        p.oval(-0.08, -0.39, 0.2, 0.04, (200, 150, 100, 120))
        for x in (-0.15, 0.12):
            steam = [(x, -0.55), (x + 0.07, -0.7), (x - 0.04, -0.85), (x + 0.05, -1.0)]
            p.line(smooth(steam), (*WHITE, 120), 0.025)
    else:
        for _ in range(rng.randint(5, 8)):
            _leaf(p, rng.uniform(-.1, .1), -.45, rng.uniform(-145, -35), rng.uniform(.5, .85), .12,
                  shade(LEAF, rng.uniform(-0.2, 0.25)))
        _lathe(p, [(-0.32, 0.6), (0.3, 0.52), (0.92, 0.42)], c)
        _band(p, 0.15, 0.55, shade(c, -0.3), 0.012)
        _band(p, 0.3, 0.52, shade(c, -0.3), 0.012)
        _lathe(p, [(-0.5, 0.7), (-0.3, 0.66)], shade(c, 0.08), glaze=False)
        _rim(p, -0.5, 0.7, c, (84, 56, 36))
        for i in range(rng.randint(3, 5)):
            _leaf(p, 0, -0.47, 180 + 45 * i + rng.uniform(-15, 15), 0.5, 0.12, LEAF)


def _jewel(p: Pen, m: str, c: Color, rng: random.Random) -> None:
    """Kotagede-style silver ring, bangle, necklace, earrings or brooch with coloured stones."""
    if m == "ring":
        p.oval(0.02, 0.3, 0.6, 0.6, None, SILVER_D, 0.15)
        p.oval(0, 0.28, 0.58, 0.58, None, SILVER, 0.11)
        p.arc(0, 0.28, 0.58, 0.58, 140, 235, SILVER_L, 0.03)
        p.arc(0, 0.28, 0.5, 0.5, 200, 340, SILVER_D, 0.025)
        p.poly([(-0.22, -0.32), (0.22, -0.32), (0.14, -0.18), (-0.14, -0.18)], SILVER, SILVER_D)
        _gem(p, 0, -0.48, 0.26, c)
    elif m == "bracelet":
        p.oval(0, 0.2, 0.9, 0.45, None, SILVER_D, 0.17)
        p.oval(0, 0.12, 0.9, 0.45, None, SILVER, 0.14)
        p.arc(0, 0.12, 0.9, 0.45, 150, 250, SILVER_L, 0.03)
        for a in (2 * math.pi * i / 30 for i in range(30)):
            p.oval(0.9 * math.cos(a), 0.12 + 0.45 * math.sin(a), .018, .018, SILVER_L, SILVER_D)
        for a in (math.pi * (0.14 + 0.18 * i) for i in range(5)):
            _gem(p, 0.9 * math.cos(a), 0.12 + 0.45 * math.sin(a), 0.075, c)
    elif m == "necklace":
        pts = [(0.8 * t, -0.82 + 1.05 * (1 - t * t)) for t in (i / 12 - 1 for i in range(25))]
        p.line(pts, SILVER_D, 0.018)
        for i, (x, y) in enumerate(pts):
            if i % 2:
                p.oval(x, y, 0.045, 0.045, SILVER, SILVER_D, 0.006)
            else:
                p.oval(x, y, 0.06, 0.06, c, shade(c, -0.4), 0.006)
                p.oval(x - 0.02, y - 0.02, 0.016, 0.016, (*WHITE, 180))
        p.oval(0, 0.28, 0.05, 0.05, None, SILVER_D, 0.02)
        _drop(p, 0, 0.55, 0.26, c)
    elif m == "earrings":
        for x in (-0.42, 0.42):
            contact_shadow(p, x, 0.62, 0.22, 0.05)
            p.arc(x, -0.62, 0.11, 0.17, 180, 360, SILVER_D, 0.025)
            p.line([(x + 0.11, -0.62), (x + 0.12, -0.5)], SILVER_D, 0.025)
            p.line([(x - 0.11, -0.62), (x, -0.44)], SILVER_D, 0.02)
            p.oval(x, -0.4, 0.05, 0.05, SILVER, SILVER_D, 0.008)
            _drop(p, x, 0.0, 0.3, c)
            p.oval(x, 0.4, 0.045, 0.045, SILVER, SILVER_D, 0.008)
    else:
        p.line([(-0.88, 0.12), (0.88, -0.06)], SILVER_D, 0.03)
        off = rng.uniform(0, 45)
        for a in (off + 45 * i for i in range(8)):
            _leaf(p, 0, 0, a, 0.8, 0.22, SILVER, line=SILVER_D)
            _leaf(p, 0, 0, a, 0.62, 0.1, SILVER_L, line=SILVER_D)
        for a in (math.radians(off + 45 * i + 22.5) for i in range(8)):
            _gem(p, 0.5 * math.cos(a), 0.5 * math.sin(a), 0.07, c)
        p.oval(0, 0, 0.34, 0.34, SILVER, SILVER_D, 0.02)
        for a in (math.pi * i / 8 for i in range(16)):
            p.oval(0.3 * math.cos(a), 0.3 * math.sin(a), 0.022, 0.022, SILVER_L, SILVER_D)
        _gem(p, 0, 0, 0.2, c)


def _textile(p: Pen, m: str, c: Color, rng: random.Random) -> None:
    """Hanging batik kain, batik shirt, woven bamboo basket, pandan mat or handbag."""
    dk = shade(c, -0.5)
    if m == "batik_cloth":
        wave = [(x / 20, 0.9 + 0.035 * math.sin(x * 0.7)) for x in range(14, -15, -1)]
        pts = [(-0.7, -0.86), (0.7, -0.86), *wave]
        p.poly([(x + 0.04, y + 0.04) for x, y in pts], (*BLACK, 45))
        p.clip(pts, rng.choice(BATIK), c, rng.uniform(0.2, 0.28))
        p.rect(-0.7, 0.62, 0.7, 0.7, dk)
        for x in (-0.7 + i * 0.1 for i in range(14)):  # tumpal triangles above the border
            p.poly([(x, 0.62), (x + 0.1, 0.62), (x + 0.05, 0.5)], shade(c, -0.25), dk, 0.004)
        for i, x in enumerate(-0.62 + i * 0.2 for i in range(7)):  # drape folds
            bottom = 0.9 + 0.035 * math.sin(x * 14)
            fold = [(x, -0.86), (x + 0.08, -0.86), (x + 0.1, bottom), (x + 0.02, 0.9)]
            p.poly(fold, (*BLACK, 34) if i % 2 else (*WHITE, 30))
        p.rect(-0.88, -0.95, 0.88, -0.85, (120, 78, 44), (70, 44, 24), 0.008, r=0.05)
        for x in (-0.9, 0.9):
            p.oval(x, -0.9, 0.06, 0.07, (96, 60, 34))
    elif m == "batik_shirt":
        pts = [(-.2, -.88), (-.52, -.8), (-.95, -.48), (-.76, -.2), (-.56, -.32), (-.56, .92),
               (.56, .92), (.56, -.32), (.76, -.2), (.95, -.48), (.52, -.8), (.2, -.88),
               (.1, -.76), (-.1, -.76)]
        p.poly([(x + 0.04, y + 0.04) for x, y in pts], (*BLACK, 50))
        p.clip(pts, rng.choice(BATIK), c, rng.uniform(0.18, 0.24), shade=True)
        p.poly(pts, None, dk, 0.01)
        for sx in (-1, 1):
            p.poly([(sx * .22, -.9), (0, -.72), (sx * .14, -.56), (sx * .32, -.8)], dk)
            p.line([(sx * 0.95, -0.48), (sx * 0.76, -0.2)], dk, 0.035)
            p.line([(sx * 0.3, -0.6), (sx * 0.34, 0.85)], (*BLACK, 28), 0.05)
        p.line([(0, -0.72), (0, 0.92)], dk, 0.012)
        for y in (-0.5, -0.2, 0.1, 0.4, 0.7):
            p.oval(0.04, y, 0.028, 0.028, CREAM, dk, 0.006)
    elif m == "basket":
        p.arc(0, -0.3, 0.72, 0.78, 180, 360, shade(c, -0.3), 0.09)
        p.arc(0, -0.3, 0.72, 0.78, 200, 300, shade(c, 0.25), 0.03)
        p.oval(0, -0.3, 0.85, 0.2, shade(c, -0.55))
        rim = [(0.85 * math.cos(a * math.pi / 16), -0.3 + 0.2 * math.sin(a * math.pi / 16))
               for a in range(33)]
        body = rim[:17] + smooth([(-.85, -.3), (-.7, .5), (-.45, .86), (0, .93), (.45, .86),
                                  (.7, .5), (.85, -.3)], 4)
        p.clip(body, "weave", c, rng.uniform(0.08, 0.11), shade=True)
        p.poly(body, None, dk, 0.008)
        p.poly(rim, None, shade(c, -0.2), 0.07)
        for x, y in rim[:32]:
            p.line([(x - 0.02, y - 0.03), (x + 0.02, y + 0.03)], shade(c, 0.3), 0.012)
    elif m == "mat":
        quad = [(-0.72, -0.22), (0.72, -0.22), (0.98, 0.72), (-0.98, 0.72)]
        p.poly([(x + 0.03, y + 0.05) for x, y in quad], (*BLACK, 50))
        p.clip(quad, "weave", c, rng.uniform(0.06, 0.08))
        for y in (0.02, 0.08, 0.44, 0.5):  # coloured stripes across the weave
            e, f = 0.72 + 0.26 * (y + 0.22) / 0.94, 0.72 + 0.26 * (y + 0.25) / 0.94
            p.poly([(-e, y), (e, y), (f, y + 0.03), (-f, y + 0.03)], (*dk, 190))
        p.poly([(-0.98, 0.72), (0.98, 0.72), (0.98, 0.76), (-0.98, 0.76)], shade(c, -0.45))
        p.rect(-0.76, -0.4, 0.76, -0.16, shade(c, 0.05), shade(c, -0.4), 0.01, r=0.12)
        for x in (-0.74 + i * 0.05 for i in range(1, 30)):
            p.line([(x, -0.38), (x, -0.18)], shade(c, -0.2), 0.006)
        p.oval(0.7, -0.28, 0.07, 0.12, shade(c, -0.15), shade(c, -0.45), 0.01)
        p.arc(0.7, -0.28, 0.04, 0.07, 0, 300, shade(c, -0.45), 0.01)
    else:
        leather = mix(c, (86, 52, 32), 0.7)
        p.arc(0.06, -0.2, 0.4, 0.62, 180, 360, shade(leather, -0.3), 0.06)
        p.arc(0, -0.2, 0.4, 0.62, 180, 360, leather, 0.06)
        body = smooth([(-.58, -.22), (0, -.22), (.58, -.22), (.72, .55), (.6, .9), (0, .92),
                       (-.6, .9), (-.72, .55)], 5, closed=True)
        kind = rng.choice(("weave", *BATIK))
        p.clip(body, kind, c, 0.09 if kind == "weave" else 0.2, shade=True)
        p.poly(body, None, dk, 0.01)
        p.rect(-0.62, -0.28, 0.62, -0.14, leather, shade(leather, -0.4), 0.006, r=0.04)
        for x in (-0.4, 0.4):
            p.rect(x - 0.05, -0.3, x + 0.05, -0.1, shade(leather, -0.15), r=0.02)
        p.rect(-0.08, -0.18, 0.08, 0.0, GOLD, shade(GOLD, -0.4), 0.008, r=0.03)


def _food(p: Pen, m: str, c: Color, rng: random.Random) -> None:
    """Standing chips pouch, tempe in banana leaf with fried slices, or a jar of snacks."""
    dk, snack = shade(c, -0.4), mix(c, (222, 164, 80), 0.5)
    if m == "chips_bag":
        side = smooth([(0.6, -0.82), (0.68, -0.2), (0.66, 0.5), (0.58, 0.88), (0.3, 0.94),
                       (0, 0.95)], 5)
        p.poly(side + [(-x, y) for x, y in reversed(side)], c, dk, 0.01)
        p.poly([(0.42, -0.8), *side[:16], (0.4, 0.9)], (*BLACK, 40))
        p.poly([(-0.52, -0.76), (-0.4, -0.76), (-0.44, 0.8), (-0.56, 0.8)], (*WHITE, 60))
        teeth = [(-0.6 + i * 0.05, -0.96 - 0.025 * (i % 2)) for i in range(25)]
        p.poly([(-0.6, -0.8), *teeth, (0.6, -0.8)], shade(c, -0.15), dk, 0.006)
        for y in (-0.9, -0.86, -0.82):
            p.line([(-0.58, y), (0.58, y)], shade(c, -0.35), 0.006)
        p.rect(-0.45, -0.45, 0.45, 0.5, CREAM, dk, 0.012, r=0.08)
        p.rect(-0.45, -0.32, 0.45, -0.16, shade(c, -0.25))
        for _ in range(8):
            x, y, f = rng.uniform(-0.26, 0.26), rng.uniform(0.05, 0.32), rng.uniform(-0.1, 0.2)
            p.oval(x, y, 0.12, 0.06, shade(snack, f), shade(snack, -0.35), 0.006)
        p.arc(0, 0.82, 0.56, 0.1, 20, 160, dk, 0.01)
    elif m == "tempe":
        _leaf(p, -1.0, 0.62, -6, 2.0, 0.34, shade(LEAF, 0.1))
        _box(p, -0.78, -0.1, 0.1, 0.55, 0.22, 0.2, LEAF)
        for x in (-0.74 + i * 0.1 for i in range(9)):  # leaf veins on the wrapper
            p.line([(x, -0.08), (x + 0.08, 0.53)], shade(LEAF, -0.25), 0.008)
        p.poly([(.1, -.1), (.32, -.3), (.32, .35), (.1, .55)], (238, 224, 186), (150, 120, 70))
        for u, v in ((rng.random(), rng.random()) for _ in range(14)):  # soy beans in the cut
            p.oval(0.12 + u * 0.18, -0.05 - u * 0.18 + v * 0.55, 0.022, 0.018, (212, 190, 140))
        p.line([(-0.35, 0.55), (-0.35, -0.1), (-0.13, -0.3)], c, 0.025)
        for i in range(3):
            x, y = 0.0 + i * 0.2, 0.46 + (i % 2) * 0.08
            top = [(x, y), (x + 0.38, y - 0.08), (x + 0.48, y + 0.08), (x + 0.1, y + 0.16)]
            p.poly([(u, v + 0.03) for u, v in top], shade(snack, -0.45))
            p.poly(top, shade(snack, 0.06 * i), shade(snack, -0.45), 0.006)
            for j in range(5):
                p.oval(x + .1 + j * .07, y + .04 + .04 * (j % 2), .03, .018, shade(snack, .35))
    else:
        glass = (140, 152, 164, 150)
        p.rect(-0.52, -0.55, 0.52, 0.95, (*WHITE, 60), glass, 0.012, r=0.14)
        for y, x in sorted((rng.uniform(-0.1, 0.85), rng.uniform(-0.4, 0.4)) for _ in range(60)):
            f = rng.uniform(-0.2, 0.2)
            p.oval(x, y, 0.09, 0.055, shade(snack, f), shade(snack, -0.4), 0.005)
        p.rect(-0.52, -0.55, 0.52, 0.95, (*WHITE, 30), glass, 0.012, r=0.14)
        p.rect(-0.44, -0.45, -0.36, 0.85, (*WHITE, 110), r=0.04)
        p.rect(0.33, -0.45, 0.37, 0.85, (*WHITE, 70), r=0.02)
        p.rect(-0.4, -0.66, 0.4, -0.52, (*WHITE, 80), glass, 0.01, r=0.03)
        p.rect(-0.46, -0.88, 0.46, -0.64, c, dk, 0.012, r=0.05)
        for x in (-0.46 + i * 0.0767 for i in range(1, 12)):
            p.line([(x, -0.86), (x, -0.66)], shade(c, -0.25), 0.008)
        p.rect(-0.44, -0.86, 0.44, -0.82, shade(c, 0.35), r=0.02)
        p.rect(-0.36, 0.25, 0.36, 0.62, CREAM, dk, 0.01, r=0.04)
        p.rect(-0.36, 0.36, 0.36, 0.48, c)


def _craft(p: Pen, m: str, c: Color, rng: random.Random) -> None:
    """Carved wooden relief panel, topeng Malangan mask, or a gift box for unknown motifs."""
    hi, lo = shade(c, 0.2), shade(c, -0.5)
    if m == "wood_carving":
        def arch(r: float, bot: float, dx: float = 0.0) -> Pts:
            top = [(dx + r * math.cos(a * math.pi / 12), -.35 - r * math.sin(a * math.pi / 12))
                   for a in range(13)]
            return [(dx - r, bot), (dx + r, bot), *top]

        p.poly(arch(0.55, 0.8, 0.05), shade(c, -0.45))
        p.poly(arch(0.55, 0.8), c, shade(c, -0.45), 0.01)
        p.poly(arch(0.44, 0.68), shade(c, -0.3))
        for _ in range(9):  # wood grain
            y, ph = rng.uniform(-0.3, 0.75), rng.uniform(0, 6)
            grain = [(x / 10, y + 0.02 * math.sin(x * 0.9 + ph)) for x in range(-5, 6)]
            p.line(grain, (*BLACK, 40), 0.007)
        for dx, col in ((0.02, lo), (0.0, hi)):  # relief: dark undercut, then the lit face
            p.line([(dx, 0.62), (dx + 0.03, 0.15), (dx - 0.02, -0.35)], col, 0.035)
            for i in range(4):
                _leaf(p, dx, 0.5 - i * 0.2, -150 + i * 8, 0.3, 0.08, col, line=lo)
                _leaf(p, dx, 0.42 - i * 0.2, -30 - i * 8, 0.3, 0.08, col, line=lo)
            for i in range(6):
                _leaf(p, dx, -0.45, 60 * i + 30, 0.17, 0.07, col, False, lo)
        p.oval(0, -0.45, 0.06, 0.06, lo)
        _box(p, -0.64, 0.8, 0.6, 0.96, 0.08, 0.05, shade(c, -0.15))
    elif m == "mask":
        face = smooth([(0, -.95), (.45, -.88), (.68, -.5), (.66, 0), (.52, .5), (.25, .85),
                       (0, .92), (-.25, .85), (-.52, .5), (-.66, 0), (-.68, -.5), (-.45, -.88)],
                       4, closed=True)
        p.poly([(x + 0.04, y + 0.03) for x, y in face], shade(c, -0.55))
        p.poly(face, c, shade(c, -0.45), 0.01)
        p.poly([(x * 0.75 - 0.06, y * 0.8 - 0.06) for x, y in face], shade(c, 0.12))
        for ang in (-90, -125, -55):  # gold jamang ornament on the forehead
            _leaf(p, 0, -0.55, ang, 0.3, 0.08, GOLD, False)
        p.oval(0, -0.55, 0.05, 0.05, (200, 40, 50), shade(GOLD, -0.4), 0.006)
        for sx in (-1, 1):
            p.line([(sx * 0.52, -0.3), (sx * 0.34, -0.42), (sx * 0.12, -0.36)], INK, 0.055)
            eye = [(sx * .48, -.2), (sx * .3, -.29), (sx * .12, -.2), (sx * .3, -.14)]
            p.poly(smooth(eye, 4, closed=True), (250, 248, 240), INK, 0.012)
            p.oval(sx * 0.29, -0.205, 0.055, 0.055, INK)
            p.arc(sx * 0.42, 0.18, 0.1, 0.08, 180, 360, GOLD, 0.02)
            p.oval(sx * 0.38, 0.16, 0.09, 0.06, (220, 80, 90, 60))
        p.poly([(0, -0.24), (0.1, 0.16), (0, 0.23), (-0.1, 0.16)], hi, shade(c, -0.4))
        p.line([(-.3, .36), (-.12, .31), (0, .34), (.12, .31), (.3, .36)], INK, 0.03)
        lips = smooth([(-0.22, 0.47), (0, 0.41), (0.22, 0.47), (0, 0.58)], 4, closed=True)
        p.poly(lips, (192, 36, 44), INK, 0.008)
        p.rect(-0.11, 0.45, 0.11, 0.5, (250, 246, 236))
    else:
        _box(p, -0.66, -0.25, 0.44, 0.85, 0.28, 0.2, c)
        p.rect(-0.17, -0.25, -0.05, 0.85, GOLD)
        p.poly([(-0.17, -0.25), (-0.05, -0.25), (0.23, -0.45), (0.11, -0.45)], GOLD)
        for ang in (-150, -30):
            _leaf(p, 0.03, -0.36, ang, 0.35, 0.14, GOLD)


FAMILY = {m: f for f, names in (
    (_ceramic, "vase bowl plate cup pot"), (_jewel, "ring bracelet necklace earrings brooch"),
    (_textile, "batik_cloth batik_shirt basket mat bag"), (_food, "chips_bag tempe snack_jar"),
    (_craft, "wood_carving mask"),
) for m in names.split()}


def draw_motif(p: Pen, motif: str, c: Color, rng: random.Random) -> None:
    """Draw the motif (an unknown one as a carving) around the pen's anchor."""
    FAMILY.get(motif, _craft)(p, motif, c, rng)

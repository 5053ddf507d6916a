"""Product pictures and banner covers for the demo data, drawn locally with Pillow."""

import math
import random

from PIL import Image

from marketplace.demo.motifs import draw_motif
from marketplace.demo.paint import (
    BATIK,
    CREAM,
    GOLD,
    WHITE,
    Color,
    Pen,
    contact_shadow,
    mix,
    parse_color,
    pattern,
    shade,
    tint,
    vgrad,
)

MOTIFS = (
    "vase", "bowl", "plate", "cup", "pot", "batik_cloth", "batik_shirt", "ring", "bracelet",
    "necklace", "earrings", "brooch", "chips_bag", "tempe", "snack_jar", "basket", "mat",
    "wood_carving", "mask", "bag",
)

_PAIRED = {"bowl", "cup", "pot", "vase", "ring", "earrings", "chips_bag", "snack_jar", "plate"}
# Contact shadow under each motif: centre x, y and radii, in object units.
_SHADOWS = {
    "vase": (0, .97, .42, .08), "bowl": (0, .66, .55, .1), "plate": (0, .62, .88, .16),
    "cup": (0, .72, .78, .13), "pot": (0, .96, .5, .09), "ring": (0, .94, .6, .09),
    "bracelet": (0, .66, .8, .14), "necklace": (0, .82, .3, .06), "brooch": (0, .86, .7, .12),
    "chips_bag": (0, .94, .66, .1), "tempe": (0, .72, .95, .14), "snack_jar": (0, .96, .56, .09),
    "basket": (0, .93, .62, .1), "wood_carving": (.02, .96, .72, .1), "mask": (0, .98, .5, .07),
    "bag": (0, .94, .8, .11), "gift": (.05, .9, .8, .12),
}


def _backdrop(n: int, c: Color, variant: int, rng: random.Random) -> Image.Image:
    """Studio (0), tinted close-up (1) or wall-and-table (2) background, n pixels square."""
    k = max(8, n // 8)  # smooth parts are built small, then enlarged
    if variant == 2:
        h = int(k * 0.6)
        img = Image.new("RGB", (k, k))
        img.paste(vgrad(k, h, tint(c, 0.0, 0.1, 0.97), tint(c, 0.02, 0.16, 0.86)), (0, 0))
        img.paste(vgrad(k, k - h, (176, 122, 78), (118, 76, 46)), (0, h))
    else:
        img = vgrad(k, k, tint(c, variant / 2, 0.06 + 0.06 * variant, 0.98),
                    tint(c, variant / 2, 0.12 + 0.06 * variant, 0.84))
        glow = Image.radial_gradient("L").resize((k, k)).point(lambda v: min(255, int(v * 0.7)))
        img = Image.composite(Image.new("RGB", (k, k), shade(img.getpixel((0, 0)), -0.12)), img,
                              glow)
    img = img.resize((n // 2, n // 2), Image.Resampling.BILINEAR)
    img = img.resize((n, n), Image.Resampling.NEAREST)
    p = Pen(img, 0, 0, 1)
    if variant == 1:  # soft bokeh discs
        for _ in range(9):
            x, y, r = rng.uniform(0, n), rng.uniform(0, n * 0.7), rng.uniform(0.03, 0.09) * n
            for f in (1.0, 0.85, 0.7):
                p.oval(x, y, r * f, r * f, (*WHITE, 22))
    elif variant == 2:  # table grain and a batik runner
        h = n * 0.6
        for _ in range(16):
            y, ph, f = rng.uniform(h, n), rng.uniform(0, 6), rng.uniform(3, 7)
            grain = [(x * n / 16, y + n * 0.006 * math.sin(x / 16 * f + ph)) for x in range(17)]
            p.line(grain, (70, 40, 20, 60), max(1, n // 500))
        p.line([(0, h), (n, h)], (236, 206, 160, 140), max(1, n // 300))
        run = [(n * 0.2, h + n * 0.03), (n * 0.8, h + n * 0.03), (n * 0.98, n), (n * 0.02, n)]
        p.clip(run, rng.choice(BATIK), rng.choice(((36, 52, 98), (112, 70, 40))), n * 0.07)
        p.poly(run, (*CREAM, 150), (*CREAM, 220), n // 150)
    return img


def draw_product_image(motif: str, color: str, seed: int, variant: int = 0,
                       size: int = 800) -> Image.Image:
    """Draw a square RGB picture of a product of this motif in its main colour."""
    c, size = parse_color(color), max(32, int(size))
    variant = variant % 3 if isinstance(variant, int) else 0
    n = size * 2  # drawn at double size, then halved for smooth edges
    # Decorative randomness only, not security: seeded so pictures are reproducible.
    bg_rng = random.Random(f"bg:{motif}:{seed}:{variant}")  # noqa: S311
    img = _backdrop(n, c, variant, bg_rng)
    shadow = _SHADOWS.get(motif if motif in MOTIFS else "gift")
    if variant == 0:
        places = [(0.5, 0.5, 0.36)]
    elif variant == 1:  # closer crop
        places = [(0.5 + bg_rng.uniform(-0.05, 0.05), 0.6, 0.6)]
    else:  # on the table, with a smaller second piece behind for small items
        places = [(0.75, 0.62, 0.16), (0.44, 0.63, 0.27)] if motif in _PAIRED else [(.5, .6, .3)]
    for fx, fy, fs in places:
        p = Pen(img, fx * n, fy * n, fs * n)
        if shadow:
            contact_shadow(p, *shadow)
        draw_motif(p, motif, c, random.Random(f"{motif}:{seed}"))  # noqa: S311 - decorative
    return img.reduce(2)


def draw_cover_image(title: str, color: str, seed: int, width: int = 1600,
                     height: int = 600) -> Image.Image:
    """A wide banner with a soft textured background and a batik-like pattern (no text)."""
    c, w, h = parse_color(color), max(64, int(width)), max(32, int(height))
    rng = random.Random(f"cover:{seed}:{title}")  # noqa: S311 - decorative, not security
    img = vgrad(w, h, mix(c, CREAM, 0.85), mix(c, CREAM, 0.6))
    tw, th = w // 24 + 2, h // 24 + 2
    noise = Image.frombytes("L", (tw, th), rng.randbytes(tw * th))
    noise = noise.resize((w, h), Image.Resampling.BILINEAR)
    tex = Image.composite(Image.new("RGB", (w, h), mix(c, CREAM, 0.5)),
                          Image.new("RGB", (w, h), mix(c, CREAM, 0.92)), noise)
    img = Image.blend(img, tex, 0.3)
    q = h * rng.uniform(0.16, 0.26)
    pat = pattern(rng.choice(BATIK), w * 2, h * 2, c, q * 2).reduce(2)
    fade = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((w, h))
    fade = fade.point(lambda v: int(12 + v * 0.42))
    img = Image.composite(pat, img, fade)  # the pattern fades out towards the left
    p, dk = Pen(img, 0, 0, 1), shade(c, -0.45)
    sun = Pen(img, w * rng.uniform(0.72, 0.86), h * 0.46, h * 0.36)  # Surya Majapahit
    for r, rot, col in ((1.0, 0.0, shade(c, 0.6)), (0.8, math.pi / 8, shade(c, 0.35))):
        star = [(r * (1 - 0.4 * (k % 2)) * math.cos(k * math.pi / 8 + rot),
                 r * (1 - 0.4 * (k % 2)) * math.sin(k * math.pi / 8 + rot)) for k in range(16)]
        sun.poly(star, (*col, 225), (*dk, 210), 0.014)
    sun.oval(0, 0, 0.4, 0.4, (*shade(c, 0.7), 240), (*dk, 230), 0.014)
    sun.oval(0, 0, 0.3, 0.3, None, (*shade(c, -0.1), 200), 0.01)
    band, step = max(8, h // 12), max(12, h // 10)
    for y0, sgn in ((0, 1), (h - band, -1)):  # borders with tumpal triangles
        p.rect(0, y0, w, y0 + band, dk)
        edge = y0 + band if sgn > 0 else y0
        for x in range(0, w + step, step):
            tri = [(x, edge), (x + step, edge), (x + step / 2, edge + sgn * step * 0.6)]
            p.poly(tri, (*shade(c, -0.2), 170))
        p.line([(0, edge), (w, edge)], (*GOLD, 220), 2)
    return img

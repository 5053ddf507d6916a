"""Generated catalogue for the search benchmark: products varied from the demo vocabulary.

Each generated product starts from a demo product (same group, so same sentra and craft),
then gets a varied name (a motif, colour, size or edition word, sometimes a word dropped),
a description mixing its own sentences with sentences of other products of its category,
and a price around the original. A fixed seed: every run builds the same catalogue.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from marketplace.demo import load

VARIANTS = (
    "Motif Parang", "Motif Kawung", "Motif Truntum", "Motif Sekar Jagad", "Motif Mega Mendung",
    "Warna Hijau", "Warna Merah", "Warna Hitam", "Warna Krem", "Warna Cokelat", "Biru Laut",
    "Ukuran Besar", "Ukuran Kecil", "Ukuran Sedang", "Edisi Klasik", "Edisi Lebaran",
    "Edisi Natal", "Seri Nusantara", "Seri Majapahit", "Seri Bali", "Model Modern",
    "Model Tradisional", "Premium", "Hemat", "Kemasan Hadiah", "Satu Set", "Polos",
    "Ukir Halus", "Anyam Rapat", "Glasir Doff", "Tanpa Pengawet", "Rasa Pedas", "Rasa Manis",
)
SEED = 20261123


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def generate(count: int, seed: int = SEED) -> Iterator[dict]:
    """`count` product dicts: group, category, sku, slug, name, description, materials,
    price, stock, weight_grams, age_days (how long ago it was listed)."""
    rng = random.Random(seed)
    templates = load().for_sale()
    by_category: dict[str, list[str]] = {}
    for product in templates:
        by_category.setdefault(product.category, []).extend(
            _sentences(product.description)
        )
    for number in range(1, count + 1):
        base = rng.choice(templates)
        name_words = base.name.split()
        if len(name_words) > 3 and rng.random() < 0.3:
            del name_words[rng.randrange(1, len(name_words))]
        variant = rng.choice(VARIANTS)
        name = f"{' '.join(name_words)} {variant}"
        if rng.random() < 0.5:
            name += f" {rng.choice(VARIANTS).split()[-1]}"
        own = _sentences(base.description)
        others = by_category[base.category]
        description = " ".join(own[: rng.randint(1, len(own))]
                               + rng.sample(others, min(len(others), rng.randint(1, 3))))
        price = max(1000, round(base.price * rng.uniform(0.6, 1.8) / 500) * 500)
        yield {
            "group": base.group,
            "category": base.category,
            "sku": f"BENCH-{number:06d}",
            "slug": f"{base.slug[:90]}-s{number:06d}",
            "name": name[:120],
            "description": description,
            "materials": base.materials,
            "price": price,
            "stock": rng.choice((0, 3, 10, 25, 100)),
            "weight_grams": base.weight_grams,
            "age_days": rng.uniform(0, 730),
        }

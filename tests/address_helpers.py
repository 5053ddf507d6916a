"""Addresses for the region picker, the address book and checkout (tests only)."""

from __future__ import annotations

from marketplace.accounts import address_book
from marketplace.kernel.extensions import db

# Dinoyo, Lowokwaru, Kota Malang, Jawa Timur 65144 and Celuk, Sukawati, Kabupaten Gianyar,
# Bali 80582, as the region picker posts them (codes) and the book keeps them (names too).
DINOYO_CODES = {"province_code": "35", "regency_code": "35.73",
                "district_code": "35.73.05", "village_code": "35.73.05.1004",
                "postal_code": "65144"}
DINOYO_NAMES = {"province": "Jawa Timur", "regency": "Kota Malang", "district": "Lowokwaru",
                "village": "Dinoyo"}
CELUK_CODES = {"province_code": "51", "regency_code": "51.04", "district_code": "51.04.01",
               "village_code": "51.04.01.2005", "postal_code": "80582"}
CELUK_NAMES = {"province": "Bali", "regency": "Kabupaten Gianyar", "district": "Sukawati",
               "village": "Celuk"}


def book_form(**overrides) -> dict:
    """What the address book's form posts for a new address in Dinoyo."""
    return {"label": "Rumah", "recipient_name": "Dewi Lestari", "phone": "0812 3456 7890",
            "street": "Jl. Mawar No. 5 RT 02/RW 03", **DINOYO_CODES, **overrides}


def make_address(user, codes=None, names=None, **overrides) -> address_book.Address:
    """A saved address of `user` (Dinoyo unless `codes`/`names` say otherwise)."""
    data = {"label": "Rumah", "recipient_name": user.name, "phone": "+6281234567890",
            "street": "Jl. Mawar No. 5", **(codes or DINOYO_CODES), **(names or DINOYO_NAMES),
            **overrides}
    entry = address_book.add_address(user, data)
    db.session.flush()
    return entry

"""A signed-in buyer's address book: saved shipping addresses, one of them the default.

Every query goes through `addresses_for(user)`, so another user's address id is simply not
found (the view answers 404). Services flush; the view commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, select, text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.extensions import db
from marketplace.kernel.messages import N_, MessageError, Number
from marketplace.kernel.regions import LEVELS
from marketplace.kernel.timeutil import UTCDateTime, utcnow

MAX_ADDRESSES = 20
# copied from a checked form (AddressBookForm.entry()); region names as shown then
FIELDS = ("label", "recipient_name", "phone", "street", "province_code", "province",
          "regency_code", "regency", "district_code", "district", "village_code", "village",
          "postal_code")


class Address(db.Model):
    __tablename__ = "addresses"
    __table_args__ = (
        # at most one default per user (the services keep exactly one while any exist)
        Index("uq_addresses_one_default", "user_id", unique=True,
              sqlite_where=text("is_default"), postgresql_where=text("is_default")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(40), default="")  # "Rumah", "Kantor"
    recipient_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    street: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(13))
    province: Mapped[str] = mapped_column(String(80))
    regency_code: Mapped[str] = mapped_column(String(13))
    regency: Mapped[str] = mapped_column(String(80))
    district_code: Mapped[str] = mapped_column(String(13))
    district: Mapped[str] = mapped_column(String(80))
    village_code: Mapped[str] = mapped_column(String(13))
    village: Mapped[str] = mapped_column(String(80))
    postal_code: Mapped[str] = mapped_column(String(5))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def as_form_data(self) -> dict:
        """What the address form shows when it is edited."""
        return {name: getattr(self, name) for name in FIELDS} | {"is_default": self.is_default}

    def as_checkout_address(self, email: str) -> dict:
        """The address dict checkout keeps in the session and orders are written from."""
        address = {"name": self.recipient_name, "email": email, "phone": self.phone,
                   "street": self.street, "postal_code": self.postal_code}
        for level in LEVELS:
            address[level] = getattr(self, level)
            address[f"{level}_code"] = getattr(self, f"{level}_code")
        return address


class AddressBookError(MessageError):
    """An address book change that cannot be made; str(error) says why."""


def addresses_for(user) -> list[Address]:
    """The user's addresses, the default first, then the oldest first."""
    return list(db.session.scalars(
        select(Address).where(Address.user_id == user.id)
        .order_by(Address.is_default.desc(), Address.created_at, Address.id)
    ))


def address_for(user, address_id: int) -> Address | None:
    """One of the user's addresses; another user's id gives None (the view answers 404)."""
    return db.session.scalar(
        select(Address).where(Address.id == address_id, Address.user_id == user.id))


def add_address(user, data: dict, make_default: bool = False) -> Address:
    """Save a new address for `user`; the first one is the default."""
    existing = addresses_for(user)
    if len(existing) >= MAX_ADDRESSES:
        raise AddressBookError(N_("Your address book is full (%(count)s addresses). Delete "
                                  "one you no longer use first."), count=Number(MAX_ADDRESSES))
    address = Address(user_id=user.id, is_default=False, created_at=utcnow(),
                      **{name: data[name] for name in FIELDS})
    db.session.add(address)
    db.session.flush()
    if make_default or not existing:
        set_default(user, address)
    return address


def add_from_checkout(user, address: dict) -> Address | None:
    """Keep an address typed at checkout (the session's address dict) in the user's book,
    unless the same address is there already; returns the new entry or None."""
    data = {"label": "", "recipient_name": address["name"],
            **{name: address[name] for name in FIELDS[2:]}}
    for entry in addresses_for(user):
        if all(getattr(entry, name) == data[name] for name in FIELDS[1:]):
            return None
    return add_address(user, data)


def update_address(user, address: Address, data: dict, make_default: bool = False) -> None:
    """Change a saved address (an explicit list of fields)."""
    for name in FIELDS:
        setattr(address, name, data[name])
    db.session.flush()
    if make_default:
        set_default(user, address)


def set_default(user, address: Address) -> None:
    """Make `address` the user's one default address."""
    for other in addresses_for(user):
        if other.id != address.id and other.is_default:
            other.is_default = False
    db.session.flush()  # the old default goes before the new one comes (one per user)
    address.is_default = True
    db.session.flush()


def delete_address(user, address: Address) -> None:
    """Delete a saved address; if it was the default, the oldest remaining one becomes it."""
    was_default = address.is_default
    db.session.delete(address)
    db.session.flush()
    if was_default:
        remaining = addresses_for(user)
        if remaining:
            set_default(user, remaining[0])


def default_address(user) -> Address | None:
    return db.session.scalar(
        select(Address).where(Address.user_id == user.id, Address.is_default.is_(True)))

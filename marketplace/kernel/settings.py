"""The association's own settings, changed by an admin in the shop (not in config files).

One row per setting, read with a default: a fresh shop without rows behaves as the
defaults say. Each feature names its keys and checks its values (ledger.payout_policy);
this module only stores them. Services flush; the view commits and writes the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import UTCDateTime, utcnow


class ShopSetting(db.Model):
    __tablename__ = "shop_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def get_setting(key: str, default: str) -> str:
    """The stored value of `key`, or `default` when the association never set it."""
    value = db.session.scalar(select(ShopSetting.value).where(ShopSetting.key == key))
    return default if value is None else value


def put_setting(key: str, value: str, user_id: int | None = None) -> None:
    """Store `value` for `key` (the caller checked it), locked on PostgreSQL."""
    row = db.session.scalar(
        select(ShopSetting).where(ShopSetting.key == key).with_for_update()
    )
    if row is None:
        db.session.add(ShopSetting(key=key, value=value, updated_at=utcnow(),
                                   updated_by_id=user_id))
    else:
        row.value, row.updated_at, row.updated_by_id = value, utcnow(), user_id
    db.session.flush()

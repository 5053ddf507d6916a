"""A signed-in user's language, remembered for the emails written to them."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.accounts.models import User
from marketplace.kernel.extensions import db


def remember_language(user: User, code: str) -> bool:
    """Store `code` (a language the shop has) as the user's; True if it changed.

    Written in a short transaction on a connection of its own, as the session touch is:
    the language switch is a GET, and a GET never commits the request's session.
    """
    if user.locale == code:
        return False
    with db.engine.begin() as conn:
        changed = conn.execute(
            update(User).where(User.id == user.id, User.locale != code).values(locale=code)
        ).rowcount
    set_committed_value(user, "locale", code)  # the loaded user agrees, without a flush
    return changed == 1

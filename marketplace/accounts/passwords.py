"""The password rule (pure): length limits, the most common passwords, easy guesses."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

MIN_LENGTH = 8
MAX_LENGTH = 128

# Passwords Indonesian users pick often that an English-language list misses.
_INDONESIAN_COMMON = {
    "bismillah", "sayang123", "sayangku", "indonesia", "indonesia1", "merdeka45",
    "rahasia123", "rahasia", "katasandi", "katasandi1", "cintaku", "kucing123",
    "jakarta123", "surabaya", "malang123", "bandung123", "garuda123", "anakku123",
    "pasarsentra", "sentra123", "password1", "12345678", "qwerty123",
}


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    GUESSABLE = "guessable"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_INDONESIAN_COMMON)


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> PasswordProblem | None:
    """What is wrong with `password`, or None if it may be used."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if password.lower() in _common_passwords():
        return PasswordProblem.COMMON
    from zxcvbn import zxcvbn

    # zxcvbn's cost grows with length; the first 64 characters decide well enough.
    score = zxcvbn(password[:64], user_inputs=[i for i in user_inputs if i])["score"]
    if score < 2:
        return PasswordProblem.GUESSABLE
    return None

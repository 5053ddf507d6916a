"""UTC storage for timestamps: stored naive-UTC on every database, read back aware."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class Clock:
    """The one clock the application reads, through `utcnow`: the system's, unless frozen.

    Tests freeze it (`frozen_at`) instead of patching `utcnow` module by module, so every
    module, and every thread, reads the same moment.
    """

    def __init__(self) -> None:
        self.frozen_at: datetime | None = None

    def now(self) -> datetime:
        frozen = self.frozen_at
        return datetime.now(UTC) if frozen is None else frozen


clock = Clock()


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the frozen moment while `clock` is frozen)."""
    return clock.now()


class UTCDateTime(TypeDecorator):
    """A DateTime column that only accepts aware datetimes and returns them in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


JAKARTA = ZoneInfo("Asia/Jakarta")


def jakarta_date(moment: datetime) -> date:
    """The calendar day in Asia/Jakarta of an aware datetime."""
    return moment.astimezone(JAKARTA).date()


def jakarta_today() -> date:
    """Today's calendar day in Asia/Jakarta."""
    return jakarta_date(utcnow())


def jakarta_day_start(day: date) -> datetime:
    """00:00 WIB of a calendar day, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=JAKARTA).astimezone(UTC)

"""Running the check and writing its report, for a person (text) or a program (JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from marketplace.consistency.gather import read_snapshot, snapshot_connection
from marketplace.consistency.rules import KINDS, Finding, findings

ORDER_COLUMN = 16


@dataclass(frozen=True)
class Report:
    taken_at: datetime
    database: str
    counts: dict[str, int]
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "snapshot": self.taken_at.isoformat(timespec="seconds"),
            "database": self.database,
            "checked": self.counts,
            "findings": [finding.as_dict() for finding in self.findings],
        }

    def as_text(self) -> str:
        checked = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        lines = [f"Consistency check of {checked}",
                 f"(one snapshot, {self.database}, {self.taken_at:%Y-%m-%d %H:%M:%S} UTC)."]
        if self.ok:
            lines.append("OK: no findings.")
            return "\n".join(lines)
        orders = sorted({f.order for f in self.findings if f.order})
        lines.append(f"FAILED: {len(self.findings)} finding(s)"
                     + (f" in {len(orders)} order(s)." if orders else "."))
        for kind, heading in KINDS.items():
            found = [f for f in self.findings if f.kind == kind]
            if not found:
                continue
            lines += ["", f"{heading} ({len(found)})"]
            lines += [f"  {(f.order or '-'):<{ORDER_COLUMN}} {f.message}" for f in found]
        if orders:
            lines += ["", "Orders concerned: " + " ".join(orders)]
        return "\n".join(lines)


def run_check(engine: Engine) -> Report:
    """Read one snapshot of the database and apply every rule to it (reads only)."""
    with snapshot_connection(engine) as conn:
        snapshot = read_snapshot(conn)
    database = ("PostgreSQL, repeatable read, read only" if engine.dialect.name == "postgresql"
                else engine.dialect.name)
    counts = {"orders": len(snapshot.orders), "sub-orders": len(snapshot.sub_orders),
              "products": len(snapshot.products)}
    return Report(snapshot.taken_at, database, counts, findings(snapshot))

"""The settlement check's comparison (pure): each row of Midtrans's report against our
payment attempts, and what disagrees. The report is read by ledger.settlement."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from marketplace.gateways.midtrans_statuses import REVERSAL_STATUSES, TOOK_MONEY, payment_outcome
from marketplace.ledger.settlement import (
    KINDS,
    N_,
    MidtransRow,
    Problem,
)
from marketplace.orders.status import OrderStatus


# --- the comparison (pure) -----------------------------------------------------------
@dataclass(frozen=True)
class OurAttempt:
    """A payment attempt and its order, as our database has them."""

    midtrans_order_id: str
    order_number: str
    order_status: str
    attempt_status: str  # the last Midtrans status we applied to this attempt
    attempt_amount: int
    order_total: int
    paid_at: datetime | None
    midtrans_refunded: int = 0  # refunds that went through Midtrans and succeeded
    # A payment settled after its order closed (never marked paid), and what of it we
    # refunded whole, by Midtrans or by bank transfer.
    late_settled: bool = False
    late_refunded: int = 0

    @property
    def late_refunded_by_bank(self) -> bool:
        """Refunded whole by our own bank transfer: Midtrans still shows it settled."""
        return self.late_refunded >= self.attempt_amount and not self.midtrans_refunded

    @property
    def reversed(self) -> bool:
        """Midtrans took this order's payment back and we reversed the order."""
        return self.order_status == OrderStatus.PAYMENT_REVERSED

    @property
    def paid_here(self) -> bool:
        """We took this attempt's money: the order is paid through it."""
        return self.paid_at is not None and self.attempt_status in TOOK_MONEY


@dataclass(frozen=True)
class Mismatch:
    kind: str  # one of KINDS
    midtrans_order_id: str
    order_number: str
    line: int | None
    midtrans_status: str
    midtrans_amount: int | None
    our_status: str
    our_amount: int | None
    detail: Problem


@dataclass
class Comparison:
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    not_started: list[str] = field(default_factory=list)  # Midtrans knows no payment yet
    unavailable: list[str] = field(default_factory=list)  # not checked: Midtrans unreachable

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for mismatch in self.mismatches:
            counts[mismatch.kind] += 1
        return counts


def compare(rows: Iterable[MidtransRow], ours: Mapping[str, OurAttempt],
            expected_paid: Iterable[OurAttempt] = ()) -> Comparison:
    """Each Midtrans row against our attempt, then our paid attempts Midtrans did not list."""
    result = Comparison()
    listed = set()
    for row in rows:
        result.checked += 1
        listed.add(row.order_id)
        our = ours.get(row.order_id)
        if our is None:
            result.mismatches.append(_mismatch("unknown", row, None, Problem(N_(
                "No payment of ours has this order ID."))))
            continue
        for kind, detail in _disagreements(row, our):
            result.mismatches.append(_mismatch(kind, row, our, detail))
    for our in expected_paid:
        # A reversed payment is not settled any more, and our books say so.
        if our.midtrans_order_id not in listed and not our.reversed:
            result.mismatches.append(Mismatch(
                "paid_not_settled", our.midtrans_order_id, our.order_number, None, "", None,
                our.order_status, our.attempt_amount,
                Problem(N_("We marked this order paid; Midtrans does not show it as settled."))))
    return result


def _mismatch(kind: str, row: MidtransRow, our: OurAttempt | None, detail: Problem):
    return Mismatch(kind, row.order_id, our.order_number if our else "", row.line, row.status,
                    row.amount, our.order_status if our else "",
                    our.attempt_amount if our else None, detail)


def _disagreements(row: MidtransRow, our: OurAttempt) -> list[tuple[str, Problem]]:
    found = []
    if row.amount is not None and row.amount != our.attempt_amount:
        found.append(("amount", Problem(N_("Midtrans has %(midtrans_amount)s; we have "
                                           "%(our_amount)s."),
                                        {"midtrans_amount": row.amount,
                                         "our_amount": our.attempt_amount})))
    elif our.attempt_amount != our.order_total:
        found.append(("amount", Problem(N_("The payment was for %(midtrans_amount)s but the "
                                           "order total is %(our_amount)s."),
                                        {"midtrans_amount": our.attempt_amount,
                                         "our_amount": our.order_total})))
    outcome = payment_outcome(row.status, row.fraud_status or None)
    status = {"status": row.status}
    if our.reversed and our.attempt_status in REVERSAL_STATUSES:  # the payment taken back
        if row.status not in REVERSAL_STATUSES:
            found.append(("status", Problem(N_(
                "Midtrans reports %(status)s; we reversed this order because Midtrans had "
                "reported %(ours)s."), {**status, "ours": our.attempt_status or "—"})))
    elif outcome == "paid":
        if our.paid_at is None and our.late_refunded_by_bank:
            pass  # a late settlement we refunded by bank transfer: matched by its refund
        elif our.paid_at is None and our.late_refunded:
            found.append(("status", Problem(
                N_("We recorded %(amount)s refunded through Midtrans; Midtrans shows no "
                   "refund."), {"amount": our.midtrans_refunded})))
        elif our.paid_at is None and our.late_settled:
            found.append(("settled_not_paid", Problem(N_(
                "Midtrans settled this payment after its order had closed; revive the order "
                "or refund the buyer from its page."))))
        elif our.paid_at is None:
            found.append(("settled_not_paid", Problem(
                N_("Midtrans settled this payment; our order was never marked paid."))))
        elif our.attempt_status not in TOOK_MONEY:
            found.append(("status", Problem(N_(
                "Midtrans settled this payment too, but the order was paid through another "
                "payment: one of them should be refunded."))))
        elif our.midtrans_refunded:
            found.append(("status", Problem(
                N_("We recorded %(amount)s refunded through Midtrans; Midtrans shows no "
                   "refund."), {"amount": our.midtrans_refunded})))
    elif outcome == "refunded":
        if our.paid_at is None and our.late_refunded_by_bank:
            found.append(("status", Problem(N_(
                "Midtrans reports %(status)s; we refunded this late payment by bank transfer: "
                "the buyer may have been refunded twice."), status)))
        elif our.paid_at is None and our.late_refunded:
            if not _refund_fits(row, our):
                found.append(("status", Problem(
                    N_("Midtrans reports %(status)s; we recorded %(amount)s refunded through "
                       "Midtrans."), {**status, "amount": our.midtrans_refunded})))
        elif our.paid_at is None:
            found.append(("status", Problem(N_("Midtrans reports %(status)s for an order we "
                                               "never marked paid."), status)))
        elif not _refund_fits(row, our):
            found.append(("status", Problem(
                N_("Midtrans reports %(status)s; we recorded %(amount)s refunded through "
                   "Midtrans."), {**status, "amount": our.midtrans_refunded})))
    elif outcome in ("cancelled", "expired", "pending"):
        if our.paid_here:
            found.append(("status", Problem(N_("We marked this payment paid; Midtrans says "
                                               "%(status)s."), status)))
    elif outcome == "review":
        found.append(("status", Problem(N_("Midtrans reports %(status)s: review this "
                                           "payment."), status)))
    else:
        found.append(("status", Problem(N_("Midtrans reports an unknown status "
                                           "“%(status)s”."), status)))
    return found


def _refund_fits(row: MidtransRow, our: OurAttempt) -> bool:
    """Our refunds through Midtrans agree with a refund status (and its amount, if given)."""
    if row.refund_amount is not None:
        return row.refund_amount == our.midtrans_refunded
    if row.status == "refund":
        return our.midtrans_refunded == our.attempt_amount
    return 0 < our.midtrans_refunded < our.attempt_amount

"""What the papers say, as plain data: an order's invoice, a parcel's packing slip and its
address label. The HTML print view and the PDFs are drawn from these, so they agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from lokal import terbilang

from marketplace.kernel.timeutil import jakarta_date
from marketplace.ledger.models import RefundMethod, RefundState
from marketplace.ledger.refunds import paid_attempt, refunds_of_order
from marketplace.orders.attempts import latest_attempt
from marketplace.orders.invoices import Invoice
from marketplace.orders.models import Order, SubOrder

# Midtrans's payment_type values, as buyers name them.
PAYMENT_TYPE_LABELS = {
    "bank_transfer": _l("Bank transfer (virtual account)"),
    "echannel": _l("Mandiri Bill Payment"),
    "permata_va": _l("Bank transfer (virtual account)"),
    "credit_card": _l("Credit or debit card"),
    "gopay": "GoPay",
    "shopeepay": "ShopeePay",
    "qris": "QRIS",
    "other_qris": "QRIS",
    "cstore": _l("Convenience store (Indomaret, Alfamart)"),
    "akulaku": "Akulaku",
    "kredivo": "Kredivo",
    "bca_klikpay": "BCA KlikPay",
    "bca_klikbca": "KlikBCA",
    "bri_epay": "BRImo",
    "cimb_clicks": "OCTO Clicks",
    "danamon_online": "Danamon Online Banking",
    "uob_ezpay": "UOB EZ Pay",
}


def payment_method_label(payment_type: str | None) -> str:
    """A Midtrans payment type in words ("Transfer bank", "GoPay"); "—" when unknown."""
    if not payment_type:
        return "—"
    return str(PAYMENT_TYPE_LABELS.get(payment_type, payment_type.replace("_", " ").title()))


def amount_in_words(amount: int) -> str:
    """The amount spelt out in Indonesian, as invoices and receipts say it (terbilang)."""
    return terbilang(amount, currency=True, case="sentence")


@dataclass(frozen=True)
class Issuer:
    """The association: it runs the marketplace and receives the buyer's payment."""

    name: str
    address: str
    npwp: str = ""
    email: str = ""


def issuer() -> Issuer:
    config = current_app.config
    return Issuer(name=config["ASSOCIATION_NAME"], address=config["ASSOCIATION_ADDRESS"],
                  npwp=config.get("ASSOCIATION_NPWP") or "",
                  email=config.get("ASSOCIATION_EMAIL") or "")


@dataclass(frozen=True)
class Line:
    name: str
    sku: str
    quantity: int
    unit_price: int
    total: int


@dataclass(frozen=True)
class Parcel:
    group_name: str
    status: str
    lines: list[Line]
    goods: int
    shipping: int
    shipping_label: str

    @property
    def total(self) -> int:
        return self.goods + self.shipping


@dataclass(frozen=True)
class RefundLine:
    amount: int
    when: datetime
    group_name: str  # "" for a whole late payment
    reason: str
    method: str


@dataclass(frozen=True)
class Recipient:
    name: str
    phone: str
    email: str
    street: str
    village: str
    district: str
    regency: str
    province: str
    postal_code: str

    @property
    def address_lines(self) -> list[str]:
        return [self.street, f"{self.village}, {self.district}",
                f"{self.regency}, {self.province} {self.postal_code}"]


@dataclass(frozen=True)
class InvoicePaper:
    issuer: Issuer
    number: str
    issued_at: datetime
    order_number: str
    order_status: str
    buyer: Recipient
    parcels: list[Parcel]
    goods: int
    shipping: int
    total: int
    in_words: str
    payment_method: str
    paid_at: datetime
    refunds: list[RefundLine] = field(default_factory=list)

    @property
    def refunded(self) -> int:
        return sum(r.amount for r in self.refunds)

    @property
    def issued_on(self) -> date:
        """The invoice's date: the day of payment in WIB."""
        return jakarta_date(self.issued_at)


def recipient_of(order: Order) -> Recipient:
    return Recipient(name=order.buyer_name, phone=order.phone, email=order.email,
                     street=order.street, village=order.village, district=order.district,
                     regency=order.regency, province=order.province,
                     postal_code=order.postal_code)


def _line(line) -> Line:
    return Line(name=line.display_name, sku=line.sku, quantity=line.quantity,
                unit_price=line.unit_price, total=line.line_total)


def _parcel(sub: SubOrder) -> Parcel:
    return Parcel(group_name=sub.group_name, status=str(sub.status),
                  lines=[_line(line) for line in sub.lines], goods=sub.goods_amount,
                  shipping=sub.shipping_amount, shipping_label=sub.shipping_label)


def invoice_paper(order: Order, invoice: Invoice) -> InvoicePaper:
    """The invoice of a paid order, with the refunds made since (completed ones only)."""
    names = {sub.id: sub.group_name for sub in order.sub_orders}
    refunds = [
        RefundLine(amount=r.amount, when=r.completed_at or r.created_at,
                   group_name=names.get(r.sub_order_id, ""), reason=r.reason,
                   method=str(r.method))
        for r in refunds_of_order(order)
        if r.state == RefundState.SUCCEEDED and r.method != RefundMethod.REVERSAL
    ]
    attempt = paid_attempt(order) or latest_attempt(order)  # taken back: still how it was paid
    return InvoicePaper(
        issuer=issuer(), number=invoice.number, issued_at=invoice.issued_at,
        order_number=order.number, order_status=str(order.status), buyer=recipient_of(order),
        parcels=[_parcel(sub) for sub in order.sub_orders], goods=order.goods_amount,
        shipping=order.shipping_amount, total=order.grand_total,
        in_words=amount_in_words(order.grand_total),
        payment_method=payment_method_label(attempt.payment_type if attempt else None),
        paid_at=order.paid_at, refunds=refunds,
    )


@dataclass(frozen=True)
class ParcelPaper:
    """A group's parcel as the packing slip and the address label show it: no prices."""

    order_number: str
    paid_at: datetime | None
    group_name: str
    ships_from: str
    sender_phone: str
    recipient: Recipient
    shipping_label: str
    courier: str
    tracking_number: str
    weight_grams: int
    lines: list[Line]

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


def parcel_paper(sub: SubOrder) -> ParcelPaper:
    group = sub.group
    return ParcelPaper(
        order_number=sub.order.number, paid_at=sub.order.paid_at, group_name=sub.group_name,
        ships_from=group.ships_from if group is not None else "",
        sender_phone=(group.whatsapp if group is not None else "") or "",
        recipient=recipient_of(sub.order), shipping_label=sub.shipping_label,
        courier=sub.courier, tracking_number=sub.tracking_number,
        weight_grams=sub.weight_grams, lines=[_line(line) for line in sub.lines],
    )

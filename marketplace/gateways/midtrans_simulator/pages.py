"""The simulator's HTML: a self-contained payment page (inline CSS, no external resources)."""

from __future__ import annotations

from html import escape

from marketplace.gateways.midtrans_simulator.payloads import wib
from marketplace.gateways.midtrans_simulator.state import Transaction

# choice -> (button label, what it stands for)
BUTTONS = {
    "settlement": ("Pay (settlement)", "Bank transfer to a BCA virtual account, paid at once"),
    "gopay": (
        "Pay with GoPay (settlement)",
        "A GoPay e-wallet payment, paid at once; the shop can refund it through the API",
    ),
    "pending": ("Pay later (pending)", "A virtual account number now, the transfer later"),
    "challenge": (
        "Card — fraud challenge (capture/challenge)",
        "A card payment held for the merchant's fraud review",
    ),
    "deny": ("Deny", "The card is refused"),
    "expire": ("Expire", "The time to pay runs out"),
}
PENDING_BUTTONS = ("settlement", "expire")

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 background:#f3f1ec;color:#1f2933}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:1.5rem}
.badge{display:inline-block;font-size:.75rem;letter-spacing:.05em;text-transform:uppercase;
 background:#fde68a;color:#78350f;border-radius:999px;padding:.1rem .6rem}
h1{font-size:1.25rem;margin:.5rem 0 0}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0 1rem}
.muted{color:#52606d;font-size:.9rem}
table{width:100%;border-collapse:collapse;margin:1rem 0;font-size:.95rem}
td{padding:.35rem 0;border-bottom:1px solid #e4e7eb;vertical-align:top}
td.num{text-align:right;white-space:nowrap;padding-left:1rem}
form{margin:.5rem 0}
button{width:100%;text-align:left;padding:.8rem 1rem;border:1px solid #cbd2d9;border-radius:8px;
 background:#fff;font:inherit;cursor:pointer}
button:hover,button:focus{border-color:#0b7a75;outline:2px solid #0b7a75;outline-offset:1px}
button strong{display:block}
button span{color:#52606d;font-size:.875rem}
a{color:#0b7a75}
"""


def rupiah(amount: int) -> str:
    """125000 -> "Rp 125.000" (a discount shows as "-Rp 5.000")."""
    text = f"Rp {abs(amount):,}".replace(",", ".")
    return "-" + text if amount < 0 else text


def _document(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<meta name=\"robots\" content=\"noindex\"><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><main>"
        "<p><span class=\"badge\">Midtrans sandbox simulator</span></p>"
        f"{body}</main></body></html>\n"
    )


def _items_table(tx: Transaction) -> str:
    rows = []
    for item in tx.items:
        name = escape(str(item.get("name", "")))
        merchant = item.get("merchant_name")
        if merchant:
            name += f"<br><span class=\"muted\">{escape(str(merchant))}</span>"
        price, quantity = item["price"], item["quantity"]
        rows.append(
            f"<tr><td>{name}</td><td class=\"num\">{quantity} × {escape(rupiah(price))}</td>"
            f"<td class=\"num\">{escape(rupiah(price * quantity))}</td></tr>"
        )
    return f"<table>{''.join(rows)}</table>" if rows else ""


def _customer(tx: Transaction) -> str:
    names = [tx.customer.get("first_name"), tx.customer.get("last_name")]
    name = " ".join(str(part) for part in names if part)
    email = tx.customer.get("email")
    shown = ", ".join(str(part) for part in (name, email) if part)
    return f"<p class=\"muted\">Buyer: {escape(shown)}</p>" if shown else ""


def _button(choice: str) -> str:
    label, hint = BUTTONS[choice]
    return (
        f"<form method=\"post\"><input type=\"hidden\" name=\"choice\" value=\"{choice}\">"
        f"<button type=\"submit\"><strong>{escape(label)}</strong>"
        f"<span>{escape(hint)}</span></button></form>"
    )


def payment_page(tx: Transaction) -> str:
    """The Snap page: the order, its items and the outcomes one can choose."""
    if tx.status is None:
        choices = list(BUTTONS)
        when = f"Choose a payment outcome before {wib(tx.page_expires_at)} WIB."
    else:
        choices = list(PENDING_BUTTONS)
        when = f"Waiting for the transfer until {wib(tx.expires_at)} WIB."
    body = (
        "<div class=\"card\">"
        f"<p class=\"muted\">Order {escape(tx.order_id)}</p>"
        f"<h1>Amount to pay</h1><p class=\"amount\">{escape(rupiah(tx.gross_amount))}</p>"
        f"{_customer(tx)}{_items_table(tx)}<p class=\"muted\">{escape(when)}</p>"
        f"{''.join(_button(choice) for choice in choices)}</div>"
    )
    return _document(f"Pay {tx.order_id}", body)


def message_page(title: str, text: str, link: str | None = None) -> str:
    """A short page: expired, done, not found."""
    back = f"<p><a href=\"{escape(link)}\">Back to the shop</a></p>" if link else ""
    body = f"<div class=\"card\"><h1>{escape(title)}</h1><p>{escape(text)}</p>{back}</div>"
    return _document(title, body)


def index_page(transactions: list[Transaction]) -> str:
    """The latest transactions, each linking to its payment page."""
    rows = "".join(
        f"<tr><td><a href=\"/snap/v4/redirection/{escape(tx.token)}\">{escape(tx.order_id)}</a>"
        f"</td><td>{escape(tx.status or 'no method chosen')}</td>"
        f"<td class=\"num\">{escape(rupiah(tx.gross_amount))}</td></tr>"
        for tx in transactions[:100]
    )
    table = f"<table>{rows}</table>" if rows else "<p class=\"muted\">No transactions yet.</p>"
    return _document("Transactions", f"<div class=\"card\"><h1>Transactions</h1>{table}</div>")

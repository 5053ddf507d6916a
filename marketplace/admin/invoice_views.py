"""An order's invoice for the association: the same print view and PDF the buyer gets."""

from flask import abort, render_template, url_for

from marketplace.admin.blueprint import bp
from marketplace.kernel.extensions import db
from marketplace.orders.models import Order
from marketplace.papers.content import invoice_paper
from marketplace.papers.invoice_pdf import invoice_pdf
from marketplace.papers.responses import pdf_response
from marketplace.papers.services import invoice_for_page


def _paper(order_id: int):
    order = db.session.get(Order, order_id) or abort(404)
    found = invoice_for_page(order)
    if found is None:
        abort(404)  # never paid: no invoice
    return invoice_paper(*found)


@bp.get("/pesanan/<int:order_id>/faktur")
def order_invoice(order_id: int):
    return render_template(
        "papers/invoice.html", paper=_paper(order_id),
        back_url=url_for("admin.order_review", order_id=order_id),
        pdf_url=url_for("admin.order_invoice_pdf", order_id=order_id))


@bp.get("/pesanan/<int:order_id>/faktur.pdf")
def order_invoice_pdf(order_id: int):
    paper = _paper(order_id)
    return pdf_response(invoice_pdf(paper), f"faktur-{paper.number}.pdf")

"""The buyer's invoice: a print view (A4) and a PDF, for whoever may see the order."""

from flask import abort, render_template, request, url_for

from marketplace.checkout.order_views import _order_or_404, bp
from marketplace.papers.content import invoice_paper
from marketplace.papers.invoice_pdf import invoice_pdf
from marketplace.papers.responses import pdf_response
from marketplace.papers.services import invoice_for_page


def _paper(number: str):
    found = invoice_for_page(_order_or_404(number))
    if found is None:
        abort(404)  # never paid: no invoice
    return invoice_paper(*found)


@bp.get("/pesanan/<number>/faktur")
def invoice(number: str):
    paper = _paper(number)
    token = request.args.get("t")  # a guest's signed link, kept on the page's links
    return render_template(
        "papers/invoice.html", paper=paper,
        back_url=url_for("orders.detail", number=number, t=token),
        pdf_url=url_for("orders.invoice_pdf", number=number, t=token))


@bp.get("/pesanan/<number>/faktur.pdf", endpoint="invoice_pdf")
def invoice_pdf_file(number: str):
    paper = _paper(number)
    return pdf_response(invoice_pdf(paper), f"faktur-{paper.number}.pdf")

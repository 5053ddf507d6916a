"""The invoice as an A4 PDF: the association as the marketplace, the buyer, each group's
parcel with its lines and shipping, totals, refunds, the total in words and the payment."""

from __future__ import annotations

from flask_babel import gettext as _
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from marketplace.orders.status import ORDER_STATUS_LABELS
from marketplace.papers.content import InvoicePaper
from marketplace.papers.sheet import INK, MUTED, SHADE, Sheet, money, qr_png, wib, wib_date

WIDTHS = (96, 18, 33, 33)  # product, quantity, unit price, subtotal: 180 mm


def invoice_pdf(paper: InvoicePaper) -> bytes:
    pdf = Sheet(title=_("Invoice %(number)s", number=paper.number),
                footer_text=_("Invoice %(number)s · order %(order)s · %(issuer)s",
                              number=paper.number, order=paper.order_number,
                              issuer=paper.issuer.name))
    _head(pdf, paper)
    _parties(pdf, paper)
    for parcel in paper.parcels:
        _parcel(pdf, parcel)
    _totals(pdf, paper)
    return pdf.pdf_bytes()


def _head(pdf: Sheet, paper: InvoicePaper) -> None:
    top = pdf.get_y()
    issuer = paper.issuer
    pdf.line_of(issuer.name, 14, bold=True, w=110)
    pdf.line_of(issuer.address, 8.5, color=MUTED, w=110)
    if issuer.npwp:
        pdf.line_of(_("NPWP: %(npwp)s", npwp=issuer.npwp), 8.5, color=MUTED, w=110)
    pdf.line_of(_("Marketplace operator, receiving payment on behalf of the producer groups"),
                7.5, color=MUTED, w=110)
    left_end = pdf.get_y()
    pdf.set_xy(130, top)
    pdf.font(20, bold=True)
    pdf.cell(65, 9, _("INVOICE"), align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
    for label, value in ((_("Number"), paper.number),
                         (_("Date"), wib_date(paper.issued_at)),
                         (_("Order"), paper.order_number)):
        pdf.set_x(130)
        pdf.font(8.5, color=MUTED)
        pdf.cell(20, 5, label, new_x=XPos.RIGHT)
        pdf.font(8.5, bold=True)
        pdf.cell(45, 5, value, align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(max(left_end, pdf.get_y()))
    pdf.rule(3)


def _parties(pdf: Sheet, paper: InvoicePaper) -> None:
    top = pdf.get_y()
    buyer = paper.buyer
    pdf.line_of(_("Billed and shipped to"), 8, bold=True, color=MUTED, w=95)
    pdf.line_of(buyer.name, 10, bold=True, w=95)
    for text in (*buyer.address_lines, buyer.phone, buyer.email):
        pdf.line_of(text, 9, w=95)
    left_end = pdf.get_y()
    pdf.set_xy(115, top)
    pdf.line_of(_("Payment"), 8, bold=True, color=MUTED, w=80)
    for label, value in ((_("Method"), paper.payment_method),
                         (_("Paid on"), wib(paper.paid_at)),
                         (_("Status"), str(ORDER_STATUS_LABELS.get(paper.order_status,
                                                                   paper.order_status)))):
        pdf.set_x(115)
        pdf.font(9, color=MUTED)
        pdf.cell(22, 4.5, label)
        pdf.font(9)
        pdf.multi_cell(58, 4.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(left_end, pdf.get_y()))
    pdf.ln(4)


def _parcel(pdf: Sheet, parcel) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.line_of(_("Parcel from %(group)s", group=parcel.group_name), 10, bold=True)
    pdf.ln(1)
    heading = FontFace(emphasis="BOLD", fill_color=SHADE, color=INK)
    pdf.font(8.5)
    with pdf.table(col_widths=WIDTHS, text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
                   headings_style=heading, line_height=5, padding=(1, 1.5),
                   borders_layout="HORIZONTAL_LINES", width=sum(WIDTHS)) as table:
        row = table.row()
        for title in (_("Product"), _("Qty"), _("Unit price"), _("Subtotal")):
            row.cell(title)
        for line in parcel.lines:
            row = table.row()
            row.cell(f"{line.name}\n{_('SKU')}: {line.sku}" if line.sku else line.name)
            row.cell(str(line.quantity))
            row.cell(money(line.unit_price))
            row.cell(money(line.total))
        row = table.row()
        shipping = _("Shipping")
        if parcel.shipping_label:
            shipping = f"{shipping} ({parcel.shipping_label})"
        row.cell(shipping, colspan=3)
        row.cell(money(parcel.shipping))
        row = table.row(style=FontFace(emphasis="BOLD"))
        row.cell(_("Parcel total"), colspan=3)
        row.cell(money(parcel.total))
    pdf.ln(4)


def _sum_row(pdf: Sheet, label: str, value: str, bold: bool = False, size: float = 9) -> None:
    pdf.set_x(105)
    pdf.font(size, bold)
    pdf.cell(57, 6, label)
    pdf.cell(33, 6, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _totals(pdf: Sheet, paper: InvoicePaper) -> None:
    if pdf.will_page_break(45 + 6 * len(paper.refunds)):
        pdf.add_page()
    _sum_row(pdf, _("Goods"), money(paper.goods))
    _sum_row(pdf, _("Shipping"), money(paper.shipping))
    pdf.set_draw_color(*INK)
    pdf.line(105, pdf.get_y(), 195, pdf.get_y())
    _sum_row(pdf, _("Total paid"), money(paper.total), bold=True, size=11)
    pdf.ln(2)
    pdf.set_fill_color(*SHADE)
    pdf.font(8.5, color=MUTED)
    pdf.multi_cell(0, 5, _("In words: %(words)s", words=paper.in_words), fill=True,
                   padding=(1.5, 2), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if paper.refunds:
        pdf.ln(3)
        pdf.line_of(_("Refunds"), 10, bold=True)
        pdf.font(8.5)
        pdf.set_fill_color(255, 255, 255)
        with pdf.table(col_widths=(35, 112, 33), text_align=("LEFT", "LEFT", "RIGHT"),
                       first_row_as_headings=False, line_height=4.5, padding=(1, 1.5),
                       borders_layout="HORIZONTAL_LINES", width=180) as table:
            for refund in paper.refunds:
                row = table.row()
                row.cell(wib_date(refund.when))
                who = f"{refund.group_name}: " if refund.group_name else ""
                row.cell(f"{who}{refund.reason}")
                row.cell("−" + money(refund.amount))
        pdf.ln(1)
        _sum_row(pdf, _("Refunded"), "−" + money(paper.refunded))
        _sum_row(pdf, _("Net paid"), money(paper.total - paper.refunded), bold=True)
    pdf.ln(4)
    pdf.line_of(_("Each parcel is sent by its producer group. Keep this invoice for your "
                  "records; it needs no signature."), 7.5, color=MUTED)
    size = 22
    if not pdf.will_page_break(size + 2):
        pdf.image(qr_png(paper.number), x=pdf.w - pdf.r_margin - size, y=pdf.get_y() + 2,
                  w=size, h=size)

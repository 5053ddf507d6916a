"""A group's parcel on paper: the packing slip (A4, lines with SKU and quantity, no prices)
and the address label (100 × 150 mm, for a thermal printer or to cut out and tape on)."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from marketplace.papers.content import ParcelPaper
from marketplace.papers.sheet import INK, MUTED, SHADE, Sheet, qr_png, wib

LABEL_SIZE = (100, 150)  # mm
SLIP_WIDTHS = (10, 112, 40, 18)  # no., product, SKU, quantity: 180 mm


def _weight(grams: int) -> str:
    if grams >= 1000:
        return f"{format_decimal(round(grams / 1000, 2))} kg"
    return f"{format_decimal(grams)} g"


def packing_slip_pdf(paper: ParcelPaper) -> bytes:
    pdf = Sheet(title=_("Packing slip %(number)s", number=paper.order_number),
                footer_text=_("Packing slip · order %(number)s · %(group)s",
                              number=paper.order_number, group=paper.group_name))
    top = pdf.get_y()
    qr = 28
    pdf.image(qr_png(paper.order_number), x=pdf.w - pdf.r_margin - qr, y=top, w=qr, h=qr)
    pdf.line_of(_("PACKING SLIP"), 18, bold=True, w=140)
    pdf.line_of(paper.group_name, 11, bold=True, w=140)
    pdf.line_of(_("Sent from %(place)s", place=paper.ships_from) if paper.ships_from else "",
                9, color=MUTED, w=140)
    pdf.ln(2)
    for label, value in ((_("Order"), paper.order_number), (_("Paid on"), wib(paper.paid_at)),
                         (_("Courier service"), paper.shipping_label or _("The group's own")),
                         (_("Tracking number"), paper.tracking_number or "—")):
        pdf.font(9, color=MUTED)
        pdf.cell(35, 5, label)
        pdf.font(9, bold=True)
        pdf.cell(105, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), top + qr) + 3)
    pdf.line_of(_("Ship to"), 8, bold=True, color=MUTED)
    recipient = paper.recipient
    pdf.line_of(recipient.name, 11, bold=True)
    for text in (*recipient.address_lines, recipient.phone):
        pdf.line_of(text, 9)
    pdf.ln(4)
    pdf.font(9)
    heading = FontFace(emphasis="BOLD", fill_color=SHADE, color=INK)
    with pdf.table(col_widths=SLIP_WIDTHS, text_align=("RIGHT", "LEFT", "LEFT", "RIGHT"),
                   headings_style=heading, line_height=5.5, padding=(1.5, 1.5),
                   borders_layout="HORIZONTAL_LINES", width=sum(SLIP_WIDTHS)) as table:
        row = table.row()
        for title in ("#", _("Product"), _("SKU"), _("Qty")):
            row.cell(title)
        for number, line in enumerate(paper.lines, start=1):
            row = table.row()
            row.cell(str(number))
            row.cell(line.name)
            row.cell(line.sku or "—")
            row.cell(str(line.quantity))
        row = table.row(style=FontFace(emphasis="BOLD"))
        row.cell("")
        row.cell(_("Items in the parcel"), colspan=2)
        row.cell(str(paper.quantity))
    pdf.ln(3)
    pdf.line_of(_("Weight of the goods: %(weight)s", weight=_weight(paper.weight_grams)), 9)
    pdf.ln(10)
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / 2
    pdf.font(8.5, color=MUTED)
    for label in (_("Packed by"), _("Checked by")):
        pdf.cell(width, 5, f"{label}: ____________________________")
        pdf.cell(10, 5, "")
    return pdf.pdf_bytes()


def address_label_pdf(paper: ParcelPaper) -> bytes:
    pdf = Sheet(title=_("Address label %(number)s", number=paper.order_number),
                format=LABEL_SIZE, margin=5, page_numbers=False)
    pdf.set_auto_page_break(False)
    width = pdf.w - 10
    qr = 30
    # The courier service, large: what the counter staff look for first.
    pdf.line_of(paper.shipping_label or _("The group's own delivery"), 15, bold=True,
                w=width - qr - 3)
    pdf.line_of(_("Order %(number)s", number=paper.order_number), 9, bold=True,
                w=width - qr - 3)
    if paper.tracking_number:
        pdf.line_of(_("Tracking: %(number)s", number=paper.tracking_number), 9,
                    w=width - qr - 3)
    pdf.line_of(_("Weight %(weight)s · %(count)s item(s)", weight=_weight(paper.weight_grams),
                  count=paper.quantity), 8, color=MUTED, w=width - qr - 3)
    pdf.image(qr_png(paper.order_number), x=pdf.w - 5 - qr, y=5, w=qr, h=qr)
    pdf.set_y(max(pdf.get_y(), 5 + qr) + 1)
    _box_rule(pdf)
    pdf.line_of(_("TO"), 8, bold=True, color=MUTED)
    recipient = paper.recipient
    pdf.line_of(recipient.name, 14, bold=True, h=6.5)
    pdf.line_of(recipient.phone, 11, bold=True, h=5.5)
    pdf.ln(1)
    for text in recipient.address_lines[:-1]:
        pdf.line_of(text, 10, h=5)
    pdf.line_of(f"{recipient.regency}, {recipient.province}", 10, h=5)
    pdf.line_of(recipient.postal_code, 18, bold=True, h=8)
    # The sender sits at the bottom of the label, whatever the address's length.
    sender_top = pdf.h - 5 - 24
    pdf.set_y(max(pdf.get_y() + 1, sender_top))
    _box_rule(pdf)
    pdf.line_of(_("FROM"), 8, bold=True, color=MUTED)
    pdf.line_of(paper.group_name, 10, bold=True)
    for text in (paper.ships_from, paper.sender_phone):
        if text:
            pdf.line_of(text, 9)
    return pdf.pdf_bytes()


def _box_rule(pdf: Sheet) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.line(5, pdf.get_y(), pdf.w - 5, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(1.5)

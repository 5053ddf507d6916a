"""A parcel's packing slip and address label, for the group's members only (others: 404)."""

from flask import abort, g

from marketplace.orders import fulfilment
from marketplace.papers.content import parcel_paper
from marketplace.papers.parcel_pdf import address_label_pdf, packing_slip_pdf
from marketplace.papers.responses import pdf_response
from marketplace.studio.blueprint import bp


def _paper(sub_order_id: int):
    sub = fulfilment.sub_order_for_group(g.group, sub_order_id) or abort(404)
    if sub.order.paid_at is None:
        abort(404)  # nothing to pack before the order is paid
    return parcel_paper(sub)


@bp.get("/<group_slug>/pesanan/<int:sub_order_id>/slip.pdf")
def order_packing_slip(group_slug: str, sub_order_id: int):
    paper = _paper(sub_order_id)
    return pdf_response(packing_slip_pdf(paper), f"slip-{paper.order_number}.pdf")


@bp.get("/<group_slug>/pesanan/<int:sub_order_id>/label.pdf")
def order_address_label(group_slug: str, sub_order_id: int):
    paper = _paper(sub_order_id)
    return pdf_response(address_label_pdf(paper), f"label-{paper.order_number}.pdf")

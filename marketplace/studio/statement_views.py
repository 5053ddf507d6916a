"""The group's own statement (/studio/<group_slug>/laporan): its money for a period, its
parcels and its payouts. Every query is filtered by g.group: another group's payout is a 404.
"""

from flask import abort, g, render_template, request

from marketplace.kernel.csvout import csv_download
from marketplace.kernel.extensions import db
from marketplace.kernel.timeutil import jakarta_date, utcnow
from marketplace.ledger import payouts, statements
from marketplace.ledger.models import Payout
from marketplace.ledger.reports import figures_by_group
from marketplace.studio.blueprint import bp
from marketplace.studio.rules import mask_account_number


def _period_choice() -> statements.PeriodChoice:
    args = request.args
    return statements.parse_period(args.get("month"), args.get("from"), args.get("to"),
                                   jakarta_date(utcnow()))


def _period_args(choice: statements.PeriodChoice) -> dict[str, str]:
    """The query string that shows the same period again (for the CSV link)."""
    if choice.error:
        return {}
    if choice.start:
        return {"from": choice.period.start.isoformat(), "to": choice.period.end.isoformat()}
    return {"month": f"{choice.period.start:%Y-%m}"}


@bp.get("/<group_slug>/laporan")
def statement(group_slug: str):
    group = g.group
    choice = _period_choice()
    lines = statements.statement_lines(group.id, choice.period)
    return render_template(
        "studio/statement.html",
        choice=choice, period=choice.period, period_args=_period_args(choice),
        figures=figures_by_group(choice.period, [group.id])[group.id],
        lines=lines, totals=statements.totals_of(lines),
        payouts=db.session.scalars(payouts.payouts_for_group(group.id)).all(),
    ), 400 if choice.error else 200


@bp.get("/<group_slug>/laporan/ekspor.csv")
def statement_csv(group_slug: str):
    group = g.group
    choice = _period_choice()
    if choice.error:
        abort(400)
    period = choice.period
    return csv_download(
        f"laporan-{group.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        ["order_number", "paid_at", "status", "goods", "shipping", "commission_rate_bp",
         "commission", "refunded", "net", "payout_number"],
        ([line.order_number, line.paid_at, line.status, line.goods, line.shipping,
          line.rate_bp, line.commission, line.refunded, line.net, line.payout_number]
         for line in statements.statement_lines(group.id, period)),
    )


@bp.get("/<group_slug>/laporan/pencairan/<int:payout_id>")
def statement_payout(group_slug: str, payout_id: int):
    payout = db.session.scalar(
        payouts.payouts_for_group(g.group.id).where(Payout.id == payout_id)
    ) or abort(404)
    return render_template(
        "studio/statement_payout.html", payout=payout,
        lines=statements.payout_lines(payout),
        masked_account=mask_account_number(payout.bank_account_number),
    )


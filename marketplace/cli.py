"""Flask CLI commands."""

import click
from flask import Flask

from marketplace.kernel.extensions import db


def register_commands(app: Flask) -> None:
    register_order_commands(app)
    register_mail_commands(app)
    register_shipping_commands(app)
    register_paper_commands(app)

    from marketplace.demo.cli import seed_demo_command  # the demo package: imported here only

    app.cli.add_command(seed_demo_command)


def register_order_commands(app: Flask) -> None:
    @app.cli.group("payments")
    def payments_group() -> None:
        """Midtrans payments."""

    @payments_group.command("reconcile")
    def reconcile() -> None:
        """Ask Midtrans about every pending order, paid orders with an unconfirmed
        notification, orders closed in the last RECONCILE_LOOKBACK_DAYS, payment starts
        that never finished, and every unconfirmed refund; apply the answers (safe from cron)."""
        from marketplace.payments.reconcile import reconcile_pending, reconcile_refunds

        with _shop_request(app):  # emails sent from here link to the shop's public URL
            counts = reconcile_pending()
            refunds = reconcile_refunds()
        summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
        click.echo(f"Reconciled: {summary or 'no pending payments'}.")
        summary = ", ".join(f"{n} {state}" for state, n in sorted(refunds.items()))
        click.echo(f"Refunds: {summary or 'none waiting for Midtrans'}.")

    @app.cli.group("orders")
    def orders_group() -> None:
        """Orders."""

    @orders_group.command("expire")
    def expire() -> None:
        """Expire pending orders that are due, after asking Midtrans about their payments,
        and release their stock (safe from cron)."""
        from marketplace.payments.expiry import expire_overdue

        with _shop_request(app):  # a payment found settled sends its receipt from here
            counts = expire_overdue()
        click.echo(f"Expired {counts.get('expired', 0)} order(s).")
        for outcome, meaning in EXPIRY_NOTES:
            if counts.get(outcome):
                click.echo(f"{counts[outcome]} {meaning}")

    @orders_group.command("remind-unshipped")
    def remind_unshipped() -> None:
        """Remind each group's members of paid parcels not shipped SHIP_REMINDER_HOURS after
        payment, once per parcel and member (safe from cron, and when two runs overlap)."""
        from marketplace.orders.reminders import remind_unshipped as remind

        with _shop_request(app):  # the reminders link to the studio's public URL
            counts = remind()
        click.echo(f"Ship reminders: {counts['emails']} email(s) for {counts['parcels']} "
                   f"parcel(s); {counts['skipped']} parcel(s) reminded before.")

    @orders_group.command("complete-parcels")
    def complete_parcels() -> None:
        """Complete parcels shipped AUTO_COMPLETE_DAYS ago or more (out of their complaint
        window, with no open complaint), one transaction each (safe from cron, and safe to
        run twice at once: each parcel is completed once)."""
        from marketplace.orders.receipt import run_auto_complete

        with _shop_request(app):  # emails queued from here link to the shop's public URL
            done = run_auto_complete()
        click.echo(f"Completed {done} parcel(s).")


# What `flask orders expire` says about due orders it did not expire.
    @orders_group.command("check")
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @click.pass_context
    def check(ctx: click.Context, as_json: bool) -> None:
        """Check orders, stock, commission and payments against each other (read-only, one
        snapshot, safe at any time); exits 1 if anything is found."""
        import json

        from marketplace.consistency.report import run_check

        report = run_check(db.engine)
        click.echo(json.dumps(report.as_json(), indent=2) if as_json else report.as_text())
        ctx.exit(0 if report.ok else 1)


EXPIRY_NOTES = (
    ("paid", "paid after all: Midtrans had the payment (its notification was lost)."),
    ("cancelled", "cancelled: Midtrans reports the payment failed or was cancelled."),
    ("unreachable", "left for the next run: Midtrans could not be reached."),
    ("held", "left as they are: Midtrans reports a payment to check (flagged for review)."),
    ("starting", "left for the next run: a payment is being started right now."),
)


def register_mail_commands(app: Flask) -> None:
    @app.cli.group("mail")
    def mail_group() -> None:
        """Outgoing email (the outbox)."""

    @mail_group.command("deliver")
    @click.option("--limit", default=500, show_default=True,
                  help="Most messages to try in this run.")
    def deliver(limit: int) -> None:
        """Send every queued email that is due, retrying failures later with backoff
        (safe from cron, and safe to run twice at once)."""
        from marketplace.kernel.outbox import deliver_due

        outcomes = deliver_due(limit)
        click.echo(f"Mail: {outcomes['sent']} sent, {outcomes['retry']} to retry later, "
                   f"{outcomes['failed']} failed (see /admin/surel).")


def register_shipping_commands(app: Flask) -> None:
    @app.cli.group("shipping")
    def shipping_group() -> None:
        """Shipping rates."""

    @shipping_group.command("seed-rates")
    def seed_rates() -> None:
        """Fill the rate table with the demo rates for every pair of provinces and every
        courier service; rows already there, edited or not, stay (safe to run again)."""
        from marketplace.shipping.services import seed_default_rates

        added = seed_default_rates()
        db.session.commit()
        click.echo(f"Shipping rates: {added} added.")


def _shop_request(app: Flask):
    """A request context on SHOP_URL, so url_for(_external=True) works in cron commands."""
    return app.test_request_context("/", base_url=app.config["SHOP_URL"])


def register_paper_commands(app: Flask) -> None:
    @app.cli.group("invoices")
    def invoices_group() -> None:
        """Invoices of paid orders."""

    @invoices_group.command("backfill")
    def backfill() -> None:
        """Number the invoices of orders paid before invoices existed, in the order they were
        paid (safe to run again: it numbers only what has no number)."""
        from marketplace.kernel.dbtx import new_write
        from marketplace.orders.invoices import backfill_invoices

        new_write()
        issued = backfill_invoices()
        db.session.commit()
        click.echo(f"Invoices issued: {issued}.")

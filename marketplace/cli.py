"""Flask CLI commands."""

import click
from flask import Flask

from .extensions import db


def register_commands(app: Flask) -> None:
    register_order_commands(app)

    @app.cli.command("seed-demo")
    @click.option("--image-size", default=800, show_default=True, help="Picture size in pixels.")
    @click.option("--no-images", is_flag=True, help="Skip drawing pictures (faster).")
    def seed_demo_command(image_size: int, no_images: bool) -> None:
        """Fill the shop with the demo sentra, groups, products and logins, and months of
        paid, delivered, refunded and paid-out orders."""
        from .demo import seed_demo
        from .demo_history import seed_history

        report = seed_demo(image_size=image_size, with_images=not no_images)
        for kind, n in seed_history().items():  # once: a second run adds nothing
            report.created[kind] = report.created.get(kind, 0) + n
        db.session.commit()
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
        click.echo(f"Demo data ready ({created or 'nothing new'}).")
        click.echo("Logins (role, email, password — unless you changed it since):")
        for role, email, password in sorted(report.logins):
            click.echo(f"  {role:<8} {email:<40} {password}")


def register_order_commands(app: Flask) -> None:
    @app.cli.group("payments")
    def payments_group() -> None:
        """Midtrans payments."""

    @payments_group.command("reconcile")
    def reconcile() -> None:
        """Ask Midtrans about every pending order, paid orders with an unconfirmed
        notification, and every unconfirmed refund, and apply the answers (safe from cron)."""
        from .payments.service import reconcile_pending, reconcile_refunds

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
        """Expire pending orders past their expiry and release their stock (safe from cron)."""
        from .payments.service import expire_overdue

        with _shop_request(app):
            click.echo(f"Expired {expire_overdue()} order(s).")

    @orders_group.command("check")
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @click.pass_context
    def check(ctx: click.Context, as_json: bool) -> None:
        """Check orders, stock, commission and payments against each other (read-only, one
        snapshot, safe at any time); exits 1 if anything is found."""
        import json

        from .consistency.report import run_check

        report = run_check(db.engine)
        click.echo(json.dumps(report.as_json(), indent=2) if as_json else report.as_text())
        ctx.exit(0 if report.ok else 1)


def _shop_request(app: Flask):
    """A request context on SHOP_URL, so url_for(_external=True) works in cron commands."""
    return app.test_request_context("/", base_url=app.config["SHOP_URL"])

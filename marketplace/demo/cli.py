"""`flask seed-demo`, registered by marketplace/cli.py."""

import click
from flask.cli import with_appcontext

from marketplace.demo.catalogue import seed_demo
from marketplace.demo.history import seed_history
from marketplace.demo.loader import DATA_DIR, DemoDataError
from marketplace.demo.shipping import seed_shipping
from marketplace.kernel.extensions import db


@click.command("seed-demo")
@click.option("--image-size", default=800, show_default=True, help="Picture size in pixels.")
@click.option("--no-images", is_flag=True, help="Skip drawing pictures (faster).")
@with_appcontext
def seed_demo_command(image_size: int, no_images: bool) -> None:
    """Fill the shop with the demo sentra, groups, products and logins, and months of
    paid, delivered, refunded and paid-out orders."""
    try:
        report = seed_demo(image_size=image_size, with_images=not no_images)
        report.created.update(seed_shipping())  # the rate table, the groups' couriers
    except DemoDataError as exc:  # a data file edited by hand: say where, no traceback
        raise click.ClickException(f"{DATA_DIR}: {exc}") from None
    for kind, n in seed_history().items():  # once: a second run adds nothing
        report.created[kind] = report.created.get(kind, 0) + n
    db.session.commit()
    created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
    click.echo(f"Demo data ready ({created or 'nothing new'}).")
    click.echo("Logins (role, email, password — unless you changed it since):")
    for role, email, password in sorted(report.logins):
        click.echo(f"  {role:<8} {email:<40} {password}")

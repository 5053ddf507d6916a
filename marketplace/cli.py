"""Flask CLI commands."""

import click
from flask import Flask

from .extensions import db


def register_commands(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--image-size", default=800, show_default=True, help="Picture size in pixels.")
    @click.option("--no-images", is_flag=True, help="Skip drawing pictures (faster).")
    def seed_demo_command(image_size: int, no_images: bool) -> None:
        """Fill the shop with the demo sentra, groups, products and logins."""
        from .demo import seed_demo

        report = seed_demo(image_size=image_size, with_images=not no_images)
        db.session.commit()
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
        click.echo(f"Demo data ready ({created or 'nothing new'}).")
        click.echo("Logins (role, email, password — unless you changed it since):")
        for role, email, password in sorted(report.logins):
            click.echo(f"  {role:<8} {email:<40} {password}")

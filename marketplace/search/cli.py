"""`flask search …`: rebuild the index, apply queued changes, show the state, check it."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from marketplace.kernel.extensions import db
from marketplace.search import api
from marketplace.search.api import IndexBusyError, RebuildRunningError, SearchUnavailableError
from marketplace.search.documents import count_visible
from marketplace.search.sync import compare, pending_count, rebuild_index, repair, sync_pending

search_cli = AppGroup("search", help="The product search index.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Build a new index of every visible product and swap it in (searches keep working)."""
    with Session(db.engine) as session:
        total = count_visible(session)
    try:
        with click.progressbar(length=total, label="Indexing products",
                               show_pos=True) as bar:
            step = max(1, total // 200)

            def progress(count: int) -> None:
                if count % step == 0 or count == total:
                    bar.update(count - bar.pos)

            name, synced = rebuild_index(progress)
    except RebuildRunningError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Index ready: {total} products in {name} "
               f"({api.status().size_bytes / 1e6:.1f} MB).")
    if synced.rows:
        click.echo(f"Applied {synced.rows} changes queued during the rebuild.")


@search_cli.command("sync")
def sync_command() -> None:
    """Apply queued catalogue changes to the index now."""
    result = sync_pending()
    if result.skipped:
        raise click.ClickException(f"nothing applied ({result.skipped}); "
                                   f"{pending_count()} changes still queued")
    click.echo(f"Applied {result.rows} queued changes: {result.indexed} products indexed, "
               f"{result.deleted} removed ({result.seconds * 1000:.0f} ms).")


@search_cli.command("status")
def status_command() -> None:
    """Where the live index is, how big, and what is waiting."""
    status = api.status()
    click.echo(f"Index directory: {status.location}")
    click.echo(f"Live index: {status.live or 'none (run `flask search reindex`)'}")
    if status.live:
        click.echo(f"Size: {status.size_bytes / 1e6:.1f} MB")
    if status.rebuilding:
        click.echo(f"Rebuild running since {status.rebuild_started} (pid {status.rebuild_pid})")
    click.echo(f"Queued changes: {pending_count()}")


@search_cli.command("check")
@click.option("--dry-run", is_flag=True, help="Only report; change nothing.")
@click.pass_context
def check_command(ctx: click.Context, dry_run: bool) -> None:
    """Compare the index with the database and repair what differs: every visible product
    present with its current version, nothing else. Exits 1 if a problem remains (no index,
    an unreadable or outdated one: run `flask search reindex`; or --dry-run found one)."""
    with Session(db.engine) as session:
        expected = count_visible(session)
    report = api.check(expected)
    queued = pending_count()
    click.echo(f"Index directory: {report.location}")
    click.echo(f"Live index: {report.live or 'none'}")
    if report.documents is not None:
        click.echo(f"Documents: {report.documents} (visible products: {report.expected})")
    if report.schema_current is not None:
        click.echo(f"Schema: {'current' if report.schema_current else 'outdated'}")
    click.echo(f"Queued changes: {queued}")
    structural = [problem for problem in report.problems
                  if report.documents is None or not report.schema_current]
    for problem in structural:
        click.echo(f"Problem: {problem}")
    if structural:
        click.echo(f"{len(structural)} problem(s) found.")
        ctx.exit(1)
    comparison = compare()
    differing = comparison.differing
    for label, ids in (("missing from the index", comparison.missing),
                       ("outdated in the index", comparison.stale),
                       ("in the index but not visible (404)", comparison.extra)):
        if ids:
            shown = ", ".join(map(str, ids[:10])) + (" …" if len(ids) > 10 else "")
            click.echo(f"{len(ids)} product(s) {label}: {shown}")
    recount = getattr(api.backend(), "recount", None)
    if not differing:
        if recount is not None and not dry_run:
            recount()  # the counts of the words typos are corrected to (PostgreSQL)
        click.echo("Search index OK.")
        return
    if dry_run:
        click.echo(f"{len(differing)} product(s) differ; run without --dry-run to repair.")
        ctx.exit(1)
    try:
        result = repair(differing)
    except (IndexBusyError, SearchUnavailableError) as error:
        raise click.ClickException(f"repair failed ({error}); try again") from error
    if recount is not None:
        recount()
    click.echo(f"Repaired: {result.indexed} product(s) indexed, {result.deleted} removed. "
               "Search index OK.")

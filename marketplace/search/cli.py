"""`flask search …`: rebuild the index, apply queued changes, show the state."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marketplace.kernel.extensions import db
from marketplace.search.documents import all_documents, count_visible
from marketplace.search.index import (
    RebuildRunningError,
    index_size,
    live_path,
    marker_info,
    rebuild,
)
from marketplace.search.models import SearchQueueEntry
from marketplace.search.sync import pending_count, search_root, sync_pending

search_cli = AppGroup("search", help="The product search index.")


def rebuild_index(progress=None):
    """Rebuild the whole index from the database, swap it in, then apply the changes
    queued while it ran (the ones queued before it started are already in what it read).

    Reads through a session of its own: the caller's transaction is left alone.
    """
    with Session(db.engine) as session:
        # Changes queued before the rebuild reads the catalogue are in what it reads.
        covered = session.scalars(select(SearchQueueEntry.id)).all()
        session.rollback()
        target = rebuild(search_root(), all_documents(session), progress=progress,
                         limitmb=current_app.config["SEARCH_BUILD_MB"])
        session.rollback()
        for start in range(0, len(covered), 2000):
            chunk = covered[start:start + 2000]
            session.execute(delete(SearchQueueEntry).where(SearchQueueEntry.id.in_(chunk)))
        session.commit()
    return target, sync_pending()


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

            target, synced = rebuild_index(progress)
    except RebuildRunningError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Index ready: {total} products in {target.name} "
               f"({index_size(search_root()) / 1e6:.1f} MB).")
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
    root = search_root()
    live = live_path(root)
    click.echo(f"Index directory: {root}")
    click.echo(f"Live index: {live.name if live else 'none (run `flask search reindex`)'}")
    if live:
        click.echo(f"Size: {index_size(root) / 1e6:.1f} MB")
    marker = marker_info(root)
    if marker:
        click.echo(f"Rebuild running since {marker.get('started')} (pid {marker.get('pid')})")
    click.echo(f"Queued changes: {pending_count()}")

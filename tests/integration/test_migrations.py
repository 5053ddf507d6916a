"""`flask db upgrade` builds the whole schema, and it matches the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from marketplace import create_app
from marketplace.kernel.extensions import db
from tests.conftest import _base_config


def test_upgrade_on_empty_database_matches_models(empty_database, tmp_path):
    app = create_app(_base_config(empty_database, str(tmp_path)))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
            tables = set(inspect(conn).get_table_names())
        db.session.remove()
        db.engine.dispose()
    assert diff == []
    assert {t.name for t in db.metadata.sorted_tables} <= tables


def test_upgrade_keeps_stored_notification_bodies_as_their_utf8_bytes(empty_database,
                                                                      tmp_path):
    # given a database at 0005 holding a notification body stored as text
    from sqlalchemy import text

    app = create_app(_base_config(empty_database, str(tmp_path)))
    body = '{"order_id": "PS-2026-000001-1", "note": "Kerajinan Dinoyo \u2013 ok"}'
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO payment_notifications (received_at, midtrans_order_id, "
                "transaction_status, raw_body, remote_addr, verdict, detail) VALUES "
                "(:at, 'PS-2026-000001-1', 'settlement', :body, '', 'applied', '')"),
                {"at": "2026-11-01 00:00:00", "body": body})
        # when it is upgraded to the bytes column
        upgrade()
        with db.engine.connect() as conn:
            stored = conn.scalar(text("SELECT raw_body FROM payment_notifications"))
        db.session.remove()
        db.engine.dispose()
    # then the body is the same text, as its UTF-8 bytes
    assert bytes(stored) == body.encode("utf-8")

"""The transaction rule: begin_write never commits someone else's transaction."""

import pytest
from sqlalchemy import update

from marketplace.catalog.models import Sentra
from marketplace.kernel.dbtx import OpenTransactionError, begin_write, end_read, new_write
from marketplace.kernel.extensions import db
from tests.factories import make_sentra


def test_begin_write_refuses_inside_a_read_transaction(app):
    make_sentra()
    db.session.commit()
    db.session.query(Sentra).count()  # a read opens a transaction
    with pytest.raises(OpenTransactionError):
        begin_write()


def test_begin_write_inside_a_write_transaction_changes_nothing(app):
    begin_write()
    sentra = make_sentra()
    begin_write()  # the request's own write transaction: joined, not committed
    db.session.rollback()
    assert db.session.get(Sentra, sentra.id) is None


def test_end_read_refuses_a_transaction_that_wrote(app):
    make_sentra()
    db.session.flush()
    with pytest.raises(OpenTransactionError):
        end_read()
    with pytest.raises(OpenTransactionError):
        new_write()
    db.session.rollback()
    assert db.session.query(Sentra).count() == 0


def test_end_read_refuses_a_transaction_that_wrote_by_a_statement(app):
    sentra = make_sentra()
    db.session.commit()
    db.session.execute(update(Sentra).where(Sentra.id == sentra.id).values(name="Baru"))
    with pytest.raises(OpenTransactionError):
        end_read()
    db.session.rollback()
    assert db.session.get(Sentra, sentra.id).name != "Baru"


def test_new_write_ends_a_read_and_opens_a_write(app):
    make_sentra()
    db.session.commit()
    assert db.session.query(Sentra).count() == 1
    new_write()
    make_sentra(slug="sentra-dua")
    db.session.commit()
    assert db.session.query(Sentra).count() == 2


def test_every_post_request_runs_in_one_write_transaction(app, client):
    from marketplace.kernel.dbtx import in_write
    from marketplace.kernel.extensions import csrf

    seen = []

    @app.post("/_test/tx")
    @csrf.exempt
    def _probe():
        seen.append(in_write())
        return "ok"

    assert client.post("/_test/tx").status_code == 200
    assert seen == [True]

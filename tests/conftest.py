"""Fixtures: a fresh database per test on SQLite and on PostgreSQL, and the app around it.

The suite runs in parallel (pytest-xdist, `-n 3` in pyproject.toml; `-n 0` runs it in
one process): each worker has its own temporary folders, SQLite template and PostgreSQL
database, and every test its own app, database and instance folder.
"""

from __future__ import annotations

import contextvars
import os
import shutil
import uuid
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from hypothesis import settings
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from marketplace import create_app
from marketplace.kernel import timeutil
from marketplace.kernel.extensions import db
from tests.clock import FrozenClock
from tests.live import whole_responses

PG_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]


def pytest_sessionstart(session):
    """Compile stale translation catalogues, as `make setup` does, so plain pytest works
    (once, in the main process: pytest-xdist workers start after it)."""
    if hasattr(session.config, "workerinput"):
        return
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent / "marketplace" / "translations"
    for po_path in root.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


# --- CI: nothing may skip -------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("PASAR_REQUIRE_ALL") and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped where PASAR_REQUIRE_ALL=1 forbids skips: {reason}"


# --- PostgreSQL: one throw-away database per test session ------------------------------
def _pg_admin_url() -> str:
    return PG_URL


def _pg_reachable() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        engine = create_engine(_pg_admin_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"
    return None


def create_pg_database(suffix: str) -> str:
    """Create an empty database next to the test one and return its URL."""
    name = f"pasar_t_{os.getpid()}_{uuid.uuid4().hex[:6]}_{suffix}"
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_database(tmp_path_factory):
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    url = create_pg_database("suite")
    app = create_app(_base_config(url, str(tmp_path_factory.mktemp("pg"))))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    yield url
    drop_pg_database(url)


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """The URL of a database with no tables at all, on each backend (for migrations)."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_database")  # skips with a reason when unreachable
        url = create_pg_database("mig")
        yield url
        drop_pg_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    app = create_app(_base_config(f"sqlite:///{path}", str(path.parent)))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return path


def _base_config(url: str, instance: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",  # noqa: S105
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": instance,
        "MEDIA_DIR": os.path.join(instance, "media"),
        "WTF_CSRF_ENABLED": True,
    }


def _truncate_all(url: str) -> None:
    """Empty every table and restart every id sequence for the next test.

    DELETE with triggers and foreign-key checks off (session_replication_role) plus setval
    costs ~25 ms; TRUNCATE … RESTART IDENTITY rewrote every table file and cost ~350 ms a
    test. The ledger's no-delete trigger is a row trigger, off in replica mode too.
    """
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        sequences = conn.scalars(text(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).all()
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text("; ".join(f'DELETE FROM "{t.name}"'  # noqa: S608 (our table names)
                                    for t in reversed(db.metadata.sorted_tables))))
        if sequences:
            conn.execute(text("SELECT " + ", ".join(
                f"setval('\"{name}\"', 1, false)" for name in sequences)))
    engine.dispose()


def _database_url(request, backend: str, tmp_path) -> str:
    if backend == "postgresql":
        url = request.getfixturevalue("pg_database")
        _truncate_all(url)
        return url
    template = request.getfixturevalue("sqlite_template")
    target = tmp_path / "test.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a real server does.

    The fixtures keep an app context pushed for factories and asserts; without this,
    Flask would reuse it for requests, sharing `g` and the database session with the test.
    Each response is read and closed before `open` returns, as a server closes it once
    sent: that runs the after-response work (mail delivery, the search drain). A test
    playing a worker that dies before then passes `buffered=False`.
    """

    def open(self, *args, **kwargs):
        # End the test's own transaction first, as a finished request would: on SQLite a
        # transaction reads one snapshot, so reads after this request must start afresh.
        from flask import has_app_context

        if has_app_context() and db.session().in_transaction():
            db.session.commit()
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole run: every test builds a fresh app, and
    compiling the templates again for each one was a quarter of the suite's time. Jinja
    checks each template's source checksum, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _SharedBytecodeCache()


# CI runs the property tests on a fixed sequence of examples, so a red run can be repeated
# and a green one means the same thing twice; elsewhere every run explores new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@contextmanager
def _app_for(url: str, instance: str, extra: dict | None = None):
    app = create_app({**_base_config(url, instance), **(extra or {})})
    app.jinja_env.bytecode_cache = _TEMPLATES
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app_config(request) -> dict:
    """Extra configuration a test module may override; a module marked
    `pytestmark = pytest.mark.usefixtures("simulator")` pays through the simulator."""
    if any("simulator" in mark.args for mark in request.node.iter_markers("usefixtures")):
        return {"MIDTRANS_SIMULATOR_URL": request.getfixturevalue("simulator").base_url}
    return {}


@pytest.fixture
def app(request, backend, tmp_path, app_config):
    url = _database_url(request, backend, tmp_path)
    with _app_for(url, str(tmp_path), app_config) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


# --- People signed in on `client` (tests/helpers.py makes them) ------------------------
@pytest.fixture
def admin(app, client):
    """An admin signed in on `client`, reading the English interface."""
    from marketplace.accounts.models import Role
    from tests.helpers import sign_in

    return sign_in(client, Role.ADMIN, name="Admin Asosiasi")


@pytest.fixture
def admin_client(app, client):
    """`client` with an admin signed in, reading the English interface."""
    from marketplace.accounts.models import Role
    from tests.helpers import signed_in

    signed_in(client, Role.ADMIN)
    client.set_cookie("lang", "en")  # assertions read IDR 1,234 and the English messages
    return client


# --- A shop of two groups to buy from (tests/checkout_helpers.py buys) ------------------
@pytest.fixture
def shop(app):
    """Two approved groups with an owner each: a cup (Rp 45.000, 5 in stock) and a ring
    (Rp 350.000, 2 in stock, free shipping from Rp 500.000); returns (cup, ring)."""
    from marketplace.catalog.models import GroupMembership
    from tests.factories import make_group, make_product, make_user

    one = make_group(name="Griya Keramik", shipping_fee=20_000)
    two = make_group(name="Perak Celuk", shipping_fee=25_000, free_shipping_threshold=500_000)
    cup = make_product(group=one, name="Cangkir Keramik", price=45_000, stock=5, sku="CUP-1")
    ring = make_product(group=two, name="Cincin Perak", price=350_000, stock=2, sku="RING-1")
    for group in (one, two):
        db.session.add(GroupMembership(group=group, user=make_user(), role="owner"))
    db.session.commit()
    return cup, ring


# --- Demo data, seeded once per module and backend (tests using it only read) ----------
@pytest.fixture(scope="module", params=BACKENDS)
def demo_app(request, tmp_path_factory):
    from marketplace.demo import seed_demo

    tmp = tmp_path_factory.mktemp("demo")
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_database")
        _truncate_all(url)
    else:
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp / "demo.db")
        url = f"sqlite:///{tmp / 'demo.db'}"
    with _app_for(url, str(tmp)) as app:
        seed_demo(image_size=96)
        db.session.commit()
        yield app


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


# --- The application's clock -----------------------------------------------------------
@pytest.fixture(autouse=True)
def _clock_runs_free():
    """Every test starts and ends with the clock reading the system time."""
    timeutil.clock.frozen_at = None
    yield
    timeutil.clock.frozen_at = None


@pytest.fixture
def clock(_clock_runs_free) -> FrozenClock:
    """The application's one clock, frozen at the current moment for the test; move it
    with `clock.advance(minutes=15)` or set `clock.now`."""
    return FrozenClock(timeutil.utcnow())


# --- Counting SQL statements --------------------------------------------------------
class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries():
    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, *args):
            counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


# --- The Midtrans simulator, over real HTTP ------------------------------------------
@pytest.fixture
def simulator():
    """A fresh simulator per test: order numbers restart with each test's database."""
    from marketplace.gateways.midtrans import SIMULATOR_SERVER_KEY
    from marketplace.gateways.midtrans_simulator.server import SimulatorServer

    with SimulatorServer(SIMULATOR_SERVER_KEY, notify_url=None,
                         retry_schedule=(0.2, 0.5), sweep_interval=0.5) as server:
        yield server


@pytest.fixture
def live_server(app):
    """The app served over real HTTP by a threaded Werkzeug server; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, whole_responses(app), threaded=True)
    server.daemon_threads, server.block_on_close = False, True  # close() joins late requests
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()

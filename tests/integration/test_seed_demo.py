"""`flask seed-demo` can run twice without duplicating anything."""

import shutil

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.catalog.models import Category, ProducerGroup, Product, ProductImage, Sentra
from marketplace.demo.loader import DATA_DIR, load
from marketplace.kernel.extensions import db


def _counts() -> dict[str, int]:
    models = [Sentra, ProducerGroup, Category, Product, ProductImage, User]
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def test_seed_demo_twice_adds_nothing_the_second_time(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--image-size", "48"])
    assert first.exit_code == 0, first.output
    assert "admin@pasarsentra.example" in first.output
    before = _counts()
    second = runner.invoke(args=["seed-demo", "--image-size", "48"])
    assert second.exit_code == 0, second.output
    assert "admin@pasarsentra.example" in second.output  # logins printed every time
    db.session.expire_all()
    assert _counts() == before
    assert before["Sentra"] == 5
    assert before["Product"] >= 115


def test_seed_demo_creates_a_login_for_each_role(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])
    assert result.exit_code == 0, result.output
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {Role.ADMIN, Role.ARTISAN, Role.BUYER}
    owners = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ARTISAN))
    assert owners == db.session.scalar(select(func.count()).select_from(ProducerGroup))


@pytest.mark.parametrize("backend", ["sqlite"])  # it stops before writing anything
def test_seed_demo_names_the_data_file_it_cannot_use(app, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "sentra" / "05-kendedes-singosari.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'motif = "basket"', 'motif = "keranjang"', 1), encoding="utf-8")
    monkeypatch.setattr("marketplace.demo.catalogue.load", lambda: load(data))

    result = app.test_cli_runner().invoke(args=["seed-demo", "--no-images"])

    assert result.exit_code == 1
    assert ("sentra/05-kendedes-singosari.toml, product 'KDS-ANY-001': `motif` 'keranjang' "
            "is not one of") in result.output
    assert "Traceback" not in result.output
    assert _counts()["Sentra"] == 0

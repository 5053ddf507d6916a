"""Configuration comes from the environment with safe defaults."""

import pytest

from marketplace import create_app
from marketplace.kernel.config import ConfigError


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_local_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_PATH": str(tmp_path)}).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'marketplace.db'}"


def test_database_url_from_environment_selects_psycopg(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/shop")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_production_marks_cookies_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-production-secret")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_instance_config_file_is_read(tmp_path, monkeypatch):
    monkeypatch.delenv("LOGIN_FAILURES_PER_PAIR", raising=False)
    (tmp_path / "config.py").write_text("LOGIN_FAILURES_PER_PAIR = 3\n")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["LOGIN_FAILURES_PER_PAIR"] == 3
    assert "DEFAULTS" not in app.config  # not the package's own config module


def test_sign_in_throttle_numbers_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGIN_FAILURES_BEFORE_DELAY", "25")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    assert app.config["LOGIN_FAILURES_BEFORE_DELAY"] == 25


def test_payment_start_bound_is_derived_from_the_midtrans_timeout(tmp_path, monkeypatch):
    # given no bound of its own: four Midtrans timeouts
    monkeypatch.delenv("PAYMENT_START_STALE_SECONDS", raising=False)
    base = {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", "MIDTRANS_TIMEOUT": 3}
    assert create_app(base).config["PAYMENT_START_STALE_SECONDS"] == 12
    # given one set (as the environment would): that one
    app = create_app({**base, "PAYMENT_START_STALE_SECONDS": "45"})
    assert app.config["PAYMENT_START_STALE_SECONDS"] == 45

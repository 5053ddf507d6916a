"""The gunicorn start hook warns when production workers would each keep their own limits."""

import logging
from types import SimpleNamespace

import pytest

from marketplace import gunicorn_conf
from marketplace.kernel.config import shared_limits_warning, startup_settings

PRODUCTION = {"APP_ENV": "production", "RESET_LIMIT_PER_ADDRESS": "5 per hour"}


@pytest.mark.parametrize(
    ("settings", "workers", "warns"),
    [(PRODUCTION, 4, True), (PRODUCTION, 1, False),
     ({**PRODUCTION, "REDIS_URL": "redis://cache:6379/0"}, 4, False),
     ({**PRODUCTION, "APP_ENV": "development"}, 4, False)],
)
def test_shared_limits_warning_only_for_several_production_workers_without_redis(
        settings, workers, warns):
    message = shared_limits_warning(settings, workers)
    assert (message is not None) == warns
    if warns:
        assert "4 workers" in message and "REDIS_URL" in message and "5 per hour" in message


def _server(workers):
    return SimpleNamespace(cfg=SimpleNamespace(workers=workers),
                           log=logging.getLogger("test.gunicorn"))


def test_on_starting_logs_the_warning_from_the_environment(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with caplog.at_level(logging.WARNING, logger="test.gunicorn"):
        gunicorn_conf.on_starting(_server(3))
    assert "APP_ENV=production with 3 workers and no REDIS_URL" in caplog.text
    caplog.clear()
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with caplog.at_level(logging.WARNING, logger="test.gunicorn"):
        gunicorn_conf.on_starting(_server(3))
    assert caplog.text == ""


def test_startup_settings_read_instance_config_then_environment(monkeypatch, tmp_path):
    (tmp_path / "config.py").write_text('APP_ENV = "production"\nREDIS_URL = "redis://x/1"\n')
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = startup_settings(tmp_path)
    assert settings["APP_ENV"] == "production" and settings["REDIS_URL"] == "redis://x/1"
    monkeypatch.setenv("APP_ENV", "development")
    assert startup_settings(tmp_path)["APP_ENV"] == "development"

"""Shipping-rate settings: the rate table by default, Biteship only with a key (or locally)."""

import pytest

from marketplace import create_app
from marketplace.kernel.config import ConfigError

VARIABLES = ("SHIPPING_PROVIDER", "BITESHIP_API_URL", "BITESHIP_API_KEY",
             "SHIPPING_TIMEOUT_SECONDS")


@pytest.fixture
def start(tmp_path, monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def start_with(**settings):
        return create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x", **settings}).config

    return start_with


def test_without_settings_the_rate_table_is_used(start):
    config = start()
    assert config["SHIPPING_PROVIDER"] == ""
    assert config["BITESHIP_API_URL"] == "https://api.biteship.com"
    assert config["SHIPPING_TIMEOUT_SECONDS"] == 4.0


def test_biteship_from_the_environment(start, monkeypatch):
    monkeypatch.setenv("SHIPPING_PROVIDER", "Biteship")
    monkeypatch.setenv("BITESHIP_API_KEY", "biteship_test.abc")
    monkeypatch.setenv("SHIPPING_TIMEOUT_SECONDS", "2.5")
    config = start()
    assert (config["SHIPPING_PROVIDER"], config["BITESHIP_API_KEY"]) == (
        "biteship", "biteship_test.abc")
    assert config["SHIPPING_TIMEOUT_SECONDS"] == 2.5


def test_biteship_without_a_key_is_refused_with_a_clear_message(start):
    with pytest.raises(ConfigError, match="BITESHIP_API_KEY"):
        start(SHIPPING_PROVIDER="biteship")


@pytest.mark.parametrize("url", ["http://127.0.0.1:5002", "http://localhost:5002/"])
def test_the_local_simulator_needs_no_key(start, url):
    config = start(SHIPPING_PROVIDER="biteship", BITESHIP_API_URL=url)
    assert config["BITESHIP_API_URL"] == url.rstrip("/")
    assert config["BITESHIP_API_KEY"]  # any key works there; one is sent


@pytest.mark.parametrize(("settings", "message"), [
    ({"SHIPPING_PROVIDER": "rajaongkir"}, "SHIPPING_PROVIDER"),
    ({"SHIPPING_TIMEOUT_SECONDS": "soon"}, "SHIPPING_TIMEOUT_SECONDS"),
    ({"SHIPPING_TIMEOUT_SECONDS": 0}, "SHIPPING_TIMEOUT_SECONDS"),
    ({"SHIPPING_PROVIDER": "biteship", "BITESHIP_API_KEY": "k",
      "BITESHIP_API_URL": "api.biteship.com"}, "BITESHIP_API_URL"),
])
def test_settings_that_cannot_work_are_refused(start, settings, message):
    with pytest.raises(ConfigError, match=message):
        start(**settings)

"""Which Midtrans the shop talks to, from its configuration."""

from __future__ import annotations

import pytest

from marketplace.gateways.midtrans import (
    DEFAULT_SIMULATOR_URL,
    SIMULATOR_CLIENT_KEY,
    SIMULATOR_SERVER_KEY,
    MidtransConfigError,
    config_from_app,
)


def test_without_keys_the_simulator_is_used():
    config = config_from_app({})

    assert config.server_key == SIMULATOR_SERVER_KEY
    assert config.client_key == SIMULATOR_CLIENT_KEY
    assert config.base_url_override == DEFAULT_SIMULATOR_URL
    assert config.is_production is False
    assert config.timeout == 5
    assert config.uses_simulator


def test_the_simulator_url_and_timeout_come_from_the_config():
    config = config_from_app(
        {"MIDTRANS_SIMULATOR_URL": "http://127.0.0.1:5999/", "MIDTRANS_TIMEOUT": "1.5"}
    )

    assert config.base_url_override == "http://127.0.0.1:5999"
    assert config.timeout == 1.5


def test_with_keys_the_real_midtrans_is_used_without_an_override():
    config = config_from_app(
        {
            "MIDTRANS_SERVER_KEY": "Mid-server-abc",
            "MIDTRANS_CLIENT_KEY": "Mid-client-abc",
            "MIDTRANS_IS_PRODUCTION": "true",
            "MIDTRANS_SIMULATOR_URL": "http://127.0.0.1:5001",
        }
    )

    assert (config.server_key, config.client_key) == ("Mid-server-abc", "Mid-client-abc")
    assert config.is_production is True
    assert config.base_url_override is None
    assert not config.uses_simulator
    assert "Mid-server-abc" not in repr(config)


def test_sandbox_keys_use_the_sandbox():
    config = config_from_app({"MIDTRANS_SERVER_KEY": "SB-Mid-server-abc"})

    assert config.is_production is False
    assert config.base_url_override is None


def test_production_without_a_server_key_is_refused():
    with pytest.raises(MidtransConfigError):
        config_from_app({"MIDTRANS_IS_PRODUCTION": True})


@pytest.mark.parametrize("timeout", ["soon", 0, -1])
def test_a_timeout_must_be_a_positive_number(timeout):
    with pytest.raises(MidtransConfigError):
        config_from_app({"MIDTRANS_TIMEOUT": timeout})

"""The Midtrans client as configured for this app."""

from __future__ import annotations

from flask import current_app

from marketplace.gateways import midtrans


def gateway() -> midtrans.Gateway:
    return midtrans.gateway_from_config(midtrans.config_from_app(current_app.config))


def server_key() -> str:
    return midtrans.config_from_app(current_app.config).server_key

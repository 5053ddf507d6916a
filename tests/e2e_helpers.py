"""Shared by the browser journeys."""

from __future__ import annotations

PASSWORD = "tanah liat dinoyo 77"

"""Helpers for URLs taken from the request: only paths on this site are followed."""

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """Return `target` if it is a path on this site, otherwise `default`."""
    if not target or not isinstance(target, str):
        return default
    target = target.strip()
    if any(ord(ch) < 32 for ch in target) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target

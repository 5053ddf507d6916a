"""gunicorn settings for the shop: `gunicorn -c python:marketplace.gunicorn_conf wsgi:app`.

Only server hooks live here; workers, bind and the rest stay on the command line (or in
GUNICORN_CMD_ARGS, WEB_CONCURRENCY), so the hook sees the number gunicorn really uses.
"""

from marketplace.kernel.config import shared_limits_warning, startup_settings


def on_starting(server) -> None:
    """Once, in the arbiter: warn when per-worker rate limits would be multiplied."""
    message = shared_limits_warning(startup_settings(), server.cfg.workers)
    if message:
        server.log.warning(message)

"""gunicorn serving the app on a free local port, and single requests to it."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pagebench.common import ROOT, SECRET_KEY, WORK, WORKERS, BenchError
from pagebench.database import instance_path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_status(url: str, timeout: float = 10.0) -> int:
    """The status of one GET, without following redirects (a redirect is not a page)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def gunicorn_server(backend: str, database_url: str, page_cache: bool = True) -> Iterator[str]:
    """gunicorn with 2 sync workers on a free port; yields the base URL, always stops it."""
    instance = instance_path(backend)
    env = {"DATABASE_URL": database_url, "MEDIA_DIR": str(instance / "media"),
           "PAGE_CACHE": "1" if page_cache else "0"}
    with serve(instance, env, WORK / f"gunicorn-{backend}.log") as base:
        yield base


@contextmanager
def serve(instance: Path, env_overrides: dict[str, str], log_path: Path) -> Iterator[str]:
    """Run wsgi:app under gunicorn (WORKERS sync workers) until /healthz answers; always stop."""
    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(INSTANCE_PATH=str(instance), SECRET_KEY=SECRET_KEY, **env_overrides)
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--config", "python:marketplace.gunicorn_conf",  # the production start-up checks
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}",
        "--chdir", str(ROOT),
        "--no-control-socket",  # the default path is shared by every gunicorn of this user
        "wsgi:app",
    ]  # no --access-logfile: gunicorn then writes no access log
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    raise BenchError(f"gunicorn exited with {proc.returncode}; see {log_path}")
                try:
                    if fetch_status(base + "/healthz", timeout=2) == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise BenchError(f"gunicorn did not answer /healthz in 60 s; see {log_path}")
                time.sleep(0.2)
            yield base
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

def load_average() -> str:
    """The 1-minute load average: other work on the machine skews every number."""
    return f"{os.getloadavg()[0]:.2f}"

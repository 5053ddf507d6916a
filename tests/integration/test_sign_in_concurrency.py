"""The sign-in throttle under real concurrency: a threaded server, real connections."""

import re
import threading

import requests

from marketplace.accounts import services
from marketplace.kernel.extensions import db
from tests.factories import make_user
from tests.helpers import PASSWORD

ATTEMPTS = 30


def _browser(live_server):
    """A requests session holding the sign-in form's CSRF token."""
    session = requests.Session()
    page = session.get(f"{live_server}/akun/masuk", timeout=30).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return session, token


def test_parallel_wrong_passwords_check_exactly_the_limit(app, live_server, monkeypatch):
    # given one account, and every password check counted at the service boundary
    email = make_user(password=PASSWORD).email
    db.session.commit()
    checks, lock = [], threading.Lock()
    authenticate = services.authenticate

    def counting(email, password):
        with lock:
            checks.append(email)
        return authenticate(email, password)

    monkeypatch.setattr(services, "authenticate", counting)
    browsers = [_browser(live_server) for _ in range(ATTEMPTS)]
    barrier, statuses = threading.Barrier(ATTEMPTS), []

    def attempt(session, token):
        barrier.wait(timeout=30)
        response = session.post(f"{live_server}/akun/masuk", timeout=60, allow_redirects=False,
                                data={"csrf_token": token, "email": email,
                                      "password": "salah salah salah"})
        with lock:
            statuses.append(response.status_code)

    # when 30 wrong passwords for it arrive at once from one address
    threads = [threading.Thread(target=attempt, args=browser) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    # then exactly the pair limit of them had their password checked; the rest were refused
    assert len(checks) == 5
    assert sorted(statuses) == [200] * 5 + [429] * 25

"""Browser tests: Playwright drives Debian's Chromium against a live server.

Every page a journey visits is checked with axe-core (`assert_accessible(page)`).
"""

import os
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from tests.factories import PASSWORD, TOTP_SECRET

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Browser tests need Chromium at /usr/bin/chromium (apt-get install chromium).")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fi-FI", "timezone_id": "Europe/Helsinki"}


@pytest.fixture(autouse=True)
def _live_server_settings(settings):
    # The live server speaks plain HTTP on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]


_axe = Axe()

SERIOUS = {"serious", "critical"}


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page as it is now."""
    results = _axe.run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )
    assert not violations, f"{page.url}\n{details}"


def current_totp_code() -> str:
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


@pytest.fixture
def log_in(live_server):
    """Log a user in through the real log-in form, typing the TOTP code when one is asked."""

    def do(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Sähköposti").fill(user.email)
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate/" in page.url:
            # A code is accepted once; a test that logs the same user in twice within its
            # 30 seconds forgets the first use (the live server shares this process's cache).
            cache.clear()
            page.locator("input[name=code]").fill(current_totp_code())
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()

    return do

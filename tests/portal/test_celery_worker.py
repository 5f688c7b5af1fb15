"""With REDIS_URL set, tasks travel through a real Redis broker to a real Celery worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from portal.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set"),
]

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(tmp_path):
    """A Celery worker in its own process, on the test database, writing e-mail to files."""
    database = django_settings.DATABASES["default"]
    user = f"{database['USER']}:{database.get('PASSWORD') or ''}"
    if database["HOST"].startswith("/"):
        # The embedded server listens on a Unix socket in a folder.
        url = f"postgres://{user}@/{database['NAME']}?host={database['HOST']}"
    else:
        port = f":{database['PORT']}" if database.get("PORT") else ""
        url = f"postgres://{user}@{database['HOST'] or 'localhost'}{port}/{database['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        # django-environ drops one slash of the path: four make an absolute one.
        "EMAIL_URL": f"filemail:///{tmp_path}/mail",
        "DJANGO_SECRET_KEY": "worker-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    celery_app.conf.task_always_eager = False
    yield tmp_path / "mail"
    process.terminate()
    output, _ = process.communicate(timeout=20)
    print(output.decode())  # noqa: T201  (pytest shows it when the test fails)


def wait_for_files(folder: Path, timeout: float = 30) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if folder.exists() and (files := list(folder.iterdir())):
            return files
        time.sleep(0.2)
    return []


def test_password_reset_mail_is_sent_by_the_worker(worker, client):
    user = UserFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    files = wait_for_files(worker)
    assert files, "the worker sent no e-mail within 30 seconds"
    sent = files[0].read_text()
    assert f"To: {user.email}" in sent
    assert "/accounts/password/reset/key/" in sent

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_up(client, language: str = "fi") -> None:
    client.post(
        reverse("account_signup"),
        {
            "email": "uusi@example.fi",
            "first_name": "Uuno",
            "last_name": "Uusi",
            "preferred_language": language,
            "password1": "Pitka-salasana-2026",
            "password2": "Pitka-salasana-2026",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_sign_up_email_names_the_portal(resident, settings, django_capture_on_commit_callbacks):
    settings.MUNICIPALITY_NAME = "Esimerkkilä"

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(resident)

    body = mail.outbox[0].body
    assert "Esimerkkilä – " in body
    assert " !" not in body


def test_sign_up_email_ends_with_the_portals_public_address(
    resident, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://yhdistykset.esimerkkila.fi"

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(resident)

    assert mail.outbox[0].body.rstrip().endswith("yhdistykset.esimerkkila.fi")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_gives_mail_links_the_port_it_serves_on():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    runserver = next(line for line in plan.splitlines() if "runserver" in line)
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in runserver

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import GrantApplication
from portal.models import RoleGrant, Sector
from tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def letter_text(client, application, tmp_path):
    response = client.get(reverse("grants:decision_letter", args=[application.pk]))
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    return subprocess.run(
        [PDFTOTEXT, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def second_officer(db):
    user = UserFactory(email="kulttuuri2@esimerkkila.fi", first_name="Kaisa", last_name="Kallio")
    RoleGrantFactory(user=user, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.CULTURE)
    return user


def decided_by_the_other_officer(application, recused, decider):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = timezone.now()
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=True, reason="Hallituksen jäsen", by=recused
    )
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=decider
    )
    services.decide_application(
        application=application, amount=Decimal("800"), reasons="Osittain", by=decider
    )


def test_the_letter_names_the_decision_maker_when_the_contact_official_recused(
    client_for, application, sector_officer, second_officer, association_rep, tmp_path
):
    decided_by_the_other_officer(application, sector_officer, second_officer)

    text = letter_text(client_for(association_rep), application, tmp_path)

    assert "Kaisa Kallio, kulttuuri2@esimerkkila.fi" in text
    assert "kulttuuri@esimerkkila.fi" not in text


def test_the_letter_names_the_contact_official_who_took_part(
    client_for, application, sector_officer, association_rep, tmp_path
):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = timezone.now()
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )
    services.decide_application(
        application=application, amount=Decimal("800"), reasons="Osittain", by=sector_officer
    )

    text = letter_text(client_for(association_rep), application, tmp_path)

    assert "kulttuuri@esimerkkila.fi" in text


def test_the_letter_gives_the_registry_offices_address_from_the_settings(
    client_for, application, sector_officer, second_officer, association_rep, tmp_path, settings
):
    settings.PORTAL_REGISTRY_ADDRESS = "Testilän kunta, kirjaamo\nPL 9\n99999 Testilä"
    decided_by_the_other_officer(application, sector_officer, second_officer)

    text = letter_text(client_for(association_rep), application, tmp_path)

    assert "PL 9" in text
    assert "99999 Testilä" in text

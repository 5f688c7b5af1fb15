import pytest
from django.urls import reverse
from django.utils import translation

from grants import services as grant_services
from organizations.models import Association
from portal import audit
from tests.facilities.factories import BookingFactory
from tests.grants.factories import GrantApplicationFactory, GrantProgrammeFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request to an /en/ or /sv/ page leaves its language active in the test's thread."""
    language = translation.get_language()
    yield
    translation.activate(language)


def test_booking_history_names_the_action_in_finnish(client_for, association, association_rep):
    booking = BookingFactory(association=association, booked_by=association_rep)
    audit.record(actor=association_rep, action="facilities.booking_made", target=booking)

    with translation.override("fi"):
        url = reverse("facilities:booking_detail", args=[booking.pk])
    response = client_for(association_rep).get(url)

    content = response.content.decode()
    with translation.override("fi"):
        assert str(audit.action_label("facilities.booking_made")) in content
    assert "facilities.booking_made" not in content


def test_application_log_names_the_action_in_the_readers_language(
    client_for, sector_officer, association
):
    programme = GrantProgrammeFactory(contact_official=sector_officer)
    application = GrantApplicationFactory(
        grant_round=GrantRoundFactory(programme=programme), association=association, submitted=True
    )
    grant_services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=sector_officer
    )
    audit.record(actor=sector_officer, action="grants.status_changed", target=application)

    with translation.override("en"):
        url = reverse("grants:application_detail", args=[application.pk])
    response = client_for(sector_officer).get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Status changed" in content
    assert "grants.status_changed" not in content


def test_every_recorded_action_code_has_a_label():
    unknown = audit.action_label("no.such_action")

    assert audit.action_label("organizations.association_verified") != unknown
    assert audit.action_label("facilities.booking_confirmed") != unknown


def test_association_history_shows_field_labels_and_readable_values(client_for, liaison_officer):
    association = Association.objects.create(
        name="Historiaseura ry", slug="historiaseura", languages=["fi"], member_count="0-19"
    )
    association.languages = ["fi", "sv"]
    association.member_count = "100-499"
    association.is_verified = True
    association.save()

    with translation.override("en"):
        url = reverse("organizations:association_history", args=[association.slug])
    response = client_for(liaison_officer).get(url)

    content = response.content.decode()
    assert "Finnish → Finnish, Swedish" in content
    assert "under 20 → 100–499" in content
    assert "Verified</strong>: no → yes" in content
    assert "[&#x27;fi&#x27;]" not in content
    assert "True" not in content

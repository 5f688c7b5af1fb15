import pytest
from django.urls import reverse

from events.models import Evening, Event, TrustedPublisher


@pytest.fixture
def officer_client(client_for, liaison_officer):
    return client_for(liaison_officer)


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("event", "space"),
        ("event", "organisers"),
        ("evening", "space"),
        ("evening", "agenda_items-0-cycle_item"),
        ("trustedpublisher", "association"),
    ],
)
def test_a_date_in_an_admin_id_field_is_a_form_error_and_adds_nothing(officer_client, model, field):
    form = {
        field: "2024-02-30",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-0-title": "Kuulumiset",
        "agenda_items-0-order": "1",
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
    }

    response = officer_client.post(reverse(f"admin:events_{model}_add"), form)

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Event.objects.exists()
    assert not Evening.objects.exists()
    assert not TrustedPublisher.objects.exists()

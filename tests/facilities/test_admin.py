import pytest
from django.urls import reverse

from tests.conftest import with_totp
from tests.facilities.factories import BookingFactory
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client_for, db):
    return client_for(with_totp(UserFactory(is_staff=True, is_superuser=True)))


@pytest.mark.parametrize(
    "model", ["site", "space", "booking", "bookingseries", "block", "calendarfeed", "lease"]
)
def test_admin_lists_every_facilities_model(admin_client, model, room):
    BookingFactory(space=room)

    response = admin_client.get(reverse(f"admin:facilities_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["site", "space"])
def test_admin_add_form_for_sites_and_spaces_opens(admin_client, model):
    response = admin_client.get(reverse(f"admin:facilities_{model}_add"))

    assert response.status_code == 200


def test_bookings_are_read_only_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:facilities_booking_add"))

    assert response.status_code == 403

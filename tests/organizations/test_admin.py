import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from organizations.admin import AssociationAdmin
from organizations.models import Association, Membership
from organizations.services import register_version
from tests.organizations.factories import UserFactory

pytestmark = pytest.mark.django_db


class SavedForm:
    """What ModelAdmin.save_related needs of a saved change form."""

    def __init__(self, instance):
        self.instance = instance

    def save_m2m(self):
        return None


def test_an_edit_in_the_admin_refreshes_search_and_the_cached_register(
    association, django_capture_on_commit_callbacks
):
    admin = AssociationAdmin(Association, site)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    before = register_version()
    association.name = "Esimerkkilän Hiihtoseura ry"

    with django_capture_on_commit_callbacks(execute=True):
        admin.save_model(request, association, form=None, change=True)
        admin.save_related(request, SavedForm(association), formsets=[], change=True)

    assert register_version() != before
    assert list(Association.objects.search("hiihtoseurat")) == [association]


@pytest.mark.parametrize("field", ["user", "association"])
def test_a_date_in_a_membership_id_field_is_a_form_error_and_adds_nothing(
    client_for, liaison_officer, field
):
    response = client_for(liaison_officer).post(
        reverse("admin:organizations_membership_add"), {field: "2024-02-30"}
    )

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Membership.objects.exists()

"""Every free text people write in the register's forms has a stated limit."""

import pytest
from django.urls import reverse

from organizations.models import Association, Membership
from portal.models import AuditEvent
from tests.organizations.factories import MembershipFactory
from tests.organizations.test_flows import profile_data

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("purpose_fi", 2000),
        ("purpose_sv", 2000),
        ("purpose_en", 2000),
        ("activities", 4000),
        ("how_to_join", 2000),
        ("accessibility", 2000),
    ],
)
def test_a_profile_text_of_100000_characters_is_refused_and_nothing_changes(
    client_for, association_rep, association, field, limit
):
    before = Association.objects.values().get(pk=association.pk)
    url = reverse("organizations:association_edit", args=[association.slug])

    response = client_for(association_rep).post(url, profile_data(association, **{field: HUGE}))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has 100000)."
    ]
    assert Association.objects.values().get(pk=association.pk) == before
    assert not AuditEvent.objects.exists()


def test_the_profile_form_states_each_text_limit(client_for, association_rep, association):
    url = reverse("organizations:association_edit", args=[association.slug])

    content = client_for(association_rep).get(url).content.decode()

    assert 'maxlength="4000"' in content
    assert "At most 4,000 characters." in content
    assert "At most 2,000 characters." in content


def test_a_new_association_with_a_purpose_of_100000_characters_is_refused(client_for, plain_user):
    response = client_for(plain_user).post(
        reverse("organizations:association_register"),
        {"name": "Kylän Kuoro ry", "role": "chair", "purpose": HUGE},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["purpose"]
    assert "At most 2,000 characters." in response.content.decode()
    assert not Association.objects.exists()
    assert not Membership.objects.exists()


def test_a_request_with_a_message_of_100000_characters_is_refused(
    client_for, plain_user, association
):
    url = reverse("organizations:membership_request", args=[association.slug])

    response = client_for(plain_user).post(url, {"role": "chair", "message": HUGE})

    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert not Membership.objects.filter(user=plain_user).exists()


def test_a_rejection_with_a_reason_of_100000_characters_is_refused(
    client_for, liaison_officer, association, mailoutbox
):
    pending = MembershipFactory(association=association, pending=True)
    url = reverse("organizations:membership_reject", args=[pending.pk])

    response = client_for(liaison_officer).post(url, {"reason": HUGE})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING
    assert mailoutbox == []

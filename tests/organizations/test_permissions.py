import pytest
from django.urls import reverse

from organizations.models import Membership
from tests.organizations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "plain_user",
    "other_association_rep",
    "association_rep",
    "liaison_officer",
    "sector_officer",
]


@pytest.fixture
def user_in_role(request, association):
    def get(role):
        return None if role == "anonymous" else request.getfixturevalue(role)

    return get


def expected(row: dict[str, int]):
    return [(role, row[role]) for role in ROLES]


OFFICER_ONLY = {
    "anonymous": 302,
    "plain_user": 403,
    "other_association_rep": 403,
    "association_rep": 403,
    "liaison_officer": 200,
    "sector_officer": 403,
}
EDITORS = {**OFFICER_ONLY, "association_rep": 200}


@pytest.mark.parametrize(
    ("page", "role", "status"),
    [("edit", role, status) for role, status in expected(EDITORS)]
    + [("history", role, status) for role, status in expected(OFFICER_ONLY)]
    + [("export_csv", role, status) for role, status in expected(OFFICER_ONLY)]
    + [("export_xlsx", role, status) for role, status in expected(OFFICER_ONLY)]
    + [("queue", role, status) for role, status in expected(OFFICER_ONLY)]
    + [("reject_form", role, status) for role, status in expected(OFFICER_ONLY)],
)
def test_who_may_open_the_back_office_pages(
    client_for, user_in_role, association, page, role, status
):
    pending = MembershipFactory(association=association, pending=True)
    url = {
        "edit": reverse("organizations:association_edit", args=[association.slug]),
        "history": reverse("organizations:association_history", args=[association.slug]),
        "export_csv": reverse("organizations:register_export", args=["csv"]),
        "export_xlsx": reverse("organizations:register_export", args=["xlsx"]),
        "queue": reverse("organizations:membership_queue"),
        "reject_form": reverse("organizations:membership_reject", args=[pending.pk]),
    }[page]

    response = client_for(user_in_role(role)).get(url)

    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    expected({**OFFICER_ONLY, "liaison_officer": 302}),
)
def test_who_may_approve_a_request(client_for, user_in_role, association, role, status):
    pending = MembershipFactory(association=association, pending=True)

    response = client_for(user_in_role(role)).post(
        reverse("organizations:membership_approve", args=[pending.pk])
    )

    assert response.status_code == status
    pending.refresh_from_db()
    expected_status = "approved" if role == "liaison_officer" else "pending"
    assert pending.status == expected_status


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("plain_user", False),
        ("other_association_rep", False),
        ("association_rep", True),
        ("liaison_officer", True),
        ("sector_officer", True),
    ],
)
def test_who_sees_the_private_contact_block(client_for, user_in_role, association, role, sees):
    response = client_for(user_in_role(role)).get(association.get_absolute_url())

    content = response.content.decode()
    assert ('id="private-contact-block"' in content) is sees
    assert (association.contact_email in content) is sees


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("plain_user", False),
        ("other_association_rep", False),
        ("association_rep", True),
        ("liaison_officer", True),
        ("sector_officer", False),
    ],
)
def test_who_sees_the_edit_link(client_for, user_in_role, association, role, sees):
    response = client_for(user_in_role(role)).get(association.get_absolute_url())

    assert ('id="edit-association"' in response.content.decode()) is sees


def test_approving_with_get_is_not_allowed(client_for, liaison_officer, association):
    pending = MembershipFactory(association=association, pending=True)

    response = client_for(liaison_officer).get(
        reverse("organizations:membership_approve", args=[pending.pk])
    )

    assert response.status_code == 405
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


def test_unknown_export_format_is_not_found(client_for, liaison_officer):
    response = client_for(liaison_officer).get(
        reverse("organizations:register_export", args=["pdf"])
    )

    assert response.status_code == 404

"""Only an administrator changes an administrator or a municipal role in the admin.

The liaison officer runs the back-office in the admin, but must not be able to take over or
lock out an administrator or another officer, nor hand out roles.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from portal.models import RoleGrant, User
from tests.factories import PASSWORD, RoleGrantFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return with_totp(User.objects.create_superuser(email="admin@esimerkkila.fi", password=PASSWORD))


@pytest.fixture
def other_liaison_officer(db):
    user = UserFactory(email="toinen.yhdyshenkilo@esimerkkila.fi")
    RoleGrantFactory(user=user, role=RoleGrant.Role.LIAISON_OFFICER)
    return with_totp(user)


def change_form_data(user, **changes):
    """What the admin's change form posts for the user, with the given fields changed."""
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "role_grants-TOTAL_FORMS": "0",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def snapshot(user):
    user.refresh_from_db()
    return (user.email, user.first_name, user.is_active, user.is_staff, user.is_superuser)


@pytest.mark.parametrize("target_fixture", ["superuser", "other_liaison_officer"])
def test_liaison_officer_cannot_change_the_email_or_activity_of_staff(
    request, client_for, liaison_officer, target_fixture
):
    target = request.getfixturevalue(target_fixture)
    before = snapshot(target)

    response = client_for(liaison_officer).post(
        f"/admin/portal/user/{target.pk}/change/",
        change_form_data(target, email="kaappaaja@example.fi", is_active=""),
    )

    assert response.status_code == 403
    assert snapshot(target) == before


@pytest.mark.parametrize("target_fixture", ["superuser", "other_liaison_officer"])
def test_liaison_officer_sees_staff_users_read_only(
    request, client_for, liaison_officer, target_fixture
):
    target = request.getfixturevalue(target_fixture)

    page = client_for(liaison_officer).get(f"/admin/portal/user/{target.pk}/change/")

    assert page.status_code == 200
    content = page.content.decode()
    assert target.email in content
    assert 'name="email"' not in content
    assert 'name="is_active"' not in content


def test_liaison_officer_cannot_set_an_administrators_password(
    client_for, liaison_officer, superuser
):
    response = client_for(liaison_officer).post(
        f"/admin/portal/user/{superuser.pk}/password/",
        {"password1": "Kaapattu-salasana-2026", "password2": "Kaapattu-salasana-2026"},
    )

    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_liaison_officer_cannot_set_an_ordinary_users_password(client_for, liaison_officer):
    resident_user = UserFactory()

    response = client_for(liaison_officer).post(
        f"/admin/portal/user/{resident_user.pk}/password/",
        {"password1": "Kaapattu-salasana-2026", "password2": "Kaapattu-salasana-2026"},
    )

    assert response.status_code == 403
    resident_user.refresh_from_db()
    assert resident_user.check_password(PASSWORD)


@pytest.mark.parametrize("target_fixture", ["superuser", "other_liaison_officer"])
def test_liaison_officer_cannot_delete_staff_users(
    request, client_for, liaison_officer, target_fixture
):
    target = request.getfixturevalue(target_fixture)
    client = client_for(liaison_officer)

    single = client.post(f"/admin/portal/user/{target.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/portal/user/",
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )

    assert single.status_code == 403
    assert bulk.status_code in (200, 403)
    assert User.objects.filter(pk=target.pk).exists()


def test_liaison_officer_cannot_bulk_delete_a_mix_of_ordinary_and_staff_users(
    client_for, liaison_officer, superuser
):
    resident_user = UserFactory()

    client_for(liaison_officer).post(
        "/admin/portal/user/",
        {
            "action": "delete_selected",
            "_selected_action": [resident_user.pk, superuser.pk],
            "post": "yes",
        },
    )

    assert User.objects.filter(pk__in=[resident_user.pk, superuser.pk]).count() == 2


def test_liaison_officer_deactivates_but_cannot_delete_an_ordinary_user(
    client_for, liaison_officer
):
    resident_user = UserFactory()

    response = client_for(liaison_officer).post(
        f"/admin/portal/user/{resident_user.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert User.objects.filter(pk=resident_user.pk).exists()


def test_liaison_officer_edits_an_ordinary_users_name_and_activity(client_for, liaison_officer):
    resident_user = UserFactory(first_name="Vanha")

    response = client_for(liaison_officer).post(
        f"/admin/portal/user/{resident_user.pk}/change/",
        change_form_data(resident_user, first_name="Uusi", is_active=""),
    )

    assert response.status_code == 302
    resident_user.refresh_from_db()
    assert resident_user.first_name == "Uusi"
    assert not resident_user.is_active


def test_liaison_officer_cannot_change_an_ordinary_users_log_in_address(
    client_for, liaison_officer
):
    resident_user = UserFactory(email="asukas@example.fi")

    client_for(liaison_officer).post(
        f"/admin/portal/user/{resident_user.pk}/change/",
        change_form_data(resident_user, email="kaappaaja@example.fi"),
    )

    resident_user.refresh_from_db()
    assert resident_user.email == "asukas@example.fi"


def test_liaison_officer_cannot_make_an_ordinary_user_staff_or_administrator(
    client_for, liaison_officer
):
    resident_user = UserFactory()

    client_for(liaison_officer).post(
        f"/admin/portal/user/{resident_user.pk}/change/",
        change_form_data(resident_user, is_staff="on", is_superuser="on"),
    )

    resident_user.refresh_from_db()
    assert not resident_user.is_staff
    assert not resident_user.is_superuser


@pytest.mark.parametrize("role", [RoleGrant.Role.LIAISON_OFFICER, RoleGrant.Role.COUNCIL_MEMBER])
@pytest.mark.parametrize("whom", ["self", "other"])
def test_liaison_officer_cannot_grant_roles(client_for, liaison_officer, role, whom):
    target = liaison_officer if whom == "self" else UserFactory()
    grants_before = RoleGrant.objects.filter(user=target).count()

    client_for(liaison_officer).post(
        f"/admin/portal/user/{target.pk}/change/",
        change_form_data(
            target,
            **{
                "role_grants-TOTAL_FORMS": "1",
                "role_grants-0-role": role,
                "role_grants-0-sector": "",
                "role_grants-0-user": str(target.pk),
            },
        ),
    )

    assert RoleGrant.objects.filter(user=target).count() == grants_before


def test_liaison_officer_cannot_take_away_another_officers_role(
    client_for, liaison_officer, other_liaison_officer
):
    grant = other_liaison_officer.role_grants.get()

    client_for(liaison_officer).post(
        f"/admin/portal/user/{other_liaison_officer.pk}/change/",
        change_form_data(
            other_liaison_officer,
            **{
                "role_grants-TOTAL_FORMS": "1",
                "role_grants-INITIAL_FORMS": "1",
                "role_grants-0-id": str(grant.pk),
                "role_grants-0-user": str(other_liaison_officer.pk),
                "role_grants-0-role": grant.role,
                "role_grants-0-DELETE": "on",
            },
        ),
    )

    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_liaison_officer_cannot_create_an_administrator(client_for, liaison_officer):
    client_for(liaison_officer).post(
        "/admin/portal/user/add/",
        {
            "email": "uusi.paakayttaja@example.fi",
            "password1": "Pitka-salasana-2026",
            "password2": "Pitka-salasana-2026",
            "usable_password": "true",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    created = User.objects.filter(email="uusi.paakayttaja@example.fi").first()
    assert created is None or not (created.is_staff or created.is_superuser)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/account/emailaddress/",
        "/admin/account/emailaddress/add/",
        "/admin/mfa/authenticator/",
        "/admin/auth/group/",
    ],
)
def test_log_in_addresses_and_second_factors_are_for_administrators_only(
    client_for, liaison_officer, url
):
    assert client_for(liaison_officer).get(url).status_code == 403


def test_liaison_officer_cannot_add_a_log_in_address_to_an_administrator(
    client_for, liaison_officer, superuser
):
    client_for(liaison_officer).post(
        "/admin/account/emailaddress/add/",
        {"user": superuser.pk, "email": "kaappaaja@example.fi", "verified": "on", "primary": "on"},
    )

    assert not EmailAddress.objects.filter(email="kaappaaja@example.fi").exists()


def test_liaison_officer_cannot_remove_an_administrators_second_factor(
    client_for, liaison_officer, superuser
):
    authenticator = Authenticator.objects.get(user=superuser)

    client_for(liaison_officer).post(
        f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"}
    )

    assert Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_administrator_changes_another_administrator(client_for, superuser):
    other = User.objects.create_superuser(email="toinen.admin@example.fi", password=PASSWORD)

    response = client_for(superuser).post(
        f"/admin/portal/user/{other.pk}/change/",
        change_form_data(other, email="uusi.admin@example.fi", is_active=""),
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.email, other.is_active) == ("uusi.admin@example.fi", False)


def test_administrator_grants_the_liaison_officer_role(client_for, superuser):
    target = UserFactory()

    response = client_for(superuser).post(
        f"/admin/portal/user/{target.pk}/change/",
        change_form_data(
            target,
            is_staff="on",
            **{
                "role_grants-TOTAL_FORMS": "1",
                "role_grants-0-role": RoleGrant.Role.LIAISON_OFFICER,
                "role_grants-0-sector": "",
                "role_grants-0-user": str(target.pk),
            },
        ),
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_staff
    assert target.role_grants.filter(role=RoleGrant.Role.LIAISON_OFFICER).exists()


def test_administrator_sets_another_users_password_and_deletes_an_officer(
    client_for, superuser, other_liaison_officer
):
    client = client_for(superuser)

    client.post(
        f"/admin/portal/user/{other_liaison_officer.pk}/password/",
        {
            "password1": "Uusi-salasana-2026",
            "password2": "Uusi-salasana-2026",
            "usable_password": "true",
        },
    )
    other_liaison_officer.refresh_from_db()
    assert other_liaison_officer.check_password("Uusi-salasana-2026")

    client.post(f"/admin/portal/user/{other_liaison_officer.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(pk=other_liaison_officer.pk).exists()

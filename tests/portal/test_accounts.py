import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from portal.models import User
from tests.factories import PASSWORD, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_asks_for_name_and_sends_a_verification_email(
    resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(
            reverse("account_signup"),
            {
                "email": "uusi@example.fi",
                "first_name": "Uuno",
                "last_name": "Uusi",
                "preferred_language": "sv",
                "password1": "Pitka-salasana-2026",
                "password2": "Pitka-salasana-2026",
            },
        )

    assert response.status_code == 302
    user = User.objects.get(email="uusi@example.fi")
    assert (user.first_name, user.last_name, user.preferred_language) == ("Uuno", "Uusi", "sv")
    assert mail.outbox[0].to == ["uusi@example.fi"]


def test_unverified_user_cannot_log_in(resident):
    user = User.objects.create_user(
        email="vahvistamaton@example.fi", password="Pitka-salasana-2026"
    )

    resident.post(
        reverse("account_login"), {"login": user.email, "password": "Pitka-salasana-2026"}
    )

    assert "_auth_user_id" not in resident.session


def test_repeated_failed_logins_are_rate_limited(resident):
    user = UserFactory()
    for _attempt in range(5):
        resident.post(reverse("account_login"), {"login": user.email, "password": "väärä"})

    response = resident.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in resident.session
    assert "Liian monta virheellistä kirjautumisyritystä" in str(response.context["form"].errors)


def test_staff_without_second_factor_is_sent_to_set_one_up(client_for):
    officer = UserFactory()
    RoleGrantFactory(user=officer)

    response = client_for(officer).get(reverse("portal:dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_only_a_signed_file_link_itself_is_opened_without_the_second_factor_check(client_for):
    officer = UserFactory()
    RoleGrantFactory(user=officer)
    client = client_for(officer)

    # A report's other pages under the same start are checked as every other page.
    response = client.get("/valtuusto/tiedosto/kuka/esikatselu/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # The link itself is not: a link the portal did not sign leads nowhere.
    assert client.get("/valtuusto/tiedosto/kuka/").status_code == 404


def test_admin_staff_without_second_factor_is_sent_to_set_one_up(client_for):
    staff = UserFactory(is_staff=True)

    response = client_for(staff).get("/admin/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_second_factor_gets_in(client_for, liaison_officer):
    assert Authenticator.objects.filter(user=liaison_officer).exists()

    assert client_for(liaison_officer).get(reverse("portal:dashboard")).status_code == 200


def test_representative_is_not_forced_to_use_a_second_factor(client_for, association_rep):
    assert client_for(association_rep).get(reverse("portal:dashboard")).status_code == 200


def test_password_reset_sends_a_link(resident, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        resident.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body

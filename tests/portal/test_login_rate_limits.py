"""Failed log-ins are limited per account tightly and per client address loosely.

Behind the reverse proxy every request comes from the proxy's address, so the client's own
address is read from X-Forwarded-For, and only when the proxies are configured as trusted.
"""

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
TOO_MANY = "Liian monta virheellistä kirjautumisyritystä"


def per_address_limit() -> int:
    rates = django_settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    return next(int(rate.split("/")[0]) for rate in rates if rate.endswith("/ip"))


def log_in(client, email, password, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        headers=headers,
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_for_one_account_do_not_lock_out_another_behind_the_same_proxy():
    account_a, account_b = UserFactory(), UserFactory()
    for _attempt in range(5):
        log_in(Client(), account_a.email, "väärä")

    client_b = Client()
    log_in(client_b, account_b.email, PASSWORD)

    assert is_logged_in(client_b)


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_account_is_locked_after_its_failures_even_from_rotating_addresses(
    settings, trusted_proxies
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxies
    account = UserFactory()
    for attempt in range(5):
        log_in(Client(), account.email, "väärä", forwarded_for=f"203.0.113.{attempt + 1}")

    client = Client()
    response = log_in(client, account.email, PASSWORD, forwarded_for="203.0.113.99")

    assert not is_logged_in(client)
    assert TOO_MANY in str(response.context["form"].errors)


def test_one_client_trying_many_accounts_is_limited_but_others_behind_the_proxy_are_not(
    settings,
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = "203.0.113.5"
    limit = per_address_limit()
    # Fewer failures per account than its own limit, so only the address limit can stop them.
    for attempt in range(limit):
        target = UserFactory()
        # The first entry is whatever the client sent; the proxy appends the real address.
        log_in(Client(), target.email, "väärä", forwarded_for=f"198.51.100.{attempt}, {attacker}")

    attacker_client = Client()
    refused = log_in(attacker_client, UserFactory().email, PASSWORD, forwarded_for=attacker)
    neighbour = Client()
    log_in(neighbour, UserFactory().email, PASSWORD, forwarded_for="203.0.113.6")

    assert not is_logged_in(attacker_client)
    assert TOO_MANY in str(refused.context["form"].errors)
    assert is_logged_in(neighbour)


def test_forged_forwarded_for_is_ignored_without_a_trusted_proxy(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = rf.post(
        "/accounts/login/", REMOTE_ADDR="192.0.2.10", headers={"X-Forwarded-For": "203.0.113.7"}
    )

    assert get_adapter().get_client_ip(request) == "192.0.2.10"


def test_forged_forwarded_for_does_not_escape_the_address_limit_without_a_trusted_proxy(
    settings,
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(per_address_limit()):
        log_in(Client(), UserFactory().email, "väärä", forwarded_for=f"203.0.113.{attempt}")

    client = Client()
    log_in(client, UserFactory().email, PASSWORD, forwarded_for="198.51.100.1")

    assert not is_logged_in(client)


def test_no_proxy_is_trusted_unless_configured():
    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0

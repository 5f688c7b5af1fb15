"""Visitors share a cached copy of the rounds page, kept until the grants' data change or a
listed round opens or closes; signed-in users always get the page made for them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.views.public import ROUNDS_PAGE_SECONDS, rounds_page_seconds
from tests.grants.factories import GrantRoundFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_the_rounds_page_from_the_cache(resident, django_assert_num_queries):
    GrantRoundFactory(title="Auki")
    first = resident.get(reverse("grants:round_list"))

    with django_assert_num_queries(0):
        again = resident.get(reverse("grants:round_list"))

    assert again.status_code == 200
    assert again.content == first.content
    assert "Auki" in again.content.decode()


def test_a_round_saved_in_the_portal_shows_to_visitors_at_once(resident, sector_officer):
    grant_round = GrantRoundFactory(title="Vanha nimi", programme__contact_official=sector_officer)
    resident.get(reverse("grants:round_list"))

    grant_round.title = "Uusi nimi"
    services.save_round(grant_round=grant_round, criteria=None, questions=None, by=sector_officer)
    page = resident.get(reverse("grants:round_list")).content.decode()

    assert "Uusi nimi" in page
    assert "Vanha nimi" not in page


def test_a_signed_in_user_gets_the_page_made_for_them(resident, client_for, plain_user):
    grant_round = GrantRoundFactory(title="Vanha nimi")
    resident.get(reverse("grants:round_list"))
    # Changed outside the services (as in the admin site): the visitors' copy waits.
    grant_round.title = "Uusi nimi"
    grant_round.save()

    page = client_for(plain_user).get(reverse("grants:round_list")).content.decode()

    assert "Uusi nimi" in page


def test_the_copy_lasts_until_the_next_listed_round_opens_or_closes():
    now = timezone.now()
    GrantRoundFactory(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=3))
    GrantRoundFactory(opens_at=now + timedelta(seconds=20), closes_at=now + timedelta(days=9))

    assert 1 <= rounds_page_seconds() <= 20


def test_without_changes_ahead_the_copy_lasts_the_usual_time():
    GrantRoundFactory(year_round=True)

    assert rounds_page_seconds() == ROUNDS_PAGE_SECONDS

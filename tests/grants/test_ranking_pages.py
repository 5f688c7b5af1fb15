"""The ranking of a large round comes page by page, with the order and running total of all."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import GrantApplication, Score
from grants.views.review import RANKING_PAGE_SIZE
from organizations.models import Association
from portal.models import Sector
from tests.grants.factories import CriterionFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db


def big_round(n: int, officer):
    """A round of n applications in review, 100 € each, scored 0–5 by the officer."""
    grant_round = GrantRoundFactory(
        programme__sector=Sector.CULTURE, programme__contact_official=officer
    )
    criterion = CriterionFactory(grant_round=grant_round, weight=1)
    associations = Association.objects.bulk_create(
        Association(name=f"Rankattava {number} ry", slug=f"rankattava-{number}")
        for number in range(n)
    )
    applications = GrantApplication.objects.bulk_create(
        GrantApplication(
            grant_round=grant_round,
            association=association,
            title=f"Hakemus {number}",
            amount_requested=Decimal("100"),
            status=GrantApplication.Status.IN_REVIEW,
            submitted_at=timezone.now(),
            created_by=officer,
        )
        for number, association in enumerate(associations)
    )
    Score.objects.bulk_create(
        Score(
            reviewer=officer,
            application=application,
            criterion=criterion,
            score=number % 6,
            rationale="Arvio",
        )
        for number, application in enumerate(applications)
    )
    return grant_round


def ranked_pks(grant_round) -> list[int]:
    """The expected order: best score first, then the earliest application."""
    scores = dict(
        Score.objects.filter(application__grant_round=grant_round).values_list(
            "application", "score"
        )
    )
    return sorted(scores, key=lambda pk: (-scores[pk], pk))


def test_each_page_continues_the_order_and_the_running_total_of_the_previous(
    client_for, sector_officer
):
    n = RANKING_PAGE_SIZE + 7
    grant_round = big_round(n, sector_officer)
    client = client_for(sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])

    first = client.get(url).context
    second = client.get(url, {"page": 2}).context

    shown = [a.pk for a in first["applications"]] + [a.pk for a in second["applications"]]
    assert shown == ranked_pks(grant_round)
    assert len(first["applications"]) == RANKING_PAGE_SIZE
    assert second["applications"][0].cumulative == Decimal(100 * (RANKING_PAGE_SIZE + 1))
    assert second["requested_total"] == Decimal(100 * n)
    assert second["applications"][0].average_score == pytest.approx(0)


def test_the_page_links_keep_the_other_parameters(client_for, sector_officer):
    grant_round = big_round(RANKING_PAGE_SIZE + 1, sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])

    page = client_for(sector_officer).get(url, {"order": "ranking"}).content.decode()

    assert "?order=ranking&amp;page=2" in page


@pytest.mark.parametrize("rows", [RANKING_PAGE_SIZE + 1, 10 * RANKING_PAGE_SIZE])
def test_a_page_of_a_ten_times_larger_round_takes_the_same_queries(
    client_for, sector_officer, django_assert_num_queries, rows
):
    grant_round = big_round(rows, sector_officer)
    client = client_for(sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])
    client.get(url)

    with django_assert_num_queries(11):
        response = client.get(url)

    assert response.content.decode().count('data-testid="ranking-row-') == RANKING_PAGE_SIZE


def test_a_page_number_past_the_end_shows_the_last_page(client_for, sector_officer):
    grant_round = big_round(RANKING_PAGE_SIZE + 2, sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])

    response = client_for(sector_officer).get(url, {"page": "99"})

    assert response.status_code == 200
    assert len(response.context["applications"]) == 2

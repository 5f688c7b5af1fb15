"""The ranking of a large round comes page by page, with the order and running total of all."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import localize

from grants.models import GrantApplication, Score
from grants.views.review import RANKING_PAGE_SIZE, RANKING_SQL
from organizations.models import Association
from portal.models import Sector
from tests.grants.factories import (
    CriterionFactory,
    DecisionFactory,
    GrantApplicationFactory,
    GrantRoundFactory,
    ScoreFactory,
)

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


def ranking_row(page: str, application) -> str:
    """The ranking's row of the application, as HTML."""
    return page.split(f'data-testid="ranking-row-{application.pk}"')[1].split("</tr>")[0]


def number_cells(row: str) -> list[str]:
    """The texts of a row's number cells, in order."""
    return [cell.split("</td>")[0] for cell in row.split('<td class="num">')[1:]]


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
    first_of_second = Score.objects.get(application=ranked_pks(grant_round)[RANKING_PAGE_SIZE])
    assert second["applications"][0].average_score == pytest.approx(first_of_second.score)


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

    # the user, the roles with the second factor, and the page's own three
    with django_assert_num_queries(5):
        response = client.get(url)

    assert response.content.decode().count('data-testid="ranking-row-') == RANKING_PAGE_SIZE


def test_a_page_number_past_the_end_shows_the_last_page(client_for, sector_officer):
    grant_round = big_round(RANKING_PAGE_SIZE + 2, sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])

    response = client_for(sector_officer).get(url, {"page": "99"})

    assert response.status_code == 200
    assert len(response.context["applications"]) == 2


def test_a_row_shows_the_application_its_score_running_total_and_decision(
    client_for, sector_officer, culture_round
):
    """What each column shows, and the totals of the round above the table."""
    culture_round.budget = Decimal("3500.00")
    culture_round.save()
    heavy, light = culture_round.criteria.order_by("-weight")
    scored = GrantApplicationFactory(
        grant_round=culture_round,
        in_review=True,
        association__name="Alfa ry",
        title="Konsertti",
        amount_requested=Decimal("1000.00"),
    )
    ScoreFactory(application=scored, criterion=heavy, reviewer=sector_officer, score=5)
    ScoreFactory(application=scored, criterion=light, reviewer=sector_officer, score=2)
    DecisionFactory(application=scored, amount=Decimal("800.00"), decided_on=None, decided_by=None)
    unscored = GrantApplicationFactory(
        grant_round=culture_round,
        in_review=True,
        association__name="Beeta ry",
        title="Kuoro",
        amount_requested=Decimal("3000.00"),
        costs=False,
    )
    DecisionFactory(application=unscored, amount=Decimal("2500.00"))
    GrantApplicationFactory(grant_round=culture_round, title="Luonnos")
    with translation.override("en"):
        url = reverse("grants:round_review", args=[culture_round.pk])
        amounts = {value: localize(Decimal(value)) for value in ("1000.00", "1500.00", "800.00")}
        amounts |= {v: localize(Decimal(v)) for v in ("0.00", "3000.00", "4000.00", "2500.00")}
        amounts |= {v: localize(Decimal(v)) for v in ("3300.00", "3500.00")}

    page = client_for(sector_officer).get(url).content.decode()

    assert "Luonnos" not in page
    first = ranking_row(page, scored)
    assert f'href="{scored.get_absolute_url()}"' in first
    assert "Alfa ry: Konsertti" in first
    assert "In review" in first
    # (5 × 2 + 2 × 1) / 1 reviewer / total weight 3 = 4.
    assert number_cells(first) == [
        f"{amounts['1000.00']} €",
        f"{amounts['1500.00']} €",
        "4.00",
        f"{amounts['1000.00']} €",
        f"{amounts['800.00']} € (proposal)",
    ]
    assert number_cells(ranking_row(page, unscored)) == [
        f"{amounts['3000.00']} €",
        f"{amounts['0.00']} €",
        "–",
        f"{amounts['4000.00']} € (over budget)",
        f"{amounts['2500.00']} €",
    ]
    assert page.index(f"ranking-row-{scored.pk}") < page.index(f"ranking-row-{unscored.pk}")
    assert "<dt>Applications</dt><dd>2</dd>" in page
    assert f"<dt>Applied for in total</dt><dd>{amounts['4000.00']} €</dd>" in page
    assert f"<dt>Granted or proposed</dt><dd>{amounts['3300.00']} €</dd>" in page


@pytest.mark.parametrize("page_number", ["0", "-1", "x", ""])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(
    client_for, sector_officer, page_number
):
    grant_round = big_round(RANKING_PAGE_SIZE + 2, sector_officer)
    url = reverse("grants:round_review", args=[grant_round.pk])

    response = client_for(sector_officer).get(url, {"page": page_number})

    expected = 2 if page_number in ("0", "-1") else RANKING_PAGE_SIZE
    assert len(response.context["applications"]) == expected
    assert response.context["page_obj"].paginator.count == RANKING_PAGE_SIZE + 2


def test_a_round_without_applications_shows_an_empty_ranking(client_for, sector_officer):
    grant_round = GrantRoundFactory(
        programme__sector=Sector.CULTURE, programme__contact_official=sector_officer
    )
    with translation.override("en"):
        url = reverse("grants:round_review", args=[grant_round.pk])

    response = client_for(sector_officer).get(url)

    assert response.context["applications"] == []
    assert "No submitted applications yet." in response.content.decode()


def test_the_kept_plan_of_the_ranking_reads_the_entries_in_order_and_the_page_by_key(
    sector_officer,
):
    # The ranking's statement is prepared, and PostgreSQL may keep one plan for every round: it
    # must read the round's entries in ranking order through their index, and read in full only
    # the page's applications, each by key, never the whole table of applications.
    grant_round = big_round(RANKING_PAGE_SIZE * 4, sector_officer)
    names = ("round", "user", "offset")
    statement = RANKING_SQL
    for number, name in enumerate(names, start=1):
        statement = statement.replace(f"%({name})s", f"${number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # At a test's size a scan costs less than any index; what must hold is that the plan
        # can read by key.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"PREPARE ranking (bigint, bigint, int) AS {statement}")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("EXPLAIN EXECUTE ranking (%s, %s, 25)", [grant_round.pk, sector_officer.pk])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE ranking")

    applications = plan.split(" on grants_grantapplication a ")[1].splitlines()[1]
    assert re.search(r"Index Cond: \(id = \w+\.application_id\)", applications), plan
    assert "Index Only Scan using ranking_order_idx" in plan, plan
    assert "Sort Key: e.mean" not in plan, plan

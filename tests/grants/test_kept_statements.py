"""The ranking and the grants API read with statements kept per worker, and the ranking's rows
written in Python: each page, round and set of rows still gets its own data."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from grants import api, opendata
from grants.models import GrantApplication, ReviewerAssignment
from grants.templatetags.review_tags import ranking_rows
from grants.views.review import RankedApplication
from portal.models import Sector
from tests.factories import UserFactory
from tests.grants.factories import DecisionFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded():
    """Seven awarded grants on different days, a refusal, a proposal and a declined grant."""
    grant_round = GrantRoundFactory(closed=True)
    for day in (3, 1, 2, 2, 5, 1, 4):
        DecisionFactory(application__grant_round=grant_round, decided_on=date(2026, 3, day))
    DecisionFactory(application__grant_round=grant_round, amount=Decimal("0.00"))
    DecisionFactory(application__grant_round=grant_round, decided_on=None, decided_by=None)
    declined = DecisionFactory(application__grant_round=grant_round)
    declined.application.status = GrantApplication.Status.DECLINED
    declined.application.save()
    return grant_round


def test_the_api_counts_what_the_open_data_list(awarded):
    paginator = api.AwardedPaginator(opendata.awarded_ids(), 3)

    assert paginator.count == opendata.awarded().count() == 7


def test_each_page_of_the_api_reads_its_own_ids(awarded):
    # Pages 1 and 2 hold as many ids (one statement each, kept by their bounds), page 3 fewer.
    ids = list(opendata.awarded_ids())
    paginator = api.AwardedPaginator(opendata.awarded_ids(), 3)

    pages = [list(paginator.page(number)) for number in (1, 2, 3, 2, 1)]

    assert pages == [ids[0:3], ids[3:6], ids[6:7], ids[3:6], ids[0:3]]


def test_rows_of_the_same_number_of_ids_are_each_their_own(awarded):
    ids = list(opendata.awarded_ids())
    expected = {row["application_id"]: row for row in opendata.awarded_rows()}
    by_decision = dict(opendata.awarded().values_list("pk", "application_id"))

    for chosen in (ids[0:2], ids[4:6], ids[2:4]):
        rows = api._rows(chosen)
        assert [row["application_id"] for row in rows] == [by_decision[pk] for pk in chosen]
        assert rows == [expected[by_decision[pk]] for pk in chosen]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_grants_built_with_what_they_share_are_those_built_one_by_one(awarded, language):
    with translation.override(language):
        shared = opendata.Shared()
        rows = list(opendata.awarded_rows())
        assert [opendata.to_360(row, shared) for row in rows] == [
            opendata.to_360(row) for row in rows
        ]


def test_each_round_shows_its_own_title_and_reviewers(client_for, sector_officer):
    first, second = (
        GrantRoundFactory(
            programme__sector=Sector.CULTURE,
            programme__contact_official=sector_officer,
            title=title,
        )
        for title in ("Ensimmäinen haku", "Toinen haku")
    )
    for grant_round, email in ((first, "eka@example.fi"), (second, "toka@example.fi")):
        reviewer = UserFactory(email=email, first_name="", last_name="")
        ReviewerAssignment.objects.create(
            grant_round=grant_round, reviewer=reviewer, assigned_by=sector_officer
        )
    client = client_for(sector_officer)

    pages = [
        client.get(reverse("grants:round_review", args=[grant_round.pk])).content.decode()
        for grant_round in (first, second, first)
    ]

    assert "Ensimmäinen haku" in pages[0]
    assert "eka@example.fi" in pages[0]
    assert "Toinen haku" in pages[1]
    assert "toka@example.fi" in pages[1]
    assert "Ensimmäinen haku" not in pages[1]
    assert "eka@example.fi" not in pages[1]
    assert "Ensimmäinen haku" in pages[2]
    assert "eka@example.fi" in pages[2]
    assert "toka@example.fi" not in pages[2]


# The loop that ranking_rows replaced, as the ranking's template had it.
TEMPLATE_LOOP = """{% load i18n %}{% for application in applications %}
        <tr data-testid="ranking-row-{{ application.pk }}">
          <th scope="row"><a href="{{ application.url }}">{{ application.association_name }}: {{ application.title }}</a></th>
          <td>{{ application.status_label }}</td>
          <td class="num">{{ application.amount_requested_text }} €</td>
          <td class="num">{{ application.total_costs_text }} €</td>
          <td class="num">{% if application.user_is_disqualified %}<span data-testid="disqualified">{{ disqualified }}</span>{% elif application.average_score_text %}{{ application.average_score_text }}{% else %}–{% endif %}</td>
          <td class="num">{{ application.cumulative_text }} €{% if not application.within_budget %} ({{ over_budget }}){% endif %}</td>
          <td class="num">{% if application.decision_amount_text %}{{ application.decision_amount_text }} €{% if not application.decision_is_final %} ({{ proposal }}){% endif %}{% else %}–{% endif %}</td>
        </tr>
      {% empty %}
        <tr><td colspan="7">{{ none_yet }}</td></tr>
      {% endfor %}"""  # noqa: E501


def ranked(pk, **given) -> RankedApplication:
    values = {
        "pk": pk,
        "url": f"/avustukset/hakemukset/{pk}/",
        "association_name": "Kuoro & <Ystävät> ry",
        "title": 'Konsertti "kevät" \'26',
        "status_label": "Arvioinnissa",
        "amount_requested": Decimal("1500.50"),
        "amount_requested_text": "1500,50",
        "total_costs": Decimal("2000"),
        "total_costs_text": "2000",
        "user_is_disqualified": False,
        "average_score": 3.456,
        "average_score_text": "3,46",
        "cumulative": Decimal("1500.50"),
        "cumulative_text": "1500,50",
        "within_budget": True,
        "decision_amount": None,
        "decision_amount_text": None,
        "decision_is_final": False,
    }
    return RankedApplication(**{**values, **given})


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_ranking_rows_are_written_as_the_template_loop_wrote_them(language):
    applications = [
        ranked(1),
        ranked(2, user_is_disqualified=True),
        ranked(3, average_score=None, average_score_text=None, within_budget=False),
        ranked(4, decision_amount=Decimal("900"), decision_amount_text="900,00"),
        ranked(5, decision_amount=Decimal(0), decision_amount_text="0,00", decision_is_final=True),
    ]
    with translation.override(language):
        words = Template(
            '{% load i18n %}{% translate "disqualified" as disqualified %}'
            '{% translate "over budget" as over_budget %}{% translate "proposal" as proposal %}'
            '{% translate "No submitted applications yet." as none_yet %}'
            "{{ disqualified }}|{{ over_budget }}|{{ proposal }}|{{ none_yet }}"
        ).render(Context())
        disqualified, over_budget, proposal, none_yet = words.split("|")
        context = {
            "disqualified": disqualified,
            "over_budget": over_budget,
            "proposal": proposal,
            "none_yet": none_yet,
        }
        for rows in (applications, []):
            expected = Template(TEMPLATE_LOOP).render(Context({"applications": rows, **context}))
            written = ranking_rows(rows, disqualified, over_budget, proposal, none_yet)
            assert written == expected

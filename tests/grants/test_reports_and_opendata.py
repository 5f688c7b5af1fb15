import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from grants import opendata
from grants.models import GrantApplication, Payment, UseReport, UseReportEvent
from grants.reports import council_section, figures_by_sector_and_year
from grants.services import mark_payment_paid
from portal.models import Sector
from tests.factories import AssociationFactory
from tests.grants.factories import DecisionFactory, GrantRoundFactory

pytestmark = pytest.mark.django_db


def reported(decision, *, participants=100, hours=50, costs="2000", used="500", status="accepted"):
    report = UseReport.objects.create(
        application=decision.application,
        volunteer_hours=hours,
        total_costs=Decimal(costs),
        grant_used=Decimal(used),
        narrative="Hyvin meni",
        status=status,
        submitted_by=decision.proposed_by,
    )
    UseReportEvent.objects.create(
        report=report, held_on=date(2025, 6, 1), name="Tapahtuma", participants=participants
    )
    UseReportEvent.objects.create(
        report=report, held_on=date(2025, 7, 1), name="Toinen", participants=participants
    )
    return report


def test_figures_add_up_per_sector_and_year():
    first = DecisionFactory(amount=Decimal("500"), decided_on=date(2025, 3, 1))
    second = DecisionFactory(amount=Decimal("1500"), decided_on=date(2025, 4, 1))
    reported(first, participants=10, hours=20, costs="1000", used="500")
    reported(second, participants=30, hours=40, costs="3000", used="1500")
    DecisionFactory(
        amount=Decimal("700"),
        decided_on=date(2025, 5, 1),
        application__grant_round__programme__sector=Sector.SPORTS,
    )

    rows = {(r.sector, r.year): r for r in figures_by_sector_and_year()}

    culture = rows[(Sector.CULTURE, 2025)]
    assert culture.grants == 2
    assert culture.granted == Decimal("2000")
    assert culture.participants == 80
    assert culture.volunteer_hours == 60
    assert culture.municipal_share == Decimal("50.0")
    assert rows[(Sector.SPORTS, 2025)].reports == 0


def test_reports_waiting_for_completion_are_not_counted():
    reported(DecisionFactory(decided_on=date(2025, 3, 1)), status="needs_completion")

    (row,) = figures_by_sector_and_year()

    assert row.reports == 0
    assert row.participants == 0


def test_the_figures_page_is_for_officers(client_for, sector_officer, association_rep):
    reported(DecisionFactory(decided_on=date(2025, 3, 1)))

    officer_page = client_for(sector_officer).get(reverse("grants:figures"))
    rep_page = client_for(association_rep).get(reverse("grants:figures"))

    assert 'data-testid="figures-culture-2025"' in officer_page.content.decode()
    assert rep_page.status_code == 403


def test_the_open_data_package_has_the_360giving_fields():
    association = AssociationFactory(business_id="1234567-1")
    decision = DecisionFactory(
        application__association=association, amount=Decimal("800"), decided_on=date(2025, 3, 1)
    )
    reported(decision)

    (grant,) = opendata.package()["grants"]

    assert grant["currency"] == "EUR"
    assert grant["amountAwarded"] == 800.0
    assert grant["amountAppliedFor"] == 1000.0
    assert grant["awardDate"] == "2025-03-01"
    assert grant["recipientOrganization"][0]["id"] == "FI-PRO-1234567-1"
    assert grant["x_useReport"]["municipalShare"] == 25.0
    assert grant["x_useReport"]["participants"] == 200


def test_refusals_declined_grants_and_undecided_applications_stay_out_of_the_grants():
    DecisionFactory(amount=Decimal("0"), application__title="Hylätty")
    DecisionFactory(application__title="Kieltäydytty", application__status="declined")
    DecisionFactory(
        application__title="Ehdotus",
        decided_on=None,
        decided_by=None,
        application__status=GrantApplication.Status.IN_REVIEW,
    )

    data = opendata.package()

    assert data["grants"] == []
    assert [r["title"] for r in data["x_refusals"]] == ["Hylätty"]


def test_the_open_data_holds_no_private_contact_details(resident):
    decision = DecisionFactory()
    contact = decision.application.association.contact_email

    json_text = resident.get(reverse("grants:opendata_json")).content.decode()
    csv_text = resident.get(reverse("grants:opendata_csv")).content.decode()

    assert contact not in json_text
    assert contact not in csv_text
    assert decision.application.association.name in json_text


def test_the_csv_has_one_row_per_awarded_grant(resident):
    DecisionFactory.create_batch(3)

    rows = list(
        csv.reader(io.StringIO(resident.get(reverse("grants:opendata_csv")).content.decode()))
    )

    assert rows[0][:5] == ["id", "title", "description", "currency", "amountAwarded"]
    assert len(rows) == 4


@pytest.mark.parametrize("count", [3, 30])
def test_the_api_lists_grants_with_constant_queries(resident, django_assert_num_queries, count):
    grant_round = GrantRoundFactory(closed=True)
    DecisionFactory.create_batch(count, application__grant_round=grant_round)

    # the count and the page's ids, then the page's rows
    with django_assert_num_queries(3):
        response = resident.get("/api/v1/grants/")

    assert response.json()["count"] == count


def test_the_api_pages_follow_the_open_data_order_and_leave_out_refusals(resident):
    grant_round = GrantRoundFactory(closed=True)
    for day in (3, 1, 2, 2, 5, 1, 4) * 4:
        DecisionFactory(application__grant_round=grant_round, decided_on=date(2026, 3, day))
    DecisionFactory(application__grant_round=grant_round, amount=Decimal("0.00"))
    declined = DecisionFactory(application__grant_round=grant_round)
    declined.application.status = GrantApplication.Status.DECLINED
    declined.application.save()

    first = resident.get("/api/v1/grants/").json()
    second = resident.get("/api/v1/grants/", {"page": 2}).json()

    listed = [grant["id"] for grant in first["results"] + second["results"]]
    expected = [opendata.to_360(row)["id"] for row in opendata.awarded_rows()]
    assert first["count"] == len(expected) == 28
    # Newest first, ties by decision, no row twice or missing across the pages.
    assert listed == expected


@pytest.mark.parametrize("count", [3, 30])
def test_the_json_export_takes_constant_queries(resident, django_assert_num_queries, count):
    DecisionFactory.create_batch(count)

    with django_assert_num_queries(2):
        resident.get(reverse("grants:opendata_json"))


def test_the_api_shows_one_grant(resident):
    decision = DecisionFactory()

    response = resident.get(f"/api/v1/grants/{decision.application_id}/")

    assert response.json()["title"] == decision.application.title


def test_the_council_section_has_the_latest_years_only():
    for year in (2021, 2022, 2023, 2024):
        reported(DecisionFactory(decided_on=date(year, 3, 1)))

    section = council_section(years=2)

    assert [row[0] for row in section["rows"]] == [2024, 2023]
    assert section["rows"][0][6] == Decimal("25.0")


def test_the_council_section_of_one_year():
    for year in (2023, 2024):
        reported(DecisionFactory(decided_on=date(year, 3, 1)))

    section = council_section(year=2023)

    assert [row[0] for row in section["rows"]] == [2023]


def test_the_cached_open_data_shows_a_payment_as_soon_as_it_is_recorded(
    resident, sector_officer, django_capture_on_commit_callbacks
):
    decision = DecisionFactory(application__grant_round__programme__sector=Sector.CULTURE)
    payment = Payment.objects.create(decision=decision, instalment_no=1, amount=Decimal("800"))
    before = resident.get(reverse("grants:opendata_json")).json()

    with django_capture_on_commit_callbacks(execute=True):
        mark_payment_paid(payment=payment, paid_on=date(2026, 3, 1), by=sector_officer)
    after = resident.get(reverse("grants:opendata_json")).json()

    assert before["grants"][0]["amountDisbursed"] == 0
    assert after["grants"][0]["amountDisbursed"] == 800


def test_a_page_of_the_api_is_found_through_the_awarded_index():
    grant_round = GrantRoundFactory(closed=True)
    DecisionFactory.create_batch(60, application__grant_round=grant_round)
    with connection.cursor() as cursor:
        # Both sides of the join: statistics an earlier test left would mislead the planner.
        cursor.execute("ANALYZE grants_decision, grants_grantapplication")
        # What must hold is that the index serves the page in its order whenever the planner
        # wants it: at sixty rows a sort is cheaper, at the bench's thousands it is not.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")

    plan = opendata.awarded_ids()[25:50].explain()

    assert "decision_awarded_idx" in plan, plan
    assert "Sort" not in plan.split("decision_awarded_idx")[0], plan

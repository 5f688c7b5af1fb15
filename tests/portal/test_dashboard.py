"""The officer's dashboard: the work waiting, with counts that link to the queues."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import GrantApplication, UseReport
from tests.events.factories import EventFactory
from tests.facilities.factories import BookingFactory
from tests.grants.factories import DecisionFactory, GrantApplicationFactory, GrantRoundFactory
from tests.organizations.factories import AssociationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def waiting_work(n, officer):
    """n items of each kind of work, in a round of the officer's sector closing in a week."""
    grant_round = GrantRoundFactory(
        programme__contact_official=officer,
        closes_at=timezone.now() + timedelta(days=7),
    )
    for _ in range(n):
        GrantApplicationFactory(
            grant_round=grant_round,
            status=GrantApplication.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        decision = DecisionFactory(
            application__grant_round__use_report_due_on=timezone.localdate() + timedelta(days=5),
            decided_on=timezone.localdate(),
            amount=Decimal("500"),
        )
        UseReport.objects.create(
            application=DecisionFactory(decided_on=timezone.localdate()).application,
            volunteer_hours=1,
            total_costs=Decimal("100"),
            grant_used=Decimal("50"),
            narrative="Tehty",
            submitted_by=decision.proposed_by,
        )
        MembershipFactory(pending=True, association=AssociationFactory(is_listed=False))
        EventFactory(pending=True)
        BookingFactory(status="pending")
    return grant_round


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_officers_dashboard_counts_the_waiting_work_and_links_to_the_queues(
    client_for, sector_officer
):
    grant_round = waiting_work(3, sector_officer)

    _, page = dashboard_queries(client_for(sector_officer))

    review_url = reverse("grants:round_review", args=[grant_round.pk])
    assert f'href="{review_url}" data-testid="dashboard-review-{grant_round.pk}"' in page
    assert "(3 waiting)" in page
    assert "Use reports to check (3 waiting)" in page
    assert reverse("facilities:officer_queue") in page
    assert "Grant deadlines in the next two weeks" in page
    assert f"{grant_round.title} closes" in page
    assert page.count("Use report due:") == 3


def test_an_application_waits_for_review_until_its_decision_is_made(client_for, sector_officer):
    grant_round = GrantRoundFactory(programme__contact_official=sector_officer)
    proposed, decided, undecided = (
        GrantApplicationFactory(
            grant_round=grant_round,
            status=GrantApplication.Status.IN_REVIEW,
            submitted_at=timezone.now(),
        )
        for _ in range(3)
    )
    DecisionFactory(application=proposed, decided_by=None, decided_on=None)
    DecisionFactory(application=decided)

    _, page = dashboard_queries(client_for(sector_officer))

    assert f"Applications to review in {grant_round.title} (2 waiting)" in page

    DecisionFactory(application=undecided)
    decision = proposed.decision
    decision.decided_by, decision.decided_on = sector_officer, timezone.localdate()
    decision.save()

    _, page = dashboard_queries(client_for(sector_officer))

    assert f"Applications to review in {grant_round.title}" not in page
    assert "Grant applications to review (none waiting)" in page


def test_the_liaison_officers_dashboard_counts_every_queue(client_for, liaison_officer):
    waiting_work(3, liaison_officer)

    _, page = dashboard_queries(client_for(liaison_officer))

    assert "Requests to represent an association (3 waiting)" in page
    assert "Events to moderate (3 waiting)" in page
    assert "Booking requests (3 waiting)" in page
    assert "Use reports to check (3 waiting)" in page
    assert reverse("portal:erasure_request_list") in page


def test_the_dashboards_queries_do_not_grow_with_the_waiting_work(client_for, liaison_officer):
    client = client_for(liaison_officer)
    waiting_work(3, liaison_officer)
    client.get(reverse("portal:dashboard"))
    with_three, _ = dashboard_queries(client)

    waiting_work(27, liaison_officer)
    with_thirty, page = dashboard_queries(client)

    assert "Requests to represent an association (30 waiting)" in page
    # Ten reports are listed, all thirty counted.
    assert "Use reports to check (30 waiting)" in page
    assert with_thirty == with_three


def test_a_representative_sees_no_back_office_counts(client_for, association_rep, sector_officer):
    waiting_work(3, sector_officer)

    page = client_for(association_rep).get(reverse("portal:dashboard")).content.decode()

    assert "Use reports to check" not in page
    assert "waiting)" not in page

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants.models import GrantApplication, UseReport, UseReportEvent
from grants.reports import figures_by_sector_and_year
from tests.grants.factories import DecisionFactory

pytestmark = pytest.mark.django_db

REPORT_FIELDS = {
    "volunteer_hours": 10,
    "total_costs": Decimal("2000"),
    "grant_used": Decimal("500"),
    "narrative": "Onnistui",
}


def granted(application, officer):
    application.status = GrantApplication.Status.IN_REVIEW
    application.submitted_at = timezone.now()
    application.save()
    services.declare_disqualification(
        application=application, is_disqualified=False, reason="", by=officer
    )
    services.decide_application(
        application=application, amount=Decimal("1000"), reasons="", by=officer
    )
    return application


def submit(application, rep, held_on):
    return services.submit_use_report(
        application=application,
        fields=REPORT_FIELDS,
        events=[{"name": "Kesäjuhla", "held_on": held_on, "participants": 280}],
        by=rep,
    )


def test_a_use_report_about_a_future_event_is_refused_with_a_clear_message(
    application, sector_officer, association_rep
):
    granted(application, sector_officer)
    future = timezone.localdate() + timedelta(days=30)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        submit(application, association_rep, future)

    assert error.value.code == "event_in_future"
    assert "in the future" in error.value.message
    assert not UseReport.objects.exists()


def test_a_use_report_about_an_event_before_the_activity_is_refused(
    application, sector_officer, association_rep
):
    application.activity_starts_on = timezone.localdate() - timedelta(days=5)
    application.save()
    granted(application, sector_officer)

    with pytest.raises(ValidationError) as error:
        submit(application, association_rep, timezone.localdate() - timedelta(days=6))

    assert error.value.code == "event_outside_period"
    assert not UseReport.objects.exists()


def test_a_use_report_about_an_event_after_the_activity_ended_is_refused(
    application, sector_officer, association_rep
):
    application.activity_ends_on = timezone.localdate() - timedelta(days=2)
    application.save()
    granted(application, sector_officer)

    with pytest.raises(ValidationError) as error:
        submit(application, association_rep, timezone.localdate() - timedelta(days=1))

    assert error.value.code == "event_outside_period"


def test_a_use_report_about_an_event_within_the_activity_is_accepted(
    application, sector_officer, association_rep
):
    application.activity_starts_on = timezone.localdate() - timedelta(days=5)
    application.activity_ends_on = timezone.localdate()
    application.save()
    granted(application, sector_officer)

    report = submit(application, association_rep, timezone.localdate() - timedelta(days=1))

    assert report.events.get().participants == 280


def test_the_use_report_is_due_after_the_funded_activity_not_before_it(application):
    application.grant_round.use_report_due_on = date(2027, 1, 31)
    application.activity_ends_on = date(2027, 6, 13)

    assert application.use_report_due_on == date(2027, 8, 12)


def test_the_rounds_later_report_deadline_still_holds(application):
    application.grant_round.use_report_due_on = date(2027, 1, 31)
    application.activity_ends_on = date(2026, 9, 1)

    assert application.use_report_due_on == date(2027, 1, 31)


def test_the_reminder_waits_for_the_deadline_that_follows_the_activity(application, sector_officer):
    granted(application, sector_officer)
    application.grant_round.use_report_due_on = timezone.localdate() + timedelta(days=3)
    application.grant_round.save()
    application.activity_ends_on = timezone.localdate() + timedelta(days=30)
    application.save()

    assert not services.reports_to_remind().exists()


def unchecked_report(decided_on=date(2025, 3, 1), status="submitted"):
    decision = DecisionFactory(decided_on=decided_on)
    report = UseReport.objects.create(
        application=decision.application,
        volunteer_hours=40,
        total_costs=Decimal("2000"),
        grant_used=Decimal("500"),
        narrative="Tulossa",
        status=status,
        submitted_by=decision.proposed_by,
    )
    UseReportEvent.objects.create(
        report=report, held_on=date(2025, 6, 1), name="Kesäjuhla", participants=280
    )
    return report


def test_the_figures_count_only_accepted_reports_and_show_unchecked_ones_apart():
    unchecked_report()

    (row,) = figures_by_sector_and_year()

    assert row.participants == 0
    assert row.volunteer_hours == 0
    assert row.reports == 0
    assert row.unchecked_reports == 1


def test_the_figures_page_labels_the_unchecked_reports(client_for, sector_officer):
    unchecked_report()
    unchecked_report(status="accepted")

    with translation.override("en"):
        page = client_for(sector_officer).get(reverse("grants:figures")).content.decode()

    assert "not yet checked" in page
    assert 'data-testid="unchecked-culture-2025">1<' in page


def test_without_activity_dates_the_period_is_the_rounds_year_until_the_report_deadline(
    application,
):
    application.grant_round.opens_at = datetime(2026, 3, 1, 9, tzinfo=UTC)
    application.grant_round.use_report_due_on = date(2027, 1, 31)

    assert application.activity_period() == (date(2026, 1, 1), date(2027, 1, 31))


def test_the_report_form_explains_a_future_date_and_keeps_what_was_typed(
    client_for, application, sector_officer, association_rep
):
    granted(application, sector_officer)
    future = timezone.localdate() + timedelta(days=200)
    with translation.override("en"):
        url = reverse("grants:use_report_edit", args=[application.pk])

    response = client_for(association_rep).post(
        url,
        {
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "100",
            "events-0-name": "Kesäjuhla",
            "events-0-held_on": future.isoformat(),
            "events-0-participants": "280",
            "volunteer_hours": "85",
            "total_costs": "4000",
            "grant_used": "1000",
            "narrative": "Hyvin meni",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "in the future" in page
    assert "Hyvin meni" in page
    assert not UseReport.objects.exists()

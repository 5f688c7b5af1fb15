"""The use reports the officer's dashboard lists as falling due in the next two weeks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grants.dashboard import officer_work
from tests.grants.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def granted(*, round_due_in, activity_ended_days_ago):
    """A grant whose round sets a report date (days from today, or none) and whose activity
    ended some days ago (or has no end set)."""
    today = timezone.localdate()
    return DecisionFactory(
        application__grant_round__use_report_due_on=(
            None if round_due_in is None else today + timedelta(days=round_due_in)
        ),
        application__activity_ends_on=(
            None if activity_ended_days_ago is None else today - timedelta(activity_ended_days_ago)
        ),
    ).application


def test_a_report_is_listed_when_the_later_of_its_two_dates_falls_in_the_window(liaison_officer):
    by_round = granted(round_due_in=5, activity_ended_days_ago=None)
    by_activity = granted(round_due_in=-100, activity_ended_days_ago=55)  # due in 5 days
    by_activity_alone = granted(round_due_in=None, activity_ended_days_ago=50)  # due in 10
    # The activity ended today: 60 days to report, later than the round's date.
    granted(round_due_in=5, activity_ended_days_ago=0)
    # The activity's date falls in the window, but the round's later date decides.
    granted(round_due_in=30, activity_ended_days_ago=55)
    # Already past.
    granted(round_due_in=-1, activity_ended_days_ago=None)

    work = officer_work(liaison_officer)

    assert [application.pk for application in work.due_reports] == [
        by_round.pk,
        by_activity.pk,
        by_activity_alone.pk,
    ]
    assert [application.report_due_on for application in work.due_reports] == [
        timezone.localdate() + timedelta(days=days) for days in (5, 5, 10)
    ]

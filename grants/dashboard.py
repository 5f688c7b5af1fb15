"""The grant work waiting for an officer, for the dashboard: a few queries, however much waits."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Window
from django.utils import timezone

from grants.models import (
    USE_REPORT_DAYS_AFTER_ACTIVITY,
    GrantApplication,
    GrantRound,
    UseReport,
)
from portal import roles
from portal.database import CompiledStatements

# How far ahead the dashboard lists deadlines.
DEADLINE_DAYS = 14
# The use reports to check listed one by one; the count tells how many more there are.
LISTED_REPORTS = 10
# The officer's statements, per number of sectors and of rounds whose reports fall due.
STATEMENTS = CompiledStatements(size=64, prepared=True)


@dataclass
class OfficerWork:
    """Rounds with applications to review, use reports to check, and the coming deadlines."""

    # Each round carries `to_review`, the number of its applications waiting for a decision.
    rounds: list = field(default_factory=list)
    reports: list[UseReport] = field(default_factory=list)
    report_count: int = 0
    closing_rounds: list[GrantRound] = field(default_factory=list)
    due_reports: list[GrantApplication] = field(default_factory=list)


def _rounds_to_review(sectors):
    # The rounds where applications wait for a decision, with how many: kept by the database's
    # triggers as applications and decisions change (WaitingCount), so that the dashboard
    # counts no applications; counting them took 8 ms with 5,500 waiting.
    return (
        GrantRound.objects.filter(programme__sector__in=sectors, waiting__count__gt=0)
        .annotate(to_review=F("waiting__count"))
        .order_by("closes_at", "title")
    )


def _reports(sectors):
    return UseReport.objects.filter(
        status=UseReport.Status.SUBMITTED,
        application__grant_round__programme__sector__in=sectors,
    )


def _listed_reports(sectors):
    # Each listed report carries how many there are in all (counted before the limit): the
    # count needs no statement of its own.
    return (
        _reports(sectors)
        .select_related("application__association")
        .annotate(waiting=Window(Count("pk")))
        .order_by("submitted_at", "pk")[:LISTED_REPORTS]
    )


def _closing(sectors, start, end):
    return GrantRound.objects.filter(
        programme__sector__in=sectors, is_published=True, closes_at__range=(start, end)
    ).order_by("closes_at")


def _rounds_due(today, horizon):
    return GrantRound.objects.filter(use_report_due_on__range=(today, horizon)).values_list(
        "pk", flat=True
    )


def _due(sectors, rounds_due, today, horizon, shifted_today, shifted_horizon):
    # A report falls due on the later of the round's date and the activity's end plus the
    # days allowed, so it is due in the window only in a round whose date falls in it or for
    # an activity that ended in the window shifted back: both found through indexes.
    return (
        GrantApplication.objects.with_use_report_due_on()
        .filter(
            Q(grant_round__in=rounds_due)
            | Q(activity_ends_on__range=(shifted_today, shifted_horizon)),
            grant_round__programme__sector__in=sectors,
            status=GrantApplication.Status.DECIDED,
            decision__amount__gt=0,
            use_report__isnull=True,
            report_due_on__range=(today, horizon),
        )
        .select_related("association", "grant_round")
        .order_by("report_due_on", "pk")
    )


def officer_work(user, *, today: date | None = None) -> OfficerWork | None:
    """The work waiting in the officer's sectors and the rounds the user reviews; None for a
    user who handles no grants. Five queries, each compiled once per worker and number of
    sectors (portal.database.CompiledStatements)."""
    sectors = tuple(sorted(roles.officer_sectors(user)))
    if not user.is_authenticated or not sectors:
        return None
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DEADLINE_DAYS)
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = timezone.make_aware(datetime.combine(horizon, time.max))
    rounds_due = STATEMENTS.objects("rounds due", _rounds_due, today, horizon)
    shifted = timedelta(days=USE_REPORT_DAYS_AFTER_ACTIVITY)
    reports = STATEMENTS.objects("reports", _listed_reports, sectors)
    return OfficerWork(
        rounds=STATEMENTS.objects("to review", _rounds_to_review, sectors),
        reports=reports,
        report_count=reports[0].waiting if reports else 0,
        closing_rounds=STATEMENTS.objects("closing", _closing, sectors, start, end),
        due_reports=STATEMENTS.objects(
            "due",
            _due,
            sectors,
            rounds_due,
            today,
            horizon,
            today - shifted,
            horizon - shifted,
        ),
    )

"""The standard use report, and the reminders of deadlines and due reports."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grants.models import (
    GrantApplication,
    UseReport,
    UseReportEvent,
)
from grants.opendata import OPEN_DATA
from grants.services.common import (
    DEADLINE_REMINDER_DAYS,
    USE_REPORT_REMINDER_DAYS,
)
from portal import audit
from portal.models import User

# Use reports ------------------------------------------------------------------------------------


def check_event_dates(*, application: GrantApplication, days: list) -> None:
    """Reported events lie within the funded activity's period, and none in the future."""
    today = timezone.localdate()
    start, end = application.activity_period()
    for day in days:
        if day > today:
            raise ValidationError(
                _("%(date)s is in the future: report only events that have taken place.")
                % {"date": formats.date_format(day, "SHORT_DATE_FORMAT")},
                code="event_in_future",
            )
        if (start and day < start) or (end and day > end):
            raise ValidationError(
                _("%(date)s is outside the funded activity's period, %(start)s–%(end)s.")
                % {
                    "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                    "start": formats.date_format(start, "SHORT_DATE_FORMAT") if start else "",
                    "end": formats.date_format(end, "SHORT_DATE_FORMAT") if end else "",
                },
                code="event_outside_period",
            )


@transaction.atomic
def submit_use_report(
    *, application: GrantApplication, fields: dict, events: list[dict], by: User
) -> UseReport:
    """Submit (or complete) the standard use report of a grant."""
    from grants.permissions import can_report_use

    if not can_report_use(by, application):
        raise ValidationError(_("You cannot report on this grant."), code="cannot_report")
    report = UseReport.objects.filter(application=application).first()
    if report is not None and report.status == UseReport.Status.ACCEPTED:
        raise ValidationError(_("The report has been accepted."), code="accepted")
    if not events:
        raise ValidationError(_("List at least one event or activity."), code="no_events")
    check_event_dates(application=application, days=[event["held_on"] for event in events])
    if fields["grant_used"] > fields["total_costs"]:
        raise ValidationError(
            _("The grant used cannot exceed the total costs."), code="used_above_costs"
        )
    if fields["grant_used"] > application.decision.amount:
        raise ValidationError(
            _("The grant used cannot exceed the grant, %(amount)s €.")
            % {"amount": application.decision.amount},
            code="used_above_grant",
        )
    report = report or UseReport(application=application)
    for name, value in fields.items():
        setattr(report, name, value)
    report.status = UseReport.Status.SUBMITTED
    report.submitted_by = by
    report.save()
    report.events.all().delete()
    UseReportEvent.objects.bulk_create(UseReportEvent(report=report, **event) for event in events)
    OPEN_DATA.bump()
    audit.record(actor=by, action="grants.use_report_submitted", target=application)
    return report


@transaction.atomic
def review_use_report(*, report: UseReport, accept: bool, comment: str, by: User) -> UseReport:
    """Accept the report, or ask the association to complete it (a comment says what)."""
    from grants.permissions import can_review_use_report

    if not can_review_use_report(by, report.application):
        raise ValidationError(_("You cannot review this report."), code="not_officer")
    if not accept and not comment.strip():
        raise ValidationError(_("Say what needs completing."), code="comment_required")
    report.status = UseReport.Status.ACCEPTED if accept else UseReport.Status.NEEDS_COMPLETION
    report.officer_comment = comment.strip()
    report.save(update_fields=["status", "officer_comment"])
    OPEN_DATA.bump()
    audit.record(
        actor=by,
        action="grants.use_report_reviewed",
        target=report.application,
        status=report.status,
        comment=report.officer_comment,
    )
    return report


# Reminders --------------------------------------------------------------------------------------


def drafts_to_remind(*, now=None):
    """Drafts in rounds that close within the reminder window, not yet reminded."""
    now = now or timezone.now()
    return GrantApplication.objects.filter(
        status=GrantApplication.Status.DRAFT,
        deadline_reminded_at__isnull=True,
        grant_round__is_year_round=False,
        grant_round__closes_at__gt=now,
        grant_round__closes_at__lte=now + timedelta(days=DEADLINE_REMINDER_DAYS),
    ).select_related("grant_round", "association")


def reports_to_remind(*, today=None):
    """Grants whose use report is due within the window, not returned and not yet reminded."""
    today = today or timezone.localdate()
    return (
        GrantApplication.objects.with_use_report_due_on()
        .filter(
            status=GrantApplication.Status.DECIDED,
            report_reminded_at__isnull=True,
            decision__amount__gt=0,
            use_report__isnull=True,
            report_due_on__lte=today + timedelta(days=USE_REPORT_REMINDER_DAYS),
        )
        .select_related("grant_round", "association")
    )


@transaction.atomic
def send_reminders(*, now=None) -> int:
    """Remind each draft once before its round closes and each grantee once before the report
    is due; the e-mails go out after the commit."""
    from grants.tasks import send_reminder_task

    now = now or timezone.now()
    sent = 0
    for kind, queryset, field in (
        ("draft_reminder", drafts_to_remind(now=now), "deadline_reminded_at"),
        ("report_reminder", reports_to_remind(today=timezone.localdate(now)), "report_reminded_at"),
    ):
        ids = list(queryset.values_list("pk", flat=True))
        GrantApplication.objects.filter(pk__in=ids, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        for application_id in ids:
            send_reminder_task.delay_on_commit(application_id, kind)
        sent += len(ids)
    return sent

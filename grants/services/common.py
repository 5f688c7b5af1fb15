"""What the grant services share: limits, the standard fields, status changes."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import (
    GrantApplication,
    GrantRound,
)
from portal import audit
from portal.models import User

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}
STANDARD_FIELDS = (
    "title",
    "purpose_and_activities",
    "target_groups",
    "planned_events",
    "expected_participants",
    "planned_volunteer_hours",
    "other_income",
    "other_grants",
    "amount_requested",
)
# The activity's dates are this year's own: not copied from the previous application.
ACTIVITY_FIELDS = ("activity_starts_on", "activity_ends_on")
APPEAL_INSTRUCTIONS = gettext_lazy(
    "Claim for rectification (oikaisuvaatimus): if you are not satisfied with this decision, "
    "you may ask in writing for it to be rectified. The claim must be made within 14 days of "
    "receiving the decision. The decision is deemed received on the seventh day after it was "
    "sent, unless shown otherwise. Send the claim to the municipal registry office; say which "
    "decision it concerns, what change you ask for and why, and sign it."
)
DEADLINE_REMINDER_DAYS = 3
USE_REPORT_REMINDER_DAYS = 14


def set_status(application: GrantApplication, status: str, *, by: User | None) -> None:
    """Change the status and log who changed it from what; the caller holds the transaction."""
    old = application.status
    application.status = status
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor=by, action="grants.status_changed", target=application, old=old, new=status)


def late_message(grant_round: GrantRound) -> str:
    """Why an application cannot be started or submitted now, with the closing time."""
    if grant_round.closes_at and grant_round.closes_at <= timezone.now():
        when = date_format(timezone.localtime(grant_round.closes_at), "DATETIME_FORMAT")
        return _(
            "The round closed on %(when)s. Late applications cannot be accepted; "
            "contact the round's contact official."
        ) % {"when": when}
    return _("The round is not open for applications.")

"""The audit log: every back-office decision is written here, in the same transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.models import AuditEvent, User


def record(
    *, actor: User | None, action: str, target: models.Model | None = None, **data
) -> AuditEvent:
    """Append one event; `data` holds what a reader needs to understand the decision."""
    event = AuditEvent(actor=actor, action=action, data=data)
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_repr = str(target)[:255]
    event.save()
    return event


def events_for(target: models.Model):
    """The log of one row, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


# What each action code means to a reader; the codes themselves stay stable in the log.
ACTION_LABELS: dict[str, str | Promise] = {
    "events.cycle_item_created": _("Annual cycle item added"),
    "events.cycle_item_updated": _("Annual cycle item changed"),
    "events.cycle_item_deleted": _("Annual cycle item removed"),
    "events.evening_created": _("Association evening added"),
    "events.evening_updated": _("Association evening changed"),
    "events.evening_invited": _("Invitations sent"),
    "events.evening_answered": _("Invitation answered"),
    "events.evening_minutes_published": _("Minutes published"),
    "events.event_cancelled": _("Event cancelled"),
    "events.event_published": _("Event published"),
    "events.event_returned": _("Event returned for changes"),
    "events.event_submitted": _("Event sent for publishing"),
    "events.event_updated": _("Event changed"),
    "events.feed_added": _("Calendar feed added"),
    "events.feed_deleted": _("Calendar feed removed"),
    "events.trusted_publisher_set": _("Trusted publisher set"),
    "facilities.block_removed": _("Closure removed"),
    "facilities.booking_made": _("Booking made"),
    "facilities.booking_pending": _("Booking waits for approval"),
    "facilities.booking_confirmed": _("Booking confirmed"),
    "facilities.booking_denied": _("Booking denied"),
    "facilities.booking_cancelled": _("Booking cancelled"),
    "facilities.opening_hours_changed": _("Opening hours changed"),
    "facilities.participants_recorded": _("Participants recorded"),
    "facilities.rules_changed": _("Booking rules changed"),
    "facilities.series_booked": _("Recurring booking made"),
    "facilities.series_cancelled": _("Recurring booking cancelled"),
    "facilities.series_confirmed": _("Recurring booking confirmed"),
    "facilities.series_denied": _("Recurring booking denied"),
    "facilities.space_blocked": _("Space closed"),
    "grants.application_created": _("Application started"),
    "grants.application_saved": _("Application saved"),
    "grants.attachment_added": _("Attachment added"),
    "grants.attachment_removed": _("Attachment removed"),
    "grants.decided": _("Decision made"),
    "grants.decision_proposed": _("Decision proposed"),
    "grants.disqualification_declared": _("Disqualification declared"),
    "grants.payment_paid": _("Grant paid"),
    "grants.reviewer_assigned": _("Reviewer assigned"),
    "grants.round_created": _("Grant round created"),
    "grants.scored": _("Review scored"),
    "grants.status_changed": _("Status changed"),
    "grants.use_report_reviewed": _("Use report reviewed"),
    "grants.use_report_submitted": _("Use report submitted"),
    "organizations.association_created": _("Association added to the register"),
    "organizations.association_registered": _("Association registered"),
    "organizations.association_verified": _("Association checked"),
    "organizations.membership_approved": _("Representative approved"),
    "organizations.membership_ended": _("Representation ended"),
    "organizations.membership_rejected": _("Representative request rejected"),
    "organizations.membership_requested": _("Asked to represent the association"),
    "organizations.profile_updated": _("Profile updated"),
    "organizations.register_exported": _("Register exported"),
    "portal.erasure_confirmed": _("Removal request carried out"),
    "portal.erasure_refused": _("Removal request refused"),
    "portal.erasure_requested": _("Removal requested"),
    "portal.inactivity_warned": _("Warned of inactivity"),
    "portal.liaison_role_updated": _("Liaison officer's role updated"),
    "portal.page_saved": _("Page saved"),
    "portal.person_anonymised": _("Personal data removed"),
    "portal.retention_applied": _("Retention period applied"),
}


def action_label(action: str) -> str | Promise:
    """The reader's words for an action code; an unknown code reads as a generic change."""
    return ACTION_LABELS.get(action, _("Change"))

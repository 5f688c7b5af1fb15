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
    "communication.message_saved": _("Message to the associations saved"),
    "communication.message_sent": _("Message to the associations sent"),
    "communication.news_published": _("News published"),
    "communication.news_returned": _("News returned for changes"),
    "communication.news_saved": _("News saved"),
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
    "facilities.lease_changed": _("Long-term use changed"),
    "facilities.lease_created": _("Room given for long-term use"),
    "facilities.lease_ended": _("Long-term use ended early"),
    "facilities.lease_renewal_reminded": _("Renewal reminder sent"),
    "facilities.lease_renewed": _("Long-term use renewed"),
    "facilities.opening_hours_changed": _("Opening hours changed"),
    "facilities.participants_recorded": _("Participants recorded"),
    "facilities.rules_changed": _("Booking rules changed"),
    "facilities.season_application_started": _("Seasonal application started"),
    "facilities.season_application_submitted": _("Seasonal application sent"),
    "facilities.season_round_changed": _("Seasonal round changed"),
    "facilities.season_round_created": _("Seasonal round created"),
    "facilities.season_round_opened": _("Seasonal round opened"),
    "facilities.season_round_published": _("Seasonal round results published"),
    "facilities.season_turn_allocated": _("Seasonal turn allocated"),
    "facilities.season_turn_given_up": _("Seasonal turn given up"),
    "facilities.season_turn_moved": _("Seasonal turn moved"),
    "facilities.season_turn_removed": _("Seasonal turn removed"),
    "facilities.season_turns_proposed": _("Seasonal turns proposed"),
    "facilities.series_booked": _("Recurring booking made"),
    "facilities.series_cancelled": _("Recurring booking cancelled"),
    "facilities.series_confirmed": _("Recurring booking confirmed"),
    "facilities.series_denied": _("Recurring booking denied"),
    "facilities.space_blocked": _("Space closed"),
    "grants.application_created": _("Application started"),
    "grants.application_saved": _("Application saved"),
    "grants.attachment_added": _("Attachment added"),
    "grants.attachment_removed": _("Attachment removed"),
    "grants.agent_invited": _("Association agent invited to help"),
    "grants.agent_invitation_withdrawn": _("Association agent's invitation withdrawn"),
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
    "portal.council_report_published": _("Report published to the council"),
    "portal.erasure_confirmed": _("Removal request carried out"),
    "portal.erasure_refused": _("Removal request refused"),
    "portal.erasure_requested": _("Removal requested"),
    "portal.inactivity_warned": _("Warned of inactivity"),
    "portal.liaison_role_updated": _("Liaison officer's role updated"),
    "portal.page_saved": _("Page saved"),
    "portal.person_anonymised": _("Personal data removed"),
    "portal.retention_applied": _("Retention period applied"),
    "volunteering.answer_accepted": _("Volunteer accepted"),
    "volunteering.answer_declined": _("Volunteer declined"),
    "volunteering.answers_deleted": _("Old answers to volunteer tasks deleted"),
    "volunteering.offer_created": _("Offer to other associations listed"),
    "volunteering.offer_updated": _("Offer to other associations changed"),
    "volunteering.request_accepted": _("Request to share accepted"),
    "volunteering.request_declined": _("Request to share declined"),
    "volunteering.request_returned": _("Shared item marked returned"),
    "volunteering.request_sent": _("Request to share sent"),
    "volunteering.task_answered": _("Volunteer task answered"),
    "volunteering.task_closed": _("Volunteer task closed"),
    "volunteering.task_posted": _("Volunteer task posted"),
    "volunteering.task_updated": _("Volunteer task changed"),
    "wellbeing.answer_reopened": _("Wellbeing input answer returned to the association"),
    "wellbeing.answer_saved": _("Wellbeing input answer saved"),
    "wellbeing.answer_started": _("Wellbeing input answer started"),
    "wellbeing.answer_submitted": _("Wellbeing input answer sent"),
    "wellbeing.quotation_changed": _("Quotation changed"),
    "wellbeing.quotation_marked": _("Quotation marked"),
    "wellbeing.quotation_removed": _("Quotation removed"),
    "wellbeing.round_closed": _("Wellbeing input round closed"),
    "wellbeing.round_created": _("Wellbeing input round created"),
    "wellbeing.round_opened": _("Wellbeing input round opened"),
    "wellbeing.round_updated": _("Wellbeing input round changed"),
    "wellbeing.summary_published": _("Wellbeing input summary published"),
    "wellbeing.summary_updated": _("Wellbeing input summary corrected"),
    "wellbeing.action_created": _("Self-assessment action added"),
    "wellbeing.action_updated": _("Self-assessment action changed"),
    "wellbeing.assessment_created": _("Self-assessment made"),
    "wellbeing.assessment_updated": _("Self-assessment changed"),
    "wellbeing.mark_figure_saved": _("Figure of a mark entered"),
    "wellbeing.survey_created": _("Association survey made"),
    "wellbeing.survey_question_added": _("Survey question added"),
    "wellbeing.survey_question_removed": _("Survey question removed"),
    "wellbeing.survey_submitted": _("Survey answer sent"),
    "wellbeing.survey_updated": _("Association survey changed"),
}


def action_label(action: str) -> str | Promise:
    """The reader's words for an action code; an unknown code reads as a generic change."""
    return ACTION_LABELS.get(action, _("Change"))

"""Entering, moderating, changing and cancelling events in the shared calendar.

Every function checks who acts, writes the rows and the audit event in one transaction. Whether
an event is big comes from the officer's threshold at the time of saving, so that the clash
warning can find big events with one indexed query.
"""

from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import permissions
from events.caching import data_changed
from events.models import Event, EventSettings, TrustedPublisher
from organizations.models import Association
from portal import audit
from portal.models import User


def _check_organisers(organisers: Collection[Association], by: User) -> None:
    """A representative enters events for listed associations they act for, at least one."""
    if permissions.can_moderate_events(by):
        return
    if not organisers:
        raise ValidationError(_("Choose the organising association."), code="no_organiser")
    for association in organisers:
        if not permissions.can_publish_for(by, association):
            raise PermissionDenied(
                _("You cannot enter events for %(name)s.") % {"name": association}
            )


def _is_trusted(organisers: Collection[Association], by: User) -> bool:
    """The officer's own events and those of trusted associations skip moderation."""
    if permissions.can_moderate_events(by):
        return True
    ids = [association.pk for association in organisers]
    return TrustedPublisher.objects.filter(association_id__in=ids).count() == len(ids)


def _prepare(event: Event) -> None:
    event.is_big = event.expected_audience >= EventSettings.load().big_event_threshold
    if event.is_free:
        event.price = ""
    event.full_clean(exclude=["organisers"])


def _moderate_or_publish(event: Event, organisers: Collection[Association], by: User) -> None:
    if _is_trusted(organisers, by):
        event.status = Event.Status.PUBLISHED
        event.published_at = timezone.now()
    else:
        event.status = Event.Status.PENDING
    event.return_reason = ""


@transaction.atomic
def submit_event(
    *, event: Event, organisers: Collection[Association], by: User, draft: bool = False
) -> Event:
    """Save a new event: as a draft, for moderation, or published when the publisher is trusted."""
    _check_organisers(organisers, by)
    event.created_by = by
    if draft:
        event.status = Event.Status.DRAFT
    else:
        _moderate_or_publish(event, organisers, by)
    _prepare(event)
    event.save()
    event.organisers.set(organisers)
    data_changed()
    audit.record(actor=by, action="events.event_submitted", target=event, status=event.status)
    return event


@transaction.atomic
def update_event(
    *, event: Event, organisers: Collection[Association], by: User, draft: bool = False
) -> Event:
    """Save changes; a published event stays published and its calendar copies are replaced.

    A draft or a returned event goes (back) to moderation unless `draft` keeps it a draft.
    """
    if not permissions.can_edit_event(by, event):
        raise PermissionDenied(_("You cannot change this event."))
    _check_organisers(organisers, by)
    if event.status == Event.Status.PUBLISHED:
        event.sequence += 1
    elif draft and event.status != Event.Status.PENDING:
        event.status = Event.Status.DRAFT
    elif not draft:
        _moderate_or_publish(event, organisers, by)
    _prepare(event)
    event.save()
    event.organisers.set(organisers)
    data_changed()
    audit.record(actor=by, action="events.event_updated", target=event, status=event.status)
    return event


def _decided(event: Event) -> Event:
    """The event locked for a moderation decision, which it must still be waiting for."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != Event.Status.PENDING:
        raise ValidationError(
            _("The event is no longer waiting for moderation."), code="not_pending"
        )
    return locked


@transaction.atomic
def publish_event(*, event: Event, by: User) -> Event:
    """The officer publishes an event waiting for moderation."""
    if not permissions.can_moderate_events(by):
        raise PermissionDenied(_("Only the liaison officer moderates events."))
    event = _decided(event)
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.return_reason = ""
    event.save(update_fields=["status", "published_at", "return_reason", "updated_at"])
    data_changed()
    audit.record(actor=by, action="events.event_published", target=event)
    return event


@transaction.atomic
def return_event(*, event: Event, reason: str, by: User) -> Event:
    """The officer sends an event back to its association with a reason they will see."""
    if not permissions.can_moderate_events(by):
        raise PermissionDenied(_("Only the liaison officer moderates events."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tell the association why the event is returned."), code="reason")
    event = _decided(event)
    event.status = Event.Status.RETURNED
    event.return_reason = reason
    event.save(update_fields=["status", "return_reason", "updated_at"])
    data_changed()
    audit.record(actor=by, action="events.event_returned", target=event, reason=reason)
    return event


@transaction.atomic
def cancel_event(*, event: Event, by: User) -> Event:
    """Cancel an event; a published one stays in the calendar, marked as cancelled."""
    if not permissions.can_cancel_event(by, event):
        raise PermissionDenied(_("You cannot cancel this event."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is already cancelled."), code="cancelled")
    was_public = event.status == Event.Status.PUBLISHED
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.sequence += 1
    if not was_public:
        # Never published: nobody saw it, so it need not show as cancelled in the calendar.
        event.published_at = None
    event.save(update_fields=["status", "cancelled_at", "sequence", "published_at", "updated_at"])
    data_changed()
    audit.record(actor=by, action="events.event_cancelled", target=event, was_public=was_public)
    return event


@transaction.atomic
def set_trusted_publisher(*, association: Association, is_trusted: bool, by: User) -> None:
    """The officer lets an association publish without moderation, or takes that away."""
    if not permissions.can_moderate_events(by):
        raise PermissionDenied(_("Only the liaison officer decides who is trusted."))
    if is_trusted:
        TrustedPublisher.objects.get_or_create(association=association, defaults={"trusted_by": by})
    else:
        TrustedPublisher.objects.filter(association=association).delete()
    audit.record(
        actor=by, action="events.trusted_publisher_set", target=association, is_trusted=is_trusted
    )

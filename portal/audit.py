"""The audit log: every back-office decision is written here, in the same transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

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

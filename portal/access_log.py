"""The access log: who looked at or exported whose personal data in the back-office, and when.

Views call `record_access` after the permission check, for every page or file that shows
another person's personal data to municipal staff. A person looking at their own data, or at
their own association's, is not logged.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from portal.models import AccessLogEntry, User


def record_access(
    request_or_user: HttpRequest | User,
    *,
    what: str,
    target: models.Model | None = None,
    people: Iterable[User | int | None] = (),
) -> AccessLogEntry:
    """Append one entry: `what` names the page or export, `people` whose data it showed."""
    actor = getattr(request_or_user, "user", request_or_user)
    entry = AccessLogEntry(
        actor=actor if isinstance(actor, User) else None,
        what=what,
        people=sorted({getattr(person, "pk", person) for person in people if person is not None}),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:255]
    entry.save()
    return entry


def entries_about(user: User):
    """The entries that name the user among the people whose data was shown, newest first."""
    return AccessLogEntry.objects.filter(people__contains=[user.pk])

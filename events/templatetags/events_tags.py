from django import template

from events.caching import VERSION
from events.models import Event
from events.permissions import can_moderate_events
from portal import roles

register = template.Library()


@register.simple_tag
def coming_event_count() -> int:
    return Event.objects.public().filter(status=Event.Status.PUBLISHED).coming().count()


@register.simple_tag
def events_data_version() -> int:
    """The version of the public calendar's data, for keys of cached fragments."""
    return VERSION.current()


@register.simple_tag
def coming_events_of(association, limit: int = 10) -> list[Event]:
    """An association's coming public events, for its page in the register (two queries)."""
    return list(association.events.public().coming().with_list_data().order_by("starts_at")[:limit])


@register.simple_tag
def my_coming_events(user, limit: int = 5) -> list[Event]:
    """The next events of the user's associations, whatever their status."""
    ids = roles.represented_association_ids(user)
    if not ids:
        return []
    return list(
        Event.objects.filter(organisers__in=ids)
        .exclude(status=Event.Status.CANCELLED)
        .coming()
        .distinct()
        .select_related("space", "space__site")
        .order_by("starts_at")[:limit]
    )


@register.simple_tag
def pending_event_count(user) -> int | None:
    """How many events wait for moderation; None for users who do not moderate."""
    if not can_moderate_events(user):
        return None
    return Event.objects.filter(status=Event.Status.PENDING).count()

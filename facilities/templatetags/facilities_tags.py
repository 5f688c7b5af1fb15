from django import template
from django.utils import timezone

from facilities.models import Booking, Space
from facilities.permissions import can_use_back_office
from portal import roles

register = template.Library()


@register.simple_tag
def upcoming_bookings(user, limit: int = 5):
    """The next open bookings of the user's associations (one query)."""
    ids = roles.represented_association_ids(user)
    if not ids:
        return []
    return list(
        Booking.objects.open()
        .filter(association_id__in=ids, ends_at__gte=timezone.now())
        .with_list_data()
        .order_by("starts_at")[:limit]
    )


@register.simple_tag
def pending_request_count(user) -> int | None:
    """How many requests wait in the officer's queue; None for users without a queue."""
    if not can_use_back_office(user):
        return None
    pending = Booking.objects.filter(status=Booking.Status.PENDING)
    if not roles.is_liaison_officer(user):
        pending = pending.filter(space__site__sector__in=roles.officer_sectors(user))
    return pending.count()


@register.simple_tag
def published_space_count() -> int:
    return Space.objects.published().count()

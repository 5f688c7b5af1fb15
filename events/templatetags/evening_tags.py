from django import template
from django.utils import timezone

from events.models import EveningInvitation
from events.templatetags.events_tags import DASHBOARD
from portal import roles

register = template.Library()


def _open_invitations(association_ids, now, limit):
    return (
        EveningInvitation.objects.filter(
            association_id__in=association_ids, evening__starts_at__gt=now
        )
        .select_related("evening", "association")
        .order_by("evening__starts_at", "association__name")[:limit]
    )


@register.simple_tag
def my_open_invitations(user, limit: int = 10) -> list[EveningInvitation]:
    """The invitations of the user's associations to evenings that have not started yet."""
    return DASHBOARD.objects(
        ("invitations", limit),
        lambda association_ids, now: _open_invitations(association_ids, now, limit),
        roles.represented_association_ids(user),
        timezone.now(),
    )

from django import template
from django.utils import timezone

from events.models import EveningInvitation
from portal import roles

register = template.Library()


@register.simple_tag
def my_open_invitations(user, limit: int = 10) -> list[EveningInvitation]:
    """The invitations of the user's associations to evenings that have not started yet."""
    ids = roles.represented_association_ids(user)
    if not ids:
        return []
    return list(
        EveningInvitation.objects.filter(
            association_id__in=ids, evening__starts_at__gt=timezone.now()
        )
        .select_related("evening", "association")
        .order_by("evening__starts_at", "association__name")[:limit]
    )

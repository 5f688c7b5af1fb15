from django import template

from events.models import ExternalFeed
from events.permissions import can_manage_feeds
from events.templatetags.events_tags import DASHBOARD

register = template.Library()


@register.simple_tag
def feed_problems(user) -> list[ExternalFeed] | None:
    """The feeds whose latest import failed; None for users who do not manage feeds."""
    if not can_manage_feeds(user):
        return None
    return DASHBOARD.objects(
        "feed problems",
        lambda: ExternalFeed.objects.exclude(last_error="").order_by("municipality", "name"),
    )

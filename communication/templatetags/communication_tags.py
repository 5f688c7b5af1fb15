from django import template

from communication.caching import VERSION
from communication.models import Message, News
from communication.permissions import can_moderate_news
from portal import roles

register = template.Library()

HUB_NEWS = 3


@register.simple_tag
def news_data_version() -> int:
    """The version of the public news, for keys of cached fragments."""
    return VERSION.current()


@register.simple_tag
def latest_news(limit: int = HUB_NEWS) -> list[News]:
    """The newest published news for the info hub (one query)."""
    return list(News.objects.published().with_list_data().order_by("-published_at", "-pk")[:limit])


@register.simple_tag
def my_recent_messages(user, limit: int = 3) -> list[Message]:
    """The latest messages sent to the user's associations."""
    ids = roles.represented_association_ids(user)
    if not ids:
        return []
    return list(
        Message.objects.filter(associations__in=ids)
        .exclude(status=Message.Status.DRAFT)
        .distinct()
        .order_by("-sent_at", "-pk")[:limit]
    )


@register.simple_tag
def pending_news_count(user) -> int | None:
    """How many news items wait for moderation; None for users who do not moderate."""
    if not can_moderate_news(user):
        return None
    return News.objects.filter(status=News.Status.PENDING).count()

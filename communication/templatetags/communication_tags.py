from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from communication.caching import VERSION
from communication.models import Message, News
from communication.permissions import can_moderate_news
from portal import roles
from portal.database import CompiledStatements
from portal.tally import WAITING

register = template.Library()

# The home page's figures, with SQL compiled once per worker: putting a queryset together
# cost more than its query (portal.database.CompiledStatements).
HUB = CompiledStatements(size=4, prepared=True)
# The dashboard's, per number of associations.
DASHBOARD = CompiledStatements(size=32, prepared=True)

HUB_NEWS = 3


@register.simple_tag
def news_data_version() -> int:
    """The version of the public news, for keys of cached fragments."""
    return VERSION.current()


@register.simple_tag
def latest_news(limit: int = HUB_NEWS) -> list[News]:
    """The newest published news for the info hub: their titles and dates (one query)."""
    return HUB.instances(
        limit,
        lambda: (
            News.objects.published()
            .only("title", *(f"title_{code}" for code, _name in settings.LANGUAGES), "published_at")
            .order_by("-published_at", "-pk")[:limit]
        ),
        News,
    )


@register.simple_tag
def my_recent_messages(user, limit: int = 3) -> list[Message]:
    """The latest messages sent to the user's associations."""
    return DASHBOARD.objects(
        ("messages", limit),
        lambda association_ids: (
            Message.objects.filter(associations__in=association_ids)
            .exclude(status=Message.Status.DRAFT)
            .distinct()
            .order_by("-sent_at", "-pk")[:limit]
        ),
        roles.represented_association_ids(user),
    )


NEWS_TO_MODERATE = WAITING.count(
    "news to moderate",
    lambda: News.objects.filter(status=News.Status.PENDING),
    shown_to=can_moderate_news,
)


@register.simple_tag(takes_context=True)
def pending_news_count(context) -> int | None:
    """How many news items wait for moderation; None for users who do not moderate."""
    return NEWS_TO_MODERATE.read(context.request)


@register.simple_tag(takes_context=True)
def news_cards(context, news) -> SafeString:
    """The cards of a news list, built in Python: a template per card cost more than the
    page's queries."""
    # Every news page lies under the list's address; one reverse() instead of one per card.
    base = reverse("communication:news_list")
    municipality = context.get("MUNICIPALITY_NAME", "")
    cards = []
    for item in news:
        when = ""
        if item.published_at:
            published = timezone.localtime(item.published_at)
            when = format_html(
                '<time datetime="{}">{}.{}.{}</time> · ',
                published.isoformat(),
                published.day,
                published.month,
                published.year,
            )
        status = ""
        if item.status != News.Status.PUBLISHED:
            status = format_html(" · <strong>{}</strong>", item.get_status_display())
        cards.append(
            format_html(
                '<li class="card" data-testid="news-{}">\n'
                '  <h2><a href="{}{}/">{}</a></h2>\n'
                '  <p class="meta">{}{}{}</p>\n'
                "  <p>{}</p>\n"
                "</li>",
                item.pk,
                base,
                item.pk,
                item.title,
                when,
                item.association.name if item.association else municipality,
                status,
                item.lead,
            )
        )
    return mark_safe("\n".join(cards))  # noqa: S308 - every card is built by format_html

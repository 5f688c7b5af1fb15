"""News, messages and subscriptions of one year, for the council's annual report.

A news item belongs to the year it was published in, a message to the year it was sent in, and
a delivery to the year it was sent in. Subscriptions are counted as they stood when the report
was made: an unsubscribed address is deleted, so past years' counts cannot be told.
"""

from datetime import date, datetime, time

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from communication.models import Delivery, Message, News, Subscription


def _year(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def council_figures(year: int) -> dict:
    """Four queries, however many news items, messages and mails."""
    first, last = _year(year)
    news = News.objects.filter(
        status=News.Status.PUBLISHED, published_at__gte=first, published_at__lt=last
    ).aggregate(
        total=Count("pk"),
        municipal=Count("pk", filter=Q(association__isnull=True)),
        associations=Count("pk", filter=Q(association__isnull=False)),
    )
    messages = Message.objects.filter(sent_at__gte=first, sent_at__lt=last).count()
    mails = Delivery.objects.filter(sent_at__gte=first, sent_at__lt=last).aggregate(
        to_associations=Count("pk", filter=Q(message__isnull=False)),
        announcements=Count("pk", filter=Q(announcement__isnull=False)),
    )
    topics = dict(
        Subscription.objects.filter(confirmed_at__isnull=False)
        .values_list("topic")
        .annotate(count=Count("subscriber", distinct=True))
        .order_by()
    )
    return {
        "year": year,
        "news": news,
        "messages": messages,
        "mails": mails,
        "subscriptions": [
            {"label": str(label), "count": topics.get(value, 0)}
            for value, label in Subscription.Topic.choices
        ],
    }


def annual_section(year: int):
    """News and messages in the council's annual report."""
    from portal.council import Section

    return Section(
        anchor="communication-summary",
        title=_("News and messages"),
        html=render_to_string(
            "communication/pdf/council_section.html", {"figures": council_figures(year)}
        ),
    )

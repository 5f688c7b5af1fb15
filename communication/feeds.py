"""The news as an Atom feed (Django's syndication framework), in the page's language."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from communication.models import News

FEED_ITEMS = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("News – %(municipality)s") % {"municipality": settings.MUNICIPALITY_NAME}

    def subtitle(self):
        return _("News of the municipality and its associations")

    def link(self):
        return reverse("communication:news_list")

    def items(self) -> list[News]:
        # Only what an entry shows: the news' texts and the associations' rows are long.
        items = list(
            News.objects.published()
            .select_related("association")
            .only("title", "lead", "published_at", "updated_at", "association__name")
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )
        # Each entry's address as News.get_absolute_url, with one reverse() rather than thirty.
        base = reverse("communication:news_list")
        for item in items:
            item.feed_link = f"{base}{item.pk}/"  # type: ignore[attr-defined]
        return items

    def item_link(self, item: News) -> str:
        return item.feed_link  # type: ignore[attr-defined]

    def item_title(self, item: News) -> str:
        return item.title

    def item_description(self, item: News) -> str:
        return item.lead

    def item_pubdate(self, item: News):
        return item.published_at

    def item_updateddate(self, item: News):
        return item.updated_at

    def item_author_name(self, item: News) -> str:
        return item.association.name if item.association else settings.MUNICIPALITY_NAME

"""The news list, a news item and the Atom feed over 3,000 news items."""

from datetime import timedelta

from django.utils import timezone

from bench import Scenario

NEWS = 3_000
MARKER = "Bench-uutinen 0"


def prepare(*, stdout) -> list[Scenario]:
    from communication.caching import data_changed
    from communication.models import News

    scenarios = [
        Scenario("communication: news list", "/uutiset/"),
        Scenario("communication: news list, page 5", "/uutiset/?page=5"),
        Scenario("communication: atom feed", "/uutiset/atom.xml"),
    ]
    existing = News.objects.filter(title_fi=MARKER).first()
    if existing is not None:
        stdout.write("already prepared")
        return [*scenarios, Scenario("communication: news page", f"/uutiset/{existing.pk}/")]
    now = timezone.now()
    rows = [
        News(
            title_fi=f"Bench-uutinen {n}",
            lead_fi="Lyhyt johdanto uutiseen. " * 4,
            body_fi="Uutisen teksti kertoo, mitä kunnassa tapahtuu. " * 40,
            status=News.Status.PUBLISHED,
            published_at=now - timedelta(hours=n),
        )
        for n in range(NEWS)
    ]
    news = News.objects.bulk_create(rows, batch_size=1000)
    data_changed()
    stdout.write(f"{len(news)} news")
    return [*scenarios, Scenario("communication: news page", f"/uutiset/{news[0].pk}/")]

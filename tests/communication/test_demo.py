import io

from django.urls import reverse
from django.utils import translation

from communication import demo
from communication.models import Delivery, Message, News, Subscription
from organizations import demo as organizations_demo


def test_the_demo_seeds_twice_without_error_and_shows_news_and_messages(db, client):
    organizations_demo.seed(stdout=io.StringIO())

    demo.seed(stdout=io.StringIO())
    counts = (News.objects.count(), Message.objects.count(), Delivery.objects.count())
    demo.seed(stdout=io.StringIO())

    assert (News.objects.count(), Message.objects.count(), Delivery.objects.count()) == counts
    assert News.objects.filter(status=News.Status.PENDING).count() == 1
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).exists()
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() >= 3
    with translation.override("en"):
        page = client.get(reverse("communication:news_list")).content.decode()
    assert "Avustushaku syksyn toimintaan on auki" in page


def test_bench_prepares_its_news_once_and_its_pages_answer(db, client, monkeypatch):
    from bench import communication as bench

    monkeypatch.setattr(bench, "NEWS", 30)
    scenarios = bench.prepare(stdout=io.StringIO())
    again = bench.prepare(stdout=io.StringIO())

    assert News.objects.count() == 30
    assert [s.path for s in again] == [s.path for s in scenarios]
    for scenario in scenarios:
        assert client.get(scenario.path).status_code == 200

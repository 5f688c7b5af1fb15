"""Factories for news, messages and subscriptions (users and associations: tests/factories.py)."""

import factory
from django.utils import timezone

from communication.models import Message, News, Subscriber, Subscription


class NewsFactory(factory.django.DjangoModelFactory):
    """The municipality's published news by default."""

    class Meta:
        model = News

    title_fi = factory.Sequence(lambda n: f"Uutinen {n}")
    lead_fi = "Lyhyt johdanto uutiseen."
    body_fi = "Uutisen teksti kertoo, mitä kunnassa tapahtuu."
    status = News.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=News.Status.PENDING, published_at=None)
        draft = factory.Trait(status=News.Status.DRAFT, published_at=None)


class MessageFactory(factory.django.DjangoModelFactory):
    """A draft to every listed association, in Finnish only."""

    class Meta:
        model = Message

    subject_fi = factory.Sequence(lambda n: f"Tiedote {n}")
    body_fi = "Hyvä yhdistys, tässä kunnan tiedote."
    audience = Message.Audience.ALL


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"asukas{n}@example.fi")
    language = "fi"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription to news by default."""

    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    topic = Subscription.Topic.NEWS
    key = ""
    confirmed_at = factory.LazyFunction(timezone.now)

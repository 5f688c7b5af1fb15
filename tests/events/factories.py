"""Factories for the events app's rows."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from events.models import Event, ExternalFeed


def day_at(days_ahead: int, hour: int = 18) -> datetime:
    """A local time some days from today."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Tapahtuma {n}")
    description = "Tervetuloa mukaan!"
    starts_at = factory.LazyFunction(lambda: day_at(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    address = "Kirkkotie 1, Esimerkkilä"
    category = Event.Category.CULTURE
    audiences = factory.LazyFunction(lambda: [Event.Audience.EVERYONE])
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        big = factory.Trait(is_big=True, expected_audience=500)
        pending = factory.Trait(status=Event.Status.PENDING, published_at=None)

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)


def shown_feed(**fields) -> ExternalFeed:
    """A neighbouring municipality's feed that the officer has chosen to show."""
    values = {
        "name": "Tapahtumat",
        "municipality": "Naapurila",
        "url": "https://naapurila.example/tapahtumat.ics",
        "is_shown": True,
        **fields,
    }
    return ExternalFeed.objects.create(**values)

"""Factories for the facilities app's rows."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from facilities.models import Booking, BookingRules, OpeningException, OpeningHours, Site, Space
from tests.factories import AssociationFactory, UserFactory


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Kohde {n}")
    slug = factory.Sequence(lambda n: f"kohde-{n}")
    address = "Kirkkotie 1"


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Tila {n}")
    slug = factory.Sequence(lambda n: f"tila-{n}")
    type = Space.Type.MEETING_ROOM
    capacity = 20


class BookingRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookingRules

    space = factory.SubFactory(SpaceFactory)
    start_interval_minutes = 30
    min_length_minutes = 30
    max_length_minutes = 240
    max_days_ahead = 90
    max_open_bookings = 5
    requires_approval = True
    cancellation_deadline_hours = 24


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    weekday = 0
    opens_at = time(8)
    closes_at = time(22)


class OpeningExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningException

    reason = "Joulu"
    is_closed = True


def open_every_day(site, opens=time(8), closes=time(22)):
    for weekday in range(7):
        OpeningHoursFactory(site=site, weekday=weekday, opens_at=opens, closes_at=closes)


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """An aware local time `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking row without occupancy; use services.book_space when the time must be held."""

    class Meta:
        model = Booking

    space = factory.SubFactory(SpaceFactory)
    association = factory.SubFactory(AssociationFactory)
    booked_by = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: at(7, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    purpose = "Kuoroharjoitukset"
    expected_participants = 10
    is_public_benefit = True
    status = Booking.Status.CONFIRMED

"""The organisers of public events, kept by the database for the calendar's organiser filter,
agree with events.models.PUBLIC after every kind of change to an event or its organisers."""

import pytest
from django.db.models import Count

from events import services
from events.models import Event, PublicOrganiser
from tests.events.factories import EventFactory
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def kept() -> dict[int, int]:
    return dict(PublicOrganiser.objects.values_list("association_id", "events"))


def counted() -> dict[int, int]:
    """The same figures counted from the events, as the ORM says which are public."""
    return dict(
        Event.objects.public()
        .filter(organisers__isnull=False)
        .values_list("organisers")
        .annotate(count=Count("pk"))
        .order_by()
    )


def test_the_kept_counts_follow_every_change_to_events_and_organisers(liaison_officer):
    choir, band, club = (AssociationFactory() for _ in range(3))
    first = EventFactory(organisers=[choir, band])
    waiting = EventFactory(organisers=[choir], pending=True)
    EventFactory(organisers=[club], status=Event.Status.CANCELLED, published_at=None)
    band_pk = band.pk
    steps = [kept()]

    services.publish_event(event=waiting, by=liaison_officer)
    steps.append(kept())
    waiting.organisers.add(club)
    steps.append(kept())
    first.organisers.remove(band)
    steps.append(kept())
    services.cancel_event(event=first, by=liaison_officer)
    steps.append(kept())
    # A cancelled event that residents saw stays in the calendar, and so does its organiser.
    assert kept() == counted()
    Event.objects.filter(pk=waiting.pk).update(
        status=Event.Status.RETURNED, return_reason="Lisää osoite."
    )
    steps.append(kept())
    Event.objects.filter(pk=waiting.pk).update(status=Event.Status.PUBLISHED)
    waiting.organisers.set([band])
    steps.append(kept())
    first.delete()
    steps.append(kept())
    band.delete()
    steps.append(kept())

    assert steps[0] == {choir.pk: 1, band_pk: 1}
    assert steps[1] == {choir.pk: 2, band_pk: 1}
    assert steps[2] == {choir.pk: 2, band_pk: 1, club.pk: 1}
    assert steps[3] == {choir.pk: 2, club.pk: 1}
    assert steps[4] == {choir.pk: 2, club.pk: 1}
    assert steps[5] == {choir.pk: 1}
    assert steps[6] == {choir.pk: 1, band_pk: 1}
    assert steps[7] == {band_pk: 1}
    assert steps[8] == {}
    assert kept() == counted()


def test_the_kept_counts_match_a_busy_calendar_after_bulk_changes():
    associations = [AssociationFactory() for _ in range(6)]
    events = [
        EventFactory(organisers=associations[n % 6 : n % 6 + n % 3 + 1], pending=n % 4 == 0)
        for n in range(30)
    ]
    Event.objects.filter(pk__in=[event.pk for event in events[::5]]).update(
        status=Event.Status.DRAFT
    )
    Event.objects.filter(pk__in=[event.pk for event in events[1::7]]).update(
        status=Event.Status.CANCELLED
    )
    Event.objects.filter(pk__in=[event.pk for event in events[2::9]]).delete()

    assert kept() == counted()
    assert len(kept()) == 6

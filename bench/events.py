"""The event calendar's list, month, event page and feed over a year of 5,000 events."""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from bench import Scenario

EVENTS = 5_000
ORGANISERS = 60
PREFIX = "bench-tapahtumat"


def prepare(*, stdout) -> list[Scenario]:
    from events.caching import data_changed
    from events.models import Event
    from organizations.models import Association

    month = timezone.localdate() + timedelta(days=40)
    namespace = uuid.UUID("0b6a1c9e-7d1f-4e02-8a3b-5c7d9e1f2a40")
    first_uid = uuid.uuid5(namespace, "0")
    scenarios = [
        Scenario("events: calendar list", "/tapahtumat/"),
        Scenario("events: month view", f"/tapahtumat/kuukausi/?kuukausi={month:%Y-%m}"),
        Scenario("events: week view", f"/tapahtumat/viikko/?viikko={month:%Y-%m-%d}"),
        Scenario("events: list by category", "/tapahtumat/?kategoria=music&maksuton=on"),
    ]
    existing = Event.objects.filter(uid=first_uid).first()
    if existing is not None:
        stdout.write("already prepared")
        return [*scenarios, Scenario("events: event page", f"/tapahtumat/{existing.pk}/")]

    associations = Association.objects.bulk_create(
        Association(name=f"Bench Tapahtumat {n} ry", slug=f"{PREFIX}-{n}", is_verified=True)
        for n in range(ORGANISERS)
    )
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    categories = Event.Category.values
    rows = []
    for n in range(EVENTS):
        day = today + timedelta(days=n * 365 // EVENTS)
        starts_at = datetime.combine(day, time(10 + n % 10), tzinfo=tz)
        rows.append(
            Event(
                uid=uuid.uuid5(namespace, str(n)),
                title=f"Tapahtuma {n}",
                description="Tervetuloa mukaan! " * 20,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                address="Kirkkotie 1",
                category=categories[n % len(categories)],
                audiences=["everyone"],
                is_free=bool(n % 3),
                price="" if n % 3 else "5 €",
                expected_audience=50,
                status=Event.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        )
    events = Event.objects.bulk_create(rows, batch_size=2000)
    Event.organisers.through.objects.bulk_create(
        (
            Event.organisers.through(
                event_id=event.pk, association_id=associations[n % ORGANISERS].pk
            )
            for n, event in enumerate(events)
        ),
        batch_size=5000,
    )
    data_changed()
    stdout.write(f"{len(events)} events of {len(associations)} associations")
    return [*scenarios, Scenario("events: event page", f"/tapahtumat/{events[0].pk}/")]

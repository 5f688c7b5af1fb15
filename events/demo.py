"""A year of demo events from the register's associations, with a few big ones that clash.

The rows are written directly, not through the services: a year of moderation decisions would
fill the audit log with decisions nobody made. Each event has a fixed UID, so running the demo
again adds only what is missing.
"""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from events.caching import data_changed
from events.models import Event, EventSettings, TrustedPublisher
from facilities.models import Space
from organizations.models import Association

DEMO_NAMESPACE = uuid.UUID("6f0c2a1e-3b7d-4c55-9a51-2f4a8e0d7c10")
ASSOCIATIONS = 36
EVENTS_PER_ASSOCIATION = 5

# (title, category, audiences, hour, hours, expected audience, is free)
KINDS: list[tuple] = [
    ("Konsertti", "music", ["everyone"], 18, 2, 80, False),
    ("Perhepäivä", "village", ["families", "children"], 11, 4, 60, True),
    ("Talkoopäivä", "volunteering", ["everyone"], 10, 5, 25, True),
    ("Luento ja keskustelu", "course", ["adults", "older"], 18, 2, 40, True),
    ("Nuorten ilta", "culture", ["youth"], 17, 3, 30, True),
    ("Ulkoilutapahtuma", "sports", ["everyone", "families"], 10, 3, 70, True),
    ("Avoin kokous", "meeting", ["adults"], 18, 2, 20, True),
    ("Myyjäiset", "market", ["everyone"], 10, 4, 120, True),
]
# Big events; the first two fall on the same Saturday, the third on the next day.
BIG: list[tuple] = [
    ("Kesäjuhlat", "village", ["everyone", "families"], 12, 6, 600),
    ("Kyläjuoksu ja urheilukarnevaali", "sports", ["everyone"], 10, 6, 400),
    ("Kirkonkylän markkinat", "market", ["everyone"], 9, 8, 800),
]
ADDRESSES = ["Seurantalo, Kylätie 3", "Koulun piha, Koulutie 1", "Kirkonkylän tori"]


def _uid(association: Association, number: int) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{association.slug}/{number}")


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _first_saturday_of_july(today):
    year = today.year if today.month < 7 else today.year + 1
    day = datetime(year, 7, 1).date()  # noqa: DTZ001 - a date only
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _event(association, number, kind, day, spaces, *, big=False) -> Event:
    title, category, audiences, hour, hours, audience = kind[:6]
    is_free = kind[6] if len(kind) > 6 else True
    space = spaces[number % len(spaces)] if spaces and number % 3 == 0 else None
    return Event(
        uid=_uid(association, number),
        title=f"{title}: {association.name}" if not big else title,
        description=(
            f"{association.name} kutsuu kaikki mukaan. Tervetuloa! Lisätietoja yhdistyksen "
            "verkkosivuilta."
        ),
        starts_at=_at(day, hour),
        ends_at=_at(day, hour) + timedelta(hours=hours),
        space=space,
        address="" if space else ADDRESSES[number % len(ADDRESSES)],
        category=category,
        audiences=audiences,
        languages=["fi"],
        is_free=is_free,
        price="" if is_free else "Aikuiset 10 €, lapset 5 €",
        accessibility="Esteetön sisäänkäynti." if number % 2 else "",
        expected_audience=audience,
        is_big=big,
        status=Event.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def seed(*, stdout) -> None:
    """Make a year of events for the first listed associations; safe to run again."""
    EventSettings.load()
    associations = list(Association.objects.listed().order_by("pk")[:ASSOCIATIONS])
    if not associations:
        stdout.write("no associations, no events.")
        return
    spaces = list(Space.objects.published().order_by("pk"))
    today = timezone.localdate()
    existing = set(Event.objects.values_list("uid", flat=True))
    made: list[tuple[Event, Association]] = []
    for index, association in enumerate(associations):
        for number in range(EVENTS_PER_ASSOCIATION):
            day = today + timedelta(days=7 + (index * 11 + number * 73) % 358)
            kind = KINDS[(index + number) % len(KINDS)]
            made.append((_event(association, number, kind, day, spaces), association))
    saturday = _first_saturday_of_july(today)
    for index, kind in enumerate(BIG):
        association = associations[index % len(associations)]
        day = saturday + timedelta(days=index // 2)
        made.append((_event(association, 100, kind, day, [], big=True), association))
    # One big event waits for the officer, on the same Saturday as the two published ones.
    waiting = _event(associations[-1], 101, BIG[0], saturday, [], big=True)
    waiting.title, waiting.status, waiting.published_at = "Kesäkarnevaali", "pending", None
    made.append((waiting, associations[-1]))
    new = [(event, association) for event, association in made if event.uid not in existing]
    Event.objects.bulk_create([event for event, _association in new])
    Event.organisers.through.objects.bulk_create(
        [
            Event.organisers.through(event_id=event.pk, association_id=association.pk)
            for event, association in new
        ]
    )
    TrustedPublisher.objects.get_or_create(association=associations[0])
    data_changed()
    stdout.write(f"{len(new)} events added ({len(made)} demo events in the calendar).")

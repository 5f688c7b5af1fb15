"""A year of demo events from the register's associations, with a few big ones that clash.

The rows are written directly, not through the services: a year of moderation decisions would
fill the audit log with decisions nobody made. Each event has a fixed UID, so running the demo
again adds only what is missing.
"""

import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone
from icalendar import Calendar

from events import feeds
from events.caching import data_changed
from events.models import Event, EventSettings, ExternalFeed, TrustedPublisher
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
    seed_neighbour_feed(saturday=saturday, stdout=stdout)
    seed_evenings(stdout=stdout)


# A neighbouring municipality's calendar, shipped as a file: the demo never goes to the network.
NEIGHBOUR_FEED_FILE = Path(__file__).parent / "demo" / "naapurila.ics"
NEIGHBOUR_FEED_URL = "https://naapurila.example/tapahtumat.ics"
# The file's summer market falls on this Saturday; the demo moves it to the coming July.
NEIGHBOUR_MARKET_DAY = date(2026, 7, 4)


def _moved(content: bytes, by: timedelta) -> bytes:
    """The calendar with every event moved by whole weeks, so that weekdays stay."""
    calendar = Calendar.from_ical(content)
    for component in calendar.walk("VEVENT"):
        for name in ("dtstart", "dtend"):
            if component.get(name) is not None:
                value = component.decoded(name) + by
                component.pop(name)
                component.add(name, value)
    return calendar.to_ical()


def seed_neighbour_feed(*, saturday, stdout) -> None:
    """Import Naapurila's calendar from the file; its market clashes with the summer party."""
    feed, _created = ExternalFeed.objects.get_or_create(
        url=NEIGHBOUR_FEED_URL,
        defaults={
            "name": "Naapurilan tapahtumat",
            "municipality": "Naapurila",
            "is_shown": True,
            "is_big": True,
        },
    )
    content = _moved(NEIGHBOUR_FEED_FILE.read_bytes(), saturday - NEIGHBOUR_MARKET_DAY)
    result = feeds.import_feed(feed=feed, content=content)
    stdout.write(f"{result.created} events imported from {feed.municipality}'s calendar.")


# Association evenings and the annual cycle: (key, title, kind, month, day, end month, end day).
CYCLE_ITEMS: list[tuple] = [
    ("strategy", "Kuntastrategian päivitys: yhdistysten kuuleminen", "strategy", 1, 15, 3, 15),
    ("wellbeing-input", "Hyvinvointikertomus: palaute avautuu", "wellbeing", 2, 1, 3, 31),
    ("wellbeing-council", "Hyvinvointikertomus valtuustossa", "wellbeing", 6, 10, None, None),
    ("budget", "Talousarvion valmistelu: yhdistysten toiveet", "budget", 8, 15, 10, 15),
    ("survey", "Järjestöystävällisyyden vuosikysely", "other", 10, 1, 10, 31),
    ("budget-decision", "Talousarvio valtuustossa", "budget", 12, 8, None, None),
]


def _cycle_items(year: int) -> dict:
    from events.models import CycleItem

    items = {}
    for key, title, kind, month, day, end_month, end_day in CYCLE_ITEMS:
        items[key], _created = CycleItem.objects.get_or_create(
            uid=uuid.uuid5(DEMO_NAMESPACE, f"cycle/{year}/{key}"),
            defaults={
                "title": title,
                "kind": kind,
                "starts_on": date(year, month, day),
                "ends_on": date(year, end_month, end_day) if end_month else None,
                "description": "Yhdistykset mukana kunnan vuosikellossa.",
            },
        )
    return items


def seed_evenings(*, stdout) -> None:
    """Three association evenings (one held, one coming, one sector meeting) and the cycle."""
    from events.evenings import audience
    from events.models import AgendaItem, Evening, EveningInvitation
    from grants.models import GrantRound

    today = timezone.localdate()
    items = _cycle_items(today.year)
    grant_round = GrantRound.objects.published().order_by("-closes_at").first()
    space = Space.objects.published().order_by("pk").first()
    evenings = [
        (
            "spring",
            "Kevään yhdistysilta",
            "",
            -45,
            [
                ("Hyvinvointikertomus: yhdistysten havainnot", items["wellbeing-input"], None),
                ("Avustusten haku ja käyttöselvitykset", None, grant_round),
                ("Yhdistysten vapaa sana", None, None),
            ],
        ),
        (
            "autumn",
            "Syksyn yhdistysilta",
            "",
            21,
            [
                ("Talousarvion valmistelu ja yhdistysten toiveet", items["budget"], None),
                ("Ensi vuoden avustushaut", None, grant_round),
                ("Järjestöystävällisyyden vuosikysely", items["survey"], None),
            ],
        ),
        (
            "sports",
            "Liikuntaseurojen teemailta",
            "sports",
            35,
            [("Liikuntapaikkojen vuorot", None, None), ("Liikunta-avustukset", None, grant_round)],
        ),
    ]
    made = 0
    for key, title, sector, days, agenda in evenings:
        starts_at = _at(today + timedelta(days=days), 18)
        invited_at = starts_at - timedelta(days=30)
        evening, created = Evening.objects.get_or_create(
            uid=uuid.uuid5(DEMO_NAMESPACE, f"evening/{key}"),
            defaults={
                "title": title,
                "sector": sector,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=2, minutes=30),
                "space": space,
                "address": "" if space else "Kunnantalo, Kirkkotie 1",
                "description": "Kunta kutsuu yhdistykset kuulemaan ajankohtaiset asiat ja "
                "kertomaan omat toiveensa. Kahvitarjoilu.",
                "invited_at": invited_at,
            },
        )
        if not created:
            continue
        made += 1
        AgendaItem.objects.bulk_create(
            AgendaItem(evening=evening, order=order, title=text, cycle_item=item, grant_round=gr)
            for order, (text, item, gr) in enumerate(agenda, start=1)
        )
        invited = list(audience(evening)[:40])
        invitations = []
        for index, association in enumerate(invited):
            is_attending = [True, True, False, None][index % 4]
            answered_at = invited_at + timedelta(days=3) if is_attending is not None else None
            invitations.append(
                EveningInvitation(
                    evening=evening,
                    association=association,
                    email=association.contact_email,
                    language="fi",
                    sent_at=invited_at if association.contact_email else None,
                    is_attending=is_attending,
                    head_count=1 + index % 3 if is_attending else 0,
                    topics="Tilojen vuorot ja avustusten aikataulu." if index % 5 == 0 else "",
                    answered_at=answered_at,
                    has_attended=bool(is_attending) and days < 0 and index % 7 != 0,
                )
            )
        EveningInvitation.objects.bulk_create(invitations, ignore_conflicts=True)
        if days < 0:
            evening.minutes = (
                "Paikalla kunnan ja yhdistysten edustajat.\n\n"
                "1. Hyvinvointikertomus: yhdistykset toivat esiin nuorten harrastusmahdollisuudet "
                "ja ikäihmisten yksinäisyyden.\n"
                "2. Avustukset: hakuaika ja käyttöselvityksen lomake esiteltiin.\n"
                "3. Seuraava yhdistysilta pidetään syksyllä."
            )
            evening.minutes_published_at = evening.ends_at + timedelta(days=2)
            evening.save(update_fields=["minutes", "minutes_published_at"])
    stdout.write(f"{made} association evenings added.")

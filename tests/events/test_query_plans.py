"""The public calendar's queries stay on indexes when the calendar holds thousands of events."""

import re
import uuid
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from events.views import public

pytestmark = pytest.mark.django_db

EVENTS = 6_000
JOINED_TABLES = (
    "events_event",
    "events_event_organisers",
    "organizations_association",
    "facilities_space",
    "facilities_site",
)


@pytest.fixture
def big_calendar():
    """Three years of events, some past, some waiting for moderation, most published."""
    tz = timezone.get_current_timezone()
    first = timezone.localdate() - timedelta(days=365)
    rows = []
    for n in range(EVENTS):
        starts_at = datetime.combine(first + timedelta(days=n * 3 * 365 // EVENTS), time(18), tz)
        rows.append(
            Event(
                uid=uuid.uuid4(),
                title=f"Tapahtuma {n}",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                address="Kirkkotie 1",
                category=Event.Category.values[n % len(Event.Category.values)],
                is_free=True,
                status=Event.Status.PENDING if n % 10 == 0 else Event.Status.PUBLISHED,
                published_at=None if n % 10 == 0 else timezone.now(),
            )
        )
    Event.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        # Every table the list's statement joins: on a new database the others have no
        # statistics yet, and the planner's guesses about them could decide the plan.
        for table in JOINED_TABLES:
            cursor.execute(f"ANALYZE {table}")


def test_the_list_page_reads_its_events_through_an_index(big_calendar):
    from django.test.utils import CaptureQueriesContext

    from events.listing import list_page, matching

    statement = matching(Event.objects.public().coming()).query.sql_with_params()
    with CaptureQueriesContext(connection) as captured:
        page, rows = list_page(statement, "3", public.PAGE_SIZE)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert len(rows) == public.PAGE_SIZE
    assert page.number == 3
    # The events themselves, not their (here empty) table of organiser links.
    assert not re.search(r"Seq Scan on events_event\s", plan), plan
    assert "Index" in plan, plan


def test_the_organiser_choices_are_the_listed_associations_with_a_public_event():
    from events.filters import EventFilter, filter_choices
    from tests.events.factories import EventFactory
    from tests.factories import AssociationFactory

    public, waiting, unlisted, cancelled, _idle = (
        AssociationFactory(name=name)
        for name in ("Bändi ry", "Odottava ry", "Piilossa ry", "Peruttu ry", "Hiljainen ry")
    )
    unlisted.is_listed = False
    unlisted.save()
    EventFactory(organisers=[public])
    EventFactory(organisers=[public, waiting], pending=True)
    EventFactory(organisers=[waiting], pending=True)
    EventFactory(organisers=[unlisted])
    EventFactory(organisers=[cancelled], status=Event.Status.CANCELLED)
    queryset = EventFilter.base_filters["jarjestaja"].queryset

    choices = filter_choices().organisers

    assert choices == [(str(public.pk), "Bändi ry"), (str(cancelled.pk), "Peruttu ry")]
    assert choices == [(str(pk), name) for pk, name in queryset.values_list("pk", "name")]


def test_the_count_of_a_category_reads_that_category_through_an_index(big_calendar):
    from django.db.models import Count

    events = Event.objects.public().coming().filter(category=Event.Category.MUSIC)
    with connection.cursor() as cursor:
        sql, params = events.values("category").annotate(n=Count("pk")).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "event_public_category_idx" in plan, plan


def test_the_home_pages_count_of_coming_events_reads_the_index_alone(big_calendar, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.test.utils import CaptureQueriesContext

    from events.templatetags.events_tags import COMING

    request = rf.get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as captured:
        count = COMING.read(request)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert count > 0
    assert count == Event.objects.public().filter(status=Event.Status.PUBLISHED).coming().count()
    assert "Seq Scan on events_event" not in plan, plan
    assert "event_published_end_idx" in plan, plan

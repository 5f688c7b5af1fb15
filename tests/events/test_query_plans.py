"""The public calendar's queries stay on indexes when the calendar holds thousands of events."""

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from events.views import public

pytestmark = pytest.mark.django_db

EVENTS = 3_000


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
        cursor.execute("ANALYZE events_event")


def test_the_list_page_reads_its_events_through_an_index(big_calendar):
    events = public._list_rows().coming()[: public.PAGE_SIZE]

    plan = events.explain()

    assert "Seq Scan on events_event" not in plan, plan
    assert "Index" in plan, plan

"""The week view of the public calendar, and the links between the calendar's views."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, ExternalEvent, ExternalFeed
from tests.events.factories import EventFactory, shown_feed
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db

WEEK_URL = "events:event_week"


def local(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def this_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def test_the_week_shows_this_weeks_events_by_default(resident):
    monday = this_monday()
    EventFactory(title="Viikon konsertti", starts_at=local(monday, 18), ends_at=local(monday, 20))
    EventFactory(
        title="Ensi viikon retki",
        starts_at=local(monday + timedelta(days=7), 10),
        ends_at=local(monday + timedelta(days=7), 14),
    )

    response = resident.get(reverse(WEEK_URL))

    text = response.content.decode()
    assert response.status_code == 200
    assert [day.day for day in response.context["days"]] == [
        monday + timedelta(days=offset) for offset in range(7)
    ]
    assert "18:00 Viikon konsertti" in text
    assert "Ensi viikon retki" not in text


def test_the_week_is_chosen_by_its_iso_name_or_by_a_day_in_it(resident):
    EventFactory(
        title="Laskiaisrieha",
        starts_at=local(date(2099, 2, 18), 12),
        ends_at=local(date(2099, 2, 18), 15),
    )

    by_name = resident.get(reverse(WEEK_URL), {"viikko": "2099-W08"})
    by_day = resident.get(reverse(WEEK_URL), {"viikko": "2099-02-20"})

    for response in (by_name, by_day):
        assert response.context["monday"] == date(2099, 2, 16)
        assert "Laskiaisrieha" in response.content.decode()
        assert "Events in week 8, 16.2.–22.2.2099" in response.content.decode()


def test_an_event_of_several_days_shows_on_each_of_its_days_in_the_week(resident):
    EventFactory(
        title="Kylämarkkinat",
        starts_at=local(date(2099, 2, 21), 10),
        ends_at=local(date(2099, 2, 24), 16),
    )

    response = resident.get(reverse(WEEK_URL), {"viikko": "2099-W08"})

    days = [cell.day for cell in response.context["days"] if cell.events]
    assert days == [date(2099, 2, 21), date(2099, 2, 22)]


def test_the_week_links_to_the_previous_and_next_week_with_the_filters_kept(resident):
    response = resident.get(reverse(WEEK_URL), {"viikko": "2099-W01", "kategoria": "music"})

    text = response.content.decode()
    assert 'href="?kategoria=music&amp;viikko=2098-W52"' in text
    assert 'href="?kategoria=music&amp;viikko=2099-W02"' in text


def test_the_week_marks_cancelled_events(resident):
    EventFactory(
        title="Peruttu tanssit",
        status=Event.Status.CANCELLED,
        starts_at=local(date(2099, 2, 18), 19),
        ends_at=local(date(2099, 2, 18), 23),
    )

    response = resident.get(reverse(WEEK_URL), {"viikko": "2099-W08"})

    assert "Cancelled: 19:00 Peruttu tanssit" in response.content.decode()


def test_the_week_marks_a_neighbouring_municipalitys_event_with_its_source(resident):
    feed = ExternalFeed.objects.create(
        name="Tapahtumat",
        municipality="Naapurila",
        url="https://naapurila.example/tapahtumat.ics",
        is_shown=True,
    )
    ExternalEvent.objects.create(
        feed=feed,
        uid="markkinat@naapurila.example",
        title="Naapurilan markkinat",
        starts_at=local(date(2099, 2, 19), 10),
        ends_at=local(date(2099, 2, 19), 14),
    )

    response = resident.get(reverse(WEEK_URL), {"viikko": "2099-W08"})

    text = response.content.decode()
    assert "Naapurilan markkinat" in text
    assert "(Naapurila)" in text


def test_the_week_keeps_to_the_filters(resident):
    day = date(2099, 2, 18)
    EventFactory(
        title="Sählyturnaus",
        category=Event.Category.SPORTS,
        starts_at=local(day, 10),
        ends_at=local(day, 12),
    )
    EventFactory(title="Taidenäyttely", starts_at=local(day, 10), ends_at=local(day, 12))

    response = resident.get(reverse(WEEK_URL), {"viikko": "2099-W08", "kategoria": "sports"})

    text = response.content.decode()
    assert "Sählyturnaus" in text
    assert "Taidenäyttely" not in text


@pytest.mark.parametrize(
    "week", ["2099-W54", "2025-W53", "2099-13-01", "viikko", "\x00", "99999-W01", "1899-W01"]
)
def test_a_malformed_week_gives_a_clear_message(resident, week):
    response = resident.get(reverse(WEEK_URL), {"viikko": week})

    assert response.status_code == 400
    assert "not a week (YYYY-Www" in response.content.decode()
    assert response.context["monday"] == this_monday()


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("feed_shown", [False, True])
def test_the_week_runs_the_same_queries_for_few_and_many_events(
    resident, django_assert_num_queries, rows, feed_shown
):
    organisers = AssociationFactory.create_batch(2)
    monday = this_monday()
    for index in range(rows):
        EventFactory(
            organisers=organisers,
            starts_at=local(monday + timedelta(days=index % 3), 18),
            ends_at=local(monday + timedelta(days=4), 20),
        )

    # the events, and the organiser and place choices with whether a feed is shown; the
    # shown neighbouring calendars' events when one is
    if feed_shown:
        shown_feed()
    with django_assert_num_queries(3 if feed_shown else 2):
        response = resident.get(reverse(WEEK_URL))

    assert response.status_code == 200
    assert sum(len(day.events) for day in response.context["days"]) >= rows


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("events:event_list", "view-list"),
        (WEEK_URL, "view-week"),
        ("events:event_month", "view-month"),
    ],
)
def test_each_calendar_view_links_to_the_others_and_marks_itself(resident, url_name, current):
    response = resident.get(reverse(url_name), {"kategoria": "music"})

    text = response.content.decode()
    assert f'id="{current}" aria-current="page"' in text
    assert text.count('aria-current="page"') == 1
    assert f'href="{reverse(WEEK_URL)}?kategoria=music' in text
    assert f'href="{reverse("events:event_month")}?kategoria=music' in text
    assert f'href="{reverse("events:event_list")}?kategoria=music"' in text


def test_the_month_view_links_to_a_week_of_that_month_and_back(resident):
    month = resident.get(reverse("events:event_month"), {"kuukausi": "2099-02"})
    week = resident.get(reverse(WEEK_URL), {"viikko": "2099-W09"})

    assert f'href="{reverse(WEEK_URL)}?viikko=2099-W05"' in month.content.decode()
    # Week 9 of 2099 runs from 23 February to 1 March: most of it is in February.
    assert f'href="{reverse("events:event_month")}?kuukausi=2099-02"' in week.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
def test_a_month_at_the_end_of_the_calendar_gives_a_clear_message(resident, month):
    response = resident.get(reverse("events:event_month"), {"kuukausi": month})

    assert response.status_code == 400
    assert "not a month (YYYY-MM)" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/tapahtumat/", "section-calendar"),
        ("/tapahtumat/viikko/", "section-calendar"),
        ("/tapahtumat/kuukausi/", "section-calendar"),
        ("/tapahtumat/yhdistysillat/", "section-evenings"),
        ("/vuosikello/", "section-cycle"),
    ],
)
def test_the_calendar_evenings_and_annual_cycle_share_a_sub_navigation(resident, url, section):
    response = resident.get(url, follow=True)

    text = response.content.decode()
    assert f'id="{section}" aria-current="true"' in text
    for other in ("section-calendar", "section-evenings", "section-cycle"):
        assert f'id="{other}"' in text
    assert 'id="nav-events" aria-current="true"' in text


def test_day_markup_escapes_every_text_and_says_what_is_not_shown():
    from datetime import date

    from django.utils import translation

    from events.month import Day, Entry, ImportedEntry
    from events.templatetags.events_tags import _days_events, day_events

    busy = Day(date(2027, 1, 4), True, hidden=2, more_url="/tapahtumat/?alkaen=2027-01-04&x=<")
    busy.events = [
        Entry(
            url="/tapahtumat/1/", title='Rock & "roll" <live>', starts="18:00", is_cancelled=False
        ),
        Entry(url="/tapahtumat/2/", title="Kuoro", starts="", is_cancelled=True),
        ImportedEntry(
            url="https://naapuri.example/?a=1&b=2",
            title="Markkinat",
            starts="10:00",
            is_cancelled=False,
            source="Naapuri & Co",
        ),
    ]
    single = Day(date(2027, 1, 5), True, hidden=1, more_url="/m/")
    single.events = [Entry(url="/tapahtumat/3/", title="Ilta", starts="", is_cancelled=False)]
    empty = Day(date(2027, 1, 6), True)

    with translation.override("en"):
        written = _days_events([busy, single, empty])
        alone = str(day_events(busy))

    assert written[0] == (
        "<ul>\n"
        '<li><a href="/tapahtumat/1/">18:00 Rock &amp; &quot;roll&quot; &lt;live&gt;</a></li>\n'
        '<li class="event-cancelled"><a href="/tapahtumat/2/">Cancelled: Kuoro</a></li>\n'
        '<li><a href="https://naapuri.example/?a=1&amp;b=2">10:00 Markkinat</a>'
        ' <span class="event-source">(Naapuri &amp; Co)</span></li>\n'
        '<li class="more-events"><a href="/tapahtumat/?alkaen=2027-01-04&amp;x=&lt;">'
        "2 more events</a></li>\n"
        "</ul>"
    )
    assert written[1].endswith('<li class="more-events"><a href="/m/">1 more event</a></li>\n</ul>')
    assert written[2] == ""
    assert alone == written[0]

import json
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event
from tests.events.factories import EventFactory, day_at, shown_feed
from tests.facilities.factories import SpaceFactory
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_and_cancelled_events_but_not_pending_ones(resident):
    EventFactory(title="Kevätkonsertti")
    EventFactory(title="Peruttu tanssit", status=Event.Status.CANCELLED)
    EventFactory(title="Odottava retki", pending=True)

    response = resident.get(reverse("events:event_list"))

    text = response.content.decode()
    assert "Kevätkonsertti" in text
    assert "Peruttu tanssit" in text
    assert "Cancelled:" in text
    assert "Odottava retki" not in text


def test_past_events_are_left_out_of_the_list_unless_dates_are_chosen(resident):
    EventFactory(title="Mennyt juhla", starts_at=day_at(-3), ends_at=day_at(-3, 20))
    day = (timezone.localdate() - timedelta(days=3)).isoformat()

    coming = resident.get(reverse("events:event_list"))
    chosen = resident.get(reverse("events:event_list"), {"alkaen": day, "asti": day})

    assert "Mennyt juhla" not in coming.content.decode()
    assert "Mennyt juhla" in chosen.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_runs_the_same_queries_for_few_and_many_events(
    resident, django_assert_num_queries, rows
):
    organisers = AssociationFactory.create_batch(2)
    space = SpaceFactory()
    for index in range(rows):
        EventFactory(organisers=organisers, space=space if index % 2 else None)

    # count, events with their organisers, and the choices of the organiser and place filters
    with django_assert_num_queries(3):
        response = resident.get(reverse("events:event_list"), {"maksuton": "on"})

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("feed_shown", [False, True])
def test_the_month_runs_the_same_queries_for_few_and_many_events(
    resident, django_assert_num_queries, rows, feed_shown
):
    organisers = AssociationFactory.create_batch(2)
    for index in range(rows):
        EventFactory(organisers=organisers, starts_at=day_at(index % 5), ends_at=day_at(6, 20))

    # the events, and the organiser and place choices with whether a feed is shown; the
    # shown neighbouring calendars' events when one is
    if feed_shown:
        shown_feed()
    with django_assert_num_queries(3 if feed_shown else 2):
        response = resident.get(reverse("events:event_month"))

    assert response.status_code == 200


def test_filters_choose_category_audience_free_organiser_and_place(resident):
    club = AssociationFactory(name="Urheiluseura")
    space = SpaceFactory(name="Palloilusali")
    EventFactory(
        title="Sählyturnaus",
        category=Event.Category.SPORTS,
        audiences=[Event.Audience.YOUTH],
        organisers=[club],
        space=space,
    )
    EventFactory(title="Taidenäyttely", is_free=False, price="5 €")
    url = reverse("events:event_list")

    for query in [
        {"kategoria": "sports"},
        {"kenelle": "youth"},
        {"maksuton": "on"},
        {"jarjestaja": club.pk},
        {"paikka": space.pk},
    ]:
        text = resident.get(url, query).content.decode()
        assert "Sählyturnaus" in text, query
        assert "Taidenäyttely" not in text, query


def test_a_malformed_date_filter_gives_a_clear_message(resident):
    EventFactory(title="Kevätkonsertti")

    response = resident.get(reverse("events:event_list"), {"alkaen": "31.2.2026"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a valid date." in text
    assert "Some filters were not understood" in text


def test_a_malformed_month_gives_a_clear_message(resident):
    response = resident.get(reverse("events:event_month"), {"kuukausi": "2026-13"})

    assert response.status_code == 400
    assert "not a month (YYYY-MM)" in response.content.decode()


def test_the_month_shows_an_event_of_several_days_on_each_day(resident):
    year = timezone.localdate().year + 1
    tz = timezone.get_current_timezone()
    EventFactory(
        title="Kylämarkkinat",
        starts_at=datetime(year, 3, 10, 10, tzinfo=tz),
        ends_at=datetime(year, 3, 12, 16, tzinfo=tz),
    )

    response = resident.get(reverse("events:event_month"), {"kuukausi": f"{year}-03"})

    days = [cell.day for week in response.context["weeks"] for cell in week if cell.events]
    assert days == [date(year, 3, 10), date(year, 3, 11), date(year, 3, 12)]
    assert response.content.decode().count("Kylämarkkinat") == 3


def test_the_month_ranks_each_day_with_one_day_and_longer_events_together(resident):
    year = timezone.localdate().year + 1
    tz = timezone.get_current_timezone()
    # From the February before the shown month to the April after it: on every shown day.
    EventFactory(
        title="Kevätnäyttely",
        starts_at=datetime(year, 2, 20, 8, tzinfo=tz),
        ends_at=datetime(year, 4, 20, 20, tzinfo=tz),
    )
    for hour, title in ((7, "Aamukahvit"), (9, "Kuorotreenit"), (12, "Lounaskonsertti")):
        EventFactory(
            title=title,
            starts_at=datetime(year, 3, 11, hour, tzinfo=tz),
            ends_at=datetime(year, 3, 11, hour + 1, tzinfo=tz),
        )

    response = resident.get(reverse("events:event_month"), {"kuukausi": f"{year}-03"})

    cells = {cell.day: cell for week in response.context["weeks"] for cell in week}
    busy = cells[date(year, 3, 11)]
    # By start: the exhibition that began in February comes first.
    assert [entry.title for entry in busy.events] == [
        "Kevätnäyttely",
        "Aamukahvit",
        "Kuorotreenit",
    ]
    assert busy.hidden == 1
    assert all(
        [entry.title for entry in cell.events] == ["Kevätnäyttely"]
        for day, cell in cells.items()
        if day != date(year, 3, 11)
    )


def test_the_month_says_when_each_event_starts_in_local_time_on_its_first_day_only(resident):
    year = timezone.localdate().year + 1
    tz = timezone.get_current_timezone()
    EventFactory(
        title="Yökahvila",
        starts_at=datetime(year, 3, 10, 0, 30, tzinfo=tz),
        ends_at=datetime(year, 3, 10, 2, tzinfo=tz),
    )
    EventFactory(
        title="Kesäleiri",
        starts_at=datetime(year, 3, 10, 18, 30, tzinfo=tz),
        ends_at=datetime(year, 3, 11, 12, tzinfo=tz),
    )
    EventFactory(
        title="Koko päivän myyjäiset",
        starts_at=datetime(year, 3, 12, tzinfo=tz),
        ends_at=datetime(year, 3, 13, tzinfo=tz),
        is_all_day=True,
    )

    response = resident.get(reverse("events:event_month"), {"kuukausi": f"{year}-03"})

    shown = {
        (cell.day.day, entry.title): entry.starts
        for week in response.context["weeks"]
        for cell in week
        for entry in cell.events
    }
    assert shown == {
        (10, "Yökahvila"): "00:30",
        (10, "Kesäleiri"): "18:30",
        (11, "Kesäleiri"): "",
        (12, "Koko päivän myyjäiset"): "",
    }


def test_the_detail_page_has_schema_org_json_ld_that_no_title_can_break_out_of(resident):
    association = AssociationFactory(name="Kylän Teatteri ry")
    event = EventFactory(title="</script><script>alert(1)</script>", organisers=[association])

    response = resident.get(event.get_absolute_url())

    text = response.content.decode()
    assert "</script><script>alert(1)" not in text
    start = text.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(text[start : text.index("</script>", start)])
    assert data["@type"] == "Event"
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["organizer"][0]["name"] == "Kylän Teatteri ry"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_a_cancelled_event_says_so_on_its_page(resident):
    event = EventFactory(status=Event.Status.CANCELLED)

    response = resident.get(event.get_absolute_url())

    assert "This event has been cancelled." in response.content.decode()
    assert "EventCancelled" in response.content.decode()


def test_a_pending_event_is_not_found_by_residents(resident):
    event = EventFactory(pending=True)

    assert resident.get(event.get_absolute_url()).status_code == 404


def test_the_association_page_include_lists_coming_published_events(rf):
    from django.template.loader import render_to_string

    association = AssociationFactory()
    EventFactory(title="Syysretki", organisers=[association])
    EventFactory(title="Odottava", pending=True, organisers=[association])
    EventFactory(title="Toisen juhla")

    html = render_to_string("events/includes/association_events.html", {"association": association})

    assert "Syysretki" in html
    assert "Odottava" not in html
    assert "Toisen juhla" not in html


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("events:event_list", {"paikka": "\x00"}),
        ("events:event_list", {"jarjestaja": "1.5"}),
        ("events:event_list", {"kategoria": "ei-ole"}),
        ("events:event_list", {"asti": "2026-02-30"}),
        ("events:event_month", {"kuukausi": "\x00"}),
        ("events:event_month", {"kuukausi": "99999-01"}),
    ],
)
def test_malformed_filters_are_refused_with_the_reason(resident, url_name, query):
    response = resident.get(reverse(url_name), query)

    assert response.status_code == 400


def test_a_page_number_that_is_no_number_shows_the_first_page(resident):
    EventFactory(title="Kevätkonsertti")

    response = resident.get(reverse("events:event_list"), {"page": "abc"})

    assert "Kevätkonsertti" in response.content.decode()


def test_a_cached_list_shows_a_cancellation_at_once(resident, association, association_rep):
    from events import services

    event = EventFactory(title="Kevätkonsertti", organisers=[association])
    resident.get(reverse("events:event_list"))

    services.cancel_event(event=event, by=association_rep)
    response = resident.get(reverse("events:event_list"))

    assert "Cancelled:" in response.content.decode()


def test_the_list_is_served_from_the_cache_to_anonymous_visitors(
    resident, django_assert_num_queries
):
    EventFactory(title="Kevätkonsertti")
    resident.get(reverse("events:event_list"))

    with django_assert_num_queries(0):
        response = resident.get(reverse("events:event_list"))

    assert "Kevätkonsertti" in response.content.decode()


def test_the_association_page_shows_a_published_event_and_then_its_cancellation(
    resident, association, association_rep, liaison_officer
):
    from events import services

    event = EventFactory(title="Syysretki", pending=True, organisers=[association])
    before = resident.get(association.get_absolute_url())

    services.publish_event(event=event, by=liaison_officer)
    published = resident.get(association.get_absolute_url())
    services.cancel_event(event=event, by=association_rep)
    cancelled = resident.get(association.get_absolute_url())

    assert "Syysretki" not in before.content.decode()
    assert "Syysretki" in published.content.decode()
    assert "Cancelled: Syysretki" not in published.content.decode()
    assert "Cancelled: Syysretki" in cancelled.content.decode()


def test_the_filter_choices_are_kept_until_an_event_changes(resident, liaison_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events import services

    EventFactory(organisers=[AssociationFactory(name="Kuoro ry")])
    SpaceFactory(name="Juhlasali")
    url = reverse("events:event_list")
    first = resident.get(url, {"kategoria": "music"})

    with CaptureQueriesContext(connection) as again:
        resident.get(url, {"kategoria": "sports"})
    newcomer = AssociationFactory(name="Lauluseura")
    services.publish_event(
        event=EventFactory(organisers=[newcomer], pending=True), by=liaison_officer
    )
    changed = resident.get(url, {"kenelle": "youth"})

    assert "Kuoro ry" in first.content.decode()
    assert "Juhlasali" in first.content.decode()
    assert not [q for q in again.captured_queries if "facilities_space" in q["sql"]]
    assert not [q for q in again.captured_queries if "EXISTS" in q["sql"]]
    assert f'<option value="{newcomer.pk}">Lauluseura</option>' in changed.content.decode()


def test_the_filter_choices_are_planned_once_per_connection_and_logged_in_full():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.filters import filter_choices

    EventFactory(organisers=[AssociationFactory(name="Kuoro ry")])

    with CaptureQueriesContext(connection) as logged:
        first, second = filter_choices(), filter_choices()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%FROM events_publicorganiser organiser%"],
        )
        prepared = cursor.fetchone()[0]

    assert [label for _pk, label in first.organisers] == ["Kuoro ry"]
    assert second == first
    assert prepared == 1
    assert len(logged.captured_queries) == 2
    assert all("events_publicorganiser" in query["sql"] for query in logged.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("events:event_list", {}),
        ("events:event_week", {}),
        ("events:event_month", {}),
    ],
)
def test_no_title_or_organiser_name_can_add_markup_to_the_calendar(resident, url_name, query):
    EventFactory(
        title="<script>alert(1)</script>",
        organisers=[AssociationFactory(name="<b>Seura</b>")],
        starts_at=day_at(0, 23),
        ends_at=day_at(1, 1),
    )

    text = resident.get(reverse(url_name), query).content.decode()

    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>Seura</b>" not in text


def _busy_day(day: date, count: int, **fields) -> list[Event]:
    tz = timezone.get_current_timezone()
    return [
        EventFactory(
            title=f"Kerho {hour}",
            starts_at=datetime(day.year, day.month, day.day, hour, tzinfo=tz),
            ends_at=datetime(day.year, day.month, day.day, hour, 30, tzinfo=tz),
            **fields,
        )
        for hour in range(8, 8 + count)
    ]


def test_a_busy_day_in_the_month_shows_its_first_events_and_links_to_the_rest(resident):
    day = date(timezone.localdate().year + 1, 5, 12)
    _busy_day(day, 5, category=Event.Category.MUSIC)

    response = resident.get(
        reverse("events:event_month"), {"kuukausi": f"{day:%Y-%m}", "kategoria": "music"}
    )

    text = response.content.decode()
    cell = next(cell for week in response.context["weeks"] for cell in week if cell.day == day)
    assert [entry.title for entry in cell.events] == ["Kerho 8", "Kerho 9", "Kerho 10"]
    assert "Kerho 11" not in text
    assert "2 more events" in text
    assert cell.hidden == 2
    # The link keeps the filter and opens the list of that day, which shows all five.
    assert "kategoria=music" in cell.more_url
    listed = resident.get(cell.more_url).content.decode()
    assert all(f"Kerho {hour}" in listed for hour in range(8, 13))


def test_a_day_with_few_events_shows_them_all_without_a_link(resident):
    day = date(timezone.localdate().year + 1, 5, 12)
    _busy_day(day, 3)

    response = resident.get(reverse("events:event_month"), {"kuukausi": f"{day:%Y-%m}"})

    text = response.content.decode()
    assert all(f"Kerho {hour}" in text for hour in range(8, 11))
    assert "more event" not in text


def test_a_busy_day_in_the_week_shows_more_of_its_events(resident):
    day = date(timezone.localdate().year + 1, 5, 12)
    _busy_day(day, 10)

    response = resident.get(reverse("events:event_week"), {"viikko": day.isoformat()})

    text = response.content.decode()
    assert "Kerho 15" in text
    assert "Kerho 16" not in text
    assert "2 more events" in text


def test_the_place_choices_are_named_in_the_visitors_language(resident):
    space = SpaceFactory(name="Juhlasali", name_sv="Festsalen", site__name="Kunnantalo")
    space.site.name_sv = "Kommunhuset"
    space.site.save()
    untranslated = SpaceFactory(name="Kerhohuone", site=space.site)

    with translation.override("sv"):
        swedish = resident.get(reverse("events:event_list")).content.decode()
    finnish = resident.get(reverse("events:event_list")).content.decode()

    assert f'<option value="{space.pk}">Kommunhuset: Festsalen</option>' in swedish
    # A name without its Swedish form falls back to the Finnish one.
    assert f'<option value="{untranslated.pk}">Kommunhuset: Kerhohuone</option>' in swedish
    assert f'<option value="{space.pk}">Kunnantalo: Juhlasali</option>' in finnish


def test_a_list_row_names_every_organiser_by_name(resident, settings):
    EventFactory(
        title="Yhteiskonsertti",
        organisers=[AssociationFactory(name="Puhallinorkesteri"), AssociationFactory(name="Kuoro")],
    )
    own = EventFactory(title="Kunnan juhla", organisers=[])

    text = resident.get(reverse("events:event_list")).content.decode()

    assert "Kuoro, Puhallinorkesteri" in text
    # The municipality's own event names the municipality as its organiser.
    own_row = text.split(f'data-testid="event-{own.pk}"')[1].split("</li>")[0]
    assert f'<p class="muted">{settings.MUNICIPALITY_NAME} · ' in own_row


def test_a_list_row_says_when_as_the_date_filter_would(resident):
    tz = timezone.get_current_timezone()
    # Friday 1 January 2100: far enough to be coming whenever the test runs.
    friday = datetime(2100, 1, 1, 18, 5, tzinfo=tz)
    EventFactory(title="Ilta", starts_at=friday, ends_at=friday + timedelta(hours=2))
    EventFactory(title="Yön yli", starts_at=friday, ends_at=friday + timedelta(days=1, hours=1))
    midnight = datetime(2100, 1, 2, tzinfo=tz)
    EventFactory(
        title="Lauantai", starts_at=midnight, ends_at=midnight + timedelta(days=1), is_all_day=True
    )
    EventFactory(
        title="Viikonloppu",
        starts_at=midnight,
        ends_at=midnight + timedelta(days=2),
        is_all_day=True,
    )

    text = resident.get(reverse("events:event_list"), {"alkaen": "2100-01-01"}).content.decode()

    def when(title):
        return text.split(f">{title}</a></h3>")[1].split("</p>")[0].strip().removeprefix("<p>")

    assert when("Ilta") == "Fri 1.1.2100 18:05–20:05"
    assert when("Yön yli") == "Fri 1.1. 18:05 – Sat 2.1.2100 19:05"
    assert when("Lauantai") == "Sat 2.1.2100 (all day)"
    # An all-day event ends at midnight: its last day is the one before.
    assert when("Viikonloppu") == "Sat 2.1.–Sun 3.1.2100 (all day)"


def test_filter_forms_share_their_class_but_not_their_fields_or_data():
    from events.filters import EventFilter

    music = EventFilter({"kategoria": "music"}, queryset=Event.objects.public())
    wrong = EventFilter({"kategoria": "ei-ole", "alkaen": "31.2."}, queryset=Event.objects.public())

    assert type(music.form) is type(wrong.form)
    assert music.form.fields["kategoria"] is not wrong.form.fields["kategoria"]
    assert music.form.fields["jarjestaja"].widget is not wrong.form.fields["jarjestaja"].widget
    assert music.is_valid()
    assert not wrong.is_valid()
    assert set(wrong.form.errors) == {"kategoria", "alkaen"}
    assert music.form.cleaned_data["kategoria"] == "music"


def test_a_time_zone_other_than_the_local_days_zone_is_an_error(settings):
    from events.checks import local_days_are_in_the_time_zone

    assert local_days_are_in_the_time_zone(None) == []
    settings.TIME_ZONE = "Europe/Stockholm"
    errors = local_days_are_in_the_time_zone(None)

    assert [error.id for error in errors] == ["events.E001"]
    assert "Europe/Stockholm" in errors[0].msg


def test_the_database_keeps_each_events_local_days():
    tz = timezone.get_current_timezone()
    year = timezone.localdate().year + 1
    events = [
        EventFactory(
            starts_at=datetime(year, 3, 10, 0, 30, tzinfo=tz),
            ends_at=datetime(year, 3, 10, 2, tzinfo=tz),
        ),
        EventFactory(
            starts_at=datetime(year, 3, 10, 23, tzinfo=tz),
            ends_at=datetime(year, 3, 11, 0, tzinfo=tz),
        ),
        EventFactory(
            starts_at=datetime(year, 3, 28, 18, tzinfo=tz),
            ends_at=datetime(year, 3, 30, 1, tzinfo=tz),
        ),
    ]

    for event in events:
        kept = Event.objects.values_list("starts_on", "ends_on").get(pk=event.pk)
        assert kept == (event.first_day, event.last_day)
    assert [Event.objects.get(pk=event.pk).ends_on.day for event in events] == [10, 10, 30]

import contextlib
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from events import feeds
from events.models import ExternalEvent, ExternalFeed
from portal.models import AuditEvent
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

SAMPLE_PATH = Path(__file__).parent / "data" / "naapurila.ics"
SAMPLE = SAMPLE_PATH.read_bytes()
HELSINKI = ZoneInfo("Europe/Helsinki")
MARKET_UID = "kesamarkkinat-2099@naapurila.example"


class FeedServer:
    """A calendar server on 127.0.0.1: each path answers with a status, a body and a delay."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, dict, float]] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body, headers, delay = routes.get(self.path, (404, b"", {}, 0))
                time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    # An empty value leaves the header out: the body then ends when the
                    # connection closes, as HTTP/1.0 allows.
                    if value:
                        self.send_header(name, value)
                if "Content-Length" not in headers and "Location" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path, body=b"", *, status=200, headers=None, delay=0.0) -> str:
        self.routes[path] = (status, body, headers or {"Content-Type": "text/calendar"}, delay)
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.close()


def make_feed(url="https://naapurila.example/tapahtumat.ics", **fields) -> ExternalFeed:
    values = {"name": "Tapahtumat", "municipality": "Naapurila", "url": url, **fields}
    return ExternalFeed.objects.create(**values)


def changed_sample() -> bytes:
    """The sample with the market moved an hour later and the dance taken out of the feed."""
    content = SAMPLE.replace(
        b"DTSTART;TZID=Europe/Helsinki:20990704T100000",
        b"DTSTART;TZID=Europe/Helsinki:20990704T110000",
    ).replace(b"SUMMARY:Naapurilan kes\xc3\xa4markkinat", b"SUMMARY:Suuret kes\xc3\xa4markkinat")
    start = content.index(b"BEGIN:VEVENT\r\nUID:tanssit-2099")
    end = content.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")
    return content[:start] + content[end:]


# Importing


def test_a_good_feed_creates_its_events_with_times_in_helsinki(server):
    feed = make_feed(server.serve("/cal.ics", SAMPLE))

    result = feeds.refresh_feed(feed=feed)

    assert (result.created, result.updated, result.removed) == (4, 0, 0)
    market = ExternalEvent.objects.get(uid=MARKET_UID)
    assert market.title == "Naapurilan kesämarkkinat"
    assert market.location == "Naapurilan tori"
    assert market.url == "https://naapurila.example/tapahtumat/kesamarkkinat"
    assert market.starts_at == datetime(2099, 7, 4, 10, tzinfo=HELSINKI)
    assert market.ends_at == datetime(2099, 7, 4, 16, tzinfo=HELSINKI)
    assert market.is_big
    feed.refresh_from_db()
    assert feed.last_imported_at is not None
    assert feed.last_error == ""


def test_all_day_floating_and_utc_times_are_read_right():
    feed = make_feed()

    feeds.import_feed(feed=feed, content=SAMPLE)

    days = ExternalEvent.objects.get(uid="kotiseutupaivat-2099@naapurila.example")
    assert days.is_all_day
    assert days.starts_at == datetime(2099, 7, 10, tzinfo=HELSINKI)
    assert days.ends_at == datetime(2099, 7, 12, tzinfo=HELSINKI)
    concert = ExternalEvent.objects.get(uid="konsertti-2099@naapurila.example")
    assert concert.starts_at == datetime(2099, 8, 1, 18, tzinfo=HELSINKI)
    assert concert.ends_at == datetime(2099, 8, 1, 20, tzinfo=HELSINKI)
    dance = ExternalEvent.objects.get(uid="tanssit-2099@naapurila.example")
    assert dance.starts_at == datetime(2099, 8, 15, 19, tzinfo=HELSINKI)
    assert dance.is_cancelled


def test_an_event_without_a_uid_and_a_script_address_are_left_out():
    feed = make_feed()

    feeds.import_feed(feed=feed, content=SAMPLE)

    assert not ExternalEvent.objects.filter(title="Tapahtuma ilman tunnistetta").exists()
    assert ExternalEvent.objects.get(uid="konsertti-2099@naapurila.example").url == ""


def test_a_changed_event_is_updated_in_place_and_keeps_its_uid():
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)
    before = ExternalEvent.objects.get(uid=MARKET_UID)

    result = feeds.import_feed(feed=feed, content=changed_sample())

    after = ExternalEvent.objects.get(uid=MARKET_UID)
    assert after.pk == before.pk
    assert after.title == "Suuret kesämarkkinat"
    assert after.starts_at == datetime(2099, 7, 4, 11, tzinfo=HELSINKI)
    assert result.updated == 1


def test_an_event_gone_from_the_feed_is_marked_removed():
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)

    result = feeds.import_feed(feed=feed, content=changed_sample())

    dance = ExternalEvent.objects.get(uid="tanssit-2099@naapurila.example")
    assert dance.is_removed
    assert dance.removed_at is not None
    assert result.removed == 1
    assert ExternalEvent.objects.current().count() == 3


def test_an_event_back_in_the_feed_is_no_longer_removed():
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)
    feeds.import_feed(feed=feed, content=changed_sample())

    feeds.import_feed(feed=feed, content=SAMPLE)

    assert not ExternalEvent.objects.get(uid="tanssit-2099@naapurila.example").is_removed


def test_importing_the_same_calendar_again_changes_nothing():
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)

    result = feeds.import_feed(feed=feed, content=SAMPLE)

    assert (result.created, result.updated, result.removed) == (0, 0, 0)


def imported_before_a_broken_import():
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)
    return feed, list(ExternalEvent.objects.values_list("uid", "title", "is_removed"))


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"Internal Server Error", "The server answered with HTTP status 500."),
        (404, b"", "The server answered with HTTP status 404."),
        (200, b"<html><body>Sivua ei l\xc3\xb6ydy</body></html>", "did not return an iCalendar"),
        (200, b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x", "did not return an iCalendar"),
    ],
)
def test_a_broken_feed_leaves_the_imported_events_and_records_the_error(
    server, status, body, message
):
    feed, before = imported_before_a_broken_import()
    feed.url = server.serve("/broken.ics", body, status=status)
    feed.save()

    result = feeds.refresh_feed(feed=feed)

    assert result is None
    assert list(ExternalEvent.objects.values_list("uid", "title", "is_removed")) == before
    feed.refresh_from_db()
    assert message in feed.last_error
    assert feed.last_error_at is not None


def test_an_oversized_feed_is_refused_without_reading_it_all(server, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_BYTES", 1000)
    feed, before = imported_before_a_broken_import()
    feed.url = server.serve("/big.ics", SAMPLE * 3)
    feed.save()

    assert feeds.refresh_feed(feed=feed) is None

    feed.refresh_from_db()
    assert "larger than" in feed.last_error
    assert list(ExternalEvent.objects.values_list("uid", "title", "is_removed")) == before


def test_an_oversized_feed_without_a_stated_length_is_cut_off_at_the_cap(server, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_BYTES", 1000)
    url = server.serve("/big.ics", SAMPLE * 3, headers={"Content-Length": ""})

    with pytest.raises(feeds.FeedError, match="larger than"):
        feeds.fetch(url)


def test_a_server_that_does_not_answer_in_time_is_an_error(server, monkeypatch):
    monkeypatch.setattr(feeds, "TIMEOUT_SECONDS", 0.3)
    feed, before = imported_before_a_broken_import()
    feed.url = server.serve("/slow.ics", SAMPLE, delay=1.5)
    feed.save()

    assert feeds.refresh_feed(feed=feed) is None

    feed.refresh_from_db()
    assert "did not answer within" in feed.last_error
    assert list(ExternalEvent.objects.values_list("uid", "title", "is_removed")) == before


def test_an_unreachable_address_is_an_error(server):
    port = server.server.server_port
    server.close()
    feed = make_feed(f"http://127.0.0.1:{port}/cal.ics")

    assert feeds.refresh_feed(feed=feed) is None

    feed.refresh_from_db()
    assert "could not be reached" in feed.last_error


def test_a_redirect_to_a_file_address_is_refused(server):
    url = server.serve("/moved.ics", status=302, headers={"Location": "file:///etc/passwd"})

    with pytest.raises(feeds.FeedError, match="not http or https"):
        feeds.fetch(url)


def test_only_http_and_https_addresses_are_fetched():
    with pytest.raises(feeds.FeedError, match="Only http and https"):
        feeds.fetch("file:///etc/passwd")


def test_a_successful_import_clears_the_previous_error(server):
    feed = make_feed(server.serve("/cal.ics", SAMPLE), last_error="Virhe", last_error_at=None)

    feeds.refresh_feed(feed=feed)

    feed.refresh_from_db()
    assert feed.last_error == ""


def test_the_hourly_task_imports_every_feed(monkeypatch):
    from events.tasks import import_feeds_task

    first, second = make_feed(), make_feed(url="https://toinen.example/cal.ics")
    monkeypatch.setattr(feeds, "fetch", lambda url: SAMPLE)

    import_feeds_task()

    assert ExternalEvent.objects.filter(feed=first).count() == 4
    assert ExternalEvent.objects.filter(feed=second).count() == 4


def test_the_beat_schedule_runs_the_import_hourly():
    from events.schedule import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["events-import-feeds"]
    assert entry["task"] == "events.tasks.import_feeds_task"
    assert len(entry["schedule"].hour) == 24


# Clashes


def imported_market(**feed_fields) -> ExternalEvent:
    feed = make_feed(**feed_fields)
    feeds.import_feed(feed=feed, content=SAMPLE)
    return ExternalEvent.objects.get(uid=MARKET_UID)


def market_day(hour: int) -> datetime:
    return datetime(2099, 7, 4, hour, tzinfo=HELSINKI)


def test_the_clash_warning_names_an_imported_big_event_and_its_municipality(
    client_for, association, association_rep, threshold
):
    market = imported_market()
    data = {
        "title": "Kesäjuhla",
        "organisers": [association.pk],
        "starts_on": "2099-07-04",
        "starts_time": "12:00",
        "ends_time": "16:00",
        "description": "Kylän kesäjuhla.",
        "category": "village",
        "audiences": ["families"],
        "address": "Kylätalo",
        "expected_audience": "300",
        "is_free": "on",
    }

    response = client_for(association_rep).post(reverse("events:event_create"), data)

    text = response.content.decode()
    assert f'data-testid="imported-clash-{market.pk}"' in text
    assert "In the calendar of Naapurila" in text
    assert not association.events.exists()


def test_imported_events_of_a_feed_not_treated_as_big_do_not_clash(threshold):
    imported_market(is_big=False)

    clashes = feeds.imported_clashing_with(market_day(12), market_day(16))

    assert clashes == []


def test_unticking_big_on_the_feed_takes_its_events_out_of_the_clashes(liaison_officer):
    market = imported_market()
    feed = market.feed

    feed.is_big = False
    feeds.save_feed(feed=feed, by=liaison_officer)

    assert feeds.imported_clashing_with(market_day(12), market_day(16)) == []


def test_removed_and_cancelled_imported_events_do_not_clash():
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)
    feeds.import_feed(feed=feed, content=changed_sample())

    dance_day = datetime(2099, 8, 15, 12, tzinfo=HELSINKI)
    assert feeds.imported_clashing_with(dance_day, dance_day.replace(hour=14)) == []


def test_the_officer_sees_imported_clashes_in_the_queue_and_on_the_decision_page(
    client_for, liaison_officer, association
):
    market = imported_market()
    pending = EventFactory(
        pending=True,
        big=True,
        organisers=[association],
        starts_at=market_day(18),
        ends_at=market_day(22),
    )
    client = client_for(liaison_officer)

    queue = client.get(reverse("events:moderation_queue"))
    decide = client.get(reverse("events:event_decide", args=[pending.pk]))

    assert f'data-testid="imported-clash-{market.pk}"' in queue.content.decode()
    assert f'data-testid="imported-clash-{market.pk}"' in decide.content.decode()


# The calendar


def test_a_shown_feed_appears_in_the_list_and_month_marked_with_its_source(resident):
    imported_market(is_shown=True)

    listing = resident.get(reverse("events:event_list"))
    month = resident.get(reverse("events:event_month"), {"kuukausi": "2099-07"})

    assert "Naapurilan kesämarkkinat" in listing.content.decode()
    assert "From the calendar of Naapurila" in listing.content.decode()
    assert "Naapurilan kesämarkkinat" in month.content.decode()
    assert "(Naapurila)" in month.content.decode()


def test_a_feed_not_shown_stays_out_of_the_calendar(resident):
    imported_market(is_shown=False)

    listing = resident.get(reverse("events:event_list"))
    month = resident.get(reverse("events:event_month"), {"kuukausi": "2099-07"})

    assert "Naapurilan kesämarkkinat" not in listing.content.decode()
    assert "Naapurilan kesämarkkinat" not in month.content.decode()


def test_a_category_filter_leaves_imported_events_out(resident):
    imported_market(is_shown=True)

    listing = resident.get(reverse("events:event_list"), {"kategoria": "music"})

    assert "Naapurilan kesämarkkinat" not in listing.content.decode()


def test_a_removed_event_leaves_the_calendar(resident):
    feed = make_feed(is_shown=True)
    feeds.import_feed(feed=feed, content=SAMPLE)
    feeds.import_feed(feed=feed, content=changed_sample())

    month = resident.get(reverse("events:event_month"), {"kuukausi": "2099-08"})

    assert "Lavatanssit" not in month.content.decode()
    assert "Kesäkonsertti" in month.content.decode()


# The officer's pages


@pytest.mark.parametrize(
    "role", [None, "plain_user", "association_rep", "sector_officer", "council_member"]
)
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("feed_list", "get"),
        ("feed_create", "get"),
        ("feed_create", "post"),
        ("feed_edit", "get"),
        ("feed_edit", "post"),
        ("feed_import", "post"),
        ("feed_delete", "post"),
    ],
)
def test_only_the_liaison_officer_opens_the_feed_pages(request, client_for, role, name, method):
    feed = make_feed()
    user = request.getfixturevalue(role) if role else None
    args = [] if name in ("feed_list", "feed_create") else [feed.pk]
    data = {"name": "X", "municipality": "X", "url": "https://x.example/x.ics"}

    response = getattr(client_for(user), method)(reverse(f"events:{name}", args=args), data)

    assert response.status_code == (302 if user is None else 403)
    if user is None:
        assert "/accounts/login/" in response["Location"]
    assert ExternalFeed.objects.get() == feed
    assert ExternalFeed.objects.get().name == "Tapahtumat"


def test_the_officer_adds_a_feed_and_it_is_imported_at_once(
    client_for, liaison_officer, monkeypatch
):
    monkeypatch.setattr(feeds, "fetch", lambda url: SAMPLE)
    data = {
        "name": "Tapahtumakalenteri",
        "municipality": "Naapurila",
        "url": "https://naapurila.example/tapahtumat.ics",
        "is_shown": "on",
        "is_big": "on",
    }

    response = client_for(liaison_officer).post(reverse("events:feed_create"), data)

    feed = ExternalFeed.objects.get()
    assert response.status_code == 302
    assert (feed.is_shown, feed.is_big, feed.created_by) == (True, True, liaison_officer)
    assert feed.events.count() == 4
    assert AuditEvent.objects.filter(action="events.feed_added").exists()


def test_a_feed_address_that_is_not_http_is_refused(client_for, liaison_officer):
    data = {"name": "X", "municipality": "Naapurila", "url": "ftp://naapurila.example/x.ics"}

    response = client_for(liaison_officer).post(reverse("events:feed_create"), data)

    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert not ExternalFeed.objects.exists()


def test_the_officer_sees_the_last_error_on_the_feed_page_and_the_dashboard(
    client_for, liaison_officer, server
):
    feed = make_feed(server.serve("/broken.ics", b"", status=503))
    feeds.refresh_feed(feed=feed)
    client = client_for(liaison_officer)

    page = client.get(reverse("events:feed_edit", args=[feed.pk]))
    listing = client.get(reverse("events:feed_list"))
    dashboard = client.get(reverse("portal:dashboard"))

    assert "The server answered with HTTP status 503." in page.content.decode()
    assert 'data-testid="feed-error"' in page.content.decode()
    assert f'data-testid="feed-error-{feed.pk}"' in listing.content.decode()
    assert f'data-testid="dashboard-feed-error-{feed.pk}"' in dashboard.content.decode()


def test_import_now_reports_a_failure_and_keeps_the_events(client_for, liaison_officer, server):
    feed, before = imported_before_a_broken_import()
    feed.url = server.serve("/broken.ics", b"nope")
    feed.save()

    response = client_for(liaison_officer).post(
        reverse("events:feed_import", args=[feed.pk]), follow=True
    )

    assert "The calendar could not be imported" in response.content.decode()
    assert list(ExternalEvent.objects.values_list("uid", "title", "is_removed")) == before


def test_removing_a_feed_asks_first_and_then_removes_its_events(client_for, liaison_officer):
    feed = make_feed()
    feeds.import_feed(feed=feed, content=SAMPLE)
    client = client_for(liaison_officer)

    page = client.get(reverse("events:feed_delete", args=[feed.pk]))
    assert ExternalFeed.objects.exists()
    assert "4 imported events are removed" in page.content.decode()

    client.post(reverse("events:feed_delete", args=[feed.pk]))
    assert not ExternalFeed.objects.exists()
    assert not ExternalEvent.objects.exists()


def test_the_demo_feed_is_imported_from_its_file_and_clashes_with_the_summer_party():
    from events import demo

    saturday = demo._first_saturday_of_july(datetime.now(tz=HELSINKI).date())

    demo.seed_neighbour_feed(saturday=saturday, stdout=type("Out", (), {"write": print})())

    feed = ExternalFeed.objects.get(url=demo.NEIGHBOUR_FEED_URL)
    assert feed.events.count() == 6
    day = datetime.combine(saturday, datetime.min.time(), tzinfo=HELSINKI)
    clashes = feeds.imported_clashing_with(day.replace(hour=12), day.replace(hour=16))
    assert [event.title for event in clashes] == ["Naapurilan kesämarkkinat"]


def imported_events(count: int) -> None:
    feed = make_feed(is_shown=True)
    ExternalEvent.objects.bulk_create(
        ExternalEvent(
            feed=feed,
            uid=f"{index}@naapurila.example",
            title=f"Naapurin tapahtuma {index}",
            starts_at=market_day(10) + timedelta(days=index % 20),
            ends_at=market_day(12) + timedelta(days=index % 20),
        )
        for index in range(count)
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_with_imported_events_runs_the_same_queries_for_few_and_many(
    resident, django_assert_num_queries, rows
):
    imported_events(rows)

    # the count of the association events, the imported events, both filters' choices
    with django_assert_num_queries(3):
        response = resident.get(reverse("events:event_list"))

    assert "Naapurin tapahtuma 0" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_month_with_imported_events_runs_the_same_queries_for_few_and_many(
    resident, django_assert_num_queries, rows
):
    imported_events(rows)

    # events, imported events, and the organiser and place choices in one query
    with django_assert_num_queries(3):
        response = resident.get(reverse("events:event_month"), {"kuukausi": "2099-07"})

    assert "Naapurin tapahtuma 0" in response.content.decode()


def test_the_command_imports_a_feed_from_a_file():
    feed = make_feed()
    out = StringIO()

    call_command("import_event_feeds", feed=feed.pk, file=SAMPLE_PATH, stdout=out)

    assert feed.events.count() == 4
    assert "4 new" in out.getvalue()


def test_the_commands_dry_run_changes_nothing():
    feed = make_feed()
    out = StringIO()

    call_command("import_event_feeds", feed=feed.pk, file=SAMPLE_PATH, dry_run=True, stdout=out)

    assert not feed.events.exists()
    assert "4 events in the calendar" in out.getvalue()

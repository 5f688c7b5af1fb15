"""Every premises address answers typed or mangled parameters with 404 or 400, never 500."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse

from facilities import services
from tests.facilities.factories import at

HOSTILE = [
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "2026-13-45",
    "2026-02-30",
    "9999-12-31",
    "%00",
    "x\x00y",
    "x" * 5000,
    "ä€😀",
    "' OR 1=1 --",
    "..",
]

# Each route with the keyword its parameter fills and whether it answers only POST.
ROUTES = [
    ("space_list", None, False),
    ("space_detail", "slug", False),
    ("space_ical", "slug", False),
    ("booking_create", "slug", False),
    ("series_create", "slug", False),
    ("booking_list", None, False),
    ("booking_detail", "pk", False),
    ("booking_cancel", "pk", True),
    ("booking_decide", "pk", True),
    ("booking_participants", "pk", True),
    ("series_detail", "pk", False),
    ("series_cancel", "pk", True),
    ("series_decide", "pk", False),
    ("calendar_feed_create", "association_pk", True),
    ("association_ical", "token", False),
    ("rules_edit", "slug", False),
    ("opening_hours_edit", "slug", False),
    ("officer_queue", None, False),
    ("officer_schedule", None, False),
    ("block_create", None, False),
    ("block_delete", "pk", True),
    ("statistics", None, False),
    ("statistics_csv", None, False),
]

# Every key any premises page reads from its query string, and some it does not read.
QUERY_KEYS = [
    "day",
    "week",
    "date",
    "start",
    "starts",
    "ends",
    "span",
    "space",
    "type",
    "capacity",
    "free_on",
    "free_from",
    "duration",
    "starts_on",
    "ends_on",
    "by",
    "page",
    "next",
]

# The keys each page reads, tried one at a time so that one bad key does not hide another.
READ_KEYS = {
    "space_list": ["type", "capacity", "free_on", "free_from", "duration"],
    "space_detail": ["week"],
    "booking_create": ["day", "starts", "ends"],
    "booking_detail": ["next"],
    "series_detail": ["next"],
    "series_decide": ["next"],
    "officer_schedule": ["day", "span"],
    "block_create": ["space"],
    "statistics": ["starts_on", "ends_on", "by"],
    "statistics_csv": ["starts_on", "ends_on", "by"],
}

SENTINELS = {"slug": "sentinelslug", "pk": 424242, "association_pk": 424242, "token": "sentinel"}


def url_with(name, keyword, value):
    """The route's address with `value` typed where its parameter goes."""
    if keyword is None:
        return reverse(f"facilities:{name}")
    sentinel = str(SENTINELS[keyword])
    address = reverse(f"facilities:{name}", kwargs={keyword: sentinel})
    return address.replace(sentinel, value if value.startswith("%") else quote(value, safe=""))


def query_with(value, keys=QUERY_KEYS) -> str:
    raw = value.replace("%00", "\x00")
    return urlencode(dict.fromkeys(keys, raw))


@pytest.fixture
def real_rows(room, association_rep, booking_data, liaison_officer):
    """A booking, a series, a block and a feed, so that valid addresses reach the views."""
    booking = services.book_space(space=room, by=association_rep, **booking_data)
    services.block_space(
        space=room, starts_at=at(3, 8), ends_at=at(3, 10), reason="Huolto", by=liaison_officer
    )
    feed = services.calendar_feed_for(booking_data["association"])
    return {"slug": room.slug, "pk": str(booking.pk), "token": feed.token}


def ask(client, name, keyword, value, *, post, query=""):
    address = url_with(name, keyword, value)
    if query:
        address = f"{address}?{query}"
    return client.post(address) if post else client.get(address)


@pytest.mark.parametrize("who", ["anonymous", "association_rep", "liaison_officer"])
@pytest.mark.parametrize("value", HOSTILE)
def test_mangled_address_parameters_never_give_a_server_error(request, real_rows, who, value):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    failures = []
    for name, keyword, post in ROUTES:
        status = ask(client, name, keyword, value, post=post).status_code
        if status >= 500:
            failures.append((name, "path", status))

    assert failures == []


@pytest.mark.parametrize("who", ["anonymous", "association_rep", "liaison_officer"])
@pytest.mark.parametrize("value", HOSTILE)
def test_mangled_query_strings_never_give_a_server_error(request, real_rows, who, value):
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    valid = {"slug": real_rows["slug"], "pk": real_rows["pk"], "token": real_rows["token"]}
    valid["association_pk"] = "1"

    failures = []
    for name, keyword, post in ROUTES:
        if post:
            continue
        for key in [None, *READ_KEYS.get(name, [])]:
            query = query_with(value, QUERY_KEYS if key is None else [key])
            param = valid[keyword] if keyword else ""
            status = ask(client, name, keyword, param, post=False, query=query).status_code
            if status >= 500:
                failures.append((name, key, status))

    assert failures == []

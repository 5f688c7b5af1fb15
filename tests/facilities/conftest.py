import pytest
from django.utils import translation

from facilities.models import Space
from tests.facilities.factories import (
    BookingRulesFactory,
    SiteFactory,
    SpaceFactory,
    open_every_day,
)


@pytest.fixture
def site(db):
    site = SiteFactory(name="Yhdistystalo", slug="yhdistystalo")
    open_every_day(site)
    return site


@pytest.fixture
def room(site):
    """A meeting room whose bookings need approval."""
    space = SpaceFactory(site=site, name="Kokoushuone", slug="kokoushuone", capacity=12)
    BookingRulesFactory(space=space)
    return space


@pytest.fixture
def hall(db):
    """A sports hall with two halves, bookable at once, confirmed without approval."""
    site = SiteFactory(name="Liikuntahalli", slug="liikuntahalli", sector="sports")
    open_every_day(site)
    hall = SpaceFactory(site=site, name="Sali", slug="sali", type=Space.Type.HALL, capacity=100)
    halves = [
        SpaceFactory(
            site=site, parent=hall, name=name, slug=slug, type=Space.Type.HALL, capacity=50
        )
        for name, slug in [("Sali A", "sali-a"), ("Sali B", "sali-b")]
    ]
    for space in [hall, *halves]:
        BookingRulesFactory(space=space, requires_approval=False)
    return hall, halves[0], halves[1]


@pytest.fixture
def booking_data(association):
    from tests.facilities.factories import at

    return {
        "association": association,
        "starts_at": at(7, 10),
        "ends_at": at(7, 12),
        "purpose": "Kuoroharjoitukset",
        "expected_participants": 10,
        "is_public_benefit": True,
    }


@pytest.fixture(autouse=True)
def _english():
    """Tests read messages in English: reverse() gives /en/ addresses and errors are English."""
    with translation.override("en"):
        yield


@pytest.fixture
def real_holidays():
    """Series in the test leave out the real Finnish holidays (see the autouse fixture below)."""


@pytest.fixture(autouse=True)
def _no_holidays_unless_asked(request, monkeypatch):
    """Dates counted from today fall on a holiday some weeks of the year: tests of other rules
    run on a calendar without holidays, so that they pass whatever the day of the run."""
    if "real_holidays" not in request.fixturenames:
        monkeypatch.setattr("facilities.public_holidays.days_off", lambda first, last: {})

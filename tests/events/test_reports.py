import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from events import reports
from events.models import Event, ExternalFeed
from portal.privacy import personal_data
from tests.events.evening_factories import EveningFactory, InvitationFactory
from tests.events.factories import EventFactory
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = date(2025, 1, 1), date(2025, 12, 31)


def on(month: int, day: int, year: int = 2025) -> datetime:
    return datetime(year, month, day, 18, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def year_of_events():
    """Five events held in 2025, one cancelled after publishing, and some that do not count."""
    club, village = AssociationFactory(name="Urheiluseura"), AssociationFactory(name="Kyläyhdistys")

    def event(month, **fields):
        starts_at = on(month, 10)
        return EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields)

    event(3, category="sports", audiences=["youth"], organisers=[club])
    event(5, category="sports", audiences=["everyone", "families"], organisers=[club], big=True)
    event(6, category="music", audiences=["everyone"], organisers=[club, village], big=True)
    event(7, category="village", audiences=["families"], organisers=[village])
    event(8, category="meeting", audiences=["adults"])
    event(9, category="music", status=Event.Status.CANCELLED, organisers=[club])
    event(10, category="music", pending=True, organisers=[village])
    event(11, category="music", status=Event.Status.CANCELLED, published_at=None)
    EventFactory(starts_at=on(12, 31, 2024), ends_at=on(12, 31, 2024) + timedelta(hours=2))
    return club, village


def test_the_figures_count_the_events_held_in_the_year(year_of_events):
    figures = reports.council_figures(YEAR_START, YEAR_END)

    assert figures["held"] == 5
    assert figures["big"] == 2
    assert figures["cancelled"] == 1
    assert figures["municipal"] == 1


def test_the_figures_give_events_by_category_and_audience(year_of_events):
    figures = reports.council_figures(YEAR_START, YEAR_END)

    assert {row["label"]: row["count"] for row in figures["by_category"]} == {
        "Sports and outdoors": 2,
        "Music": 1,
        "Village event": 1,
        "Meeting": 1,
    }
    assert {row["label"]: row["count"] for row in figures["by_audience"]} == {
        "Everyone": 2,
        "Young people": 1,
        "Families": 2,
        "Adults": 1,
    }


def test_the_figures_give_the_events_of_each_organiser(year_of_events):
    figures = reports.council_figures(YEAR_START, YEAR_END)

    assert figures["organisers"] == 2
    assert figures["top_organisers"] == [
        {"name": "Urheiluseura", "count": 3},
        {"name": "Kyläyhdistys", "count": 2},
    ]


def test_the_figures_include_the_association_evenings_of_the_year():
    evening = EveningFactory(starts_at=on(4, 2), ends_at=on(4, 2) + timedelta(hours=2), past=True)
    InvitationFactory(evening=evening, has_attended=True)
    InvitationFactory(evening=evening, has_attended=False)

    figures = reports.council_figures(YEAR_START, YEAR_END)

    assert [
        (year["year"], year["evenings"], year["attendances"]) for year in figures["evenings"]
    ] == [(2025, 1, 1)]


def test_the_council_section_shows_the_figures(year_of_events):
    html = reports.render_council_section(YEAR_START, YEAR_END)

    assert "Events in the shared calendar" in html
    assert re.search(r"Events held</th>\s*<td[^>]*>5</td>", html)
    assert "Urheiluseura" in html


def test_the_figures_take_the_same_queries_for_few_and_many_events(django_assert_max_num_queries):
    club = AssociationFactory()
    for month in range(1, 13):
        for day in (3, 10, 17):
            starts_at = on(month, day)
            EventFactory(
                starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), organisers=[club]
            )

    with django_assert_max_num_queries(8):
        reports.council_figures(YEAR_START, YEAR_END)


def test_the_personal_data_export_lists_the_events_a_person_entered():
    person, other = UserFactory(), UserFactory()
    EventFactory(title="Oma tapahtuma", created_by=person)
    EventFactory(title="Toisen tapahtuma", created_by=other)
    ExternalFeed.objects.create(
        name="Tapahtumat", municipality="Naapurila", url="https://n.example/", created_by=person
    )

    sections = {section.key: section for section in personal_data(person)}

    assert [row["title"] for row in sections["events_created"].rows] == ["Oma tapahtuma"]
    assert [row["municipality"] for row in sections["event_feeds_added"].rows] == ["Naapurila"]

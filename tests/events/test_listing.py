"""The calendar list keeps the SQL of recent filter combinations, never their results."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events import listing, services
from events.filters import EventFilter
from events.models import Event
from portal.database import CompiledStatements
from tests.events.factories import EventFactory
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_kept_statements():
    listing.STATEMENTS.clear()
    yield
    listing.STATEMENTS.clear()


TITLES = ("Konsertti", "Ottelu", "Syysjuhla", "Kevätlaulut")


def titles(response) -> list[str]:
    page = response.content.decode()
    return sorted(title for title in TITLES if f"{title}</a>" in page)


def test_a_kept_statement_still_reads_the_events_of_now(
    resident, liaison_officer, django_capture_on_commit_callbacks
):
    EventFactory(title="Konsertti", category=Event.Category.MUSIC)
    waiting = EventFactory(title="Kevätlaulut", category=Event.Category.MUSIC, pending=True)
    url = reverse("events:event_list")

    before = titles(resident.get(url, {"kategoria": "music"}))
    # Committed, as a change is: the page's cached copy is replaced, the kept statement not.
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(event=waiting, by=liaison_officer)
    after = titles(resident.get(url, {"kategoria": "music"}))

    assert before == ["Konsertti"]
    assert after == ["Kevätlaulut", "Konsertti"]


def test_each_combination_of_values_has_its_own_statement(resident):
    choir, club = AssociationFactory(), AssociationFactory()
    EventFactory(title="Konsertti", category=Event.Category.MUSIC, organisers=[choir])
    EventFactory(title="Ottelu", category=Event.Category.SPORTS, organisers=[club])
    url = reverse("events:event_list")

    music = titles(resident.get(url, {"kategoria": "music"}))
    sports = titles(resident.get(url, {"kategoria": "sports"}))
    by_choir = titles(resident.get(url, {"jarjestaja": choir.pk}))
    by_club = titles(resident.get(url, {"jarjestaja": club.pk}))
    everything = titles(resident.get(url))

    assert (music, sports, by_choir, by_club) == (
        ["Konsertti"],
        ["Ottelu"],
        ["Konsertti"],
        ["Ottelu"],
    )
    assert sorted(everything) == ["Konsertti", "Ottelu"]


def test_a_value_the_filters_refuse_is_left_out_of_the_key():
    refused = EventFilter(
        {"kategoria": "music", "alkaen": "31.2."}, queryset=Event.objects.public()
    )
    other = EventFilter({"kategoria": "sports", "alkaen": "31.2."}, queryset=Event.objects.public())

    assert dict(refused.values_key())["kategoria"] == "music"
    assert "alkaen" not in dict(refused.values_key())
    assert refused.values_key() != other.values_key()
    assert EventFilter(None, queryset=Event.objects.public()).values_key() == ()


def test_the_kept_statements_are_the_latest_few_and_none_for_an_empty_choice():
    statements = CompiledStatements(size=2)
    built = []

    def events(category):
        def build():
            built.append(category)
            return Event.objects.filter(category=category).values("id")

        return build

    first = statements.get("music", events("music"))
    assert statements.get("music", events("music")) == first
    statements.get("sports", events("sports"))
    statements.get("culture", events("culture"))
    statements.get("music", events("music"))
    nothing = statements.get("none", lambda: Event.objects.filter(pk__in=[]).values("id"))

    assert built == ["music", "sports", "culture", "music"]
    assert "music" in first[1]
    assert nothing is None


@pytest.mark.parametrize(
    ("view", "period"), [("event_month", "kuukausi"), ("event_week", "viikko")]
)
def test_the_month_and_week_keep_statements_per_filters_and_period_not_their_events(
    resident, liaison_officer, django_capture_on_commit_callbacks, view, period
):
    from events import month

    month.STATEMENTS.clear()
    concert = EventFactory(title="Konsertti", category=Event.Category.MUSIC)
    waiting = EventFactory(
        title="Kevätlaulut",
        category=Event.Category.MUSIC,
        starts_at=concert.starts_at,
        ends_at=concert.ends_at,
        pending=True,
    )
    EventFactory(title="Ottelu", category=Event.Category.SPORTS, starts_at=concert.starts_at)
    url = reverse(f"events:{view}")
    day = timezone.localtime(concert.starts_at).date()
    shown = {period: f"{day:%Y-%m}" if period == "kuukausi" else day.isoformat()}
    later = {period: "2099-01" if period == "kuukausi" else "2099-01-05"}

    music = titles(resident.get(url, {**shown, "kategoria": "music"}))
    sports = titles(resident.get(url, {**shown, "kategoria": "sports"}))
    elsewhere = titles(resident.get(url, {**later, "kategoria": "music"}))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(event=waiting, by=liaison_officer)
    again = titles(resident.get(url, {**shown, "kategoria": "music"}))
    month.STATEMENTS.clear()

    assert (music, sports, elsewhere) == (["Konsertti"], ["Ottelu"], [])
    assert again == ["Kevätlaulut", "Konsertti"]

"""The back office's pages keep their compiled SQL in the worker: each page must still read what
its user, filters, order, language, round and time ask for, whatever the page read before."""

from datetime import timedelta
from unittest import mock

from django.urls import reverse
from django.utils import timezone, translation

from facilities.models import Booking
from facilities.views.booking import upcoming_bookings
from portal.models import Sector
from tests.facilities.factories import (
    BookingFactory,
    SiteFactory,
    SpaceFactory,
    at,
    open_every_day,
)
from tests.facilities.season_data import MON, make_application, make_need, make_round
from tests.facilities.test_queue import waiting


def url(name: str, language: str = "fi") -> str:
    with translation.override(language):
        return reverse(f"facilities:{name}")


def shown(response, rows: str = "bookings") -> list[int]:
    return [booking.pk for booking in response.context[rows]]


def test_the_queue_follows_each_order_and_site_and_each_officers_sectors(
    client_for, liaison_officer, sector_officer, room, association, association_rep
):
    culture = SiteFactory(sector=Sector.CULTURE)
    stage = SpaceFactory(site=culture)
    # Requested first but wanted last, and the other way round.
    later = waiting(room, association, association_rep, 1, first_day=20)
    sooner = waiting(stage, association, association_rep, 1, first_day=10)
    officer = client_for(liaison_officer)
    queue = url("officer_queue")

    for _twice in range(2):
        assert shown(officer.get(queue)) == [later[0].pk, sooner[0].pk]
        assert shown(officer.get(queue, {"sort": "time"})) == [sooner[0].pk, later[0].pk]
        assert shown(officer.get(queue, {"site": culture.pk})) == [sooner[0].pk]
        assert shown(officer.get(queue, {"site": room.site.pk})) == [later[0].pk]
        # The culture officer handles the stage only, with the same filters.
        culture_officer = client_for(sector_officer)
        assert shown(culture_officer.get(queue)) == [sooner[0].pk]
        assert shown(culture_officer.get(queue, {"site": room.site.pk})) == []


def test_our_bookings_page_reads_the_time_of_each_request(
    client_for, room, association, association_rep
):
    soon = BookingFactory(
        space=room, association=association, starts_at=at(1, 10), ends_at=at(1, 11)
    )
    client = client_for(association_rep)

    before = client.get(url("booking_list"))
    # Two days on, the booking has ended: it is among the past ones.
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=2)):
        after = client.get(url("booking_list"))
        assert list(upcoming_bookings([association], timezone.now())) == []

    assert shown(before, "upcoming") == [soon.pk]
    assert shown(before, "past") == []
    assert shown(after, "upcoming") == []
    assert shown(after, "past") == [soon.pk]


def test_our_bookings_page_shows_each_representative_their_own(
    client_for, room, association, association_rep, other_association, other_association_rep
):
    made = {}
    for user, represented in (
        (association_rep, association),
        (other_association_rep, other_association),
    ):
        made[user] = BookingFactory(space=room, association=represented, starts_at=at(3, 10))

    for user in (association_rep, other_association_rep, association_rep):
        response = client_for(user).get(url("booking_list"))
        assert shown(response, "upcoming") == [made[user].pk]


def _named_spaces(**sector):
    """Two spaces whose names sort one way in Finnish and the other way in English."""
    site = SiteFactory(name="Talo", **sector)
    open_every_day(site)
    first = SpaceFactory(site=site, name_fi="Aula", name_en="Lobby")
    second = SpaceFactory(site=site, name_fi="Kellari", name_en="Basement")
    return first, second


def test_the_queue_and_our_bookings_name_the_place_in_the_readers_language(
    client_for, liaison_officer, association, association_rep
):
    aula, _kellari = _named_spaces()
    BookingFactory(space=aula, association=association, status=Booking.Status.PENDING)
    officer, representative = client_for(liaison_officer), client_for(association_rep)

    for _twice in range(2):
        for language, place in (("fi", "Talo: Aula"), ("en", "Talo: Lobby")):
            queue = officer.get(url("officer_queue", language)).content.decode()
            ours = representative.get(url("booking_list", language)).content.decode()
            assert f"<td>{place}</td>" in queue
            assert f"<td>{place}</td>" in ours


def test_the_utilisation_rows_follow_the_readers_language_and_the_round(
    client_for, liaison_officer
):
    _aula, kellari = _named_spaces()
    season = make_round(spaces=[kellari], by=liaison_officer)
    client = client_for(liaison_officer)

    for _twice in range(2):
        finnish = client.get(url("utilisation"), {"by": "space"})
        english = client.get(url("utilisation", "en"), {"by": "space"})
        of_round = client.get(url("utilisation"), {"period": f"round-{season.pk}"})

        names = [row.labels[1] for row in finnish.context["rows"]]
        assert names.index("Aula") < names.index("Kellari")
        names = [row.labels[1] for row in english.context["rows"]]
        assert names.index("Basement") < names.index("Lobby")
        assert [row.labels[1] for row in of_round.context["rows"]] == ["Kellari"]


def test_the_allocation_page_lists_each_rounds_spaces_in_the_readers_language(
    client_for, liaison_officer, association, association_rep
):
    aula, kellari = _named_spaces(sector="sports")
    season = make_round(spaces=[aula, kellari], by=liaison_officer)
    other = make_round(spaces=[kellari], by=liaison_officer)
    make_need(
        make_application(season, association, by=association_rep),
        wishes=[(aula, MON, "17:00", "18:00")],
    )
    client = client_for(liaison_officer)

    def spaces(season_round, language):
        """The hand allocation form's spaces, listed in the order the board read them."""
        with translation.override(language):
            path = reverse("facilities:season_allocation", args=[season_round.pk])
        choices = client.get(path).context["form"].fields["space"].widget.choices
        return [value for value, _label in choices if value]

    for _twice in range(2):
        assert spaces(season, "fi") == [aula.pk, kellari.pk]
        assert spaces(season, "en") == [kellari.pk, aula.pk]
        assert spaces(other, "fi") == [kellari.pk]


def test_the_opening_hours_are_read_for_each_period(room):
    from facilities.availability import schedules_for
    from tests.facilities.factories import OpeningExceptionFactory

    today = timezone.localdate()
    OpeningExceptionFactory(site=room.site, starts_on=today, ends_on=today, is_closed=True)

    assert schedules_for([room], first_day=today, last_day=today)[room.pk].exceptions
    later = today + timedelta(days=30)
    assert not schedules_for([room], first_day=later, last_day=later)[room.pk].exceptions

"""The annual cycle: the wheel and the list from real dates, the feed, the officer's items."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import cycle
from events.models import CycleItem
from tests.events.evening_factories import CycleItemFactory, EveningFactory
from tests.grants.factories import GrantRoundFactory

YEAR = 2031


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _round(**kwargs):
    return GrantRoundFactory(
        opens_at=_at(date(YEAR, 2, 1)),
        closes_at=_at(date(YEAR, 3, 15)),
        use_report_due_on=date(YEAR + 1, 1, 31),
        **kwargs,
    )


def test_the_cycle_shows_a_grant_rounds_dates(db, client_for):
    grant_round = _round(title="Kulttuuriavustukset 2031")
    year_round = GrantRoundFactory(
        title="Pienavustukset",
        is_year_round=True,
        opens_at=None,
        closes_at=None,
        decision_batch_dates=[date(YEAR, 4, 10), date(YEAR, 10, 9)],
    )

    response = client_for(None).get(reverse("cycle:cycle_year") + f"?year={YEAR}")

    months = {month.number: month.entries for month in response.context["months"]}
    february = [entry.title for entry in months[2]]
    assert f"{grant_round.title}: applications" in february
    assert [e.title for e in months[3]] == [f"{grant_round.title}: applications"]
    assert f"{year_round.title}: decisions" in [e.title for e in months[4]]
    assert f"{year_round.title}: decisions" in [e.title for e in months[10]]
    page = response.content.decode()
    assert 'role="img"' in page
    assert 'aria-describedby="cycle-list-heading"' in page
    assert f"<title>{grant_round.title}: applications (1.2.–15.3.{YEAR})</title>" in page


def test_the_use_report_deadline_shows_in_its_year(db):
    grant_round = _round()

    entries = cycle.entries_for_year(YEAR + 1)

    assert [(entry.title, entry.starts_on) for entry in entries] == [
        (f"{grant_round.title}: use reports due", date(YEAR + 1, 1, 31))
    ]


def test_unpublished_rounds_and_unannounced_evenings_stay_out(db):
    _round(is_published=False)
    EveningFactory(starts_at=_at(date(YEAR, 5, 5), 18))

    assert cycle.entries_for_year(YEAR) == []


def test_evenings_and_hand_made_items_are_in_the_cycle(db):
    evening = EveningFactory(starts_at=_at(date(YEAR, 9, 10), 18), announced=True)
    item = CycleItemFactory(
        title="Hyvinvointikertomus",
        kind=CycleItem.Kind.WELLBEING,
        starts_on=date(YEAR, 8, 1),
        ends_on=date(YEAR, 11, 30),
    )

    months = cycle.by_month(cycle.entries_for_year(YEAR), YEAR)

    assert {e.title for e in months[8].entries} == {evening.title, item.title}
    assert [e.title for e in months[10].entries] == [item.title]


def test_a_malformed_year_gets_a_message_and_the_current_year(db, client_for):
    response = client_for(None).get(reverse("cycle:cycle_year") + "?year=abc")

    assert response.status_code == 400
    assert response.context["year"] == timezone.localdate().year
    assert "The year in the address is not a year" in response.content.decode()


def test_the_year_switcher_lists_years_with_data(db, client_for):
    CycleItemFactory(starts_on=date(YEAR, 3, 1))

    response = client_for(None).get(reverse("cycle:cycle_year"))

    assert YEAR in response.context["years"]
    assert f'href="?year={YEAR}"' in response.content.decode()


def _fill(count: int) -> None:
    for number in range(count):
        CycleItemFactory(starts_on=date(YEAR, 1 + number % 12, 1 + number % 28))
        EveningFactory(starts_at=_at(date(YEAR, 1 + number % 12, 2), 18), announced=True)
        _round()


def test_the_cycle_page_queries_do_not_grow_with_items(db, client_for, django_assert_num_queries):
    client = client_for(None)
    url = reverse("cycle:cycle_year") + f"?year={YEAR}"
    _fill(3)
    with django_assert_num_queries(8) as counted:
        client.get(url)
    _fill(27)

    with django_assert_num_queries(len(counted.captured_queries)):
        response = client.get(url)

    assert response.context["entry_count"] == 30 * 3


def test_the_feed_has_a_stable_uid_per_entry(db, client_for):
    this_year = timezone.localdate().year
    item = CycleItemFactory(starts_on=date(this_year, 6, 1), ends_on=date(this_year, 6, 3))
    client = client_for(None)

    first = Calendar.from_ical(client.get(reverse("cycle:cycle_ics")).content)
    second = Calendar.from_ical(client.get(reverse("cycle:cycle_ics")).content)

    uids = [str(component["uid"]) for component in first.walk("VEVENT")]
    assert uids == [str(component["uid"]) for component in second.walk("VEVENT")]
    assert f"{item.uid}@{cycle.UID_DOMAIN}" in uids
    event = next(c for c in first.walk("VEVENT") if str(c["uid"]).startswith(str(item.uid)))
    assert event["dtend"].dt == date(this_year, 6, 4)


def test_the_officer_adds_an_item(client_for, liaison_officer):
    response = client_for(liaison_officer).post(
        reverse("cycle:cycle_items"),
        {"title": "Talousarvion valmistelu", "kind": "budget", "starts_on": f"{YEAR}-09-01"},
    )

    assert response.status_code == 302
    assert CycleItem.objects.get().title == "Talousarvion valmistelu"


def test_an_item_ending_before_it_starts_is_refused(client_for, liaison_officer):
    response = client_for(liaison_officer).post(
        reverse("cycle:cycle_items"),
        {
            "title": "Strategia",
            "kind": "strategy",
            "starts_on": f"{YEAR}-09-01",
            "ends_on": f"{YEAR}-08-01",
        },
    )

    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not CycleItem.objects.exists()


def test_removing_an_item_asks_first(client_for, liaison_officer):
    item = CycleItemFactory()
    client = client_for(liaison_officer)
    url = reverse("cycle:cycle_item_delete", args=[item.pk])

    assert "cannot be undone" in client.get(url).content.decode()
    assert CycleItem.objects.exists()
    client.post(url)

    assert not CycleItem.objects.exists()


@pytest.mark.parametrize("who", ["sector_officer", "association_rep", "plain_user"])
def test_only_the_officer_edits_the_cycle(db, request, client_for, who):
    item = CycleItemFactory()
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("cycle:cycle_items")).status_code == 403
    assert client.post(reverse("cycle:cycle_item_delete", args=[item.pk])).status_code == 403
    response = client.post(
        reverse("cycle:cycle_item_edit", args=[item.pk]),
        {"title": "Muutettu", "kind": "other", "starts_on": f"{YEAR}-01-01"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title != "Muutettu"


def test_anonymous_is_sent_to_log_in_from_the_officers_page(resident):
    response = resident.get(reverse("cycle:cycle_items"))

    assert response.status_code == 302


def test_the_wheel_marks_single_days_and_draws_periods_as_arcs(db):
    CycleItemFactory(title="Päivä", starts_on=date(YEAR, 1, 1))
    CycleItemFactory(title="Jakso", starts_on=date(YEAR, 7, 1), ends_on=date(YEAR, 12, 31))

    shapes = cycle.wheel(cycle.entries_for_year(YEAR), YEAR)["shapes"]

    day, period = shapes
    assert "arc" not in day
    assert float(day["x"]) == pytest.approx(200, abs=3)
    assert float(day["y"]) < 200
    assert period["arc"].startswith("M ")
    assert len(cycle.wheel([], YEAR)["months"]) == 12


def test_the_wheels_coordinates_keep_their_decimal_point_in_finnish(db, client_for):
    CycleItemFactory(starts_on=date(YEAR, 2, 3))

    page = client_for(None).get(f"/vuosikello/?year={YEAR}").content.decode()

    assert re.search(r'<circle cx="[0-9.]+" cy="[0-9.]+" r="5.5" fill', page)
    assert not re.search(r'(x|y|r)="[0-9]+,[0-9]', page)
